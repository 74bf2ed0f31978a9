"""용어집: 한 개념에 한 용어. 페이지와 페이지에 실리는 코드가 용어집이 피하는 표기를 쓰지 않는다."""

from __future__ import annotations

import os
import re

import pytest

from docsite import fences
from docsite.glossary import QUOTED, abbreviation_definitions, load_glossary, parse_glossary, rejected_variants
from docsite.practice import practice_files
from helpers import DOCS, PAGES_WITH_CODE, ROOT

TERMS = load_glossary(DOCS)
# 독자가 읽는 글: 용어집을 뺀 모든 페이지, 그리고 페이지가 싣는 라이브러리와 그림 코드, 실습 노트북(Jupytext)
READER_FILES = [path for path in sorted(DOCS.rglob("*.md")) if path != DOCS / "glossary.md"]
READER_CODE = sorted((ROOT / "snippets").rglob("*.py")) + practice_files(DOCS)


def test_glossary_has_terms_with_unique_names_and_abbreviations():
    assert len(TERMS) >= 40
    names = [term.term for term in TERMS]
    assert len(names) == len(set(names)), "용어집에 같은 용어가 두 번 있다"
    abbreviations = [term.abbreviation for term in TERMS if term.abbreviation]
    assert len(abbreviations) == len(set(abbreviations)), "약어 하나에 풀이가 둘이다"


def test_no_rejected_variant_is_another_terms_name():
    names = {term.term for term in TERMS}
    for term in TERMS:
        for variant in term.rejected:
            assert not any(variant in name for name in names), f"{term.term} 의 피할 표기 {variant!r} 가 용어 이름에 들어 있다"


@pytest.mark.parametrize("path", READER_FILES + READER_CODE, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_reader_facing_text_uses_the_glossary_terms(path):
    found = rejected_variants(path.read_text("utf-8"), TERMS, markdown=path.suffix == ".md")
    where = path.relative_to(ROOT).as_posix()
    assert not found, "용어집이 피하는 표기:\n" + "\n".join(
        f"{where}:{line}: {variant!r} 대신 {term!r}" for line, variant, term in found
    )


def test_the_variant_check_names_the_line_and_skips_quoted_notes():
    terms = parse_glossary(
        "| 용어 | 영어 | 약어 | 뜻 | 배우는 곳 | 피할 표기 |\n|---|---|---|---|---|---|\n"
        "| 기울기 | gradient | | ∇L | [x](x.md) | 그라디언트, 구배 |\n"
    )
    text = '# 제목\n\n노트는 "그라디언트"라고 썼습니다.\n\n구배를 구합니다.\n\n```python\nprint("그라디언트")\n```\n'
    assert rejected_variants(text, terms) == [(5, "구배", "기울기"), (8, "그라디언트", "기울기")]
    assert rejected_variants('x = "구배"\n', terms, markdown=False) == [(1, "구배", "기울기")]


def test_a_malformed_glossary_row_is_refused():
    with pytest.raises(ValueError, match="칸이 6개"):
        parse_glossary("| 용어 | 영어 | 약어 | 뜻 | 배우는 곳 | 피할 표기 |\n|---|---|---|---|---|---|\n| 기울기 | gradient |\n")


def test_every_abbreviation_shows_its_definition_on_hover(built_site):
    definitions = dict(re.findall(r"^\*\[([^\]]+)\]: (.+)$", abbreviation_definitions(TERMS), re.M))
    assert {"MSE", "SGD", "BCE", "ReLU"} <= set(definitions)
    seen: dict[str, str] = {}
    for page in built_site.rglob("*.html"):
        for hover, abbreviation in re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', page.read_text("utf-8")):
            seen[abbreviation] = hover
    for abbreviation in ("MSE", "SGD", "BCE", "ReLU"):
        assert seen.get(abbreviation) == definitions[abbreviation], abbreviation


def nav_pages() -> list[str]:
    """mkdocs.yml 의 nav 순서대로 페이지 (docs/ 기준 경로)."""
    from mkdocs.config import load_config

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            else:
                yield value

    return list(walk(load_config(str(ROOT / "mkdocs.yml"))["nav"]))


CONTENT = {page.relative_to(DOCS).as_posix() for page in PAGES_WITH_CODE}


def first_use_without_link(text: str, term: str, link: str) -> int | None:
    """term이 코드와 따옴표 밖에서 처음 나오는 줄. 그 줄의 문단이 끝나기 전까지 link가 없으면 그 줄 번호."""
    lines = text.split("\n")
    code = {number for fence in fences(text) for number in range(fence.line, fence.end + 1)}
    use = re.compile(rf"(?<![가-힣A-Za-z]){re.escape(term)}")
    for number, line in enumerate(lines, start=1):
        if number not in code and use.search(QUOTED.sub(" ", line)):
            end = number
            while end < len(lines) and lines[end].strip():
                end += 1
            return None if f"]({link}" in "\n".join(lines[:end]) else number
    return None


def test_a_term_used_before_its_page_links_there_at_first_use():
    """앞 페이지가 뒤 페이지에서 배울 용어를 쓰면, 처음 쓰는 문단까지 그 페이지로 가는 링크가 있다.
    (장의 차례 페이지처럼 코드가 없는 페이지는 뺀다. 한 글자 용어는 다른 낱말의 일부와 헷갈려 뺀다.)"""
    order = [page for page in nav_pages() if page in CONTENT]
    missing = []
    for term in TERMS:
        taught = re.search(r"\]\(([^)#]+)", term.taught_at)[1]
        if taught not in order or len(term.term) < 2:
            continue
        for page in order[: order.index(taught)]:
            link = os.path.relpath(taught, os.path.dirname(page) or ".")
            line = first_use_without_link((DOCS / page).read_text("utf-8"), term.term, link)
            if line is not None:
                missing.append(f"{page}:{line}: {term.term!r} → {link}")
    assert not missing, "뒤 페이지에서 배울 용어를 처음 쓰는 곳에 그 페이지 링크가 없다:\n" + "\n".join(missing)
