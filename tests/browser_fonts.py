"""한글이 진짜 글자로 그려지는가: 한글이 있는 요소(제목, 본문, 메뉴, 코드의 한국어 주석)마다 Chromium이
실제로 그린 글꼴(DevTools 프로토콜의 CSS.getPlatformFontsForNode)을 모은다. 한글 글꼴이 없는 기계의
브라우저는 빈 상자(두부)를 그리는데, 그때도 페이지는 멀쩡히 열리므로 글꼴을 직접 봐야 알 수 있다.
판정은 tests/test_browser_fonts.py 가 fontconfig의 목록(한글 '가'를 가진 글꼴)과 대조해 한다."""

from __future__ import annotations

from dataclasses import dataclass, field

ORDER = 5
PAGE = "building-blocks/losses/"
# 한글이 있는 요소의 대표: 페이지 제목, 본문 문단, 왼쪽 메뉴의 항목, 코드 블록의 한국어 주석
PROBES = {
    "제목": "article h1",
    "본문": "article > p",
    "메뉴": ".md-nav__link",
    "코드 주석": ".highlight .c1",
}
# 한글을 가진 첫 요소에 표시를 단다 (DevTools의 querySelector로 다시 찾는다)
MARK_HANGUL = """([selector, name]) => {
  const hangul = /[\\uac00-\\ud7a3]/;
  const element = [...document.querySelectorAll(selector)].find(e => hangul.test(e.textContent));
  if (!element) return false;
  element.scrollIntoView();
  element.setAttribute('data-font-probe', name);
  return true;
}"""


@dataclass
class FontsRecord:
    fonts: dict[str, list[str]] = field(default_factory=dict)  # 요소 → 그 요소를 그린 글꼴 이름들
    missing: list[str] = field(default_factory=list)  # 한글이 있는 요소를 찾지 못한 것


def run(browsing) -> FontsRecord:
    record = FontsRecord()
    context = browsing.browser.new_context(viewport={"width": 1280, "height": 900})
    browsing.stub_search_index(context)
    page = context.new_page()
    page.goto(browsing.url(PAGE), wait_until="load")
    page.evaluate("document.fonts.ready")
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    for name, selector in PROBES.items():
        if not page.evaluate(MARK_HANGUL, [selector, name]):
            record.missing.append(name)
            continue
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-font-probe="{name}"]'})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        record.fonts[name] = [font["familyName"] for font in fonts]
    context.close()
    return record
