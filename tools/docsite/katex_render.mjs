// 빌드 때 수식을 조판하는 작은 서버: 표준 입력으로 한 줄에 하나씩 JSON 요청을 받는다.
// 요청은 페이지 하나의 수식들 [{"tex": "...", "display": true}, ...] 이고, 답은 같은 순서의 목록으로
// 수식마다 {"html": "..."} 또는 {"error": "..."} 이다.
// KaTeX의 경로는 첫 번째 인자로 받는다.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const katex = require(process.argv[2]);

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
function render({ tex, display }) {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        strict: "error",
        output: "htmlAndMathml",
      }),
    };
  } catch (error) {
    return { error: String(error.message || error) };
  }
}

for await (const line of lines) {
  const request = JSON.parse(line);
  const reply = request.map(render);
  process.stdout.write(JSON.stringify(reply) + "\n");
}
