"""페이지의 무게를 판정한다 (tests/browser_weight.py가 모은다).

- 페이지마다 처음 방문에 받는 양(압축한 크기, docsite.weight)이 300 KB 이하다.
- 검색을 열기 전에는 검색 색인도 검색 워커도 받지 않고, 단축키 / 로 검색을 열면 둘을 받아 검색이 준비된다.
DOMContentLoaded까지의 시간은 scripts/benchmark.py가 재어 보고한다 (시간은 테스트가 판정하지 않는다).
"""

from __future__ import annotations

from browser_weight import SEARCH_INDEX, SEARCH_WORKER, is_search_download
from docsite.weight import BUDGET_BYTES
from helpers import require_chromium

require_chromium()


def describe(weight) -> str:
    heaviest = ", ".join(f"{transfer.path} {transfer.compressed / 1024:.0f} KB" for transfer in weight.heaviest())
    return f"{weight.page}: {weight.compressed / 1024:.0f} KB, 요청 {weight.requests}개 (무거운 것: {heaviest})"


def test_every_page_was_weighed_with_what_it_loads(browser_report):
    weights = browser_report.area("weight").weights
    assert sorted(weights) == sorted(browser_report.pages)
    for page, weight in weights.items():
        # 잰 것이 진짜 처음 방문인지: 문서, 번들, 스타일시트를 모두 받았다 (캐시에서 온 것은 요청으로 잡히지 않는다)
        paths = weight.paths()
        assert "/" + page.lstrip("/") in paths, describe(weight)
        assert any("/javascripts/bundle." in path for path in paths), describe(weight)
        assert any("/stylesheets/main." in path for path in paths), describe(weight)
        assert weight.compressed < weight.raw, describe(weight)


def test_first_visit_of_every_page_stays_within_the_budget(browser_report):
    weights = browser_report.area("weight").weights
    over = [describe(weight) for weight in weights.values() if weight.compressed > BUDGET_BYTES]
    assert not over, f"처음 방문이 {BUDGET_BYTES // 1024} KB를 넘는다:\n" + "\n".join(over)


def test_no_page_loads_the_search_index_before_search_is_opened(browser_report):
    weights = browser_report.area("weight").weights
    loaded = {page: [path for path in weight.paths() if is_search_download(path)] for page, weight in weights.items()}
    assert not any(loaded.values()), {page: paths for page, paths in loaded.items() if paths}


def test_opening_search_with_the_keyboard_loads_the_index_and_the_worker(browser_report):
    seen = browser_report.area("weight").on_demand
    assert seen.page, "검색을 열어 본 페이지가 없다"
    assert any(path.startswith(SEARCH_INDEX) for path in seen.after), f"{seen.page}: 색인을 받지 않았다 {seen.after}"
    assert any(path.startswith(SEARCH_WORKER) for path in seen.after), f"{seen.page}: 워커를 받지 않았다 {seen.after}"
    assert seen.ready, f"{seen.page}: / 로 연 검색이 준비되지 않았다"
