"""빌드된 사이트를 루프백에서 띄워 헤드리스 Chromium으로 모든 페이지를 연다.

- 다른 호스트로 가는 요청이 하나도 없어야 하고,
- 콘솔 오류나 페이지 오류가 없어야 하며,
- JavaScript를 꺼도 수식이 조판돼 보여야 한다.

Chromium(기본 /usr/bin/chromium, 환경 변수 CHROMIUM으로 바꿀 수 있다)이 없으면 건너뛴다.
CI(CI=true)에서는 건너뛰지 않고 실패한다.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI에는 {CHROMIUM} 가 있어야 한다 (.ci/run 이 설치한다)", pytrace=False)
    pytest.skip(f"{CHROMIUM} 가 없다 (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def page_urls(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).parent.as_posix().removeprefix(".") + "/"
        for path in site.rglob("index.html")
    )


def test_every_page_loads_only_from_loopback_without_errors(browser, server, built_site):
    context = browser.new_context()
    problems: list[str] = []
    tabs = []
    for url_path in page_urls(built_site):  # 모든 페이지를 탭마다 한꺼번에 연다
        page = context.new_page()
        page.on("request", lambda request, where=url_path: problems.append(f"{where}: 외부 요청 {request.url}")
                if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith("data:")
                else None)
        page.on("console", lambda message, where=url_path: problems.append(f"{where}: 콘솔 {message.type}: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error, where=url_path: problems.append(f"{where}: 페이지 오류 {error}"))
        page.on("response", lambda response, where=url_path: problems.append(f"{where}: {response.status} {response.url}")
                if response.status >= 400 else None)
        response = page.goto(server + "/" + url_path.lstrip("/"), wait_until="commit")
        assert response is not None and response.status == 200, url_path
        tabs.append(page)
    for page in tabs:  # 늦게 나가는 요청(검색 워커 등)까지 기다린다
        page.wait_for_load_state("networkidle")
    context.close()
    assert len(tabs) >= 8
    assert not problems, "\n".join(problems)


def test_search_works_offline(browser, server):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).hostname != "127.0.0.1" else None)
    page.goto(server + "/", wait_until="networkidle")
    query = page.locator("input[data-md-component=search-query]")
    results = page.locator(".md-search-result__item")
    query.fill("손실")
    for attempt in range(40):  # 최대 10초
        if results.count():
            break
        if attempt % 4 == 3:
            # 검색 워커가 색인을 읽기 전에 친 검색어는 버려진다: 입력을 한 번 더 일으킨다
            query.press("Space")
            query.press("Backspace")
        page.wait_for_timeout(250)
    assert "손실" in results.first.inner_text()
    context.close()
    assert not outside


def test_formulas_are_typeset_with_javascript_off(browser, server, built_site):
    context = browser.new_context(java_script_enabled=False)
    checked = 0
    for url_path in page_urls(built_site):
        html = (built_site / url_path.lstrip("/") / "index.html").read_text("utf-8")
        expected = html.count('class="math-display"')
        if expected == 0:
            continue
        page = context.new_page()
        page.goto(server + "/" + url_path.lstrip("/"))
        displays = page.locator(".math-display .katex-display")
        assert displays.count() == expected, url_path
        # 조판된 수식은 KaTeX 글꼴로 그려지고 실제 크기를 가진다
        box = displays.first.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        font = displays.first.locator(".katex-html .mord").first.evaluate("e => getComputedStyle(e).fontFamily")
        assert "KaTeX" in font
        assert "$$" not in page.inner_text("article")
        page.close()
        checked += 1
    context.close()
    assert checked > 0
