"""수식 장부: docs/ 의 디스플레이 수식마다 같은 절에 구현과 검사가 있는지 센다.

한 수식이 '검증됨'이려면 그 수식이 놓인 절(제목에서 다음 제목까지)에
  - 라이브러리 코드(dlbasics/…)를 스니펫으로 싣는 python 펜스(구현)와
  - 단언(assert)으로 PyTorch 또는 독립 계산(수치 미분)과 비교하는 python 펜스(검사)
가 함께 있어야 한다. 검사 펜스는 테스트가 독자의 새 Jupyter 커널에서 실제로 실행한다 (docsite.harness).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .pages import LIBRARY_PREFIX, Section, sections
from .practice import practice_files, practice_markdown

ASSERTION = re.compile(r"\bassert\b|assert_close|assert_allclose|assert_array_equal")
REFERENCE = re.compile(r"\btorch\b|numerical_gradient")


@dataclass(frozen=True)
class Formula:
    page: str  # docs/ 기준 경로
    page_title: str
    section: str
    tex: str
    implemented: bool
    checked: bool

    @property
    def verified(self) -> bool:
        return self.implemented and self.checked


def _implemented(section: Section) -> bool:
    return any(
        fence.is_python and any(target.startswith(LIBRARY_PREFIX) for target in fence.includes)
        for fence in section.fences
    )


def _checked(section: Section) -> bool:
    return any(
        fence.is_python
        and not fence.includes
        and ASSERTION.search(fence.body)
        and REFERENCE.search(fence.body)
        for fence in section.fences
    )


def page_formulas(page: str, text: str) -> list[Formula]:
    page_sections = sections(text)
    title = next((section.title for section in page_sections if section.level == 1), page)
    found = []
    for section in page_sections:
        implemented, checked = _implemented(section), _checked(section)
        for tex in section.formulas:
            found.append(Formula(page, title, section.title, tex, implemented, checked))
    return found


def formula_ledger(docs_dir: Path) -> list[Formula]:
    """페이지(*.md)와 실습 노트북(practice/*.py: 셀을 Markdown으로 읽는다)의 디스플레이 수식."""
    found = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        found.extend(page_formulas(page, path.read_text(encoding="utf-8")))
    for path in practice_files(docs_dir):
        found.extend(page_formulas(path.relative_to(docs_dir).as_posix(), practice_markdown(path.read_text(encoding="utf-8"))))
    return found


def ledger_markdown(ledger: list[Formula], order: list[str] | None = None) -> str:
    """홈 페이지에 싣는 장부 요약 (빌드가 계산한다). order: 페이지를 늘어놓을 순서 (사이트의 nav)."""
    verified = sum(formula.verified for formula in ledger)
    lines = [
        f"**검증된 수식 {verified}/{len(ledger)}**",
        "",
        "| 페이지 | 디스플레이 수식 | 검증됨 |",
        "|---|---:|---:|",
    ]
    pages: dict[str, list[Formula]] = {}
    for formula in ledger:
        pages.setdefault(formula.page, []).append(formula)
    rank = {page: position for position, page in enumerate(order or [])}
    for page, formulas in sorted(pages.items(), key=lambda item: rank.get(item[0], len(rank))):
        done = sum(formula.verified for formula in formulas)
        lines.append(f"| [{formulas[0].page_title}]({page}) | {len(formulas)} | {done} |")
    return "\n".join(lines)
