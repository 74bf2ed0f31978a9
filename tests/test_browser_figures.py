"""그림이 휴대전화 폭(390 px)에서 읽히고 두 테마에서 맞게 보이는지 판정한다 (tests/browser_figures.py가 모은다).

- 그림마다 그 테마의 그림 한 장만 보이고, 그 테마로 보는 동안 그 그림들만 내려받는다: 페이지를 처음 열 때
  감춰진 테마의 그림은 받지 않고, 테마 단추로 바꾸면 새 테마의 그림만 받는다.
- 390 px에서 가장 작은 글자가 MIN_TEXT_PX 이상, 위·아래 첨자는 그 70%(TeX가 첨자를 줄이는 비율) 이상이다.
- 그림의 바탕은 페이지의 바탕이 비치고(찍은 그림에서 가장 많은 색이 페이지 바탕색), 글자는 그 바탕과
  WCAG AA 명암비(4.5:1) 이상이다: 어두운 테마에서 흰 판에 검은 글자인 그림은 둘 다 어긴다.
"""

from __future__ import annotations

import pytest

from browser_figures import MATERIAL_SCHEME
from docsite.figures import FIGURES_DIR, TEXT_CONTRAST, figure_scripts
from helpers import require_chromium

require_chromium()

MIN_TEXT_PX = 9.0
MIN_SCRIPT_PX = 0.7 * MIN_TEXT_PX


@pytest.fixture(scope="module")
def record(browser_report):
    return browser_report.area("figures")


def test_every_figure_page_was_seen_in_both_schemes(record):
    """페이지마다 두 테마로 잰다. 처음 여는 테마는 페이지마다 번갈아 (브라우저의 색 구성), 다른 테마는 테마 단추로."""
    # 빌드가 그리는 그림(snippets/figures/*.py)마다 그것을 싣는 페이지가 있고, 그 페이지들을 쟀다
    assert record.stems == {script.stem for script in figure_scripts(FIGURES_DIR)}, record.stems
    assert len(record.figures) >= 6, record.figures
    assert set(record.opened_in) == set(record.figures) and set(record.opened_in.values()) == set(MATERIAL_SCHEME)
    for page in record.figures:
        for scheme, material in MATERIAL_SCHEME.items():
            assert record.color_scheme[(page, scheme)] == material, (page, scheme)


def test_each_figure_shows_only_its_schemes_variant(record):
    for page, count in record.figures.items():
        for scheme in MATERIAL_SCHEME:
            shown = [figure.path for figure in record.shown if (figure.page, figure.scheme) == (page, scheme)]
            assert len(shown) == count and len(record.hidden[(page, scheme)]) == count, (page, scheme, shown)
            assert all(path.endswith("-dark.svg") == (scheme == "dark") for path in shown), (page, scheme, shown)
            assert {path.removesuffix(".svg").removesuffix("-dark") for path in shown} == {
                path.removesuffix(".svg").removesuffix("-dark") for path in record.hidden[(page, scheme)]
            }, "감춰진 그림은 보이는 그림의 다른 테마여야 한다"


def test_only_the_shown_variant_is_downloaded(record):
    for (page, scheme), hidden in record.hidden.items():
        shown = {figure.path for figure in record.shown if (figure.page, figure.scheme) == (page, scheme)}
        requested = set(record.requested.get((page, scheme), []))
        assert requested == shown, f"{page} ({scheme}): 내려받은 그림 {sorted(requested)}, 보이는 그림 {sorted(shown)}"


def test_figures_load_and_fill_the_phone_column(record):
    for figure in record.shown:
        assert figure.loaded, f"{figure.page} ({figure.scheme}): {figure.path} 가 내려받아지지 않았다"
        assert 300 <= figure.width <= 390, f"{figure.path}: 그려진 너비 {figure.width} px"


def test_figure_text_is_legible_at_phone_width(record):
    small = [
        f"{figure.path}: 글자 {figure.text_px:.1f} px, 첨자 {figure.script_px:.1f} px"
        for figure in record.shown
        if figure.text_px < MIN_TEXT_PX or figure.script_px < MIN_SCRIPT_PX
    ]
    assert not small, "\n".join(small)


def test_figures_sit_on_the_page_background_in_both_schemes(record):
    for figure in record.shown:
        assert figure.backdrop is not None, f"{figure.path} ({figure.scheme}): 그림을 내려받지 못해 바탕을 잴 수 없다"
        gap = max(abs(a - b) for a, b in zip(figure.backdrop, figure.page_background))
        assert gap <= 2, f"{figure.path} ({figure.scheme}): 그림의 바탕 {figure.backdrop}, 페이지 바탕 {figure.page_background}"


def test_figure_text_contrasts_with_the_page_background(record):
    for figure in record.shown:
        assert figure.text_contrast >= TEXT_CONTRAST, f"{figure.path} ({figure.scheme}): 글자 명암비 {figure.text_contrast:.2f}"
