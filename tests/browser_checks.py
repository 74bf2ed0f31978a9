"""빌드가 끝나는 대로 뒤에서 헤드리스 Chromium으로 사이트를 연다 (판정은 tests/test_browser*.py).

브라우저 검사는 페이지마다 무겁다 (수식 수백 개, 코드 블록 수십 개). 빌드가 끝나면 곧바로 스레드들이
사이트를 루프백에서 띄우고 Chromium으로 검사를 돌린다. 그동안 pytest는 다른 테스트를 돈다.
테스트는 이 스레드가 모은 기록을 읽어 판정할 뿐이다. Playwright는 검사 스레드마다 따로 띄운다.

검사는 분야마다 모듈 하나다: ``tests/browser_<분야>.py`` 는 ``ORDER`` (작을수록 먼저)와
``run(browsing) -> 기록`` 을, 또는 모든 페이지를 함께 여는 분야라면 ``start``/``inspect``/``finish`` 를
둔다 (``tour``). 이 파일은 그 모듈들을 찾아 두 줄(스레드)로 나눠 ``ORDER`` 순으로 돌리고, 기록을
``Report.areas[분야]`` 에 담는다. 한 분야가 예외로 끝나도 다른 분야는 돈다 (그 분야의 테스트가
``Report.area()`` 에서 예외를 보고 실패한다). 판정은 ``tests/test_browser_<분야>.py`` 가 한다.
"""

from __future__ import annotations

import importlib
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from docsite.browser import CHROMIUM_ARGS, page_urls, serve

TESTS = Path(__file__).resolve().parent
SEARCH_INDEX = "**/search/search_index.json"
# 보이는 테마 단추(다른 테마로 바꾸는 쪽)를 누른다
TOGGLE_SCHEME = """() => [...document.querySelectorAll('[data-md-component=palette] label')].find((label) => !label.hidden).click()"""
TABS_AT_ONCE = 4  # 한꺼번에 쓰는 탭 수: 탭마다 페이지를 차례로 열어 렌더러 프로세스를 다시 쓴다
# 분야는 두 줄로 나눠 동시에 돈다: 줄마다 스레드 하나와 Chromium 하나. 한 줄의 일은 거의 한 코어에서 돈다
# (검사하는 탭 하나의 렌더러). 페이지마다 한 번 열어 함께 재는 분야들(inspect를 둔 모듈: 페이지, 넓은 내용,
# 접근성)이 한 줄, 따로 여는 분야들(검색, 글꼴, 그림, 무게, 키보드: 새 컨텍스트나 다른 창 크기가 필요하다)이
# 다른 줄이다. 다른 줄이 남은 투어 페이지를 나눠 가지게 해 보았더니 Chromium 둘이 같은 페이지 종류를 여느라
# CPU를 더 써 (116 → 137 코어·초) 오히려 느려졌다
TOUR_VIEWPORT = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}  # 휴대전화 폭을 재는 분야들(넓은 내용, 그림)의 창
# mkdocs.yml의 palette: 테마 → Material이 body에 다는 data-md-color-scheme
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
# 검사하는 탭에서 색과 자리의 전환 효과를 끈다: 코어가 바쁘면 전환이 늦게 끝나, 테마를 바꾼 뒤의 링크 색이나 스크롤한
# 뒤의 자리가 검사하는 때에 아직 바뀌는 중이다 (접근성 검사, 스크롤 그림자의 픽셀)
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def is_outside(url: str) -> bool:
    """루프백 서버도 data: 도 아닌 곳으로 가는 요청인가."""
    return urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:"))


def watch(page, where: list[str], problems: list[str]) -> None:
    """page의 요청·콘솔·오류를 problems에 모은다. where[0]은 그 탭이 지금 연 페이지 (탭을 다시 쓰므로)."""
    page.on("request", lambda request: problems.append(f"{where[0]}: 외부 요청 {request.url}") if is_outside(request.url) else None)
    page.on("console", lambda message: problems.append(f"{where[0]}: 콘솔 {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"{where[0]}: 페이지 오류 {error}"))
    page.on("response", lambda response: problems.append(f"{where[0]}: {response.status} {response.url}") if response.status >= 400 else None)


@dataclass
class Browsing:
    """분야 검사가 받는 것: 띄운 브라우저, 루프백 서버 주소, 빌드된 사이트, 페이지 목록."""

    browser: object  # playwright.sync_api.Browser
    server: str
    site: Path
    pages: list[str]
    _html: dict[str, str] = field(default_factory=dict, repr=False)

    def url(self, page: str) -> str:
        return self.server + "/" + page.lstrip("/")

    def html(self, page: str) -> str:
        """빌드된 page의 HTML (분야마다 여러 번 묻는다: 한 번만 읽는다)."""
        if page not in self._html:
            self._html[page] = (self.site / page.lstrip("/") / "index.html").read_text("utf-8")
        return self._html[page]

    def stub_search_index(self, context, keep=lambda doc: False) -> None:
        """context의 검색 색인 요청에 keep(항목)이 참인 항목만 남긴 색인으로 답한다 (기본: 문서 없는 색인).
        탭마다 사이트 전체의 색인을 다시 만드는 일을 피한다 (진짜 색인은 검색 검사가 연다)."""
        import json

        index = json.loads((self.site / "search" / "search_index.json").read_text("utf-8"))
        index["docs"] = [doc for doc in index["docs"] if keep(doc)]
        body = json.dumps(index, ensure_ascii=False)
        context.route(SEARCH_INDEX, lambda route: route.fulfill(status=200, content_type="application/json", body=body))

    def toggle_scheme(self, tab) -> None:
        """머리글의 테마 단추로 밝은/어두운 테마를 바꾸고, 새 색이 자리 잡을 때까지 (Material이 전환 표시를 뗄
        때까지) 기다린다. 단추는 스크립트로 누른다: 마우스로 누르면 포인터가 단추 위에 남아 단추의 툴팁이
        서서히 나타나는 동안의 옅은 글자를 접근성 검사가 대비 위반으로 잡는다."""
        before = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        tab.evaluate(TOGGLE_SCHEME)
        tab.wait_for_function(
            "(before) => document.body.getAttribute('data-md-color-scheme') !== before"
            " && !document.body.hasAttribute('data-md-color-switching')",
            arg=before,
            polling=50,
        )

    def visit_all(self, context, urls, inspect, wait: str = "networkidle", problems: list[str] | None = None) -> None:
        """탭 TABS_AT_ONCE개가 urls를 나눠 차례로 연다. 다 열린 페이지마다 inspect(url, 탭)를 부른다.
        problems가 주어지면 요청·콘솔·오류와 200이 아닌 응답을 거기에 모은다."""
        queue = list(urls)
        tabs = []
        for _ in range(min(TABS_AT_ONCE, len(queue))):
            page, where = context.new_page(), [""]
            if problems is not None:
                watch(page, where, problems)
            tabs.append((page, where))

        def open_next(page, where) -> bool:
            if not queue:
                return False
            where[0] = queue.pop(0)
            response = page.goto(self.url(where[0]), wait_until="commit")
            if problems is not None and (response is None or response.status != 200):
                problems.append(f"{where[0]}: 응답 {response and response.status}")
            return True

        busy = [(page, where) for page, where in tabs if open_next(page, where)]
        while busy:
            page, where = busy.pop(0)
            # load 먼저: networkidle(요청 없이 0.5초)은 코어가 바빠 파서가 큰 페이지를 0.5초 넘게 읽는 동안에도 온다
            page.wait_for_load_state("load")
            page.wait_for_load_state(wait)  # networkidle: 늦게 나가는 요청(검색 워커 등)까지 기다린다
            # 검사하는 탭을 앞으로: 뒤에 있는 탭은 애니메이션 프레임과 타이머가 늦춰져, 프레임을 기다리는
            # 검사(테마 전환, ResizeObserver)가 몇 배 오래 걸린다 (접근성 검사가 170 초에서 85 초로)
            page.bring_to_front()
            inspect(where[0], page)
            if open_next(page, where):
                busy.append((page, where))
        for page, _ in tabs:
            page.close()


def area_modules() -> list:
    """tests/browser_<분야>.py 모듈들, ORDER 순."""
    modules = [importlib.import_module(path.stem) for path in sorted(TESTS.glob("browser_*.py")) if path.stem != "browser_checks"]
    return sorted(modules, key=lambda module: module.ORDER)


def area_name(module) -> str:
    return module.__name__.removeprefix("browser_")


@dataclass
class Report:
    pages: list[str] = field(default_factory=list)
    areas: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # 예외로 끝난 분야의 traceback
    seconds: dict[str, float] = field(default_factory=dict)  # 분야마다 걸린 시간

    def area(self, name: str):
        if name in self.errors:
            raise AssertionError(f"브라우저 검사 '{name}' 이 예외로 끝났다:\n{self.errors[name]}")
        if name not in self.areas:
            raise AssertionError(f"브라우저 검사 '{name}' 의 기록이 없다 (그 분야가 돌지 않았다)")
        return self.areas[name]


def lanes(modules: list) -> list[list]:
    """분야들을 두 줄로 나눈다: 따로 여는 분야들이 한 줄, 함께 도는 분야들(inspect를 둔 모듈)이 다른 줄 (줄 안에서는
    ORDER 순)."""
    return [[module for module in modules if not is_touring(module)], [module for module in modules if is_touring(module)]]


def is_touring(module) -> bool:
    return hasattr(module, "inspect")


def tour(browsing, modules: list, report: Report) -> None:
    """함께 도는 분야들: 페이지마다 한 번 열고 (JavaScript를 켜고, 늦은 요청까지 기다린다) 분야마다 ORDER 순으로
    inspect(browsing, 기록, 페이지, 탭)을 부른다. 큰 페이지는 여는 일만으로 1초 남짓의 CPU를 쓰므로 분야마다
    따로 열지 않는다. 앞의 분야들은 재는 동안 스크롤, 창 너비, 넣은 스타일만 바꾸고 (다음 분야가 되돌린다),
    마지막 분야(접근성)가 검사를 위해 페이지 내용을 바꾼다. 모듈은 start(browsing, problems) -> 기록 (problems:
    여는 동안의 요청·콘솔·오류), inspect, 고를 수 있는 finish(browsing, 기록) (모든 페이지를 본 뒤의 일)를 둔다.
    한 분야가 예외로 끝나면 그 분야만 멈춘다 (report.errors): 다른 분야는 나머지 페이지를 계속 잰다."""
    problems: list[str] = []
    records = {area_name(module): module.start(browsing, problems) for module in modules}
    alive = list(modules)
    context = browsing.browser.new_context(viewport=TOUR_VIEWPORT)
    browsing.stub_search_index(context)

    def fail(module) -> None:
        report.errors[area_name(module)] = traceback.format_exc()
        if module in alive:
            alive.remove(module)

    def inspect(url, tab):
        for module in list(alive):
            try:
                module.inspect(browsing, records[area_name(module)], url, tab)
            except Exception:
                fail(module)

    browsing.visit_all(context, browsing.pages, inspect, problems=problems)
    context.close()
    for module in list(alive):
        try:
            if hasattr(module, "finish"):
                module.finish(browsing, records[area_name(module)])
        except Exception:
            fail(module)
    report.areas.update({area_name(module): records[area_name(module)] for module in alive})


def _run_lane(modules: list, site: Path, chromium: Path, server: str, report: Report) -> None:
    """한 줄: 자기 Playwright와 Chromium으로 modules를 차례로 돈다 (Playwright의 동기 API는 스레드마다 따로).
    함께 도는 분야들은 한꺼번에 (tour) 돌고, 걸린 시간도 하나로 적는다. Chromium이 뜨지 않는 것처럼 줄 전체가
    예외로 끝나면 그 줄의 분야마다 까닭을 남긴다."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            browsing = Browsing(browser, server, site, report.pages)
            touring = [module for module in modules if is_touring(module)]
            steps = [(module,) for module in modules if not is_touring(module)] + ([tuple(touring)] if touring else [])
            for step in steps:
                names = "+".join(area_name(module) for module in step)
                start = time.perf_counter()
                try:
                    if is_touring(step[0]):
                        tour(browsing, list(step), report)
                    else:
                        report.areas[names] = step[0].run(browsing)
                except Exception:
                    for module in step:
                        report.errors.setdefault(area_name(module), traceback.format_exc())
                report.seconds[names] = time.perf_counter() - start
            browser.close()
    except Exception:
        for module in modules:
            report.errors.setdefault(area_name(module), traceback.format_exc())


def run_checks(site: Path, chromium: Path) -> Report:
    report = Report(pages=page_urls(site))
    with serve(site) as server:
        threads = [
            threading.Thread(target=_run_lane, args=(modules, site, chromium, server, report), daemon=True)
            for modules in lanes(area_modules())
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
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
