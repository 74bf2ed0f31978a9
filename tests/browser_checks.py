"""빌드가 끝나는 대로 뒤에서 헤드리스 Chromium으로 모든 페이지를 연다 (tests/test_browser.py가 판정한다).

브라우저 검사는 페이지마다 무겁다 (수식 수백 개, 코드 블록 수십 개). 빌드가 끝나면 곧바로 스레드 하나가
사이트를 루프백에서 띄우고 Chromium으로 검사를 돌린다. 그동안 pytest는 다른 테스트를 돈다.
테스트는 이 스레드가 모은 기록을 읽어 판정할 뿐이다. Playwright는 이 스레드 안에서만 쓴다.

- 홈에서 진짜 색인으로 한국어 검색어를 찾는다 (가장 먼저).
- 모든 페이지를 JavaScript를 켜고 (탭 몇 개씩 겹쳐) 열어: 다른 호스트로 가는 요청, 콘솔 오류, 페이지 오류,
  400 이상의 응답을 모으고, 수식이 KaTeX 글꼴로 조판돼 있는지 본다. 이때 검색 색인
  (search/search_index.json) 요청에는 같은 설정에 문서만 뺀 색인으로 답한다: 탭마다 사이트 전체의
  색인을 다시 만드는 일을 피하려는 것이고, 진짜 색인은 검색 검사가 따로 연다.
- 디스플레이 수식이 가장 많은 페이지를 JavaScript를 끄고 열어: 수식이 모두 조판돼 보이는지 본다. 수식은
  빌드가 조판하고 모든 페이지가 같은 CSS와 글꼴을 쓰므로 (tests/test_site.py가 페이지마다 확인한다),
  JavaScript 없이 그려지는 길은 한 페이지로 확인하고, 페이지마다의 조판은 JavaScript를 켠 탭에서 본다.
"""

from __future__ import annotations

import functools
import json
import threading
import traceback
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SEARCH_INDEX = "**/search/search_index.json"
SEARCH_QUERY = "손실"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def page_urls(site: Path) -> list[str]:
    return sorted(path.relative_to(site).parent.as_posix().removeprefix(".") + "/" for path in site.rglob("index.html"))


@dataclass
class Formulas:
    expected: int  # 빌드된 HTML의 디스플레이 수식 수
    typeset: int  # 브라우저가 그린 KaTeX 디스플레이 수식 수
    font: str  # 첫 수식의 글꼴
    width: float
    height: float
    raw_tex_left: bool  # 본문 글에 $$ 가 남았는가


@dataclass
class Report:
    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # JavaScript를 켠 탭들의 요청·콘솔·오류
    formulas_with_js: dict[str, Formulas] = field(default_factory=dict)
    formulas_without_js: dict[str, Formulas] = field(default_factory=dict)
    search_result: str = ""
    search_outside_requests: list[str] = field(default_factory=list)


# 수식 검사를 한 번의 왕복으로: 첫 수식을 화면에 들여와(화면 밖은 content-visibility로 자리만 잡혀 있다)
# 실제로 그린 크기를 재고, 글꼴과 개수, 본문에 $$ 가 남았는지(textContent: 화면 밖까지 그리게 하지 않는다) 본다
FORMULA_PROBE = """() => {
  const displays = document.querySelectorAll('.math-display .katex-display');
  const first = displays[0];
  first.scrollIntoView();
  const box = first.getBoundingClientRect();
  const glyph = first.querySelector('.katex-html .mord');
  return {
    count: displays.length,
    font: getComputedStyle(glyph).fontFamily,
    width: box.width,
    height: box.height,
    raw: document.querySelector('article').textContent.includes('$$'),
  };
}"""


def _formulas(page, expected: int) -> Formulas:
    seen = page.evaluate(FORMULA_PROBE)
    return Formulas(expected, seen["count"], seen["font"], seen["width"], seen["height"], seen["raw"])


def _watch(page, where: list[str], problems: list[str]) -> None:
    """page의 요청·콘솔·오류를 problems에 모은다. where[0]은 그 탭이 지금 연 페이지 (탭을 다시 쓰므로)."""

    def outside(request):
        if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith("data:"):
            problems.append(f"{where[0]}: 외부 요청 {request.url}")

    page.on("request", outside)
    page.on("console", lambda message: problems.append(f"{where[0]}: 콘솔 {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"{where[0]}: 페이지 오류 {error}"))
    page.on("response", lambda response: problems.append(f"{where[0]}: {response.status} {response.url}") if response.status >= 400 else None)


TABS_AT_ONCE = 4  # 한꺼번에 쓰는 탭 수: 탭마다 페이지를 차례로 열어 렌더러 프로세스를 다시 쓴다


def _visit_all(context, server: str, urls: list[str], problems: list[str], wait: str, watch: bool, inspect) -> None:
    """탭 TABS_AT_ONCE개가 페이지를 나눠 차례로 연다. 다 열린 페이지마다 inspect(url, 탭)를 부른다.
    watch면 요청·콘솔·오류를 problems에 모은다."""
    queue = list(urls)
    tabs = []
    for _ in range(min(TABS_AT_ONCE, len(queue))):
        page, where = context.new_page(), [""]
        if watch:
            _watch(page, where, problems)
        tabs.append((page, where))

    def open_next(page, where) -> bool:
        if not queue:
            return False
        where[0] = queue.pop(0)
        response = page.goto(server + "/" + where[0].lstrip("/"), wait_until="commit")
        if response is None or response.status != 200:
            problems.append(f"{where[0]}: 응답 {response and response.status}")
        return True

    busy = [(page, where) for page, where in tabs if open_next(page, where)]
    while busy:
        page, where = busy.pop(0)
        page.wait_for_load_state(wait)  # networkidle: 늦게 나가는 요청(검색 워커 등)까지 기다린다
        inspect(where[0], page)
        if open_next(page, where):
            busy.append((page, where))
    for page, _ in tabs:
        page.close()


def run_checks(site: Path, chromium: Path) -> Report:
    from playwright.sync_api import sync_playwright

    report = Report(pages=page_urls(site))
    expected = {url: (site / url.lstrip("/") / "index.html").read_text("utf-8").count('class="math-display"') for url in report.pages}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            # 검색 검사를 먼저: 진짜 색인으로 lunr 색인을 만드는 일(한 코어)이 다른 검사와 겹치도록 뒤로 미루지 않는다
            search = browser.new_context()
            page = search.new_page()
            page.on("request", lambda request: report.search_outside_requests.append(request.url)
                    if urlsplit(request.url).hostname != "127.0.0.1" else None)
            page.goto(server + "/", wait_until="networkidle")
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
            report.search_result = results.first.inner_text() if results.count() else ""
            search.close()

            with_js = browser.new_context()
            config = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["config"]
            empty_index = json.dumps({"config": config, "docs": []})
            with_js.route(SEARCH_INDEX, lambda route: route.fulfill(status=200, content_type="application/json", body=empty_index))

            def typeset_with_js(url, page):
                if expected[url]:
                    report.formulas_with_js[url] = _formulas(page, expected[url])

            _visit_all(with_js, server, report.pages, report.problems, "networkidle", True, typeset_with_js)
            with_js.close()

            without_js = browser.new_context(java_script_enabled=False)
            most_formulas = max(report.pages, key=lambda url: expected[url])

            def typeset_without_js(url, page):
                report.formulas_without_js[url] = _formulas(page, expected[url])

            _visit_all(without_js, server, [most_formulas], report.problems, "load", False, typeset_without_js)
            without_js.close()

            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return report


class BackgroundBrowserChecks:
    """빌드(site_build)가 끝나면 뒤에서 run_checks를 돌린다. result()는 끝날 때까지 기다린다."""

    def __init__(self, build, chromium: Path):
        self.build, self.chromium = build, chromium
        self.report: Report | None = None
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            returncode, stderr = self.build.wait()
            if returncode != 0:
                self.error = f"사이트 빌드가 실패했다:\n{stderr}"
                return
            self.report = run_checks(self.build.site, self.chromium)
        except Exception:
            self.error = traceback.format_exc()

    def result(self, timeout: float = 600) -> Report:
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise TimeoutError("브라우저 검사가 끝나지 않았다")
        if self.error is not None:
            raise RuntimeError(self.error)
        return self.report
