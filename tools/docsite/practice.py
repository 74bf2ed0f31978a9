"""실습 노트북: docs/practice/*.py 에 Jupytext(percent) 글로 쓴 노트북을 빌드가 mkdocs-jupyter로 실행해 싣는다.

노트북의 코드 셀에서 라이브러리를 싣는 줄은 주석 한 줄이다 (파일이 그대로 파이썬으로 읽히도록):

    # --8<-- "dlbasics/evolution.py:init"

빌드(hooks/docsite_hooks.py)는 mkdocs-jupyter가 노트북을 읽기 전에 이 줄들을 사이트의 스니펫 설정
(pymdownx.snippets)으로 펼친 사본을 만들고, mkdocs-jupyter는 그 사본을 실행해 그린다. 그래서 페이지에 보이는
코드와 빌드가 실행한 코드와 내려받는 .ipynb의 코드가 같다. 수식 장부는 같은 사본을 Markdown으로 읽는다.

    .venv/bin/python -m docsite.practice docs/practice/digits-mlp.py   # 빌드처럼 펼쳐 새 커널에서 실행해 본다
"""

from __future__ import annotations

import base64
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

from .notebook import KERNELSPEC
from .pages import expand_snippets

PRACTICE_GLOB = "practice/sample.py"
INCLUDE_COMMENT = re.compile(r'^(?P<indent>[ \t]*)# (?P<include>-+8<-+[ \t]+"[^"]+")[ \t]*$', re.MULTILINE)


def practice_files(docs_dir: Path) -> list[Path]:
    return sorted(Path(docs_dir).glob(PRACTICE_GLOB))


def expanded_practice(text: str, config_file: Path) -> str:
    """``# --8<-- "…"`` 줄마다 그 절의 코드로 (맨 위에 어디서 왔는지 주석 한 줄)."""

    def expand(match):
        target = match["include"].split('"')[1]
        code = expand_snippets(match["indent"] + match["include"], config_file)
        path, _, section = target.partition(":")
        return f"{match['indent']}# {path} — {section}\n{code}" if section else f"{match['indent']}# {path}\n{code}"

    return INCLUDE_COMMENT.sub(expand, text)


def practice_notebook(text: str, config_file: Path) -> nbformat.NotebookNode:
    """펼친 노트북 (출력 없음): 내려받는 .ipynb이고, 빌드가 실행하는 바로 그 셀들이다."""
    notebook = jupytext.reads(expanded_practice(text, config_file), fmt="py:percent")
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        cell.metadata = {}
    return nbformat.from_dict(nbformat.v4.upgrade(notebook)) if notebook.nbformat < 4 else notebook


def practice_markdown(text: str) -> str:
    """수식 장부가 읽는 Markdown: Markdown 셀은 그대로, 코드 셀은 python 펜스로, 싣는 줄은 스니펫 줄로."""
    notebook = jupytext.reads(text, fmt="py:percent")
    pieces = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            pieces.append(cell.source)
        elif cell.cell_type == "code":
            pieces.append("```python\n" + INCLUDE_COMMENT.sub(r"\g<indent>\g<include>", cell.source) + "\n```")
    return "\n\n".join(pieces) + "\n"


def main(paths: list[str]) -> int:
    """빌드처럼 펼친 노트북을 새 커널에서 실행하고 (오류가 나면 멈춘다), 셀마다 걸린 시간과 오류를 보인다."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    config_file = Path(__file__).resolve().parents[2] / "mkdocs.yml"
    status = 0
    for path in paths:
        notebook = practice_notebook(Path(path).read_text("utf-8"), config_file)
        start = time.perf_counter()
        try:
            NotebookClient(notebook, timeout=600, allow_errors=False, resources={"metadata": {"path": str(Path(path).parent)}}).execute()
            print(f"{path}: 셀 {len(notebook.cells)}개를 {time.perf_counter() - start:.1f}초에 실행했다")
        except CellExecutionError as error:
            print(f"{path}: 실패\n{error}")
            status = 1
    return status



# --- mkdocs-jupyter가 그린 HTML을 사이트의 HTML로 ---

INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?P<tex>[^$\n]+?)(?<!\\)\$")
DISPLAY_MATH = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.DOTALL)
CODE_SPAN = re.compile(r"(<code\b.*?</code>)", re.DOTALL)


@dataclass
class NotebookPage:
    html: str
    toc: list[dict]  # mkdocs.structure.toc.get_toc 가 읽는 제목들
    description: str
    displays: int  # 디스플레이 수식 수


def _math_spans(fragment: str) -> tuple[str, int]:
    """Markdown 셀의 HTML에 남은 $$…$$ 와 $…$ 를 arithmatex의 모양으로 (훅이 KaTeX로 조판한다). 코드 안은 그대로."""
    displays = 0
    pieces = CODE_SPAN.split(fragment)
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        displays += len(DISPLAY_MATH.findall(piece))
        piece = re.sub(r"<p>\s*\$\$(?P<tex>.+?)\$\$\s*</p>", lambda m: f'<div class="arithmatex">\\[{m["tex"].strip()}\\]</div>', piece, flags=re.DOTALL)
        piece = DISPLAY_MATH.sub(lambda m: f'<span class="arithmatex">\\({m["tex"].strip()}\\)</span>', piece)
        pieces[index] = INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m["tex"]}\\)</span>', piece)
    return "".join(pieces), displays


def notebook_page(content: str, notebook: nbformat.NotebookNode, slugify) -> NotebookPage:
    """mkdocs-jupyter의 HTML(content)에서 셀의 글·코드·출력만 남겨 사이트의 모양으로 다시 쓴다.

    - 스크립트와 스타일(MathJax·mermaid 설정, 575 KB의 JupyterLab CSS)은 싣지 않는다: 수식은 빌드가 KaTeX로
      조판하고, 코드는 Material의 코드 상자(복사 단추 포함)가 된다.
    - 제목의 id는 사이트의 slugify로 다시 붙인다 (mkdocs-jupyter는 한글을 지워 빈 id를 만든다).
    - 그림 출력의 대체 글은 그 코드 셀의 메타데이터 alt에서 (``# %% alt="…"``): 없으면 ValueError.
    """
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(content, "html.parser")
    for element in soup.find_all(["script", "style"]):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    cells = soup.select("div.jp-Notebook > div.jp-Cell")
    if len(cells) != len(notebook.cells):
        raise ValueError(f"mkdocs-jupyter가 그린 셀 {len(cells)}개가 노트북의 셀 {len(notebook.cells)}개와 다르다")
    parts, toc, seen, displays = [], [], set(), 0
    for cell, source in zip(cells, notebook.cells):
        if source.cell_type == "markdown":
            rendered = cell.select_one(".jp-RenderedMarkdown")
            for anchor in rendered.select("a.anchor-link"):
                anchor.decompose()
            for heading in rendered.find_all(re.compile(r"^h[1-6]$")):
                name = heading.get_text().strip()
                slug = base = slugify(name, "-")
                suffix = 0
                while slug in seen:
                    suffix += 1
                    slug = f"{base}_{suffix}"
                seen.add(slug)
                heading["id"] = slug
                link = soup.new_tag("a", attrs={"class": "headerlink", "href": f"#{slug}", "title": "Permanent link"})
                link.string = "¶"
                heading.append(link)
                toc.append({"level": int(heading.name[1]), "id": slug, "name": name, "children": []})
            html, count = _math_spans(rendered.decode_contents())
            displays += count
            parts.append(html)
        elif source.cell_type == "code":
            parts.append(_code_cell(cell, source, soup))
    description = next((_plain(p) for p in BeautifulSoup("".join(parts), "html.parser").find_all("p") if _plain(p)), "")
    return NotebookPage('<div class="notebook">\n' + "\n".join(parts) + "\n</div>", _nest(toc), description[:160], displays)


def _code_cell(cell, source, soup) -> str:
    import html as html_module

    code = html_module.escape(source.source)
    highlighted = cell.select_one("div.highlight-ipynb pre")
    body = highlighted.decode_contents().removeprefix("<span></span>") if highlighted else code
    pieces = [f'<div class="language-python highlight"><pre><span></span><code>{body}</code></pre></div>']
    alt = source.metadata.get("alt")
    for output in cell.select(".jp-OutputArea-output"):
        if output.get("data-mime-type") == "application/vnd.jupyter.stderr":  # 경고도 실패다 (페이지의 -W error처럼)
            raise ValueError(f"코드 셀이 표준 오류에 썼다 (경고도 실패로 친다):\n{output.get_text().strip()[:600]}\n셀:\n{source.source[:200]}")
        images = output.find_all(["img", "svg"], recursive=True)
        if images:
            if not alt:
                raise ValueError(f"그림을 내는 코드 셀에 대체 글(# %% alt=\"…\")이 없다:\n{source.source[:200]}")
            for image in images:
                # SVG도 img로: 그림마다 matplotlib이 붙이는 id가 한 페이지 안에서 겹치지 않게
                src = image["src"] if image.name == "img" else "data:image/svg+xml;base64," + base64.b64encode(image.decode().encode()).decode()
                pieces.append(f'<figure class="notebook-figure"><img src="{src}" alt="{html_module.escape(alt)}"></figure>')
            continue
        text = output.get_text()
        if text.strip():
            pieces.append(f'<pre class="notebook-output"><code>{html_module.escape(text.strip(chr(10)).rstrip())}</code></pre>')
    return "\n".join(pieces)


def _plain(paragraph) -> str:
    """문단의 글자만 (수식은 뺀다): 페이지 설명(meta description)에 쓴다."""
    for math in paragraph.select(".arithmatex"):
        math.decompose()
    return re.sub(r"\s+", " ", paragraph.get_text(" ", strip=True))


def _nest(flat: list[dict]) -> list[dict]:
    """제목들을 수준에 따라 트리로 (mkdocs의 toc 토큰 모양)."""
    root: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
