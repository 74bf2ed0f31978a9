"""대화형 그림 검사: 대화형 그림(.trajectory-explorer)이 있는 페이지마다 휴대전화 폭(390×844)에서 스크립트를 켜고,
또 끄고 연다 (판정은 tests/test_browser_interactive.py).

스크립트를 켜면: 그림이 나타나고 고르는 칸(<select>)마다 이름표가 있는지, 키보드로(Tab, 화살표) 칸을 옮겨 다니며
고르면 궤적이 바뀌는지, 고를 수 있는 모든 조합(지형, 옵티마이저, 학습률, 모멘텀)을 차례로 골라 그려진 꺾은선이
빌드가 쓴 JSON의 궤적과 같은 점들인지(그림의 틀 안 SVG 좌표로), 그림이 화면 폭을 넘지 않는지 잰다. 스크립트를
끄면: 그 자리가 감춰져 있고 페이지의 정적인 그림이 보이는지 잰다. 여는 동안의 외부 요청·콘솔 오류도 모은다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from browser_checks import PHONE, watch

ORDER = 45
WIDGET = ".trajectory-explorer"
MARKER = 'class="trajectory-explorer"'

# 고를 수 있는 모든 조합을 차례로 고르고 (칸의 값을 바꾸고 change를 보낸다) 그때마다 그려진 것을 읽는다
EVERY_CHOICE = """async (widget) => {
  const root = document.querySelector(widget);
  const pick = (name, value) => {
    const select = root.querySelector(`select[name=${name}]`);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    return select;
  };
  const values = (name) => [...root.querySelectorAll(`select[name=${name}] option`)].map((option) => option.value);
  const drawn = [];
  for (const surface of values('surface')) {
    pick('surface', surface);
    for (const optimizer of values('optimizer')) {
      pick('optimizer', optimizer);
      for (const lr of values('lr')) {
        pick('lr', lr);
        const momentum = root.querySelector('select[name=momentum]');
        for (const mu of momentum.disabled ? [null] : values('momentum')) {
          if (mu !== null) pick('momentum', mu);
          const path = root.querySelector('.trajectory-explorer__path');
          const frame = root.querySelector('.trajectory-explorer__frame');
          drawn.push({
            surface, optimizer, lr, momentum: mu, momentum_disabled: momentum.disabled,
            key: path.dataset.key,
            points: path.getAttribute('points'),
            frame: ['x', 'y', 'width', 'height'].map((name) => Number(frame.getAttribute(name))),
            summary: root.querySelector('.trajectory-explorer__summary').textContent,
          });
        }
      }
    }
  }
  return drawn;
}"""


@dataclass
class WithScript:
    visible: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # 칸의 name → 이름표 글자
    focus_after_tab: str = ""  # 지형 칸에서 Tab 한 번 뒤 초점이 간 칸
    key_before: str = ""
    key_after_arrow: str = ""  # 그 칸에서 아래 화살표 뒤 그려진 궤적
    summary_before: str = ""
    summary_after_arrow: str = ""
    drawn: list[dict] = field(default_factory=list)  # 모든 조합의 그려진 궤적
    width: float = 0.0  # 그림 상자의 너비와 내용의 너비 (px)
    scroll_width: float = 0.0


@dataclass
class WithoutScript:
    widget_displayed: bool = True
    static_figures: list[tuple[str, int, int]] = field(default_factory=list)  # (주소, 읽은 너비, 그려진 너비)


@dataclass
class InteractiveRecord:
    pages: list[str] = field(default_factory=list)
    scripted: dict[str, WithScript] = field(default_factory=dict)
    unscripted: dict[str, WithoutScript] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _with_script(browsing, page: str, problems: list[str]) -> WithScript:
    seen = WithScript()
    context = browsing.browser.new_context(viewport=PHONE)
    browsing.stub_search_index(context)
    tab = context.new_page()
    watch(tab, [page], problems)
    tab.goto(browsing.url(page), wait_until="networkidle")
    tab.wait_for_selector(f"{WIDGET}:not([hidden]) .trajectory-explorer__path", timeout=10_000)
    seen.visible = tab.locator(WIDGET).is_visible()
    seen.labels = tab.evaluate(
        """(widget) => Object.fromEntries([...document.querySelectorAll(`${widget} select`)].map(
             (select) => [select.name, select.labels.length ? select.labels[0].firstChild.textContent.trim() : '']))""",
        WIDGET,
    )
    path = tab.locator(f"{WIDGET} .trajectory-explorer__path")
    summary = tab.locator(f"{WIDGET} .trajectory-explorer__summary")
    seen.key_before, seen.summary_before = path.get_attribute("data-key"), summary.text_content()
    tab.focus(f"{WIDGET} select[name=surface]")
    tab.keyboard.press("Tab")
    seen.focus_after_tab = tab.evaluate("document.activeElement.name || document.activeElement.tagName")
    tab.keyboard.press("ArrowDown")
    seen.key_after_arrow, seen.summary_after_arrow = path.get_attribute("data-key"), summary.text_content()
    seen.drawn = tab.evaluate(EVERY_CHOICE, WIDGET)
    box = tab.evaluate(f"(() => {{ const box = document.querySelector('{WIDGET}'); return [box.clientWidth, box.scrollWidth]; }})()")
    seen.width, seen.scroll_width = box
    context.close()
    return seen


def _without_script(browsing, page: str, problems: list[str]) -> WithoutScript:
    seen = WithoutScript()
    context = browsing.browser.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    watch(tab, [page], problems)
    tab.goto(browsing.url(page), wait_until="load")
    seen.widget_displayed = tab.evaluate(f"getComputedStyle(document.querySelector('{WIDGET}')).display !== 'none'")
    seen.static_figures = [tuple(item) for item in tab.evaluate(
        """() => [...document.querySelectorAll('article img[src*="figures/"]')]
             .map((img) => [img.getAttribute('src'), img.naturalWidth, img.getBoundingClientRect().width])""")]
    context.close()
    return seen


def run(browsing) -> InteractiveRecord:
    record = InteractiveRecord(pages=[page for page in browsing.pages if MARKER in browsing.html(page)])
    for page in record.pages:
        record.scripted[page] = _with_script(browsing, page, record.problems)
        record.unscripted[page] = _without_script(browsing, page, record.problems)
    return record
