"""접근성 검사: axe-core(WCAG 2.0/2.1 A·AA 규칙)를 모든 페이지에 밝은 테마와 어두운 테마로 돌린다.
판정은 tests/test_browser_a11y.py. 페이지 검사·넓은 내용 검사와 함께 페이지를 한 번씩 열고
(browser_checks.tour), 그 둘이 잰 뒤 마지막에 검사한다. 키보드로 쓰는 검사는 browser_keyboard.py.

- axe는 npm의 axe-core(package.json에 고정)를 탭마다 파일에서 넣는다 (다른 호스트에 가지 않는다).
- 화면 밖의 블록은 content-visibility: auto 로 그리지 않은 채다. 그대로 두면 axe가 그 안의 글자를 보지
  못해 대비와 링크 규칙의 위반을 놓친다 (재 보니 손실 함수 페이지에서 링크 위반 30개 가운데 4개만 잡혔다).
  그래서 검사하는 탭에서는 모두 그리게 한다 (RENDER_EVERYTHING). 넘치는 상자의 스크롤 그림자
  (배경 그림)는 axe가 글자 뒤의 색을 알 수 없게 해 대비 판정을 '미정'으로 돌리므로 검사 동안 뗀다: 그림자는
  상자 가장자리에만 지고 그 밖은 상자의 배경색이다. 접힌 상자 제목줄의 아이콘도 같은 까닭으로 색을 지운다.
  대비 규칙이 '미정'으로 남긴 요소는 기록해 판정한다.
- 줄여서 검사한다 (속도): 페이지 요소의 대부분은 수식의 글리프 상자(.katex-html, 손실 함수 페이지에서 4만 개 가운데
  1만 8천 개)와 코드의 토큰(1만 개)이고, axe의 비용은 요소 수에 비례한다. 그런데 두 가지의 색은 몇 가지뿐이다.
  글리프는 화면 읽기 프로그램에 숨긴 그림 글자로 수식의 색을 물려받고, 코드 토큰의 색은 토큰의 종류(class)가
  정한다. 그래서 axe를 돌리기 전에 그 전제를 모든 요소에서 잰다 (계산한 스타일을 읽을 뿐이라 axe보다 훨씬
  싸다): 글리프마다 색이 그 수식의 색과 같고 배경이 없는지, 한 코드 블록 안에서 같은 종류의 토큰이 모두 같은
  색·굵기·기울기인지. 전제가 맞으면 수식마다 글리프 상자를 글자 하나로 (수식의 색으로 axe가 대비를 잰다),
  코드 블록마다 토큰 종류마다 첫 토큰만 남기고 나머지를 맨 글자로 바꾼다. 전제가 깨진 요소는 기록되어
  테스트가 실패한다. 넘치는 상자는 줄이기 전에 (넓은 내용 검사가) 잰다. 화면 읽기 프로그램이 읽는 MathML
  (화면 밖으로 잘라 숨겨 색 규칙은 보지 않는다)도 뗀다: WCAG 규칙을 모두 돌려 보니 MathML 요소에 닿는 규칙은
  nested-interactive(안에 링크·입력 같은 것이 있으면 위반) 하나뿐이라, 그것을 떼기 전에 직접 잰다.
- 규칙을 나눠 돌리는 까닭 (속도): axe의 비용은 페이지의 요소 수에 비례하고 (수식과 코드로 페이지마다
  수만 개), 대비 규칙 둘이 그 대부분이다 (요소마다 계산한 스타일과 겹침 격자). 테마가 바꾸는 것은 색뿐이라
  (같은 HTML, 같은 배치) 색에 기대지 않는 규칙은 두 테마에서 같은 답을 낸다. 그래서 밝은 테마에서 모든
  규칙을, 어두운 테마에서는 색에 기대는 규칙(COLOUR_RULES)만 돌린다.
- 다른 테마는 독자처럼 머리글의 테마 단추를 눌러 켠다 (페이지를 다시 열고 모두 그리는 일을 한 번 던다).
  body의 data-md-color-scheme 과 실제 배경색으로 정말 slate인지 기록한다.
- 넘치는 상자(수식, 코드, 표)가 Tab으로 닿는지는 넓은 내용 검사(browser_layout)가 상자마다 폭과 함께 tabIndex를
  재고, tests/test_browser_a11y.py가 판정한다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from browser_checks import MATERIAL_SCHEME, NO_TRANSITIONS, TOUR_VIEWPORT
from docsite.weight import SHOW_DEFERRED_CSS
from helpers import ROOT

ORDER = 90  # 함께 도는 분야 가운데 마지막: 검사를 위해 페이지를 바꾼다 (browser_checks.tour)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # 테마의 색에 따라 답이 바뀌는 규칙
SCROLL_BOXES = ".md-typeset .math-display, .md-typeset pre > code, .md-typeset .md-typeset__scrollwrap"

# 검사하는 탭에서만: 화면 밖까지 모두 그리고, 옆 탐색 메뉴를 펼쳐 두고 (메뉴가 창보다 길면 스크롤 상자가
# 잘라 낸 항목의 배경을 axe가 알지 못한다: 25쪽 책과 낮은 창에서 '홈' 링크가 그랬다), 스크롤 그림자(배경
# 그림)를 떼고, 접힌 상자 제목줄의 아이콘과 화살표(가상 요소, 글자와 겹치지 않는 양 끝에 있다)의 색을 지운다.
# axe는 글자 가까이 배경이 있는 가상 요소가 있으면 그 글자의 대비를 '미정'으로 돌린다 (제목줄의 약어와 코드가
# 그랬다). 전환 효과도 끈다: 테마를 바꾼 뒤 링크 색의 전환(transition)이 코어가 바쁠 때 늦게 끝나면, axe가 어두운
# 테마의 링크 색을 밝은 바탕 위에서 잰다 (손실 함수 페이지에서 대비 3.46으로 잡혔다).
RENDER_EVERYTHING = f"""
{SHOW_DEFERRED_CSS}
.md-sidebar, .md-sidebar__scrollwrap, .md-sidebar__inner {{
  position: static !important; height: auto !important; max-height: none !important; overflow: visible !important;
}}
{SCROLL_BOXES}, .md-typeset table:not([class]) {{ background-image: none !important; }}
.md-typeset summary::before, .md-typeset summary::after {{ background-color: transparent !important; }}
{NO_TRANSITIONS}
"""

# rules가 있으면 그 규칙만, 없으면 tags의 모든 규칙 (axe가 태그로 고르는 그대로: 실험 규칙은 빠진다)
AXE_RUN = """async ({tags, rules}) => {
  const runOnly = rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags};
  const result = await axe.run(document, {runOnly, resultTypes: ['violations'], elementRef: true});
  const nodes = (item) => item.nodes.map((node) => ({
    target: node.target.join(' '),
    summary: (node.any[0] || node.all[0] || node.none[0] || {message: ''}).message,
  }));
  return {
    violations: result.violations.map((item) => ({id: item.id, impact: item.impact, nodes: nodes(item)})),
    incomplete: result.incomplete.map((item) => ({id: item.id, impact: item.impact, nodes: nodes(item)})),
    rules: [...new Set([...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable].map((item) => item.id))],
  };
}"""

# 글리프와 코드 토큰의 색이 몇 가지뿐이라는 전제를 모든 요소에서 재고, 맞으면 그 요소들을 줄인다 (위 설명)
REDUCE = """(schemes) => {
  const before = document.getElementsByTagName('*').length;
  const look = (element) => {
    const style = getComputedStyle(element);
    return [style.color, style.backgroundColor, style.fontWeight, style.fontStyle, style.opacity].join(' ');
  };
  const transparent = 'rgba(0, 0, 0, 0)';
  const own_colour = [], unlike = [], spare = [];
  let glyphs = 0, tokens = 0, kept = 0;
  // 전제는 두 테마에서 잰다 (body의 테마 속성만 바꿔 가며: 어두운 테마에만 걸린 규칙도 본다). 먼저 모두 읽고
  // 나서 바꾼다 (읽기와 바꾸기를 번갈아 하면 읽을 때마다 스타일을 다시 계산한다)
  const opened = document.body.getAttribute('data-md-color-scheme');
  for (const scheme of schemes) {
    document.body.setAttribute('data-md-color-scheme', scheme);
    for (const box of document.querySelectorAll('.katex-html')) {
      const colour = getComputedStyle(box).color;
      for (const glyph of box.querySelectorAll('*')) {
        glyphs += 1;
        const style = getComputedStyle(glyph);
        // 보이지 않게 그린 글리프(\\phantom: 글자색이 투명)는 대비가 없다
        const invisible = style.color === transparent;
        if ((style.color !== colour && !invisible) || style.backgroundColor !== transparent || style.opacity !== '1') {
          own_colour.push(`[${scheme}] ${glyph.className} "${glyph.textContent.slice(0, 20)}": ${look(glyph)} (수식 ${colour})`);
        }
      }
    }
    for (const code of document.querySelectorAll('.md-typeset pre > code')) {
      const first = new Map();  // 토큰 종류 -> 첫 토큰의 모양
      for (const token of code.querySelectorAll('span')) {
        if (token.children.length) continue;  // 토큰을 담은 줄 상자
        tokens += 1;
        const kind = token.className + (token.closest('.hll') ? ' (강조한 줄)' : '');
        if (!first.has(kind)) { first.set(kind, look(token)); kept += 1; continue; }
        if (look(token) !== first.get(kind)) unlike.push(`[${scheme}] ${kind} "${token.textContent.slice(0, 20)}": ${look(token)} ≠ ${first.get(kind)}`);
        if (scheme === schemes[0]) spare.push(token);
      }
    }
  }
  document.body.setAttribute('data-md-color-scheme', opened);
  if (!unlike.length) {
    for (const token of spare) token.replaceWith(token.textContent);
    for (const code of document.querySelectorAll('.md-typeset pre > code')) code.normalize();
  }
  if (!own_colour.length) {
    for (const box of document.querySelectorAll('.katex-html')) box.replaceChildren('x');
  }
  // MathML에 닿는 axe 규칙은 nested-interactive 하나뿐이다 (안에 링크·입력 같은 것이 없어야 한다): 그것을 여기서 재고 뗀다
  const interactive = [...document.querySelectorAll(
    '.katex-mathml :is(a[href], button, input, select, textarea, [tabindex], [contenteditable], [role])')]
    .map((element) => element.outerHTML.slice(0, 80));
  if (!interactive.length) document.querySelectorAll('.katex-mathml').forEach((mathml) => mathml.remove());
  return {before, after: document.getElementsByTagName('*').length, glyphs, own_colour: own_colour.slice(0, 20),
          tokens, kept, unlike: unlike.slice(0, 20), interactive_in_mathml: interactive.slice(0, 20)};
}"""

SCHEME = """() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  background: getComputedStyle(document.body).backgroundColor,
})"""

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
class Reduction:
    """axe 앞에서 줄인 것과 그 전제를 잰 결과 (한 페이지)."""

    before: int  # 줄이기 전의 요소 수
    after: int  # 줄인 뒤
    glyphs: int  # 잰 수식 글리프 요소 수 (두 테마를 합해)
    own_colour: list[str]  # 수식과 색이 다르거나 배경이 있는 글리프 (있으면 글리프를 줄이지 않는다)
    tokens: int  # 잰 코드 토큰 수 (두 테마를 합해)
    kept: int  # 남긴 토큰 (코드 블록마다 종류마다 하나, 두 테마를 합해)
    unlike: list[str]  # 같은 블록의 같은 종류인데 모양이 첫 토큰과 다른 토큰 (있으면 토큰을 줄이지 않는다)
    interactive_in_mathml: list[str]  # MathML 안의 링크·입력·Tab 자리·역할 (있으면 MathML을 떼지 않는다)


@dataclass
class A11yRecord:
    violations: list[Finding] = field(default_factory=list)
    incomplete: list[Finding] = field(default_factory=list)  # 색 규칙이 판정하지 못한 것 (수식의 글리프 상자 밖)
    reductions: dict[str, Reduction] = field(default_factory=dict)  # 페이지마다
    schemes: dict[tuple[str, str], SchemeSeen] = field(default_factory=dict)  # (페이지, 'light'|'dark')


def _findings(page: str, scheme: str, items: list[dict]) -> list[Finding]:
    return [
        Finding(page, scheme, item["id"], item["impact"], [node["target"] for node in item["nodes"]], item["nodes"][0]["summary"])
        for item in items
        if item["nodes"]
    ]


def _audit(record: A11yRecord, url: str, tab, scheme: str, rules: list[str] | None) -> None:
    """axe를 한 번 돌려 기록에 더한다 (rules가 None이면 WCAG 태그의 모든 규칙)."""
    seen = tab.evaluate(SCHEME)
    result = tab.evaluate(AXE_RUN, {"tags": WCAG_TAGS, "rules": rules})
    record.schemes[(url, scheme)] = SchemeSeen(seen["scheme"], seen["background"], result["rules"])
    record.violations += _findings(url, scheme, result["violations"])
    record.incomplete += _findings(url, scheme, [item for item in result["incomplete"] if item["id"] in COLOUR_RULES])


def inspect(browsing, record: A11yRecord, url: str, tab) -> None:
    """함께 도는 분야의 마지막 (browser_checks.tour): 검사를 위해 페이지를 바꾼다 (모두 그리고, 줄이고, 테마를 바꾼다).
    페이지는 이 컨텍스트의 탭이 마지막으로 고른 테마로 열린다 (Material이 localStorage에 기억한다): 실제로 열린
    테마부터 검사하고 한 번만 바꾼다."""
    tab.set_viewport_size(TOUR_VIEWPORT)  # 넓은 내용 검사가 휴대전화 폭으로 두고 간다
    # 맨 위에서: 앞의 분야가 스크롤해 둔 자리에서는 붙박이 머리글이 문단을 덮어 axe가 그 글자의 배경을 모른다.
    # 위로 스크롤하면 Material이 '맨 위로' 단추를 띄웠다가 맨 위에 닿으면 감추므로, 감출 때까지 기다린다 (코어가
    # 바쁘면 스크롤 처리가 늦어, 떠 있는 단추가 그 아래 글자를 덮은 채로 axe가 돌 수 있다)
    tab.evaluate("() => window.scrollTo(0, 0)")
    tab.wait_for_function("() => { const top = document.querySelector('.md-top'); return !top || top.hidden; }", polling=50)
    # 줄이고 나서 모두 그린다: 줄이는 데는 계산한 스타일만 읽으므로 레이아웃이 필요 없고, 줄인 페이지(요소가 3분의 1)를
    # 그리는 편이 훨씬 싸다
    record.reductions[url] = Reduction(**tab.evaluate(REDUCE, list(MATERIAL_SCHEME.values())))
    tab.add_style_tag(content=RENDER_EVERYTHING)
    tab.add_script_tag(path=str(AXE))
    opened = "dark" if tab.evaluate(SCHEME)["scheme"] == "slate" else "light"
    for scheme in (opened, "light" if opened == "dark" else "dark"):
        if scheme != opened:
            browsing.toggle_scheme(tab)
        _audit(record, url, tab, scheme, None if scheme == "light" else COLOUR_RULES)


def start(browsing, problems: list[str]) -> A11yRecord:
    return A11yRecord()
