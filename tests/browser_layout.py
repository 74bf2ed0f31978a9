"""넓은 내용 검사: 모든 페이지를 데스크톱 폭(1280×900)과 휴대전화 폭(390×844)으로 놓고 디스플레이 수식
(``.math-display``), 코드 블록(``pre > code``), 표(``.md-typeset__scrollwrap`` 과 그 안의 ``table`` 가운데
실제로 스크롤하는 쪽)마다 가려진 폭(scrollWidth − clientWidth), 가로로 스크롤되는지, 스크롤 신호(extra.css의
스크롤 그림자)가 붙었는지, Tab으로 닿는지(tabIndex, 판정은 tests/test_browser_a11y.py) 잰다.

extra.css는 화면 밖의 블록에 ``content-visibility: auto`` 를 걸어 두어, 화면 밖 블록은 레이아웃을
하지 않고 자리만 잡는다. 독자가 그 블록까지 스크롤하면 보통대로 그려지므로, 재기 전에 잴 블록(과 그것을
담은 본문 블록)에서만 그 규칙을 끄는 스타일을 넣고 새로 부른 글꼴이 다 올 때까지 기다린다 (그려진 모습은
스크롤해 닿았을 때와 같다).

스크롤 신호가 실제로 보이는지는 휴대전화 폭에서 종류마다 블록 하나의 픽셀로 본다. 블록의 글자·선·그림을
투명하게 하고 (배경은 그대로: 안쪽 요소의 배경이 그림자를 덮으면 독자에게도 안 보인다) 오른쪽 끝 띠를
찍은 뒤, 끝까지 스크롤해 다시 찍는다. 가려진 내용이 있을 때만 띠가 배경과 달라야 한다. 밝은 구성과
어두운 구성에서 한 번씩 찍는다. 저절로 넘치는 블록이 없는 종류(수식을 다 줄로 나누면 그렇다)는 가장
넓은 블록에 상자 폭 두 배의 빈 칸을 넣어 넘치게 한 뒤 찍는다.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from browser_checks import MATERIAL_SCHEME, NO_TRANSITIONS, PHONE
from docsite.weight import RENDER_EVERYTHING as DRAW_WHOLE_PAGE

ORDER = 30
DESKTOP = {"width": 1280, "height": 900}
KINDS = ("formula", "code", "table")
SCHEMES = tuple(MATERIAL_SCHEME.values())  # Material의 밝은 구성과 어두운 구성
EDGE = 10  # 스크롤 신호를 찍는 띠의 폭 (CSS px)
SAMPLE_HIDDEN = 24  # 픽셀로 볼 블록은 이만큼은 가려져 있어야 한다 (그림자 폭 0.6rem = 12 px의 두 배)

# 잴 블록과 그것을 담은 본문 블록만 content-visibility: auto 를 끈다: 화면 밖 블록도 스크롤해 닿았을 때처럼
# 그린다. 나머지 문단은 자리만 잡은 채 둔다 (블록의 폭은 형제 블록과 상관없이 본문 폭으로 정해진다). 본문 전체를
# 그리면 인라인 수식이 수천 개인 페이지에서 몇 배 느리다
LAYOUT_BLOCKS = """
.md-typeset > :is(.math-display, .highlight, .md-typeset__scrollwrap),
.md-typeset > :has(.math-display, pre, table) { content-visibility: visible !important; }
"""

# 종류마다 잴 상자들. 표는 감싼 상자와 표 가운데 더 넘치는 쪽이 독자가 스크롤하는 상자다
BLOCKS = """
  const article = document.querySelector('article');
  const hiddenWidth = (el) => el.scrollWidth - el.clientWidth;
  const scroller = (wrap) => {
    const table = wrap.querySelector('table');
    return table && hiddenWidth(table) > hiddenWidth(wrap) ? table : wrap;
  };
  const blocks = (kind) => ({
    formula: () => [...article.querySelectorAll('.math-display')],
    code: () => [...article.querySelectorAll('pre > code')],
    table: () => [...article.querySelectorAll('.md-typeset__scrollwrap')].map(scroller),
  })[kind]();
"""

# 한 번의 왕복으로 kinds의 블록을 모두 잰다
MEASURE = (
    """async (kinds) => {"""
    + BLOCKS
    + """
  // 새로 그린 블록이 부른 글꼴(KaTeX의 기울임꼴 등)이 다 온 뒤에 잰다: 그 전에는 대체 글꼴의 폭이다
  document.body.offsetHeight;
  await document.fonts.ready;
  // 넘치는 상자의 Tab 자리는 scroll-focus.js가 ResizeObserver로 정한다: 두 프레임 뒤에 읽는다
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const cue = (style) => style.backgroundImage.includes('gradient') && style.backgroundAttachment.includes('local');
  const label = (kind, el) => {
    const tex = kind === 'formula' && el.querySelector('annotation[encoding="application/x-tex"]');
    return (tex || el).textContent.trim().slice(0, 60);
  };
  return kinds.flatMap((kind) => blocks(kind).map((el) => {
    const style = getComputedStyle(el);
    return {
      kind, label: label(kind, el), hidden: hiddenWidth(el), cue: cue(style),
      scrolls: ['auto', 'scroll'].includes(style.overflowX), shown: el.checkVisibility(), tab_index: el.tabIndex,
    };
  }));
}"""
)

# 보이는 kind 블록 가운데 가장 넓은 것에 표시를 하고 (덜 넘치면 상자 폭 두 배의 빈 칸을 넣는다) 글자·선·
# 그림을 투명하게 한다. 돌려주는 것: 그 블록이 저절로 넘쳤는가 (보이는 블록이 없으면 null)
PREPARE_CUE = (
    """([kind, enough]) => {"""
    + BLOCKS
    + """
  const widest = blocks(kind).filter((el) => el.checkVisibility()).sort((a, b) => hiddenWidth(b) - hiddenWidth(a))[0];
  if (!widest) return null;
  const natural = hiddenWidth(widest) >= enough;
  if (!natural) {
    const spacer = document.createElement('span');
    spacer.style.cssText = `display: inline-block; width: ${2 * widest.clientWidth}px; height: 1px`;
    // 표는 칸 안에 넣어 표 자체를 넓힌다 (저절로 넘치는 표처럼): 감싼 상자에 넣으면 상자 폭 그대로인 표의
    // 덮개(표에도 붙은 스크롤 그림자의 배경)가 상자의 그림자를 가린다
    (widest.querySelector('th, td') || widest).append(spacer);
  }
  widest.setAttribute('data-layout-probe', kind);
  for (const el of [widest, ...widest.querySelectorAll('*')]) {
    el.style.color = 'transparent';
    el.style.borderColor = 'transparent';
    if (el instanceof SVGElement || el.tagName === 'IMG') el.style.visibility = 'hidden';
  }
  return natural;
}"""
)

# 블록 안쪽(테두리와 스크롤 막대를 뺀 자리) 가운데 화면에 든 부분(머리글과 그 그림자 아래)의 세로 띠 (뷰포트
# 좌표). at = 1이면 오른쪽 끝, 0.5면 가운데 (그림자도 덮개도 닿지 않는 배경)
STRIP = """(el, [edge, at]) => {
  const rect = el.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const top = Math.max(rect.top + el.clientTop + 2, header + 16);
  const bottom = Math.min(rect.top + el.clientTop + el.clientHeight - 2, innerHeight);
  const x = rect.left + el.clientLeft + (el.clientWidth - edge) * at;
  // 화면 안으로 (블록이 그새 밀렸어도 찍을 자리가 화면 밖이 되지 않게: 그러면 스크린숏이 실패한다)
  const y = Math.min(Math.max(top, 0), innerHeight - 1);
  return {x: Math.min(Math.max(x, 0), innerWidth - edge), y, width: edge, height: Math.max(Math.min(bottom, innerHeight) - y, 1)};
}"""


@dataclass
class Box:
    kind: str  # formula, code, table
    label: str  # 수식의 TeX 앞부분, 코드·표의 글 앞부분
    hidden: int  # 가려진 폭 (CSS px)
    cue: bool  # 스크롤 그림자가 붙었는가
    scrolls: bool  # 가로로 스크롤되는가 (overflow-x: auto 또는 scroll)
    shown: bool  # 지금 보이는가 (접힌 상자나 고르지 않은 탭 안이면 아니다)
    tab_index: int  # 스크롤하는 상자의 tabIndex (0 이상이면 Tab으로 닿는다, 접근성 검사가 판정한다)


@dataclass
class CueSample:
    """블록 하나의 오른쪽 끝 띠가 배경과 다른 정도 (띠의 픽셀과 배경 밝기의 차 가운데 가장 큰 것, 0–255.
    배경은 블록 가운데 띠에서 가장 흔한 밝기): 처음(오른쪽에 가려진 내용이 있다)과 끝까지 스크롤한
    뒤(가려진 내용이 없다)."""

    page: str
    kind: str
    scheme: str
    natural: bool  # 저절로 넘친 블록인가 (아니면 내용을 늘려 넘치게 했다)
    hidden: int
    at_start: float
    at_end: float


@dataclass
class LayoutRecord:
    boxes: dict[str, dict[str, list[Box]]] = field(default_factory=dict)  # 폭(phone, desktop) → 페이지 → 블록들
    cues: list[CueSample] = field(default_factory=list)  # 휴대전화 폭에서 종류와 색 구성마다 하나

    def overflowing(self, width: str, kind: str | None = None, beyond: int = 1) -> list[tuple[str, Box]]:
        """이 폭에서 넘치는 (beyond px 넘게 가려진) 이 종류(None이면 모든 종류)의 블록들. 1 px 이하는 글꼴 크기의
        반올림이다."""
        return [
            (page, box)
            for page, boxes in self.boxes[width].items()
            for box in boxes
            if kind in (None, box.kind) and box.hidden > beyond
        ]

    def count(self, width: str, kind: str) -> int:
        return sum(box.kind == kind for boxes in self.boxes[width].values() for box in boxes)


def _strip(page, block, at: float) -> list[int]:
    """블록의 세로 띠에서 밝기 0–255마다 픽셀 수."""
    from PIL import Image

    png = page.screenshot(clip=block.evaluate(STRIP, [EDGE, at]), caret="initial")
    return Image.open(io.BytesIO(png)).convert("L").histogram()


def _contrast(strip: list[int], background: int) -> float:
    return float(max(abs(value - background) for value, count in enumerate(strip) if count))


def _cue_sample(page, url: str, kind: str, scheme: str, natural: bool) -> CueSample:
    block = page.locator(f'[data-layout-probe="{kind}"]')
    # 화면 밖의 문단은 content-visibility로 자리만 잡고 있다가 화면에 들어오면 그려져 제 높이가 된다. 그러면 블록이
    # 밀려나므로, 두 프레임씩 기다리며 다시 가운데로 스크롤해 자리가 굳은 뒤에 찍는다 (코어가 바쁘면 늦게 굳는다)
    block.evaluate(
        """async (el) => {
      const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      let top = null;
      for (let i = 0; i < 10 && top !== el.getBoundingClientRect().top; i++) {
        el.scrollIntoView({block: 'center'});
        top = el.getBoundingClientRect().top;
        await frames();
      }
      el.scrollLeft = 0;
    }"""
    )
    middle = _strip(page, block, 0.5)
    background = middle.index(max(middle))
    at_start = _contrast(_strip(page, block, 1), background)
    hidden = block.evaluate("(el) => { el.scrollLeft = el.scrollWidth; return el.scrollWidth - el.clientWidth; }")
    return CueSample(url, kind, scheme, natural, hidden, at_start, _contrast(_strip(page, block, 1), background))


def _sample_cues(page, url: str, kinds: list[str], record: LayoutRecord) -> None:
    """이 페이지에서 kinds마다 블록 하나를 두 색 구성에서 찍는다 (구성은 Material처럼 body의 속성으로
    바꾼다: 페이지 전체의 스타일을 다시 계산하므로 구성마다 한 번)."""
    # 찍는 동안 자리가 움직이지 않게: 화면 밖의 내용도 모두 그리고(content-visibility), 그림은 미리 받아 두고(늦게
    # 받은 그림이 제 높이가 되며 아래를 민다), 색의 전환 효과를 끈다. 코어가 바쁠 때 CI에서 블록이 밀려 그림자가 없는
    # 자리를 찍었다.
    page.add_style_tag(content=LAYOUT_BLOCKS + NO_TRANSITIONS)
    page.evaluate(DRAW_WHOLE_PAGE)  # 벤치마크가 끝까지 읽은 무게를 잴 때와 같이: 모두 그리고, 그림과 글꼴을 다 받는다
    natural = {kind: page.evaluate(PREPARE_CUE, [kind, SAMPLE_HIDDEN]) for kind in kinds}
    for scheme in SCHEMES:
        page.evaluate("(scheme) => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        record.cues.extend(_cue_sample(page, url, kind, scheme, natural[kind]) for kind in kinds if natural[kind] is not None)


def cue_pages(boxes: dict[str, list[Box]]) -> dict[str, list[str]]:
    """픽셀을 찍을 페이지 → 거기서 찍을 종류들. 세 종류가 모두 보이는 페이지 가운데 가장 가벼운 (잰 블록이 가장
    적은) 한 곳 (페이지를 한 번만 더 연다). 그런 페이지가 없으면 종류마다 그 종류가 보이는 가장 가벼운 곳."""

    def shows(url: str, kind: str) -> bool:
        return any(box.kind == kind and box.shown for box in boxes[url])

    def weight(url: str) -> int:
        return len(boxes[url])

    complete = [url for url in boxes if all(shows(url, kind) for kind in KINDS)]
    if complete:
        return {min(complete, key=weight): list(KINDS)}
    chosen: dict[str, list[str]] = {}
    for kind in KINDS:
        pages = [url for url in boxes if shows(url, kind)]
        if pages:
            chosen.setdefault(min(pages, key=weight), []).append(kind)
    return chosen


def start(browsing, problems: list[str]) -> LayoutRecord:
    """함께 도는 분야 (browser_checks.tour): 페이지마다 탭을 데스크톱 폭으로 놓고 잰 뒤 같은 탭을 휴대전화 폭으로
    줄여 잰다 (폭마다 페이지를 다시 여는 것보다 레이아웃만 다시 하는 편이 훨씬 싸다. 본문의 레이아웃은 뷰포트
    폭만으로 정해진다). 스크롤 신호의 픽셀은 다 잰 뒤에 탭 하나로 찍는다 (finish): 창 뒤에 숨은 탭은 화면을
    그리지 않아 찍기를 한참 기다린다."""
    return LayoutRecord(boxes={"desktop": {}, "phone": {}})


def inspect(browsing, record: LayoutRecord, url: str, page) -> None:
    page.add_style_tag(content=LAYOUT_BLOCKS)
    page.set_viewport_size(DESKTOP)
    record.boxes["desktop"][url] = [Box(**seen) for seen in page.evaluate(MEASURE, list(KINDS))]
    page.set_viewport_size(PHONE)
    record.boxes["phone"][url] = [Box(**seen) for seen in page.evaluate(MEASURE, list(KINDS))]


def finish(browsing, record: LayoutRecord) -> None:
    context = browsing.browser.new_context(viewport=PHONE)
    browsing.stub_search_index(context)
    page = context.new_page()
    for url, kinds in cue_pages(record.boxes["phone"]).items():
        page.goto(browsing.url(url), wait_until="load")
        _sample_cues(page, url, kinds, record)
    context.close()
