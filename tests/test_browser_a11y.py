"""접근성 검사의 기록을 판정한다 (tests/browser_a11y.py가 모은다).

- axe-core(WCAG 2.0/2.1 A·AA)가 모든 페이지에서 밝은 테마와 어두운 테마 모두 심각(serious)·치명(critical)
  위반을 찾지 못해야 하고, 색 규칙이 판정하지 못하고 남긴 요소는 수식의 글리프 상자(화면 읽기 프로그램에
  숨긴 .katex-html)뿐이어야 한다.
- 가로로 넘치는 수식·코드·표는 1280 px와 390 px 모두에서 Tab으로 닿고, 넘치지 않는 수식은 Tab 자리가 없다.
- 첫 Tab은 건너뛰기 링크에 닿고, 그것을 누르면 화면이 본문 제목으로 가고 다음 Tab은 본문 안에서 이어진다.
- 단축키 / 로 검색이 열리고, 검색어를 친 뒤 화살표와 Enter로 결과 페이지에 간다.
"""

from __future__ import annotations

import re

from browser_a11y import COLOUR_RULES, WIDTHS
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


def test_colour_rules_leave_only_formula_glyphs_undecided(browser_report):
    """axe가 색을 판정하지 못한 요소가 글에 있으면 위반이 그 뒤에 숨을 수 있다: 남은 것은 화면 읽기 프로그램에
    숨긴 수식의 글리프(색은 둘레 글의 색을 물려받는다)뿐이어야 한다 (browser_a11y가 그것만 따로 센다)."""
    undecided = browser_report.area("a11y").incomplete
    assert not undecided, "\n".join(map(str, undecided))


def test_every_overflowing_box_is_reachable_by_tab(browser_report):
    record = browser_report.area("a11y")
    kinds = set()
    for width in WIDTHS:
        for page in browser_report.pages:
            boxes = record.scroll_boxes[(page, width)]
            kinds |= {box["kind"] for box in boxes.overflowing}
            unreachable = [box for box in boxes.overflowing if box["tab_index"] < 0]
            assert not unreachable, f"{page} ({width} px): Tab으로 닿지 않는 넘치는 상자 {unreachable}"
    # 재는 일이 헛돌지 않았다: 좁은 화면에서는 수식·코드·표가 모두 어딘가에서 넘친다
    assert kinds == {"formula", "code", "table"}, kinds


def test_formulas_that_fit_are_not_tab_stops(browser_report):
    record = browser_report.area("a11y")
    for width in WIDTHS:
        for page in browser_report.pages:
            assert record.scroll_boxes[(page, width)].fitting_formula_tab_stops == 0, (page, width)
    assert sum(record.scroll_boxes[(page, WIDTHS[0])].fitting_formulas for page in browser_report.pages) > 0


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(browser_report):
    keyboard = browser_report.area("a11y").keyboard
    assert "md-skip" in keyboard.first_tab.split(), keyboard
    assert keyboard.skip_target, "건너뛰기 링크가 본문 제목을 가리켜야 한다"
    # 제목이 머리글 아래, 화면 위쪽에 보인다
    assert keyboard.header_height - 1 <= keyboard.target_top_after_skip < 200, keyboard
    assert keyboard.tab_after_skip_in_content, "건너뛴 뒤의 Tab이 본문 밖으로 갔다"


def test_search_works_from_the_keyboard(browser_report):
    keyboard = browser_report.area("a11y").keyboard
    assert keyboard.search_focused, "단축키 / 가 검색 칸에 초점을 주어야 한다"
    assert keyboard.results > 0, "검색어를 친 뒤 결과가 나와야 한다"
    assert keyboard.landed.startswith("/" + keyboard.search_page) and "?h=" in keyboard.landed, keyboard


def test_pages_load_without_errors_while_checked(browser_report):
    problems = browser_report.area("a11y").problems
    assert not problems, "\n".join(problems)
