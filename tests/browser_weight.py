"""무게 검사: 페이지마다 처음 방문하는 독자가 받는 바이트를 잰다 (docsite.weight: 이 컨텍스트는 HTTP 캐시를
쓰지 않으므로 탭을 다시 써도 페이지마다 처음 방문이다). 검색 색인은 막지 않는다: 독자가 검색을 열기 전에는
색인도 검색 워커도 받지 않아야 한다. 맨 위가 아닌 한 페이지에서는 무게를 잰 뒤 단축키 / 로 검색을 열어
그때 둘을 받고 검색이 준비되는지 본다 (그때의 색인은 문서 없는 색인으로 답한다: 진짜 색인으로 찾는 일은
검색 검사가 본다). DOMContentLoaded는 탭 여럿을 겹쳐 여는 이 검사에서 재지 않는다: scripts/benchmark.py가
잰다."""

from __future__ import annotations

from dataclasses import dataclass, field

from docsite.weight import PageWeight, TransferLog

ORDER = 50
SEARCH_INDEX = "/search/search_index.json"
SEARCH_WORKER = "/assets/javascripts/workers/search."
# 검색 칸 아래의 안내: 워커가 색인을 읽기 전에는 '초기화 중', 준비되면 '검색어를 입력하세요'
SEARCH_META = ".md-search-result__meta"
READY_TEXT = "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
READY_WAIT_MS = 10_000


def is_search_download(path: str) -> bool:
    return path.startswith((SEARCH_INDEX, SEARCH_WORKER))


@dataclass
class OnDemandSearch:
    page: str = ""
    after: list[str] = field(default_factory=list)  # 단축키 / 를 누른 뒤 받은 색인·워커
    ready: bool = False  # 검색 워커가 색인을 읽고 준비됐다고 알렸는가


@dataclass
class WeightRecord:
    weights: dict[str, PageWeight] = field(default_factory=dict)
    on_demand: OnDemandSearch = field(default_factory=OnDemandSearch)


def open_search_with_the_keyboard(page: str, tab, log: TransferLog) -> OnDemandSearch:
    """무게를 잰 탭에서 / 를 눌러 검색을 연다. 그 뒤의 요청은 그 탭의 기록에서 지운다."""
    seen = OnDemandSearch(page)
    tab.keyboard.press("/")
    ready_text = tab.evaluate(READY_TEXT)
    try:
        tab.wait_for_function(f"document.querySelector('{SEARCH_META}').textContent.trim() === {ready_text!r}", timeout=READY_WAIT_MS)
        seen.ready = True
    except Exception:  # playwright TimeoutError: 준비되지 않았다고 기록한다
        seen.ready = False
    seen.after = [path for path in log.paths(tab) if is_search_download(path)]
    log.forget(tab)
    return seen


def run(browsing) -> WeightRecord:
    record = WeightRecord()
    # 맨 위가 아닌 페이지 가운데 가장 가벼운 곳 (색인과 워커의 주소가 사이트 맨 위 기준으로 맞는지)
    nested = min((page for page in browsing.pages if page.strip("/")), key=lambda page: len(browsing.html(page)))
    context = browsing.browser.new_context()
    log = TransferLog(context, browsing.server, browsing.site)
    browsing.stub_search_index(context)  # 나중에 단 가로채기가 먼저 답한다: 검색을 연 뒤의 색인

    def weigh(page, tab):
        record.weights[page] = log.weigh(page, tab)
        if page == nested:
            record.on_demand = open_search_with_the_keyboard(page, tab, log)

    browsing.visit_all(context, browsing.pages, weigh)
    context.close()
    return record
