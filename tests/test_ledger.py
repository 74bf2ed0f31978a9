"""수식 장부: docs/ 의 디스플레이 수식마다 같은 절에 구현과 PyTorch 대조 검사가 있어야 한다."""

from __future__ import annotations

import textwrap

import pytest

from docsite import formula_ledger, page_formulas
from helpers import DOCS


def test_every_display_formula_is_implemented_and_checked_in_its_section():
    ledger = formula_ledger(DOCS)
    assert ledger, "docs/ 에 디스플레이 수식이 하나도 없다"
    missing = [
        f"{formula.page} § {formula.section}: {formula.tex!r}"
        + ("" if formula.implemented else " (구현 펜스 없음)")
        + ("" if formula.checked else " (검사 펜스 없음)")
        for formula in ledger
        if not formula.verified
    ]
    assert not missing, "검증되지 않은 수식:\n" + "\n".join(missing)


IMPLEMENTATION = '```python title="dlbasics/m.py — f"\n--8<-- "dlbasics/m.py:f"\n```'
CHECK = "```python\nimport torch\nassert torch.equal(f(torch.ones(1)), torch.ones(1))\n```"


def page(*parts: str) -> str:
    return "\n\n".join(textwrap.dedent(part) for part in parts) + "\n"


@pytest.mark.parametrize(
    ("text", "implemented", "checked"),
    [
        (page("# P", "## A", "$$\nf(x) = x\n$$", IMPLEMENTATION, CHECK), True, True),
        (page("# P", "## A", "$$\nf(x) = x\n$$", CHECK), False, True),
        (page("# P", "## A", "$$\nf(x) = x\n$$", IMPLEMENTATION), True, False),
        # 검사가 다른 절에 있으면 이 수식의 검사가 아니다
        (page("# P", "## A", "$$\nf(x) = x\n$$", IMPLEMENTATION, "## B", CHECK), True, False),
        # 단언이 없는 검사는 검사가 아니다
        (page("# P", "## A", "$$ f(x) = x $$", IMPLEMENTATION, "```python\nimport torch\nprint(f(1))\n```"), True, False),
        # 접힌 블록 안의 검사도 검사다 (접는 것은 보여 주는 방식일 뿐, 실행은 같다)
        (page("# P", "## A", "$$\nf(x) = x\n$$", IMPLEMENTATION, '??? success "PyTorch와 대조"\n' + textwrap.indent(CHECK, "    ")), True, True),
        # 그림 스니펫은 구현이 아니다
        (page("# P", "## A", "$$\nf(x) = x\n$$", '```python\n--8<-- "figures/f.py:draw"\n```', CHECK), False, True),
    ],
    ids=["both", "no-implementation", "no-check", "check-elsewhere", "no-assertion", "folded-check", "figure-is-not-code"],
)
def test_ledger_rules(text, implemented, checked):
    (formula,) = page_formulas("p.md", text)
    assert (formula.implemented, formula.checked) == (implemented, checked)


def test_formulas_inside_code_fences_are_not_counted():
    text = page("# P", "```text\n$$\nnot math\n$$\n```")
    assert page_formulas("p.md", text) == []


def test_multiline_formula_is_read_whole():
    (formula,) = page_formulas("p.md", page("# P", "$$\na = b\n\\quad c = d\n$$"))
    assert formula.tex == "a = b\n\\quad c = d"
