"""검색 검사: 홈에서 진짜 색인으로 한국어 검색어를 찾는다 (가장 먼저: 진짜 색인으로 lunr 색인을 만드는
일(한 코어)이 다른 검사와 겹치도록 뒤로 미루지 않는다)."""

from __future__ import annotations

from dataclasses import dataclass, field

from browser_checks import is_outside

ORDER = 0
SEARCH_QUERY = "손실"


@dataclass
class SearchRecord:
    result: str = ""
    outside_requests: list[str] = field(default_factory=list)


def run(browsing) -> SearchRecord:
    record = SearchRecord()
    context = browsing.browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: record.outside_requests.append(request.url) if is_outside(request.url) else None)
    page.goto(browsing.url("/"), wait_until="networkidle")
    query = page.locator("input[data-md-component=search-query]")
    results = page.locator(".md-search-result__item")
    query.fill(SEARCH_QUERY)
    for attempt in range(40):  # 최대 10초
        if results.count():
            break
        if attempt % 4 == 3:
            # 검색 워커가 색인을 읽기 전에 친 검색어는 버려진다: 입력을 한 번 더 일으킨다
            query.press("Space")
            query.press("Backspace")
        page.wait_for_timeout(250)
    record.result = results.first.inner_text() if results.count() else ""
    context.close()
    return record
