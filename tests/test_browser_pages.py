"""모든 페이지를 JavaScript를 켜고 연 기록과, 수식이 가장 많은 페이지를 JavaScript 없이 연 기록을 판정한다
(tests/browser_pages.py가 모은다).

- 다른 호스트로 가는 요청이 하나도 없어야 하고,
- 콘솔 오류나 페이지 오류, 400 이상의 응답이 없어야 하며,
- JavaScript를 켜도 꺼도 디스플레이 수식이 모두 KaTeX로 조판돼 보여야 한다.

Chromium(기본 /usr/bin/chromium, 환경 변수 CHROMIUM으로 바꿀 수 있다)이 없으면 건너뛴다.
CI(CI=true)에서는 건너뛰지 않고 실패한다.
"""

from __future__ import annotations

from helpers import require_chromium

require_chromium()


def test_every_page_loads_only_from_loopback_without_errors(browser_report):
    assert len(browser_report.pages) >= 8
    problems = browser_report.area("pages").problems
    assert not problems, "\n".join(problems)


def assert_typeset(formulas):
    for url, seen in formulas.items():
        assert seen.typeset == seen.expected > 0, url
        # 조판된 수식은 KaTeX 글꼴로 그려지고 실제 크기를 가진다
        assert "KaTeX" in seen.font and seen.width > 0 and seen.height > 0, url
        assert not seen.raw_tex_left, f"{url}: 본문에 $$ 가 남았다"


def test_every_display_formula_is_typeset_in_the_browser(browser_report):
    with_js = browser_report.area("pages").formulas_with_js
    assert len(with_js) >= 6, "수식이 있는 페이지를 모두 열어야 한다"
    assert_typeset(with_js)


def test_formulas_are_typeset_with_javascript_off(browser_report):
    """수식을 그리는 데 JavaScript가 필요 없다: 수식이 가장 많은 페이지를 JavaScript 없이 연다."""
    record = browser_report.area("pages")
    (most,) = record.formulas_without_js.values()
    assert most.expected == max(seen.expected for seen in record.formulas_with_js.values())
    assert_typeset(record.formulas_without_js)
