"""페이지(Markdown) → Jupyter 노트북: 빌드가 페이지 옆에 싣고, 테스트가 새 커널에서 실행하는 바로 그 노트북.

- 글과 수식은 Markdown 셀로 간다. Jupyter가 $…$ 와 $$…$$ 를 그대로 조판하므로 수식은 고치지 않는다.
  Material의 상자(``!!! warning "원문 정정"``, 접힌 ``??? success "PyTorch와 대조"``)는 굵은 제목을 단
  인용 블록이 되고, 상자 안의 코드는 그 자리의 코드 셀이 된다 (접힌 검사도 노트북에서는 실행되는 셀이다).
- python 펜스마다 코드 셀 하나: 스니펫을 사이트와 똑같이 펼친 본문이다. 제목이 있는 펜스
  (``python title="dlbasics/losses.py — huber"``)는 그 제목을 주석 한 줄로 셀 맨 위에 단다.
- 다른 페이지로 가는 링크는 사이트의 주소로 바꾼다 (site_url이 있으면 절대 주소, 없으면 노트북이 놓인
  폴더에서의 상대 주소). 그림은 빌드가 그린 SVG를 셀의 첨부로 넣어 내려받은 노트북 하나로 보이게 한다.
"""

from __future__ import annotations

import base64
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat

from .pages import expand_snippets, fences

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>(?:[^"\\]|\\.)*)")?[ \t]*$')
# 사이트에서만 도는 대화형 그림의 자리 (노트북에서는 사이트의 그 절로 가는 안내 한 줄로)
INTERACTIVE = re.compile(r'^<div class="(?P<name>[\w-]+-explorer)"[^>]*></div>$|^<script [^>]*></script>$')
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+\.md)(?P<anchor>#[^)\s]*)?\)")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+\.svg)\)")
TITLE = re.compile(r'title="(?P<title>[^"]*)"')
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# 상자 종류마다 제목이 없을 때 쓰는 이름 (Material의 한국어 이름)
KIND_NAMES = {"note": "참고", "info": "정보", "success": "확인", "warning": "주의", "example": "예시", "failure": "실패"}


@dataclass(frozen=True)
class PageNotebook:
    notebook: nbformat.NotebookNode
    # 코드 셀마다 (펜스를 여는 줄 = 펼치기 전 페이지의 줄 번호, 셀 맨 위에 더한 줄 수)
    cell_lines: list[tuple[int, int]]


def page_url(src_uri: str) -> str:
    """mkdocs의 use_directory_urls 주소: cnn/index.md → cnn/, building-blocks/losses.md → building-blocks/losses/
    (실습 노트북 practice/digits-mlp.py → practice/digits-mlp/)."""
    stem = posixpath.splitext(src_uri)[0]
    if stem == "index":
        return ""
    return (stem.removesuffix("/index") if stem.endswith("/index") else stem) + "/"


def notebook_name(src_uri: str) -> str:
    """내려받는 파일 이름: building-blocks/losses.md → losses.ipynb, cnn/index.md → cnn.ipynb."""
    path = Path(src_uri)
    return f"{path.parent.name if path.stem == 'index' else path.stem}.ipynb"


def page_notebook(
    text: str,
    src_uri: str,
    config_file: Path,
    *,
    site_url: str = "",
    figure_svg: Callable[[str], bytes | None] | None = None,
    expanded: str | None = None,
) -> PageNotebook:
    """페이지 글(text, 펼치기 전)을 노트북으로. src_uri는 docs/ 안의 경로 (링크를 고치는 데 쓴다)."""
    source_lines = [fence.line for fence in fences(text) if fence.is_python]
    body = FRONT_MATTER.sub("", expanded if expanded is not None else expand_snippets(text, config_file))
    python_fences = [fence for fence in fences(body) if fence.is_python]
    if len(python_fences) != len(source_lines):
        raise ValueError(f"{src_uri}: 스니펫을 펼치기 전후의 python 블록 수가 다르다: {len(source_lines)} ≠ {len(python_fences)}")
    lines = body.split("\n")
    cells, cell_lines, markdown = [], [], []
    fence_at = {fence.line: fence for fence in fences(body)}
    stack: list[int] = []  # 열린 상자들의 머리 줄 들여쓰기
    code_index = 0
    i = 0

    def flush():
        # 상자가 끝나는 자리의 빈 인용 줄(">")은 빈 줄로: 다음 글이 인용 블록에 붙지 않게
        for index in range(len(markdown)):
            following = markdown[index + 1] if index + 1 < len(markdown) else ""
            if markdown[index].strip(" ") and not markdown[index].strip("> ") and _depth(following) < _depth(markdown[index]):
                markdown[index] = ""
        text_block = "\n".join(markdown).strip("\n")
        markdown.clear()
        if text_block.strip(" >\n"):
            cells.append(_markdown_cell(text_block, src_uri, site_url, figure_svg))

    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        if line.strip():
            while stack and stack[-1] >= indent:
                stack.pop()
        fence = fence_at.get(i + 1)
        if fence is not None and fence.is_python:
            flush()
            title = TITLE.search(fence.info)
            header = f"# {title['title']}\n" if title else ""
            cells.append(nbformat.v4.new_code_cell(header + fence.body.strip("\n")))
            cell_lines.append((source_lines[code_index], 1 if title else 0))
            code_index += 1
            i = fence.end
            continue
        quote = "> " * len(stack)
        if fence is not None:  # python이 아닌 펜스(sh, text …)는 글 안에 그대로
            depth = _content_indent(stack)
            markdown.extend(quote + _dedent(raw, depth) for raw in lines[i : fence.end])
            i = fence.end
            continue
        header = ADMONITION.match(line)
        if header:
            title = header["title"].replace('\\"', '"') if header["title"] else KIND_NAMES.get(header["kind"], header["kind"])
            markdown.append("")
            markdown.append(f"{quote}> **{title}**")
            markdown.append(f"{quote}>")
            stack.append(indent)
            i += 1
            continue
        interactive = INTERACTIVE.match(line.strip())
        if interactive:
            if interactive["name"]:
                here = _site_href(page_url(src_uri), src_uri, site_url)
                markdown.append(f"{quote}*대화형 그림은 노트북에서는 돌지 않습니다. [사이트의 이 페이지]({here})에서 직접 골라 보세요.*")
            i += 1
            continue
        markdown.append((quote + _dedent(line, _content_indent(stack))).rstrip() if line.strip() else quote.rstrip())
        i += 1
    flush()
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    needs_font = any("koreanize_matplotlib" in cell.source for cell in cells if cell.cell_type == "code")
    notebook.cells = [_intro_cell(text, src_uri, site_url, needs_font), *cells]
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # 빌드마다 같은 노트북이 나오게 (nbformat의 무작위 id 대신)
    return PageNotebook(notebook, cell_lines)


def _depth(line: str) -> int:
    """인용 블록의 깊이: 줄 앞의 '>' 수."""
    return line[: len(line) - len(line.lstrip("> "))].count(">")


def _content_indent(stack: list[int]) -> int:
    return stack[-1] + 4 if stack else 0


def _dedent(line: str, depth: int) -> str:
    return line[depth:] if line[:depth].strip() == "" else line.lstrip()


def _intro_cell(text: str, src_uri: str, site_url: str, needs_font: bool):
    heading = next((line[2:].strip() for line in FRONT_MATTER.sub("", text).split("\n") if line.startswith("# ")), src_uri)
    address = (site_url.rstrip("/") + "/" + page_url(src_uri)) if site_url else None
    where = f"[사이트의 페이지 ‘{heading}’]({address})" if address else f"사이트의 페이지 ‘{heading}’"
    packages = "NumPy, PyTorch, matplotlib, scikit-learn" + (", 그리고 그림의 한글 글꼴을 위한 `koreanize-matplotlib`" if needs_font else "")
    return nbformat.v4.new_markdown_cell(
        f"*이 노트북은 {where}의 글과 코드를 그대로 옮긴 것입니다. 위에서 아래로 차례로 실행하세요. 필요한 패키지는 {packages}입니다.*"
    )


def page_link(target: str, src_uri: str, site_url: str = "") -> str:
    """src_uri의 글에 적힌 .md 링크(target, 앵커 포함)를 사이트 주소로: 노트북 폴더에서의 상대 주소 또는 절대 주소."""
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    return _site_href(page_url(resolved), src_uri, site_url) + (f"#{anchor}" if anchor else "")


def _site_href(site_path: str, src_uri: str, site_url: str) -> str:
    """사이트 안의 경로(site_path, 예: cnn/ 이나 figures/cnn.svg)로 가는 주소: 절대(site_url) 또는 노트북 폴더에서의 상대."""
    if site_url:
        return site_url.rstrip("/") + "/" + site_path
    here = page_url(src_uri).rstrip("/") or "."
    relative = posixpath.relpath(site_path.rstrip("/") or ".", here)
    return relative + "/" if site_path.endswith("/") or not site_path else relative


def _markdown_cell(block: str, src_uri: str, site_url: str, figure_svg):
    attachments = {}

    def resolved(target: str) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))

    def link(match):
        return f"[{match['text']}]({page_link(match['target'] + (match['anchor'] or ''), src_uri, site_url)})"

    def image(match):
        name = posixpath.basename(match["target"])
        svg = figure_svg(name) if figure_svg else None
        if svg is None:
            return f"![{match['alt']}]({_site_href(resolved(match['target']), src_uri, site_url)})"
        attachments[name] = {"image/svg+xml": base64.b64encode(svg).decode()}
        return f"![{match['alt']}](attachment:{name})"

    cell = nbformat.v4.new_markdown_cell(IMAGE.sub(image, LINK.sub(link, block)))
    if attachments:
        cell.attachments = attachments
    return cell
