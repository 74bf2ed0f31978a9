"""한국어 검색이 오프라인에서 되는지 판정한다 (tests/browser_search.py가 모은다)."""

from __future__ import annotations

from browser_search import SEARCH_QUERY
from helpers import require_chromium

require_chromium()


def test_search_works_offline(browser_report):
    record = browser_report.area("search")
    assert SEARCH_QUERY in record.result
    assert not record.outside_requests
