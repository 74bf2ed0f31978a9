"""빌드 때 KaTeX로 수식을 조판한다: 사이트는 수식용 JavaScript를 싣지 않는다.

pymdownx.arithmatex(generic 모드)가 남긴 ``<span class="arithmatex">\\(…\\)</span>`` 와
``<div class="arithmatex">\\[…\\]</div>`` 를 Node에서 돌아가는 KaTeX의 HTML로 바꾼다.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

RENDER_SCRIPT = Path(__file__).with_name("katex_render.mjs")

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"</(?P=tag)>",
    re.DOTALL,
)


# 디스플레이 수식을 감싸는 상자: 넓으면 가로로 스크롤하므로 JavaScript 없이도 키보드로 닿게 Tab 자리를 두고
# (넘치지 않는 상자의 Tab 자리는 docs/assets/javascripts/scroll-focus.js가 거둔다), 초점이 왔을 때 화면 읽기
# 프로그램이 무엇인지 읽도록 이름을 단다 (수식 자체는 KaTeX의 MathML이 읽힌다)
DISPLAY_BOX = 'class="math-display" tabindex="0" role="group" aria-label="수식"'


class MathError(ValueError):
    """KaTeX가 조판하지 못한 수식."""


class KatexRenderer:
    """Node 프로세스 하나를 빌드 내내 띄워 두고 수식을 한 줄씩 보낸다."""

    def __init__(self, katex_dir: Path):
        katex_js = (katex_dir / "dist" / "katex.js").resolve()
        if not katex_js.is_file():
            raise MathError(f"KaTeX를 찾을 수 없다: {katex_js} (npm ci를 먼저 실행)")
        node = shutil.which("node")
        if node is None:
            raise MathError("node가 PATH에 없다: 수식 조판에 Node.js가 필요하다")
        self._process = subprocess.Popen(
            [node, str(RENDER_SCRIPT), str(katex_js)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def _ask(self, request):
        self._process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self._process.stdin.flush()
        reply = self._process.stdout.readline()
        if not reply:
            raise MathError("KaTeX 프로세스가 응답 없이 끝났다")
        return json.loads(reply)

    def render_html(self, content: str) -> tuple[str, int]:
        """HTML 안의 arithmatex 수식을 모두 조판한다. (새 HTML, 디스플레이 수식 수)를 돌려준다.
        한 페이지의 수식은 한 번에 보낸다 (수식마다 주고받으면 수백 번 오간다)."""
        matches = list(ARITHMATEX.finditer(content))
        formulas = [
            {"tex": html.unescape(m["display"] if m["display"] is not None else m["inline"]).strip(), "display": m["display"] is not None}
            for m in matches
        ]
        answers = self._ask(formulas) if formulas else []
        pieces, position, displays = [], 0, 0
        for match, formula, answer in zip(matches, formulas, answers):
            if "error" in answer:
                raise MathError(f"{answer['error']}\n  TeX: {formula['tex']}")
            pieces.append(content[position : match.start()])
            if formula["display"]:
                displays += 1
                pieces.append(f'<div {DISPLAY_BOX}>{answer["html"]}</div>')
            else:
                pieces.append(answer["html"])
            position = match.end()
        pieces.append(content[position:])
        return "".join(pieces), displays

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait(timeout=10)
