// 빌드 때 수식을 조판하는 작은 서버: 표준 입력으로 한 줄에 하나씩 JSON 요청
// {"tex": "...", "display": true} 을 받아, 한 줄에 하나씩 {"html": "..."} 또는
// {"error": "..."} 로 답한다. KaTeX의 경로는 첫 번째 인자로 받는다.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const katex = require(process.argv[2]);

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const { tex, display } = JSON.parse(line);
  let reply;
  try {
    reply = {
      html: katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        strict: "error",
        output: "htmlAndMathml",
      }),
    };
  } catch (error) {
    reply = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
