"""그림 검사: 그림이 있는 페이지마다 휴대전화 폭(390×844)에서 밝은 테마와 어두운 테마로 잰다
(판정은 tests/test_browser_figures.py). 페이지는 한 번씩만 연다: 절반은 밝은 테마, 절반은 어두운 테마를
고른 브라우저에서 열고, 잰 뒤 Material의 테마 단추로 다른 테마로 바꿔 다시 잰다.

페이지의 그림은 테마마다 한 장씩 두 장이고(docsite.figures.scheme_images), Material이 다른 테마의 그림을
감춘다. 보이는 그림마다 화면에 들여와 내려받기를 기다린 뒤 그려진 너비를 재고, 브라우저가 읽은 그림을
그려진 크기로 캔버스에 그려 페이지 바탕 위에 얹었을 때 가장 많은 색(그림의 바탕으로 보이는 색)을 센다 (화면을
찍는 것보다 훨씬 싸다). 그림 파일(SVG)에서는 가장 작은 글자 크기와 글자 색을 읽는다 (docsite.figures.svg_text:
글자는 경로이고 크기는 SVG 단위로 적혀 있다). 페이지를 연 동안 내려받은 그림 파일도 모은다: 감춰진 테마의
그림은 내려받지 않아야 한다.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from browser_checks import MATERIAL_SCHEME, PHONE
from docsite.figures import contrast_ratio, svg_text

ORDER = 40
SCHEMES = tuple(MATERIAL_SCHEME)  # light, dark
FIGURE_IMAGES = 'article img[src*="figures/"]'
FIGURE_SOURCE = r'<img [^>]*src="[^"]*figures/(\w+)\.svg#only-light"'
# 문서마다 따로인 localStorage: Material은 테마 단추로 고른 테마를 localStorage에 적어 두고 다음 페이지를 그
# 테마로 연다. 한 컨텍스트의 탭들은 저장소를 나눠 쓰므로, 한 탭이 테마를 바꾸는 사이에 다른 탭이 페이지를 열면
# 그 테마를 물려받는다 (코어가 바쁠 때 '밝은 테마로 연 페이지'가 어두운 테마로 열렸다). 페이지마다 브라우저의
# 색 구성(color_scheme)대로 열리게 탭 사이에 저장소를 나누지 않는다
PRIVATE_STORAGE = """(() => {
  const memory = new Map();
  const storage = {
    getItem: (key) => (memory.has(key) ? memory.get(key) : null),
    setItem: (key, value) => memory.set(key, String(value)),
    removeItem: (key) => memory.delete(key),
    clear: () => memory.clear(),
    key: (index) => [...memory.keys()][index] ?? null,
    get length() { return memory.size; },
  };
  Object.defineProperty(window, 'localStorage', {value: storage, configurable: true});
})()"""

# 한 번의 왕복으로: Material의 테마(scheme)가 될 때까지 기다린 뒤, 그림마다 보이는지, 보이면 화면에 들여와 내려받기를 기다리고(loading=lazy) 너비를 잰다
MEASURE = """async ([selector, scheme]) => {
  for (let waited = 0; document.body.dataset.mdColorScheme !== scheme && waited < 2000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));  // 테마 단추를 누른 뒤 테마가 바뀔 때까지
  }
  const loaded = (img) => new Promise((resolve) => {
    if (img.complete && img.naturalWidth > 0) return resolve(true);
    img.addEventListener('load', () => resolve(true), { once: true });
    img.addEventListener('error', () => resolve(false), { once: true });
    setTimeout(() => resolve(false), 5000);
  });
  const background = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number);
  const backdrop = (img, box) => {  // 그림을 페이지 바탕 위에 얹었을 때 가장 많은 색
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(box.width);
    canvas.height = Math.round(box.height);
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Map();  // 색 (r·65536 + g·256 + b) → 픽셀 수
    const over = (i, c, alpha) => Math.round(alpha * pixels[i + c] + (1 - alpha) * background[c]);
    for (let i = 0; i < pixels.length; i += 4) {
      const alpha = pixels[i + 3] / 255;
      const key = over(i, 0, alpha) * 65536 + over(i, 1, alpha) * 256 + over(i, 2, alpha);
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const most = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    return [most >> 16, (most >> 8) & 255, most & 255];
  };
  const images = [];
  for (const [index, img] of [...document.querySelectorAll(selector)].entries()) {
    const shown = getComputedStyle(img).display !== 'none';
    const found = { index, path: new URL(img.src).pathname, shown, loaded: false, width: 0, backdrop: null };
    if (shown) {
      img.scrollIntoView({ block: 'center' });
      found.loaded = await loaded(img);
      const box = img.getBoundingClientRect();
      found.width = box.width;
      if (found.loaded) found.backdrop = backdrop(img, box);
    }
    images.push(found);
  }
  return { images, scheme: document.body.dataset.mdColorScheme, background };
}"""


@dataclass
class ShownFigure:
    page: str
    scheme: str  # 연 테마 (light, dark)
    path: str  # 사이트 안의 그림 파일 (figures/<이름>.svg, figures/<이름>-dark.svg)
    loaded: bool
    width: float  # 그려진 너비 (CSS px)
    text_px: float  # 가장 작은 본 글자 (CSS px)
    script_px: float  # 가장 작은 위·아래 첨자 (CSS px)
    text_contrast: float  # 글자 색 가운데 페이지 바탕과 명암비가 가장 낮은 것
    backdrop: tuple[int, int, int] | None  # 그림을 페이지 바탕에 얹었을 때 가장 많은 색 (내려받지 못했으면 None)
    page_background: tuple[int, int, int]


@dataclass
class FiguresRecord:
    color_scheme: dict[tuple[str, str], str] = field(default_factory=dict)  # (페이지, 테마) → Material의 data-md-color-scheme
    figures: dict[str, int] = field(default_factory=dict)  # 페이지 → 빌드된 HTML의 그림 수 (밝은 테마 그림의 수)
    opened_in: dict[str, str] = field(default_factory=dict)  # 페이지 → 처음 연 테마 (브라우저가 고른 색 구성)
    shown: list[ShownFigure] = field(default_factory=list)
    hidden: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (페이지, 테마) → 감춰진 그림 파일
    stems: set[str] = field(default_factory=set)  # 그림을 싣는 페이지들이 보이는 그림의 이름들
    requested: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (페이지, 테마) → 그 테마로 보는 동안 내려받은 그림 파일


def site_path(pathname: str) -> str:
    """'/figures/losses.svg' → 'figures/losses.svg'."""
    return pathname.lstrip("/")


def run(browsing) -> FiguresRecord:
    record = FiguresRecord()
    # 그림을 싣는 페이지: 밝은 테마의 그림(img)이 하나라도 있는 곳 (글에서 figures/ 폴더를 말하는 페이지는 빼고)
    shown = {url: re.findall(FIGURE_SOURCE, browsing.html(url)) for url in browsing.pages}
    pages = [url for url in browsing.pages if shown[url]]
    for url in pages:
        record.figures[url] = len(shown[url])
        record.stems.update(shown[url])
    # 페이지마다 한 번만 연다: 절반은 밝은 테마, 절반은 어두운 테마의 브라우저에서 열어 재고, Material의 테마
    # 단추로 바꿔 다시 잰다 (처음 열 때 두 테마를 다 거치고, 바꿀 때 새 테마의 그림만 받는지도 본다)
    for first, opened in zip(SCHEMES, (pages[::2], pages[1::2])):
        context = browsing.browser.new_context(viewport=PHONE, color_scheme=first)
        context.add_init_script(PRIVATE_STORAGE)  # 다른 탭이 단추로 고른 테마를 물려받지 않게
        browsing.stub_search_index(context)
        requests: list[tuple[str, str]] = []  # (요청한 문서, 그림 파일)
        # 그림 파일(SVG)만: 대화형 그림의 자료(figures/<이름>.json)는 테마와 상관없이 받는다 (tests/browser_interactive.py)
        context.on("request", lambda request: requests.append((request.frame.url, request.url))
                   if "/figures/" in request.url and urlsplit(request.url).path.endswith(".svg") else None)

        def inspect(url, page, first=first, requests=requests):
            def downloaded() -> list[str]:
                return [site_path(urlsplit(figure).path) for document, figure in requests if urlsplit(document).path.lstrip("/") == url]

            second = SCHEMES[1 - SCHEMES.index(first)]
            record.opened_in[url] = first
            _measure(browsing, record, url, first, page.evaluate(MEASURE, [FIGURE_IMAGES, MATERIAL_SCHEME[first]]))
            before = downloaded()
            record.requested[(url, first)] = before
            browsing.toggle_scheme(page)
            _measure(browsing, record, url, second, page.evaluate(MEASURE, [FIGURE_IMAGES, MATERIAL_SCHEME[second]]))
            record.requested[(url, second)] = downloaded()[len(before):]

        # load까지 (visit_all은 늘 load를 기다린다): 그림은 MEASURE가 화면에 들여와 내려받기를 기다린다
        browsing.visit_all(context, opened, inspect, wait="load")
        context.close()
    return record


def _measure(browsing, record, url, scheme, seen) -> None:
    record.color_scheme[(url, scheme)] = seen["scheme"]
    record.hidden[(url, scheme)] = [site_path(image["path"]) for image in seen["images"] if not image["shown"]]
    for image in seen["images"]:
        if image["shown"]:
            record.shown.append(_shown(browsing, url, scheme, image, tuple(seen["background"])))


def _shown(browsing, url, scheme, image, background) -> ShownFigure:
    path = site_path(image["path"])
    text = svg_text((browsing.site / path).read_bytes())
    text_px, script_px = text.smallest_px(image["width"]) if image["width"] > 0 else (0.0, 0.0)
    contrast = min(contrast_ratio(fill, tuple(channel / 255 for channel in background)) for fill in text.fills)
    backdrop = tuple(image["backdrop"]) if image["backdrop"] else None
    return ShownFigure(url, scheme, path, image["loaded"], image["width"], text_px, script_px, contrast, backdrop, background)
