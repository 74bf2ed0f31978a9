"""접근성 검사의 기록을 판정한다 (tests/browser_a11y.py가 모은다).

- axe-core(WCAG 2.0/2.1 A·AA)가 모든 페이지에서 밝은 테마와 어두운 테마 모두 심각(serious)·치명(critical)
  위반을 찾지 못해야 하고, 색 규칙이 판정하지 못하고 남긴 요소가 없어야 한다.
- axe 앞에서 줄인 요소는 두 테마 모두에서 남긴 요소와 색·굵기·기울기가 같다 (그래서 줄여도 색의 답이 같다).
- 가로로 넘치는 수식·코드·표는 1280 px와 390 px 모두에서 Tab으로 닿고, 넘치지 않는 수식은 Tab 자리가 없다
  (폭과 tabIndex는 넓은 내용 검사 browser_layout이 잰다).
"""

from __future__ import annotations

import re

from browser_a11y import COLOUR_RULES
from docsite.figures import relative_luminance
from helpers import require_chromium

require_chromium()

BLOCKING = ("serious", "critical")


def luminance(css_rgb: str) -> float:
    """'rgb(r, g, b)' 의 상대 휘도 (WCAG, docsite.figures 의 것)."""
    return relative_luminance(tuple(int(value) / 255 for value in re.findall(r"\d+", css_rgb)[:3]))


def test_axe_ran_on_every_page_in_both_schemes(browser_report):
    record = browser_report.area("a11y")
    assert len(browser_report.pages) >= 8
    for page in browser_report.pages:
        light, dark = record.schemes[(page, "light")], record.schemes[(page, "dark")]
        assert light.scheme == "default" and luminance(light.background) > 0.8, (page, light)
        assert dark.scheme == "slate" and luminance(dark.background) < 0.05, (page, dark)
        assert len(light.rules) >= 50, f"{page}: 밝은 테마에서 WCAG A·AA 규칙을 모두 돌려야 한다 ({len(light.rules)}개)"
        assert set(COLOUR_RULES) <= set(light.rules), page
        assert sorted(dark.rules) == sorted(COLOUR_RULES), page


def test_no_serious_or_critical_violations(browser_report):
    record = browser_report.area("a11y")
    blocking = [finding for finding in record.violations if finding.impact in BLOCKING]
    assert not blocking, "\n".join(map(str, blocking))


def test_colour_rules_leave_nothing_undecided(browser_report):
    """axe가 색을 판정하지 못한 요소가 있으면 위반이 그 뒤에 숨을 수 있다: 줄인 페이지에서는 하나도 없어야 한다
    (수식마다 남긴 글자 하나도 판정된다)."""
    undecided = browser_report.area("a11y").incomplete
    assert not undecided, "\n".join(map(str, undecided))


def test_axe_saw_every_colour_that_it_did_not_see_twice(browser_report):
    """axe 앞에서 줄인 요소(수식의 글리프, 같은 종류의 코드 토큰)는 남긴 것과 색이 같아야 하고, 뗀 MathML에는
    axe가 볼 것(nested-interactive: 안의 링크·입력)이 없어야 한다 (browser_a11y)."""
    reductions = browser_report.area("a11y").reductions
    assert set(reductions) == set(browser_report.pages)
    for page, seen in reductions.items():
        assert not seen.own_colour, f"{page}: 수식과 색이 다른 글리프 {seen.own_colour}"
        assert not seen.unlike, f"{page}: 같은 종류인데 모양이 다른 코드 토큰 {seen.unlike}"
        assert not seen.interactive_in_mathml, f"{page}: MathML 안에 링크·입력 같은 것이 있다 {seen.interactive_in_mathml}"
    # 줄이는 일이 헛돌지 않았다: 수식과 코드가 많은 페이지는 요소가 절반 아래로 준다
    heaviest = max(reductions.values(), key=lambda seen: seen.before)
    assert heaviest.glyphs > 1000 and heaviest.tokens > 1000 and heaviest.after < heaviest.before / 2, heaviest


def test_every_overflowing_box_is_reachable_by_tab(browser_report):
    layout = browser_report.area("layout")
    kinds = set()
    for width in layout.boxes:
        overflowing = layout.overflowing(width, beyond=0)
        kinds |= {box.kind for _, box in overflowing}
        unreachable = [(page, box.kind, box.label) for page, box in overflowing if box.tab_index < 0]
        assert not unreachable, f"{width}: Tab으로 닿지 않는 넘치는 상자 {unreachable}"
    # 재는 일이 헛돌지 않았다: 좁은 화면에서는 수식·코드·표가 모두 어딘가에서 넘친다
    assert kinds == {"formula", "code", "table"}, kinds


def test_formulas_that_fit_are_not_tab_stops(browser_report):
    layout = browser_report.area("layout")
    for width, pages in layout.boxes.items():
        fitting = [(page, box) for page, boxes in pages.items() for box in boxes if box.kind == "formula" and box.hidden <= 0]
        assert fitting, width
        stops = [(page, box.label) for page, box in fitting if box.tab_index >= 0]
        assert not stops, f"{width}: 넘치지 않는데 Tab 자리가 있는 수식 {stops}"
