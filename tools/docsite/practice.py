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
from urllib.parse import unquote

import jupytext
import nbformat

from .notebook import KERNELSPEC, page_link
from .pages import expand_snippets

PRACTICE_GLOB = "practice/*.py"
# 펼친 셀에서 실린 절마다 맨 위에 다는 주석 줄 (expanded_practice): '# dlbasics/losses.py — cross-entropy'
EMBED_HEADER = re.compile(r"^# (dlbasics/[\w/]+\.py(?: — [\w-]+)?)$", re.MULTILINE)
MD_LINK = re.compile(r"\]\((?P<target>(?![a-z]+:)[^)\s#]+\.md(?:#[^)\s]*)?)\)")
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


def practice_notebook(text: str, config_file: Path, src_uri: str = "practice/notebook.py", site_url: str = "") -> nbformat.NotebookNode:
    """펼친 노트북 (출력 없음): 내려받는 .ipynb이고, 빌드가 실행하는 바로 그 셀들이다. .md 링크는 사이트의 주소로,
    라이브러리를 싣기만 하는 셀은 JupyterLab에서 접힌 채 열리게 한다 (사이트에서 접어 보이는 것처럼)."""
    notebook = jupytext.reads(expanded_practice(text, config_file), fmt="py:percent")
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        cell.metadata = {}
        if cell.cell_type == "markdown":
            cell.source = MD_LINK.sub(lambda m: f"]({page_link(m['target'], src_uri, site_url)})", cell.source)
        elif cell.source.startswith("# dlbasics/"):
            cell.metadata = {"jupyter": {"source_hidden": True}}
    return notebook


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
    images: dict[str, bytes]  # 그림 출력: 페이지 폴더에 쓸 파일 이름 → 내용 (HTML에 싣지 않아 첫 방문이 가볍다)


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


def notebook_page(content: str, notebook: nbformat.NotebookNode, slugify, src_uri: str = "practice/notebook.py") -> NotebookPage:
    """mkdocs-jupyter의 HTML(content)에서 셀의 글·코드·출력만 남겨 사이트의 모양으로 다시 쓴다.

    - 스크립트와 스타일(MathJax·mermaid 설정, 575 KB의 JupyterLab CSS)은 싣지 않는다: 수식은 빌드가 KaTeX로
      조판하고, 코드는 Material의 코드 상자(복사 단추 포함)가 된다.
    - 제목의 id는 사이트의 slugify로 다시 붙인다 (mkdocs-jupyter는 한글을 지워 빈 id를 만든다).
    - 다른 페이지로 가는 .md 링크는 사이트의 주소로 (mkdocs-jupyter는 고치지 않는다).
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
    parts, toc, seen, displays, images = [], [], set(), 0, {}
    for cell, source in zip(cells, notebook.cells):
        if source.cell_type == "markdown":
            rendered = cell.select_one(".jp-RenderedMarkdown")
            for anchor in rendered.select("a.anchor-link"):
                anchor.decompose()
            for link in rendered.select("a[href]"):
                href = link["href"]
                if not re.match(r"[a-z]+:|#", href) and href.partition("#")[0].endswith(".md"):
                    link["href"] = page_link(unquote(href), src_uri)
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
            parts.append(_code_cell(cell, source, images))
    description = next((_plain(p) for p in BeautifulSoup("".join(parts), "html.parser").find_all("p") if _plain(p)), "")
    return NotebookPage('<div class="notebook">\n' + "\n".join(parts) + "\n</div>", _nest(toc), description[:160], displays, images)


def _code_cell(cell, source, images: dict[str, bytes]) -> str:
    import html as html_module

    code = html_module.escape(source.source)
    highlighted = cell.select_one("div.highlight-ipynb pre")
    body = highlighted.decode_contents().removeprefix("<span></span>") if highlighted else code
    box = f'<div class="language-python highlight"><pre><span></span><code>{body}</code></pre></div>'
    embedded = EMBED_HEADER.findall(source.source)
    if embedded and source.source.startswith("# dlbasics/"):
        # 라이브러리를 싣기만 하는 셀은 페이지들의 '앞 장의 코드'처럼 접어 둔다 (내려받은 노트북에서는 source_hidden으로 JupyterLab에서 접힌다)
        box = f'<details class="note"><summary>라이브러리 코드: {html_module.escape(", ".join(embedded))}</summary>\n{box}\n</details>'
    pieces = [box]
    alt = source.metadata.get("alt")
    for output in cell.select(".jp-OutputArea-output"):
        if output.get("data-mime-type") == "application/vnd.jupyter.stderr":  # 경고도 실패다 (페이지의 -W error처럼)
            raise ValueError(f"코드 셀이 표준 오류에 썼다 (경고도 실패로 친다):\n{output.get_text().strip()[:600]}\n셀:\n{source.source[:200]}")
        pictures = output.find_all(["img", "svg"], recursive=True)
        if pictures:
            if not alt:
                raise ValueError(f"그림을 내는 코드 셀에 대체 글(# %% alt=\"…\")이 없다:\n{source.source[:200]}")
            for image in pictures:
                # 그림은 파일로 (SVG도: 그림마다 matplotlib이 붙이는 id가 한 페이지 안에서 겹치지 않게)
                if image.name == "img":
                    kind, _, data = image["src"].removeprefix("data:").partition(";base64,")
                    content, suffix = base64.b64decode(data), ".png" if kind == "image/png" else ".svg"
                else:
                    content, suffix = image.decode().encode(), ".svg"
                name = f"figure-{len(images) + 1}{suffix}"
                images[name] = content
                width, height = _image_size(content, suffix)  # 그림이 오기 전에도 자리를 잡아 글이 밀리지 않게
                pieces.append(
                    f'<figure class="notebook-figure"><img src="{name}" alt="{html_module.escape(alt)}" width="{width}" height="{height}" loading="lazy"></figure>'
                )
            continue
        text = output.get_text()
        if text.strip():
            pieces.append(f'<pre class="notebook-output"><code>{html_module.escape(text.strip(chr(10)).rstrip())}</code></pre>')
    return "\n".join(pieces)


def _image_size(content: bytes, suffix: str) -> tuple[int, int]:
    """그림의 CSS 픽셀 크기: PNG는 머리(IHDR)의 폭과 높이, matplotlib의 SVG는 pt 단위의 width·height (1 pt = 4/3 px)."""
    if suffix == ".png":
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    match = re.search(rb'<svg[^>]*?width="([\d.]+)(pt|px)?"[^>]*?height="([\d.]+)(pt|px)?"', content)
    if match is None:
        raise ValueError("SVG 그림 출력에 width와 height가 없다")
    scale = 4 / 3 if match[2] == b"pt" else 1
    return round(float(match[1]) * scale), round(float(match[3]) * scale)


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
