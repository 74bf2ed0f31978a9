"""페이지의 무게: 처음 방문한 독자의 브라우저가 받는 바이트와 요청 수, DOMContentLoaded까지의 시간.

브라우저 검사(tests/browser_weight.py)와 벤치마크(scripts/benchmark.py)가 함께 쓴다. 받은 응답마다
GitHub Pages가 보내는 크기를 센다: 글(HTML, CSS, JavaScript, JSON, SVG)은 gzip으로 압축한 크기, 이미
압축된 형식(woff2, png 등)은 그대로.

- 처음 방문: TransferLog를 단 컨텍스트는 HTTP 캐시를 쓰지 않는다 (Playwright는 요청을 가로채는 동안
  캐시를 끈다). 그래서 탭을 다시 써도 페이지마다 처음 방문처럼 모든 것을 받는다. 페이지를 열고
  네트워크가 잠잠해질 때까지 받은 것이 그 페이지의 무게다. 목표 BUDGET_BYTES는 이것에 건다.
- 페이지 전체(벤치마크만): 화면 밖(content-visibility로 미뤄 둔 부분)까지 모두 그리고 숨기지 않은 그림을
  모두 받은 뒤까지의 합. 페이지를 끝까지 읽는 독자가 받는 양이다.
- DOMContentLoaded와 첫 글자: 가로채기 없는 새 컨텍스트에서 연 domContentLoadedEventEnd, 그리고 독자가 처음
  글자를 보는 때(first-contentful-paint) (load_timings). 긴 페이지는 Material이 DOMContentLoaded 전에
  시작하는 일(200 ms 남짓) 때문에 글자가 먼저 보이고 DOMContentLoaded가 뒤에 온다.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET_BYTES = 300 * 1024  # 처음 방문의 압축 전송량 목표 (페이지 하나)
# 웹 서버가 다시 압축하지 않는 형식 (GitHub Pages는 이 형식을 받은 그대로 보낸다)
ALREADY_COMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".gz")

# 지금까지 페이지가 끝낸 요청 수 (문서 자신 포함)
FINISHED_REQUESTS = "() => performance.getEntriesByType('resource').length + 1"
NAVIGATION = """() => {
  const entry = performance.getEntriesByType('navigation')[0];
  return {dcl: entry.domContentLoadedEventEnd, elements: document.getElementsByTagName('*').length};
}"""
# 첫 글자를 그린 때: load 뒤에도 아직 기록되지 않았을 수 있어(첫 그리기가 load보다 늦을 때) 기록될 때까지 기다린다
# (3초 안에 없으면 null)
FIRST_PAINT = """() => new Promise((done) => {
  const entry = () => performance.getEntriesByName('first-contentful-paint')[0];
  if (entry()) return done(entry().startTime);
  new PerformanceObserver(() => { if (entry()) done(entry().startTime); }).observe({type: 'paint', buffered: true});
  setTimeout(() => done(null), 3000);
})"""
# 화면 밖에 미뤄 둔 부분(extra.css의 content-visibility: auto)까지 모두 그리게 하는 스타일 (접근성 검사도 쓴다)
SHOW_DEFERRED_CSS = "* { content-visibility: visible !important; }"
# 페이지를 끝까지 읽은 것처럼: 미뤄 둔 부분을 모두 그리고, 보이는 그림을 모두 받게 한 뒤 글꼴과 그림이
# 다 올 때까지 기다린다
RENDER_EVERYTHING = """async () => {
  const style = document.createElement('style');
  style.textContent = '%s';
  document.head.append(style);
  const shown = [...document.images].filter((image) => image.checkVisibility());
  for (const image of shown) image.loading = 'eager';
  document.body.getBoundingClientRect();
  await document.fonts.ready;
  await Promise.all(shown.map((image) => image.decode().catch(() => null)));
}""" % SHOW_DEFERRED_CSS


def transfer_size(url: str, body: bytes) -> int:
    """응답 하나가 전송되는 크기: 이미 압축된 형식은 그대로, 나머지는 gzip(수준 6, 웹 서버의 흔한 기본값)."""
    if urlsplit(url).path.lower().endswith(ALREADY_COMPRESSED):
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


@dataclass(frozen=True)
class Transfer:
    path: str  # 사이트 안의 경로 (질의 문자열 포함)
    raw: int
    compressed: int


def total_compressed(transfers: list[Transfer]) -> int:
    return sum(transfer.compressed for transfer in transfers)


@dataclass
class PageWeight:
    page: str
    transfers: list[Transfer] = field(default_factory=list)  # 페이지를 열고 네트워크가 잠잠해질 때까지
    whole_page: list[Transfer] = field(default_factory=list)  # 끝까지 그린 뒤까지 (transfers 포함, 벤치마크만)
    elements: int = 0

    @property
    def compressed(self) -> int:
        return total_compressed(self.transfers)

    @property
    def raw(self) -> int:
        return sum(transfer.raw for transfer in self.transfers)

    @property
    def requests(self) -> int:
        return len(self.transfers)

    def paths(self) -> list[str]:
        return [transfer.path for transfer in self.transfers]

    def heaviest(self, count: int = 5) -> list[Transfer]:
        return sorted(self.transfers, key=lambda transfer: -transfer.compressed)[:count]


def _tab_of(request):
    """요청을 낸 탭 (워커 안에서 낸 요청처럼 프레임이 없으면 None)."""
    try:
        return request.frame.page
    except Exception:  # playwright Error: 서비스 워커의 요청에는 프레임이 없다
        return None


class SiteFiles:
    """빌드된 사이트의 파일 크기: 루프백 서버가 보내는 것은 이 파일들 그대로다. 페이지마다 다시 받는 공용
    파일(번들, 스타일시트, 글꼴)은 한 번만 압축해 본다."""

    def __init__(self, site: Path):
        self.site = site
        self._sizes: dict[str, tuple[int, int]] = {}

    def file(self, path: str) -> Path | None:
        """사이트 안의 경로(질의 문자열 포함)가 가리키는 파일 (디렉터리 주소는 그 index.html)."""
        relative = unquote(urlsplit(path).path).lstrip("/")
        candidate = self.site / relative / "index.html" if relative.endswith("/") or not relative else self.site / relative
        return candidate if candidate.is_file() else None

    def transfer(self, path: str, body) -> Transfer:
        """path의 전송 크기. 사이트에 없는 파일(오류 응답 등)은 body()가 돌려주는 응답 본문을 잰다."""
        file = self.file(path)
        if file is None:
            content = body()
            return Transfer(path, len(content), transfer_size(path, content))
        key = file.as_posix()
        if key not in self._sizes:
            content = file.read_bytes()
            self._sizes[key] = (len(content), transfer_size(path, content))
        return Transfer(path, *self._sizes[key])


class TransferLog:
    """context의 탭마다 끝난 요청을 모은다. 다는 순간부터 그 컨텍스트는 HTTP 캐시를 쓰지 않는다.
    server는 site(빌드된 사이트)를 그대로 보내는 루프백 서버다."""

    def __init__(self, context, server: str, site: Path):
        self.server = server
        self.files = SiteFiles(site)
        self.finished: dict = {}  # 탭 → 끝난 요청들
        self.failed: dict = {}  # 탭 → 실패하거나 취소된 요청들 (무게에 넣지 않는다)
        context.route("**/*", lambda route: route.continue_())
        context.on("requestfinished", lambda request: self.finished.setdefault(_tab_of(request), []).append(request))
        context.on("requestfailed", lambda request: self.failed.setdefault(_tab_of(request), []).append(request))

    def _settle(self, tab, patience_ms: int = 2000) -> None:
        """브라우저가 끝낸 요청의 알림이 모두 Python에 닿을 때까지 (길어야 patience_ms) 기다린다."""
        done = tab.evaluate(FINISHED_REQUESTS)
        for _ in range(patience_ms // 20):
            if len(self.finished.get(tab, [])) + len(self.failed.get(tab, [])) >= done:
                return
            tab.wait_for_timeout(20)

    def paths(self, tab) -> list[str]:
        """tab이 지금 연 페이지가 지금까지 끝낸 요청의 경로들."""
        return [request.url.removeprefix(self.server) for request in self.finished.get(tab, [])]

    def forget(self, tab) -> None:
        """tab의 기록을 비운다: 그 탭이 다음에 여는 페이지는 새로 센다."""
        self.finished.pop(tab, None)
        self.failed.pop(tab, None)

    def transfers(self, tab) -> list[Transfer]:
        """tab이 지금 연 페이지가 받은 것 (모두 받은 뒤에 부른다)."""
        self._settle(tab)
        found = []
        for request in self.finished.get(tab, []):
            response = request.response()
            if response is None or not request.url.startswith(self.server):
                continue
            found.append(self.files.transfer(request.url.removeprefix(self.server), response.body))
        return found

    def weigh(self, page: str, tab, whole_page: bool = False) -> PageWeight:
        """tab이 연 page의 무게. 다음 페이지를 열기 전에 부르고, 그 탭의 기록을 비운다."""
        weight = PageWeight(page, self.transfers(tab), elements=tab.evaluate(NAVIGATION)["elements"])
        if whole_page:
            tab.evaluate(RENDER_EVERYTHING)
            weight.whole_page = self.transfers(tab)
        self.forget(tab)
        return weight


def load_timings(browser, url: str) -> tuple[float, float]:
    """캐시가 빈 새 컨텍스트에서 url을 열 때의 domContentLoadedEventEnd와 first-contentful-paint (밀리초)."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(url, wait_until="load")
        dcl, fcp = tab.evaluate(NAVIGATION)["dcl"], tab.evaluate(FIRST_PAINT)
        if fcp is None:
            raise RuntimeError(f"{url}: 열고 3초가 지나도 first-contentful-paint가 없다 (그린 글자가 없다)")
        return dcl, fcp
    finally:
        context.close()
