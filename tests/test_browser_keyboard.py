"""키보드로 쓰는 검사의 기록을 판정한다 (tests/browser_keyboard.py가 모은다).

- 첫 Tab은 건너뛰기 링크에 닿고, 그것을 누르면 화면이 본문 제목으로 가고 다음 Tab은 본문 안에서 이어진다.
- 단축키 / 로 검색이 열리고, 검색어를 친 뒤 화살표와 Enter로 결과 페이지에 간다.
"""

from __future__ import annotations

from helpers import require_chromium

require_chromium()


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(browser_report):
    keyboard = browser_report.area("keyboard")
    assert "md-skip" in keyboard.first_tab.split(), keyboard
    assert keyboard.skip_target, "건너뛰기 링크가 본문 제목을 가리켜야 한다"
    # 제목이 머리글 아래, 화면 위쪽에 보인다
    assert keyboard.header_height - 1 <= keyboard.target_top_after_skip < 200, keyboard
    assert keyboard.tab_after_skip_in_content, "건너뛴 뒤의 Tab이 본문 밖으로 갔다"


def test_search_works_from_the_keyboard(browser_report):
    keyboard = browser_report.area("keyboard")
    assert keyboard.search_focused, "단축키 / 가 검색 칸에 초점을 주어야 한다"
    assert keyboard.results > 0, "검색어를 친 뒤 결과가 나와야 한다"
    assert keyboard.landed.startswith("/" + keyboard.search_page) and "?h=" in keyboard.landed, keyboard
