"""키보드로 쓰는 검사: 수식이 가장 많은 페이지에서 Tab 한 번이 건너뛰기 링크에 닿는지, Enter가 초점과
화면을 본문 제목으로 옮기는지, 단축키 / 로 검색이 열리는지, 검색어를 치고 화살표와 Enter로 결과 페이지에
가는지. 검색 색인은 그 페이지의 항목만 남긴 진짜 색인으로 답한다 (순위는 검색 검사가
본다). 판정은 tests/test_browser_keyboard.py. 넘치는 상자가 Tab으로 닿는지는 tests/test_browser_a11y.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from browser_checks import TOUR_VIEWPORT

ORDER = 60
SEARCH_WORD = "손실"


@dataclass
class Keyboard:
    search_page: str = ""  # 키보드로 써 본 페이지
    first_tab: str = ""  # 첫 Tab이 닿은 요소의 클래스
    skip_target: str = ""  # 건너뛰기 링크가 가리키는 id
    target_top_after_skip: float = -1.0  # Enter 뒤 그 제목의 화면 위 거리 (px)
    tab_after_skip_in_content: bool = False  # 그다음 Tab이 본문 안의 요소에 닿는가
    header_height: float = 0.0
    search_focused: bool = False  # / 뒤에 검색 칸에 초점이 있는가
    results: int = 0  # 검색어를 친 뒤의 결과 수
    landed: str = ""  # 화살표와 Enter 뒤의 주소


def _wait_for_results(tab) -> int:
    """검색 결과 수 (최대 10초 기다린다). 검색 워커가 색인을 읽기 전에 친 검색어는 버려지므로, 결과가 없으면
    초마다 마지막 글자를 지우고 다시 친다 (키보드로)."""
    results = tab.locator(".md-search-result__item")
    for attempt in range(40):
        if results.count():
            break
        if attempt % 4 == 3:
            tab.keyboard.press("Backspace")
            tab.keyboard.type(SEARCH_WORD[-1])
        tab.wait_for_timeout(250)
    return results.count()


def _keyboard(browsing, seen: Keyboard, page: str) -> None:
    context = browsing.browser.new_context(viewport=TOUR_VIEWPORT)
    # 검색 색인은 그 페이지의 항목만 남긴 진짜 색인 (순위는 검색 검사가 본다)
    browsing.stub_search_index(context, keep=lambda doc: doc["location"].split("#")[0] == page)
    tab = context.new_page()
    tab.goto(browsing.url(page), wait_until="load")
    seen.search_page = page
    tab.keyboard.press("Tab")
    seen.first_tab = tab.evaluate("document.activeElement.className")
    seen.skip_target = tab.evaluate("decodeURIComponent(document.activeElement.hash.slice(1))")
    tab.keyboard.press("Enter")
    # 앵커로 스크롤: 주소의 # 가 바뀐 뒤 두 프레임 (그 사이에 화면에 든 블록이 그려지며 자리가 바로잡힌다).
    # 정해 둔 시간만 기다리지 않는다: 코어가 바쁘면 그 안에 스크롤이 끝나지 않는다
    tab.wait_for_function("(id) => decodeURIComponent(location.hash.slice(1)) === id", arg=seen.skip_target, polling=20)
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    after = tab.evaluate(
        """(id) => ({
          top: document.getElementById(id).getBoundingClientRect().top,
          header: document.querySelector('.md-header').getBoundingClientRect().height,
        })""",
        seen.skip_target,
    )
    seen.target_top_after_skip, seen.header_height = after["top"], after["header"]
    tab.keyboard.press("Tab")  # 건너뛴 뒤의 Tab은 본문 안에서 이어져야 한다 (탐색 메뉴로 돌아가지 않는다)
    seen.tab_after_skip_in_content = tab.evaluate("document.querySelector('.md-content').contains(document.activeElement)")
    tab.keyboard.press("/")
    seen.search_focused = tab.evaluate("document.activeElement.matches('[data-md-component=search-query]')")
    tab.keyboard.type(SEARCH_WORD)
    seen.results = _wait_for_results(tab)
    if seen.results:
        tab.keyboard.press("ArrowDown")
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        seen.landed = tab.url.removeprefix(browsing.server)
    context.close()


def run(browsing) -> Keyboard:
    seen = Keyboard()
    most_formulas = max(browsing.pages, key=lambda url: browsing.html(url).count('class="math-display"'))
    _keyboard(browsing, seen, most_formulas)
    return seen
