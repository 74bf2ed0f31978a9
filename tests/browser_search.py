"""검색 검사: 진짜 검색 상자에 한국어 질의를 하나씩 쳐 보고, 위 3개의 결과 링크를 모은다 (판정은
tests/test_browser_search.py). 가장 먼저 돈다: 진짜 색인으로 lunr 색인을 만드는 일(한 코어)이 다른 검사와
겹치도록 뒤로 미루지 않는다.

질의는 tests/search_queries.toml 에 있다. 깊은 페이지 하나에서, 한 번의 색인 만들기로 모든 질의를 차례로
친다: 첫 질의는 검색 상자를 눌러 자판으로 치고 (검색을 열 때 색인을 받는 길까지 거친다), 나머지는 빠르게
검색 상자의 값을 바꾸고 Material이 검색어를 읽는 keyup을 일으킨다.
'위 3개'는 독자가 결과 목록에서 처음 보는 링크 3개다: 결과 항목(페이지)마다 페이지 링크와 가장 점수가 높은
절들이 보이고, 나머지 절은 '더 보기' 안에 접혀 있다 (Material의 결과 표시 그대로).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from browser_checks import is_outside
from docsite.search import raw_tex

ORDER = 0
QUERIES_FILE = Path(__file__).resolve().parent / "search_queries.toml"
KINDS = ("exact", "tail", "spacing", "particle", "english", "mixed", "question", "synonym")
TOP = 3
# 검색하는 페이지: 깊은 페이지에서도 검색이 되고 결과 링크가 사이트 맨 위 기준으로 맞는지 함께 본다. 가벼운 장 목차에서
# 한다: 수식이 많은 페이지에서는 결과를 그릴 때마다 페이지 전체의 스타일을 다시 계산해 검사가 두 배 남짓 느리다
SEARCH_PAGE = "building-blocks/"
QUERY_INPUT = "input[data-md-component=search-query]"
INDEX_WAIT_MS = 20_000  # 첫 질의: 색인을 받고 lunr 색인을 만드는 시간까지
RESULT_WAIT_MS = 5_000

# 보이는 결과 링크(사이트 맨 위 기준 주소)와 발췌(코드를 뺀 글)를 읽는 함수
READ_RESULTS = """(top) => {
  const root = new URL(document.querySelector('[data-md-component=logo]').href, location.href);
  const links = [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')];
  const where = (a) => {
    const url = new URL(a.href);
    return decodeURIComponent(url.pathname.slice(root.pathname.length) + url.hash);
  };
  const snippet = (a) => {
    const article = a.querySelector('article').cloneNode(true);
    article.querySelectorAll('code').forEach((code) => code.remove());
    return article.textContent;
  };
  return {top: links.slice(0, top).map(where), snippets: links.map(snippet)};
}"""
# 질의들을 차례로 검색 상자에 넣고 (Material이 검색어를 읽는 keyup을 일으킨다) 결과가 올 때마다 읽는다.
# 결과 목록과 개수 줄을 비워 두고, 개수 줄이 다시 채워지면 그 질의의 결과가 그려진 것이다 (둘은 한 번에 그려진다).
ASK_ALL = """async ([queries, top, timeout]) => {
  const read = %s;
  const box = document.querySelector('%s');
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  const answers = [];
  for (const query of queries) {
    list.innerHTML = '';
    meta.textContent = '';
    box.value = query;
    box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
    const start = performance.now();
    while (meta.textContent === '' && performance.now() - start < timeout) await new Promise((done) => setTimeout(done, 5));
    answers.push(meta.textContent === '' ? null : read(top));
  }
  return answers;
}""" % (READ_RESULTS, QUERY_INPUT)


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    page: str
    section: str = ""
    also: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        """맞다고 보는 곳들: '페이지' 또는 '페이지#앵커'."""
        return (self.page + (f"#{self.section}" if self.section else ""), *self.also)

    def found_in(self, locations: list[str]) -> bool:
        return any(_matches(location, target) for location in locations for target in self.targets)


def _matches(location: str, target: str) -> bool:
    """결과 링크 location이 target(페이지, 또는 페이지#앵커)을 가리키는가."""
    page, _, anchor = target.partition("#")
    found_page, _, found_anchor = location.partition("#")
    return found_page == page and (not anchor or found_anchor == anchor)


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """질의 모음을 읽는다. 빠진 칸, 모르는 종류, 같은 질의가 두 번이면 ValueError."""
    queries = []
    for number, item in enumerate(tomllib.loads(path.read_text("utf-8")).get("query", []), start=1):
        if not {"text", "kind", "page"} <= item.keys() or not item["text"].strip():
            raise ValueError(f"{path.name}의 {number}번째 질의: text, kind, page가 있어야 한다 ({item})")
        if item["kind"] not in KINDS:
            raise ValueError(f"{path.name}의 {number}번째 질의 {item['text']!r}: 종류 {item['kind']!r}는 {KINDS} 가운데 하나여야 한다")
        queries.append(Query(item["text"], item["kind"], item["page"], item.get("section", ""), tuple(item.get("also", ()))))
    texts = [query.text for query in queries]
    repeated = sorted({text for text in texts if texts.count(text) > 1})
    if repeated:
        raise ValueError(f"{path.name}: 같은 질의가 두 번 있다: {repeated}")
    return queries


@dataclass
class Answer:
    query: Query
    top: list[str]  # 위 3개의 결과 링크 (사이트 맨 위 기준 주소, 앵커 포함)

    @property
    def hit(self) -> bool:
        return self.query.found_in(self.top)


@dataclass
class SearchRecord:
    answers: list[Answer] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # 결과가 오지 않은 질의
    snippets_with_tex: list[str] = field(default_factory=list)  # 발췌에 TeX가 남은 결과 (질의: 발췌)
    locations: set[str] = field(default_factory=set)  # 검색 색인의 모든 주소
    outside_requests: list[str] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        return sum(answer.hit for answer in self.answers) / len(self.answers) if self.answers else 0.0

    @property
    def misses(self) -> list[Answer]:
        return [answer for answer in self.answers if not answer.hit]


def type_first_query(page, text: str) -> dict | None:
    """첫 질의는 독자처럼 검색 상자를 누르고 자판으로 친다 (검색을 여는 길과 색인을 받는 일까지 거친다)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator(QUERY_INPUT).click()
    page.keyboard.insert_text(text)  # 한글은 입력기가 글자를 한꺼번에 넣는다 (input 이벤트 하나)
    page.keyboard.press("End")  # keyup: Material이 검색어를 읽는다 (색인이 준비되면 그때 찾는다)
    try:
        page.wait_for_selector(".md-search-result__item", timeout=INDEX_WAIT_MS)
    except PlaywrightTimeout:  # 검색이 답하지 않았다: 기록이 그 질의를 답 없음으로 남긴다
        return None
    return page.evaluate(READ_RESULTS, TOP)


def run(browsing) -> SearchRecord:
    record = SearchRecord()
    queries = load_queries()
    index = json.loads((browsing.site / "search" / "search_index.json").read_text("utf-8"))
    record.locations = {doc["location"] for doc in index["docs"]}
    context = browsing.browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: record.outside_requests.append(request.url) if is_outside(request.url) else None)
    page.goto(browsing.url(SEARCH_PAGE), wait_until="networkidle")
    first = type_first_query(page, queries[0].text)
    answers = [first, *page.evaluate(ASK_ALL, [[query.text for query in queries[1:]], TOP, RESULT_WAIT_MS])]
    context.close()
    for query, results in zip(queries, answers):
        if results is None:
            record.unanswered.append(query.text)
            continue
        record.answers.append(Answer(query, results["top"]))
        record.snippets_with_tex += [f"{query.text}: {text[:200]}" for text in results["snippets"] if raw_tex(text)]
    return record
