"""접근성 검사: axe-core(WCAG 2.0/2.1 A·AA 규칙)를 모든 페이지에 밝은 테마와 어두운 테마로 돌리고,
가로로 넘치는 상자가 Tab으로 닿는지 넓은 화면과 휴대전화 너비에서 재고, 건너뛰기 링크와 검색을
키보드만으로 써 본다. 판정은 tests/test_browser_a11y.py.

- axe는 npm의 axe-core(package.json에 고정)를 탭마다 파일에서 넣는다 (다른 호스트에 가지 않는다).
- 화면 밖의 블록은 content-visibility: auto 로 그리지 않은 채다. 그대로 두면 axe가 그 안의 글자를 보지
  못해 대비와 링크 규칙의 위반을 놓친다 (재 보니 손실 함수 페이지에서 링크 위반 30개 가운데 4개만 잡혔다).
  그래서 검사하는 탭에서는 모두 그리게 한다 (RENDER_EVERYTHING). 넘치는 상자의 스크롤 그림자
  (배경 그림)는 axe가 글자 뒤의 색을 알 수 없게 해 대비 판정을 '미정'으로 돌리므로 검사 동안 뗀다: 그림자는
  상자 가장자리에만 지고 그 밖은 상자의 배경색이다. 접힌 상자 제목줄의 아이콘도 같은 까닭으로 색을 지운다.
  대비 규칙이 '미정'으로 남긴 요소는 기록해 판정한다.
- 규칙을 나눠 돌리는 까닭 (속도): axe의 비용은 페이지의 요소 수에 비례하고 (수식과 코드로 페이지마다
  수만 개), 대비 규칙 둘이 그 대부분이다 (요소마다 계산한 스타일과 겹침 격자). 테마가 바꾸는 것은 색뿐이라
  (같은 HTML, 같은 배치) 색에 기대지 않는 규칙은 두 테마에서 같은 답을 낸다. 그래서 밝은 테마에서 모든
  규칙을, 어두운 테마에서는 색에 기대는 규칙(COLOUR_RULES)만 돌린다.
- 어두운 테마는 독자처럼 머리글의 테마 단추를 눌러 켠다 (페이지를 다시 열고 모두 그리는 일을 한 번 던다).
  body의 data-md-color-scheme 과 실제 배경색으로 정말 slate인지 기록한다.
- 넘치는 상자: 수식(.math-display), 코드(pre > code), 표(.md-typeset__scrollwrap) 가운데 scrollWidth가
  clientWidth보다 큰 것이 tabIndex >= 0 인지, 1280 px와 390 px에서 (같은 탭의 창 너비를 바꿔) 잰다.
- 키보드: 수식이 가장 많은 페이지에서 Tab 한 번이 건너뛰기 링크에 닿는지, Enter가 초점과 화면을 본문
  제목으로 옮기는지, 단축키 / 로 검색이 열리는지, 검색어를 치고 화살표와 Enter로 결과 페이지에 가는지.
  검색 색인은 그 페이지의 항목만 남긴 진짜 색인으로 답한다 (순위는 검색 검사가 본다).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from helpers import ROOT

ORDER = 20
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # 테마의 색에 따라 답이 바뀌는 규칙
WIDTHS = (1280, 390)
HEIGHT = 800
SCROLL_BOXES = ".md-typeset .math-display, .md-typeset pre > code, .md-typeset .md-typeset__scrollwrap"
SEARCH_WORD = "손실"

# 검사하는 탭에서만: 화면 밖까지 모두 그리고, 스크롤 그림자(배경 그림)를 떼고, 접힌 상자 제목줄의 아이콘과
# 화살표(가상 요소, 글자와 겹치지 않는 양 끝에 있다)의 색을 지운다. axe는 글자 가까이 배경이 있는 가상
# 요소가 있으면 그 글자의 대비를 '미정'으로 돌린다 (제목줄의 약어와 코드가 그랬다).
RENDER_EVERYTHING = f"""
* {{ content-visibility: visible !important; }}
{SCROLL_BOXES}, .md-typeset table:not([class]) {{ background-image: none !important; }}
.md-typeset summary::before, .md-typeset summary::after {{ background-color: transparent !important; }}
"""

AXE_RUN = """async ({tags, rules}) => {
  const runOnly = rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags};
  const result = await axe.run(document, {runOnly, resultTypes: ['violations'], elementRef: true});
  // 수식의 글리프 상자(.katex-html): 화면 읽기 프로그램에 숨긴 그림 글자, 색은 둘레 글의 색을 물려받는다
  const glyph = (node) => node.element instanceof Element && node.element.closest('.katex-html') !== null;
  const nodes = (item, keep = () => true) => item.nodes.filter(keep).map((node) => ({
    target: node.target.join(' '),
    summary: (node.any[0] || node.all[0] || node.none[0] || {message: ''}).message,
  }));
  return {
    violations: result.violations.map((item) => ({id: item.id, impact: item.impact, nodes: nodes(item)})),
    incomplete: result.incomplete.map((item) => ({id: item.id, impact: item.impact, nodes: nodes(item, (node) => !glyph(node))})),
    undecided_glyphs: result.incomplete.reduce((sum, item) => sum + item.nodes.filter(glyph).length, 0),
    rules: [...new Set([...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable].map((item) => item.id))],
  };
}"""

SCHEME = """() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  background: getComputedStyle(document.body).backgroundColor,
})"""

# 가로로 넘치는 상자마다 (종류, tabIndex). 창 너비를 바꾼 뒤 ResizeObserver가 돌도록 두 프레임 기다린다
SCROLL_PROBE = """async (selector) => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const kind = (box) => box.matches('.math-display') ? 'formula' : box.matches('code') ? 'code' : 'table';
  const boxes = [...document.querySelectorAll(selector)];
  const overflows = (box) => box.scrollWidth > box.clientWidth;
  const fitting = boxes.filter((box) => kind(box) === 'formula' && !overflows(box));
  return {
    overflowing: boxes.filter(overflows)
      .map((box) => ({kind: kind(box), tab_index: box.tabIndex, text: box.textContent.trim().slice(0, 40)})),
    fitting_formulas: fitting.length,
    fitting_formula_tab_stops: fitting.filter((box) => box.tabIndex >= 0).length,
  };
}"""


@dataclass
class Finding:
    """axe가 한 페이지·한 테마에서 찾은 규칙 하나와 그 요소들."""

    page: str
    scheme: str
    rule: str
    impact: str | None
    targets: list[str]
    summary: str

    def __str__(self) -> str:
        return f"{self.page} [{self.scheme}] {self.rule} ({self.impact}) ×{len(self.targets)}: {self.targets[0]} — {self.summary}"


@dataclass
class SchemeSeen:
    scheme: str  # body의 data-md-color-scheme
    background: str  # body의 배경색 (rgb(...))
    rules: list[str]  # axe가 돌린 규칙


@dataclass
class ScrollBoxes:
    overflowing: list[dict]  # 넘치는 상자마다 kind('formula'|'code'|'table'), tab_index, text
    fitting_formulas: int  # 넘치지 않는 디스플레이 수식 수
    fitting_formula_tab_stops: int  # 그 가운데 Tab 자리가 있는 것


@dataclass
class Keyboard:
    search_page: str = ""  # 키보드로 써 본 페이지
    first_tab: str = ""  # 첫 Tab이 닿은 요소의 클래스
    skip_target: str = ""  # 건너뛰기 링크가 가리키는 id
    target_top_after_skip: float = -1.0  # Enter 뒤 그 제목의 화면 위 거리 (px)
    tab_after_skip_in_content: bool = False  # 그다음 Tab이 본문 안의 요소에 닿는가
    header_height: float = 0.0
    search_focused: bool = False  # / 뒤에 검색 칸에 초점이 있는가
    results: int = 0  # 검색어를 친 뒤의 결과 수
    landed: str = ""  # 화살표와 Enter 뒤의 주소


@dataclass
class A11yRecord:
    violations: list[Finding] = field(default_factory=list)
    incomplete: list[Finding] = field(default_factory=list)  # 색 규칙이 판정하지 못한 것 (수식의 글리프 상자 밖)
    undecided_glyphs: int = 0  # 색 규칙이 판정하지 못한 수식의 글리프 상자 속 요소 수
    schemes: dict[tuple[str, str], SchemeSeen] = field(default_factory=dict)  # (페이지, 'light'|'dark')
    scroll_boxes: dict[tuple[str, int], ScrollBoxes] = field(default_factory=dict)  # (페이지, 창 너비)
    keyboard: Keyboard = field(default_factory=Keyboard)
    problems: list[str] = field(default_factory=list)  # 요청·콘솔·오류
    seconds: dict[str, float] = field(default_factory=dict)  # 'axe', 'keyboard'


def _findings(page: str, scheme: str, items: list[dict]) -> list[Finding]:
    return [
        Finding(page, scheme, item["id"], item["impact"], [node["target"] for node in item["nodes"]], item["nodes"][0]["summary"])
        for item in items
        if item["nodes"]
    ]


def _audit(record: A11yRecord, url: str, tab, scheme: str, rules: list[str] | None) -> None:
    seen = tab.evaluate(SCHEME)
    result = tab.evaluate(AXE_RUN, {"tags": WCAG_TAGS, "rules": rules})
    record.schemes[(url, scheme)] = SchemeSeen(seen["scheme"], seen["background"], result["rules"])
    record.violations += _findings(url, scheme, result["violations"])
    record.incomplete += _findings(url, scheme, [item for item in result["incomplete"] if item["id"] in COLOUR_RULES])
    record.undecided_glyphs += result["undecided_glyphs"]


def _scroll_boxes(tab) -> ScrollBoxes:
    return ScrollBoxes(**tab.evaluate(SCROLL_PROBE, SCROLL_BOXES))


def _inspect(browsing, record: A11yRecord):
    def inspect(url, tab):
        tab.add_style_tag(content=RENDER_EVERYTHING)
        for width in reversed(WIDTHS):  # 390 px, 1280 px (axe는 넓은 화면에서)
            tab.set_viewport_size({"width": width, "height": HEIGHT})
            record.scroll_boxes[(url, width)] = _scroll_boxes(tab)
        tab.add_script_tag(path=str(AXE))
        _audit(record, url, tab, "light", None)
        browsing.toggle_scheme(tab)
        _audit(record, url, tab, "dark", COLOUR_RULES)
        browsing.toggle_scheme(tab)  # 다음 페이지는 다시 밝은 테마로 연다 (Material이 고른 테마를 기억한다)

    return inspect


def _wait_for_results(tab) -> int:
    """검색 결과 수 (최대 10초 기다린다). 검색 워커가 색인을 읽기 전에 친 검색어는 버려지므로, 결과가 없으면
    초마다 마지막 글자를 지우고 다시 친다 (키보드로)."""
    results = tab.locator(".md-search-result__item")
    for attempt in range(40):
        if results.count():
            break
        if attempt % 4 == 3:
            tab.keyboard.press("Backspace")
            tab.keyboard.type(SEARCH_WORD[-1])
        tab.wait_for_timeout(250)
    return results.count()


def _keyboard(browsing, record: A11yRecord, page: str) -> None:
    context = browsing.browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT})
    # 검색 색인은 그 페이지의 항목만 남긴 진짜 색인 (순위는 검색 검사가 본다)
    browsing.stub_search_index(context, keep=lambda doc: doc["location"].split("#")[0] == page)
    tab = context.new_page()
    tab.goto(browsing.url(page), wait_until="load")
    seen = record.keyboard
    seen.search_page = page
    tab.keyboard.press("Tab")
    seen.first_tab = tab.evaluate("document.activeElement.className")
    seen.skip_target = tab.evaluate("decodeURIComponent(document.activeElement.hash.slice(1))")
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(100)  # 앵커로 스크롤
    after = tab.evaluate(
        """(id) => ({
          top: document.getElementById(id).getBoundingClientRect().top,
          header: document.querySelector('.md-header').getBoundingClientRect().height,
        })""",
        seen.skip_target,
    )
    seen.target_top_after_skip, seen.header_height = after["top"], after["header"]
    tab.keyboard.press("Tab")  # 건너뛴 뒤의 Tab은 본문 안에서 이어져야 한다 (탐색 메뉴로 돌아가지 않는다)
    seen.tab_after_skip_in_content = tab.evaluate("document.querySelector('.md-content').contains(document.activeElement)")
    tab.keyboard.press("/")
    seen.search_focused = tab.evaluate("document.activeElement.matches('[data-md-component=search-query]')")
    tab.keyboard.type(SEARCH_WORD)
    seen.results = _wait_for_results(tab)
    if seen.results:
        tab.keyboard.press("ArrowDown")
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        seen.landed = tab.url.removeprefix(browsing.server)
    context.close()


def run(browsing) -> A11yRecord:
    record = A11yRecord()
    start = time.perf_counter()
    context = browsing.browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT})
    browsing.stub_search_index(context)
    browsing.visit_all(context, browsing.pages, _inspect(browsing, record), wait="load", problems=record.problems)
    context.close()
    record.seconds["axe"] = time.perf_counter() - start

    start = time.perf_counter()
    most_formulas = max(browsing.pages, key=lambda url: browsing.html(url).count('class="math-display"'))
    _keyboard(browsing, record, most_formulas)
    record.seconds["keyboard"] = time.perf_counter() - start
    return record
