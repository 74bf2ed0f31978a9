"""페이지(Markdown)를 읽는 도구: 코드 펜스, 스니펫 펼치기, 절 나누기.

테스트 하네스(Sybil), 독립 실행 검사, 수식 장부, 빌드 훅이 모두 이 모듈 하나로
페이지를 읽으므로, 무엇이 '실행되는 코드'이고 무엇이 '절'인지는 한 곳에서 정해진다.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import markdown

# 펜스 여는 줄: 들여쓰기(admonition, 탭 안) + ``` 또는 ~~~ + 정보 문자열
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
# 하네스가 실행하는 펜스: 정보 문자열이 정확히 'python'으로 시작 (뒤에 속성 허용)
PYTHON_INFO = re.compile(r"python(?:[ \t]+.*)?$")
# 파이썬처럼 보이지만 위 규칙을 벗어난 철자: 조용히 건너뛰어질 펜스
PYTHONISH_WORD = re.compile(r"(?i)[{.]*(py|py3|python[0-9.]*|ipython[0-9]*|pycon)\b")
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$")
SNIPPET_INCLUDE = re.compile(r"""^[ \t]*-+8<-+[ \t]+["'](?P<target>[^"']+)["'][ \t]*$""", re.MULTILINE)
LIBRARY_PREFIX = "dlbasics/"


@dataclass(frozen=True)
class Fence:
    line: int  # 여는 줄 번호 (1부터)
    end: int  # 닫는 줄 번호
    info: str
    body: str

    @property
    def is_python(self) -> bool:
        return PYTHON_INFO.match(self.info) is not None

    @property
    def includes(self) -> list[str]:
        return SNIPPET_INCLUDE.findall(self.body)


@dataclass
class Section:
    title: str
    level: int  # 제목 수준 (문서 머리는 0)
    line: int
    formulas: list[str] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)


def fences(text: str) -> list[Fence]:
    """문서의 모든 코드 펜스 (들여쓴 펜스 포함). 닫는 펜스는 같은 종류, 같거나 긴 길이."""
    return list(_fences(text))


@lru_cache(maxsize=256)
def _fences(text: str) -> tuple[Fence, ...]:
    found = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        found.append(Fence(line=i + 1, end=j + 1, info=opening["info"], body="\n".join(body)))
        i = j + 1
    return tuple(found)


COLLAPSIBLE = re.compile(r"^(?P<indent>[ \t]*)\?\?\?(?P<open>\+?)[ \t]")


def collapsed_lines(text: str) -> set[int]:
    """접힌 블록(pymdownx.details의 ``??? 종류 "제목"``) 안의 줄 번호들. ``???+`` 는 펼쳐진 채 시작하므로 뺀다.

    블록은 머리 줄보다 깊게 들여 쓴 줄들이다. 빈 줄은 블록을 끝내지 않는다.
    """
    inside: set[int] = set()
    blocks: list[tuple[int, bool]] = []  # (머리 줄의 들여쓰기, 접혔는가)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if any(collapsed for _, collapsed in blocks):
                inside.add(number)
            continue
        indent = len(line) - len(line.lstrip())
        while blocks and blocks[-1][0] >= indent:
            blocks.pop()
        if any(collapsed for _, collapsed in blocks):
            inside.add(number)
        header = COLLAPSIBLE.match(line)
        if header:
            blocks.append((indent, not header["open"]))
    return inside


def misspelled_python_fences(text: str) -> list[str]:
    """하네스가 건너뛸 파이썬 펜스 (```py, ```python3, ``` python …) 를 '줄: 정보' 로 돌려준다."""
    bad = []
    for fence in fences(text):
        word = fence.info.strip()
        if PYTHONISH_WORD.match(word) and not fence.is_python:
            bad.append(f"{fence.line}행: {fence.info!r}")
    return bad


def sections(text: str) -> list[Section]:
    """제목으로 나눈 절마다 디스플레이 수식($$…$$)과 펜스를 모은다. 펜스 안의 줄은 건너뛴다."""
    fence_at = {fence.line: fence for fence in fences(text)}
    lines = text.split("\n")
    current = Section(title="(문서 머리)", level=0, line=1)
    found = [current]
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 in fence_at:
            fence = fence_at[i + 1]
            current.fences.append(fence)
            i = fence.end
            continue
        heading = HEADING.match(line)
        stripped = line.strip()
        if heading:
            current = Section(title=heading["title"], level=len(heading["level"]), line=i + 1)
            found.append(current)
        elif stripped.startswith("$$"):
            tex, i = _display_formula(lines, i)
            current.formulas.append(tex)
            continue
        i += 1
    return found


def _display_formula(lines: list[str], start: int) -> tuple[str, int]:
    """start 행에서 시작하는 $$…$$ 의 TeX와 그 다음 행 번호."""
    first = lines[start].strip()[2:]
    if first.rstrip().endswith("$$"):
        return first.rstrip()[:-2].strip(), start + 1
    body = [first]
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped.endswith("$$"):
            body.append(stripped[:-2])
            return "\n".join(body).strip(), j + 1
        body.append(stripped)
    raise ValueError(f"{start + 1}행에서 연 $$ 를 닫지 않았다")


@lru_cache(maxsize=None)
def _snippet_settings(config_file: Path) -> tuple:
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    settings = dict(config["mdx_configs"].get("pymdownx.snippets", {}))
    return tuple(sorted(settings.items(), key=lambda item: item[0]))


def expand_snippets(text: str, config_file: Path) -> str:
    """사이트와 똑같이 pymdownx.snippets 전처리기로 --8<-- 를 펼친다.

    설정(base_path, check_paths …)은 mkdocs.yml 에서 읽으므로, 없는 파일이나 절은
    빌드와 마찬가지로 SnippetMissingError 를 일으킨다.
    """
    settings = dict(_snippet_settings(Path(config_file).resolve()))
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": settings})
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


def content_pages(docs_dir: Path) -> list[Path]:
    """내용 페이지: python 펜스가 하나라도 있는 페이지 (하네스가 실행하고, 페이지의 틀을 지켜야 한다)."""
    return [page for page in sorted(Path(docs_dir).rglob("*.md")) if any(fence.is_python for fence in fences(page.read_text("utf-8")))]


def page_module(page: Path) -> str:
    """페이지 ↔ 라이브러리 모듈: building-blocks/gradient-descent.md ↔ gradient_descent, evolution/index.md ↔ evolution."""
    stem = page.parent.name if page.stem == "index" else page.stem
    return stem.replace("-", "_")
