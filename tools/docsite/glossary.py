"""용어집(docs/glossary.md)을 읽는 도구: 한 개념에 한 용어, 약어의 풀이.

용어집의 표는 ``| 용어 | 영어 | 약어 | 뜻 | 배우는 곳 | 피할 표기 |`` 꼴이다. 여기서
  - 피할 표기가 페이지나 페이지에 실리는 코드에 나오는 곳을 찾고 (테스트가 쓴다),
  - 약어마다 ``*[약어]: 풀이`` 정의를 만든다 (빌드 훅이 모든 페이지 끝에 붙인다: abbr 확장).
노트의 문장을 옮긴 따옴표 안("…")은 피할 표기를 찾지 않는다. 코드 펜스 안은 따옴표 안도 찾는다
(문자열로 쓴 오류 메시지도 독자가 읽는다).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .pages import fences

GLOSSARY_HEADER = ["용어", "영어", "약어", "뜻", "배우는 곳", "피할 표기"]
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


@dataclass(frozen=True)
class Term:
    term: str
    english: str
    abbreviation: str
    definition: str
    taught_at: str  # Markdown 링크
    rejected: tuple[str, ...]

    @property
    def hover(self) -> str:
        """약어 위에 보일 풀이."""
        return self.english if self.term == self.abbreviation else f"{self.term} ({self.english})"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_glossary(text: str) -> list[Term]:
    """용어집 Markdown의 용어 표들을 읽는다. 표의 머리가 다르거나 칸 수가 틀리면 ValueError."""
    terms: list[Term] = []
    in_table = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("|"):
            in_table = False
            continue
        cells = _cells(line)
        if not in_table:
            in_table = cells == GLOSSARY_HEADER
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # 머리 아래의 구분 줄
        if len(cells) != len(GLOSSARY_HEADER):
            raise ValueError(f"용어집 {number}행: 칸이 {len(GLOSSARY_HEADER)}개여야 합니다 (지금 {len(cells)}개)")
        term, english, abbreviation, definition, taught_at, rejected = cells
        if not (term and english and definition and taught_at):
            raise ValueError(f"용어집 {number}행: 용어, 영어, 뜻, 배우는 곳은 비울 수 없습니다")
        variants = tuple(variant.strip() for variant in rejected.split(",") if variant.strip())
        terms.append(Term(term, english, abbreviation, definition, taught_at, variants))
    return terms


def load_glossary(docs_dir: Path) -> list[Term]:
    return parse_glossary((Path(docs_dir) / "glossary.md").read_text("utf-8"))


def abbreviation_definitions(terms: list[Term]) -> str:
    """abbr 확장이 읽는 약어 정의 (모든 페이지 끝에 붙인다)."""
    return "\n".join(f"*[{term.abbreviation}]: {term.hover}" for term in terms if term.abbreviation)


def rejected_variants(text: str, terms: list[Term], markdown: bool = True) -> list[tuple[int, str, str]]:
    """text에서 피할 표기가 나오는 곳: (줄 번호, 피할 표기, 쓸 용어).

    markdown이면 코드 펜스 밖의 따옴표 안(노트의 문장을 옮긴 곳)은 건너뛴다. 파이썬 파일(페이지에
    실리는 라이브러리·그림 코드)은 markdown=False로 모든 줄을 통째로 찾는다. 한 줄에 한 용어는
    한 번만 보고한다 (경사 하강법 / 경사 하강처럼 겹치는 표기).
    """
    preferred = {variant: term.term for term in terms for variant in term.rejected}
    if not preferred:
        return []
    # 긴 표기를 먼저: 겹치는 표기 가운데 긴 쪽으로 보고한다
    pattern = re.compile("|".join(re.escape(variant) for variant in sorted(preferred, key=len, reverse=True)))
    code_lines = {number for fence in fences(text) for number in range(fence.line + 1, fence.end)} if markdown else set()
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        searched = QUOTED.sub(" ", line) if markdown and number not in code_lines else line
        reported: set[str] = set()
        for match in pattern.finditer(searched):
            term = preferred[match[0]]
            if term not in reported:
                reported.add(term)
                found.append((number, match[0], term))
    return found
