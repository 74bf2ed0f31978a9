"""모든 페이지를 JavaScript를 켜고 (탭 몇 개씩 겹쳐, 넓은 내용·접근성 검사와 함께: browser_checks.tour) 연다:
다른 호스트로 가는 요청, 콘솔 오류, 페이지 오류, 400 이상의 응답을 모으고, 수식이 KaTeX 글꼴로 조판돼 있는지
본다. 이때 검색 색인에는 문서 없는 색인으로 답한다 (Browsing.stub_search_index). 디스플레이 수식이 가장 많은 페이지는 JavaScript를 끄고도 열어
수식이 모두 조판돼 보이는지 본다. 수식은 빌드가 조판하고 모든 페이지가 같은 CSS와 글꼴을 쓰므로
(tests/test_site.py가 페이지마다 확인한다), JavaScript 없이 그려지는 길은 한 페이지로 확인한다."""

from __future__ import annotations

from dataclasses import dataclass, field

ORDER = 10


@dataclass
class Formulas:
    expected: int  # 빌드된 HTML의 디스플레이 수식 수
    typeset: int  # 브라우저가 그린 KaTeX 디스플레이 수식 수
    font: str  # 첫 수식의 글꼴
    width: float
    height: float
    raw_tex_left: bool  # 본문 글에 $$ 가 남았는가


@dataclass
class PagesRecord:
    problems: list[str] = field(default_factory=list)  # JavaScript를 켠 탭들의 요청·콘솔·오류
    formulas_with_js: dict[str, Formulas] = field(default_factory=dict)
    formulas_without_js: dict[str, Formulas] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)  # 페이지 → 빌드된 HTML의 디스플레이 수식 수


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


def start(browsing, problems: list[str]) -> PagesRecord:
    """함께 도는 분야 (browser_checks.tour): 모든 페이지를 JavaScript를 켜고 연 동안의 문제가 problems에 모인다."""
    record = PagesRecord(problems=problems)
    record.expected = {url: browsing.html(url).count('class="math-display"') for url in browsing.pages}
    return record


def inspect(browsing, record: PagesRecord, url: str, tab) -> None:
    if record.expected[url]:
        record.formulas_with_js[url] = _formulas(tab, record.expected[url])


def finish(browsing, record: PagesRecord) -> None:
    without_js = browsing.browser.new_context(java_script_enabled=False)
    most_formulas = max(browsing.pages, key=lambda url: record.expected[url])

    def typeset_without_js(url, page):
        record.formulas_without_js[url] = _formulas(page, record.expected[url])

    browsing.visit_all(without_js, [most_formulas], typeset_without_js, wait="load")
    without_js.close()
