"""용어집: 한 개념에 한 용어. 페이지와 페이지에 실리는 코드가 용어집이 피하는 표기를 쓰지 않는다."""

from __future__ import annotations

import re

import pytest

from docsite.glossary import abbreviation_definitions, load_glossary, parse_glossary, rejected_variants
from helpers import DOCS, ROOT

TERMS = load_glossary(DOCS)
# 독자가 읽는 글: 용어집을 뺀 모든 페이지, 그리고 페이지가 싣는 라이브러리와 그림 코드
READER_FILES = [path for path in sorted(DOCS.rglob("*.md")) if path != DOCS / "glossary.md"]
READER_CODE = sorted((ROOT / "snippets").rglob("*.py"))


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
