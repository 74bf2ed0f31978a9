"""빌드된 사이트: 엄격 빌드, 빌드 때 조판된 수식, 그림, 한국어 앵커, 외부 호스트 없음."""

from __future__ import annotations

import functools
from html import unescape
from urllib.parse import unquote
import re
from pathlib import Path

import pytest

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from pymdownx.slugs import slugify

from docsite import formula_ledger
from docsite.prose import PROSE_TARGET, built_page, visible_text
from docsite.figures import FONT_NAME, SCHEMES, figure_scripts, figure_uri, use_korean_font
from helpers import DOCS, PAGES_WITH_CODE, ROOT, run_mkdocs_build


# 검사에 쓰는 시작 태그들: 정규식으로 그 태그만 읽는다 (페이지마다 1 MB 안팎을 HTMLParser로 읽으면 느리다)
START_TAG = re.compile(r"<(script|img|iframe|source|link|div)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def tags(html: str) -> list[tuple[str, dict]]:
    """script, img, iframe, source, link, div 시작 태그와 그 속성 (값의 문자 참조는 푼다)."""
    found = []
    for match in START_TAG.finditer(html):
        attrs = {
            name.lower(): unescape(next((value for value in values if value is not None), ""))
            for name, *values in ATTRIBUTE.findall(match[2])
        }
        found.append((match[1].lower(), attrs))
    return found


@pytest.fixture(scope="module")
def site_pages(built_site) -> dict[Path, tuple[str, list[tuple[str, dict]]]]:
    """빌드된 페이지마다 (HTML, 검사할 시작 태그들): 페이지마다 한 번만 읽는다."""
    found = {}
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text("utf-8")
        found[path] = (html, tags(html))
    return found


def test_every_page_is_built(built_site, site_pages):
    built = {path.relative_to(built_site).as_posix() for path in site_pages}
    for source in DOCS.rglob("*.md"):
        stem = source.relative_to(DOCS).with_suffix("").as_posix()
        expected = "index.html" if stem == "index" else re.sub(r"(^|/)index$", "", stem).strip("/") + "/index.html"
        assert expected in built, f"{source} 가 빌드되지 않았다"


def test_no_page_loads_anything_from_another_host(site_pages):
    for path, (_, page_tags) in site_pages.items():
        for tag, attrs in page_tags:
            loads = attrs.get("src") if tag in {"script", "img", "iframe", "source"} else None
            if tag == "link" and attrs.get("rel") in {"stylesheet", "preload", "preconnect", "icon"}:
                loads = attrs.get("href")
            if loads:
                assert not re.match(r"(https?:)?//", loads), f"{path}: <{tag}> 가 {loads} 를 불러온다"


def test_no_math_javascript_is_shipped_and_all_math_is_typeset(site_pages):
    for path, (html, page_tags) in site_pages.items():
        scripts = [attrs.get("src", "") for tag, attrs in page_tags if tag == "script"]
        assert not any(re.search(r"katex|mathjax", src, re.I) for src in scripts), path
        assert 'class="arithmatex"' not in html, f"{path}: 조판되지 않은 수식이 남았다"


def test_every_page_with_math_links_the_katex_stylesheet(site_pages):
    """수식은 CSS와 글꼴만으로 그려진다: 수식이 있는 페이지마다 사이트에 실린 KaTeX CSS를 싣는다."""
    for path, (html, page_tags) in site_pages.items():
        if 'class="katex"' in html:
            sheets = [attrs.get("href", "") for tag, attrs in page_tags if tag == "link" and attrs.get("rel") == "stylesheet"]
            assert any(href.endswith("assets/katex/katex.min.css") for href in sheets), path


def test_display_formulas_on_the_site_match_the_ledger(site_pages):
    ledger = formula_ledger(DOCS)
    displays = sum(html.count('class="math-display"') for html, _ in site_pages.values())
    assert displays == len(ledger) > 0


def test_formulas_reach_screen_readers_and_keyboards(site_pages):
    """수식마다 화면 읽기 프로그램이 읽는 MathML이 있고 그려 보이는 KaTeX HTML은 그들에게 숨긴다. 디스플레이
    수식의 상자는 (넓으면 가로로 스크롤하므로) JavaScript 없이도 Tab으로 닿고 이름이 있다."""
    total = 0
    for path, (html, page_tags) in site_pages.items():
        formulas = html.count('<span class="katex">')
        total += formulas
        assert html.count('<span class="katex-mathml"><math') == formulas, path
        assert html.count('<span class="katex-html" aria-hidden="true">') == formulas, path
        for tag, attrs in page_tags:
            if tag == "div" and attrs.get("class") == "math-display":
                assert attrs.get("tabindex") == "0" and attrs.get("role") == "group" and attrs.get("aria-label"), f"{path}: {attrs}"
    assert total > 0


def test_home_page_shows_the_ledger_count_computed_by_the_build(built_site):
    ledger = formula_ledger(DOCS)
    verified = sum(formula.verified for formula in ledger)
    home = (built_site / "index.html").read_text("utf-8")
    assert f"검증된 수식 {verified}/{len(ledger)}" in home


def test_every_code_block_carries_its_language(site_pages):
    for path, (_, page_tags) in site_pages.items():
        for tag, attrs in page_tags:
            if tag == "div" and "highlight" in attrs.get("class", "").split():
                assert re.search(r"language-\w+", attrs["class"]), f"{path}: 언어 없는 코드 블록 {attrs}"


def test_korean_headings_get_korean_anchors(built_site):
    losses = (built_site / "building-blocks" / "losses" / "index.html").read_text("utf-8")
    ids = re.findall(r'<h[2-6] id="([^"]+)"', losses)
    assert ids and not [anchor for anchor in ids if re.fullmatch(r"_\d+", anchor)]
    assert any(re.search(r"[가-힣]", anchor) for anchor in ids)


@functools.lru_cache(maxsize=1)
def korean_glyphs() -> dict[int, str]:
    """나눔고딕의 글리프 번호 → 글자 (그림마다 글꼴의 문자표를 다시 읽지 않게)."""
    use_korean_font()
    font_path = font_manager.findfont(FontProperties(family=FONT_NAME), fallback_to_default=False)
    return {glyph: chr(code) for code, glyph in FT2Font(font_path).get_charmap().items()}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("script", figure_scripts(ROOT / "snippets" / "figures"), ids=lambda path: path.stem)
def test_figures_are_built_with_korean_glyphs(built_site, script, scheme):
    """테마마다 그림의 한글 글자마다 나눔고딕 글리프가 SVG에 경로로 들어 있다 (두부 상자가 아니다)."""
    svg = (built_site / figure_uri(script.stem, scheme)).read_text("utf-8")
    assert "<text" not in svg  # 글자는 모두 경로
    # SVG의 글리프 id는 'NanumGothic-<글리프 번호(16진)>': 글꼴의 문자표로 글자로 되돌린다
    glyph_to_char = korean_glyphs()
    drawn = {glyph_to_char.get(int(glyph, 16)) for glyph in re.findall(r'id="NanumGothic-([0-9a-f]+)"', svg)}
    # 빌드가 그림을 그리며 적어 둔 글자 (다시 그리지 않는다)
    labels = unescape(re.search(r"<dc:description>(.*?)</dc:description>", svg, re.S)[1])
    hangul = {char for char in labels if "가" <= char <= "힣"}
    assert hangul, f"{script.name} 의 그림에 한글 글자가 없다"
    assert hangul <= drawn, f"SVG에 빠진 한글 글리프: {sorted(hangul - drawn)}"


FIGURE_IMG = re.compile(r'<img [^>]*src="[^"]*(figures/[^"#]+\.svg)(#[^"]*)?"[^>]*>')


def test_every_figure_image_comes_once_per_scheme_and_loads_lazily(site_pages):
    """페이지의 그림마다 밝은 그림(#only-light)과 어두운 그림(#only-dark)이 같은 대체 글로 붙어 있고, 둘 다
    loading="lazy"라 감춰진 테마의 그림은 내려받지 않는다 (내려받는지는 tests/test_browser_figures.py가 본다)."""
    figures = 0
    for path, (html, _) in site_pages.items():
        images = [(match[1], match[2], match[0]) for match in FIGURE_IMG.finditer(html)]
        light = [(src, tag) for src, fragment, tag in images if fragment == "#only-light"]
        dark = [(src, tag) for src, fragment, tag in images if fragment == "#only-dark"]
        assert len(light) + len(dark) == len(images), f"{path}: 테마가 없는 그림 참조"
        assert [src.replace(".svg", "-dark.svg") for src, _ in light] == [src for src, _ in dark], path
        for (_, light_tag), (_, dark_tag) in zip(light, dark):
            assert re.search(r'alt="[^"]+"', light_tag) and re.search(r'alt="[^"]+"', light_tag)[0] in dark_tag, path
            assert 'loading="lazy"' in light_tag and 'loading="lazy"' in dark_tag, path
        figures += len(light)
    assert figures >= len(figure_scripts(ROOT / "snippets" / "figures"))


FIGURE_INCLUDE = re.compile(r'--8<-- "figures/(?!_)[^"]+"')
FONT_INCLUDE = '--8<-- "figures/_korean_font.py:korean-font"'


@pytest.mark.parametrize("page", [page for page in sorted(DOCS.rglob("*.md")) if FIGURE_INCLUDE.search(page.read_text("utf-8"))],
                         ids=lambda page: page.relative_to(DOCS).as_posix())
def test_pages_with_figure_code_show_the_korean_font_setup_first(page):
    """그림 코드를 노트북(Colab)에 옮긴 독자도 한글을 보도록: 설치 한 줄과 글꼴 절이 그림 코드보다 앞에 있다.
    그림 코드(make_figure)는 글꼴 절의 use_korean_font()를 부르므로, 글꼴 절이 빠지면 새 커널 실행이 실패한다."""
    text = page.read_text("utf-8")
    first_figure = FIGURE_INCLUDE.search(text).start()
    assert FONT_INCLUDE in text[:first_figure], "그림 코드 앞에 한글 글꼴 절을 실어야 한다"
    assert "pip install koreanize-matplotlib" in text[:first_figure], "그림 코드 앞에 설치 명령 한 줄을 보여야 한다"


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda page: page.relative_to(DOCS).as_posix())
def test_content_pages_teach_in_prose_outside_folded_blocks(built_site, site_pages, page):
    """내용 페이지에서 접힌 블록 밖의 글자 가운데 글(산문)이 PROSE_TARGET 이상이다: 페이지는 먼저 가르친다."""
    text = visible_text(site_pages[built_page(built_site, page.relative_to(DOCS).as_posix())][0])
    assert text.prose_share >= PROSE_TARGET, (
        f"글 {text.prose}자, 코드 {text.code}자, 수식·인라인 코드 {text.math_and_inline_code}자: 글의 몫 {text.prose_share:.0%}"
    )


def test_prose_share_counts_what_a_reader_sees_first():
    html = (
        '<article class="md-typeset"><h1>제목<a class="headerlink">¶</a></h1><p>글 네 자</p>'
        '<pre><code>코드코드</code></pre>'
        '<details class="success"><summary>대조</summary><pre>접힌코드접힌코드</pre><p>접힌 글</p></details>'
        '<details class="note" open><summary>열림</summary><pre>열린코드</pre></details>'
        '<p><span class="katex"><span class="katex-mathml">보이지않음</span><span class="katex-html">x+y</span></span>'
        " <code>인라인</code></p></article><footer>바깥</footer>"
    )
    text = visible_text(html)
    assert (text.prose, text.code, text.math_and_inline_code) == (len("제목글네자대조열림"), len("코드코드열린코드"), len("x+y인라인"))


def test_a_broken_figure_script_fails_the_build_naming_it(scratch_project, tmp_path):
    """그림은 다른 프로세스에서 그리지만, 그림 스크립트의 실패는 그대로 빌드 실패다."""
    (scratch_project / "docs" / "index.md").write_text("# 시험\n", "utf-8")
    (scratch_project / "snippets" / "figures" / "broken.py").write_text('def make_figure():\n    raise RuntimeError("일부러 틀린 그림")\n', "utf-8")
    result = run_mkdocs_build(scratch_project, tmp_path / "out")
    assert result.returncode != 0
    assert "snippets/figures/broken.py" in result.stderr and "일부러 틀린 그림" in result.stderr


def test_a_malformed_formula_fails_the_build_naming_page_and_tex(scratch_project, tmp_path):
    (scratch_project / "docs" / "index.md").write_text("# 시험\n\n$$\n\\frac{1}{\n$$\n", "utf-8")
    result = run_mkdocs_build(scratch_project, tmp_path / "out")
    assert result.returncode != 0
    assert "index.md" in result.stderr and "\\frac{1}{" in result.stderr


def correction_boxes() -> dict[str, list[str]]:
    """페이지마다 `원문 정정` 상자가 가리키는 정정 목록의 앵커들."""
    boxes: dict[str, list[str]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text("utf-8").split("\n")
        for i, line in enumerate(lines):
            if line.strip() == '!!! warning "원문 정정"':
                body = []
                for following in lines[i + 1 :]:
                    if following.strip() and not following.startswith("    "):
                        break
                    body.append(following)
                anchors = re.findall(r"errata\.md#([^)\s]+)", "\n".join(body))
                assert len(anchors) == 1, f"{page}:{i + 1}: 원문 정정 상자는 정정 목록의 항목 하나를 가리켜야 한다"
                boxes.setdefault(page.relative_to(DOCS).as_posix(), []).extend(anchors)
    return boxes


def test_every_correction_box_has_exactly_one_errata_entry_and_back():
    slug = slugify(case="lower")
    errata = (DOCS / "errata.md").read_text("utf-8")
    entries = {slug(title, "-"): body for title, body in re.findall(r"^### ([^\n]+)\n(.*?)(?=^##|\Z)", errata, re.M | re.S)}
    linked = [anchor for anchors in correction_boxes().values() for anchor in anchors]
    assert sorted(linked) == sorted(entries), "정정 상자와 정정 목록의 항목이 하나씩 짝지어지지 않는다"
    for anchor, body in entries.items():
        pages = [page for page, anchors in correction_boxes().items() if anchor in anchors]
        assert any(f"]({page}#" in body for page in pages), f"정정 목록의 {anchor} 항목이 고친 페이지로 이어지지 않는다"


META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_every_page_has_its_own_korean_meta_description(built_site, site_pages):
    """검색 엔진과 링크 미리 보기가 보여 주는 설명: 페이지마다 앞머리(front matter)의 description."""
    site_description = re.search(r"^site_description: (.*)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)[1]
    descriptions = {}
    for path, (html, _) in site_pages.items():
        if path.name == "404.html":
            continue
        (description,) = META_DESCRIPTION.findall(html)
        description = unescape(description)
        assert HANGUL.search(description) and description != site_description, f"{path}: 페이지의 설명이 없다"
        descriptions.setdefault(description, []).append(path.relative_to(built_site).as_posix())
    shared = {text: paths for text, paths in descriptions.items() if len(paths) > 1}
    assert not shared, f"여러 페이지가 같은 설명을 쓴다: {shared}"


def test_not_found_page_is_korean_and_links_home(built_site):
    html = (built_site / "404.html").read_text("utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]
    assert HANGUL.search(heading) and "Not found" not in html
    article = html[html.index("<article") : html.index("</article>")]
    links = re.findall(r'<a href="([^"]*)"', article)
    # 404 페이지는 어느 주소에서나 보이므로 링크는 사이트의 뿌리에서 시작한다 (배포는 SITE_URL로 그 뿌리를 준다)
    home = {built_site.resolve(), (built_site / "index.html").resolve()}
    assert any((built_site / href.split("#")[0].lstrip("/")).resolve() in home for href in links), links


def test_favicon_is_the_sites_own(built_site, site_pages):
    material_default = built_site / "assets" / "images" / "favicon.png"
    for path, (_, page_tags) in site_pages.items():
        icons = [attrs["href"] for tag, attrs in page_tags if tag == "link" and attrs.get("rel") == "icon"]
        assert len(icons) == 1, path
        icon = ((built_site / icons[0].lstrip("/")) if icons[0].startswith("/") else (path.parent / icons[0])).resolve()
        assert icon.suffix == ".svg" and icon.is_file() and icon != material_default.resolve(), (path, icons)


def test_pages_carry_no_meaningless_tags(site_pages):
    """장과 주제는 내비게이션이 이미 보여 준다: 페이지에 태그를 달지 않는다 (예전의 'DL' 태그처럼 모든
    페이지에 같은 태그가 붙으면 아무것도 구별하지 못한다)."""
    tagged = [path.name for path, (html, _) in site_pages.items() if 'class="md-tag' in html]
    assert not tagged


HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')
ELEMENT_ID = re.compile(r'\bid="([^"]*)"')


def test_every_internal_link_and_anchor_resolves(built_site, site_pages):
    """빌드된 HTML의 모든 내부 링크(본문, 메뉴, 목차, 각주, 404 페이지)가 있는 파일과 있는 id에 닿는다.
    엄격 빌드는 Markdown의 링크만 본다: 템플릿과 훅이 만든 링크까지 여기서 본다."""
    ids = {path.resolve(): set(ELEMENT_ID.findall(html)) for path, (html, _) in site_pages.items()}
    broken, checked = [], 0
    for path, (html, _) in site_pages.items():
        for href in map(unescape, HREF.findall(html)):
            if re.match(r"[a-z][a-z0-9+.-]*:|//", href):  # 다른 호스트, mailto: 따위
                continue
            target, _, fragment = map(unquote, href.partition("#"))
            base = built_site if target.startswith("/") else path.parent
            resolved = (base / target.lstrip("/")).resolve() if target else path.resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            checked += 1
            if not resolved.is_file():
                broken.append(f"{path.relative_to(built_site)}: {href} (파일 없음)")
            elif fragment and resolved.suffix == ".html" and fragment not in ids.get(resolved, set()):
                broken.append(f"{path.relative_to(built_site)}: {href} (앵커 없음)")
    assert checked > 500
    assert not broken, "\n".join(broken)
