"""한국어 검색을 판정한다 (tests/browser_search.py가 진짜 검색 상자에 질의를 쳐서 모은다).

질의 모음(tests/search_queries.toml)의 질의마다 위 3개의 결과 링크에 기대한 페이지나 절이 들어야 한다.
95% 이상이어야 하고, 실패 메시지는 놓친 질의와 그때 보인 링크를 모두 적는다.
"""

from __future__ import annotations

from browser_search import KINDS, SEARCH_PAGE, TOP, load_queries
from helpers import require_chromium

require_chromium()

HIT_RATE_GOAL = 0.95
MIN_QUERIES = 70


def test_the_query_set_covers_every_kind_and_points_at_real_sections(browser_report):
    queries = load_queries()
    assert len(queries) >= MIN_QUERIES
    assert {query.kind for query in queries} == set(KINDS)
    record = browser_report.area("search")
    missing = [f"{query.text!r} → {target}" for query in queries for target in query.targets if target not in record.locations]
    assert not missing, "질의가 가리키는 곳이 검색 색인에 없다:\n" + "\n".join(missing)


def test_korean_queries_find_their_page_in_the_top_three(browser_report):
    record = browser_report.area("search")
    assert not record.unanswered, f"결과가 오지 않은 질의: {record.unanswered}"
    assert len(record.answers) == len(load_queries())
    misses = "\n".join(
        f"  [{answer.query.kind}] {answer.query.text!r}: 기대 {answer.query.targets[0]}, 위 {TOP}개 {answer.top}"
        for answer in record.misses
    )
    rate = record.hit_rate
    assert rate >= HIT_RATE_GOAL, f"위 {TOP}개 적중률 {rate:.3f} < {HIT_RATE_GOAL} (놓친 질의 {len(record.misses)}개):\n{misses}"


def test_result_snippets_show_no_raw_tex(browser_report):
    record = browser_report.area("search")
    assert not record.snippets_with_tex, "검색 결과의 발췌에 TeX 원문이 보인다:\n" + "\n".join(record.snippets_with_tex[:10])


def test_search_typed_on_a_nested_page_works_offline(browser_report):
    record = browser_report.area("search")
    assert not record.outside_requests, f"검색이 다른 호스트에 요청했다: {record.outside_requests}"
    first = load_queries()[0]
    typed = next((answer for answer in record.answers if answer.query == first), None)
    assert typed is not None and typed.hit, f"{SEARCH_PAGE}에서 자판으로 친 {first.text!r}의 위 {TOP}개에 {first.targets[0]}가 없다"
