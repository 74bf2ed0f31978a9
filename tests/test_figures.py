"""그림 도구(tools/docsite/figures.py)의 검사: 테마마다의 그림 참조, 어두운 테마의 색, SVG의 글자 크기 읽기."""

from __future__ import annotations

import colorsys

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from docsite.figures import (
    TEXT_CONTRAST,
    FigureJobs,
    contrast_ratio,
    dark_color,
    data_uri,
    figure_uri,
    has_data,
    relative_luminance,
    render_data,
    render_figure,
    restyle_for_dark,
    save_svg,
    scheme_images,
    slate_background,
    svg_text,
    tight_bbox,
    use_korean_font,
)


@pytest.fixture(autouse=True)
def build_style():
    """빌드와 같은 설정: 한글 글꼴, 글자는 경로 (글꼴은 글자를 만들 때 정해지므로 테스트마다 먼저)."""
    with rc_context({"svg.fonttype": "path", "svg.hashsalt": "test"}):
        use_korean_font()
        yield


def saved_svg(figure) -> bytes:
    return save_svg(figure, {"Date": None}, tight_bbox(figure))


def test_figure_uri_names_the_dark_variant_and_rejects_unknown_schemes():
    assert figure_uri("losses", "light") == "figures/losses.svg"
    assert figure_uri("losses", "dark") == "figures/losses-dark.svg"
    with pytest.raises(ValueError, match="sepia"):
        figure_uri("losses", "sepia")


def test_scheme_images_turns_one_figure_into_one_lazy_image_per_scheme():
    markdown = "앞 글\n\n![손실 그림](../figures/losses.svg)\n\n![사진](../photo.svg)\n"
    assert scheme_images(markdown) == (
        "앞 글\n\n"
        "![손실 그림](../figures/losses.svg#only-light){ loading=lazy }"
        "![손실 그림](../figures/losses-dark.svg#only-dark){ loading=lazy }\n\n"
        "![사진](../photo.svg)\n"
    )
    once = scheme_images(markdown)
    assert scheme_images(once) == once, "이미 바꾼 참조는 다시 바꾸지 않는다"


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("black", "white") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)  # AA를 넘는 가장 옅은 회색으로 알려진 값
    assert relative_luminance("white") == pytest.approx(1.0) and relative_luminance("black") == 0.0


def test_dark_color_flips_lightness_onto_the_slate_scheme():
    assert contrast_ratio(dark_color("white")[:3], slate_background()) == pytest.approx(1.0)  # 흰 면은 바탕이 된다
    assert contrast_ratio(dark_color("black")[:3], slate_background()) > 10  # 검은 글자는 밝은 글자가 된다
    red = dark_color((0.8, 0.1, 0.1, 0.5))
    hue, lightness, _ = colorsys.rgb_to_hls(*red[:3])
    assert hue == pytest.approx(0.0, abs=1e-9) and red[3] == 0.5  # 색상과 투명도는 그대로
    assert lightness > colorsys.rgb_to_hls(0.8, 0.1, 0.1)[1]  # 흰 바탕의 진한 색은 어두운 바탕에서 옅어진다
    assert dark_color("0.7")[:3] != dark_color("0.3")[:3] and relative_luminance(dark_color("0.7")) < relative_luminance(dark_color("0.3"))


def test_restyled_figure_has_readable_text_and_a_transparent_background():
    figure = Figure(figsize=(3, 2))
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1], color="C0")
    ax.set_title("제목", color="#c62828")  # 밝은 테마에서 읽히는 진한 빨강
    ax.text(0.5, 0.5, "상자", backgroundcolor="white")
    restyle_for_dark(figure)
    for text in (ax.title, ax.texts[0], *ax.get_xticklabels()):
        assert contrast_ratio(text.get_color()[:3], slate_background()) >= TEXT_CONTRAST, text.get_text()
    assert contrast_ratio(ax.texts[0].get_bbox_patch().get_facecolor()[:3], slate_background()) == pytest.approx(1.0)
    svg = saved_svg(figure)
    assert b"fill: #ffffff" not in svg, "어두운 그림에 흰 면이 남았다"


def test_svg_text_reads_font_sizes_scripts_and_colours_from_the_saved_svg():
    figure = Figure(figsize=(4, 2))
    figure.text(0.1, 0.6, "열 포인트", fontsize=10, color="#1b7a3a")
    figure.text(0.1, 0.2, r"$x^2$", fontsize=20)
    text = svg_text(saved_svg(figure))
    assert sorted(text.sizes) == pytest.approx([10.0, 20.0])
    assert text.script_sizes == pytest.approx((20.0 * 0.7,))  # mathtext의 위 첨자는 70%
    assert text.fills == {"#1b7a3a", "#000000"}
    base, script = text.smallest_px(text.width)  # viewBox 너비 그대로 그리면 1 pt = 1 px
    assert (base, script) == pytest.approx((10.0, 14.0))
    assert text.smallest_px(text.width / 2) == pytest.approx((5.0, 7.0))
    with pytest.raises(ValueError, match="양수"):
        text.smallest_px(0)


def test_svg_text_rejects_an_svg_without_glyphs():
    figure = Figure(figsize=(2, 2))
    figure.add_artist(Line2D([0, 1], [0, 1]))
    with pytest.raises(ValueError, match="글자가 없다"):
        svg_text(saved_svg(figure))


def test_a_math_glyph_the_font_lacks_fails_the_render_naming_the_script(tmp_path):
    """mathtext는 없는 글리프를 로그로만 알리고 빈 상자로 그린다: 빌드는 그것을 오류로 본다 (로그 눈금의 빼기)."""
    script = tmp_path / "log_ticks.py"
    script.write_text(
        "from matplotlib.figure import Figure\n"
        "from docsite.figures import use_korean_font\n"
        "def make_figure():\n"
        "    use_korean_font()\n"
        "    fig = Figure()\n"
        "    ax = fig.subplots()\n"
        "    ax.plot([1, 2], [1e-3, 1.0])\n"
        "    ax.set_yscale('log')\n"
        "    return fig\n",
        "utf-8",
    )
    with pytest.raises(ValueError, match="log_ticks.py: 수식 글자"):
        render_figure(script)


FIGURE_ONLY = "from matplotlib.figure import Figure\ndef make_figure():\n    return Figure()\n"


def test_a_script_with_make_data_gets_a_json_beside_its_figures(tmp_path):
    """make_data()를 둔 그림 스크립트만 자료를 낸다: figures/<이름>.json, 빈칸 없는 JSON (한글은 그대로)."""
    plain, interactive = tmp_path / "plain.py", tmp_path / "paths.py"
    plain.write_text(FIGURE_ONLY + "# make_data는 주석에만 있다\n", "utf-8")
    interactive.write_text(FIGURE_ONLY + "def make_data():\n    return {'제목': '궤적', 'points': [0.5, -1]}\n", "utf-8")
    assert not has_data(plain) and has_data(interactive)
    assert data_uri("paths") == "figures/paths.json"
    assert render_data(interactive) == '{"제목":"궤적","points":[0.5,-1]}'
    jobs = FigureJobs([plain, interactive])
    try:
        assert jobs.wait() is None
        files = dict(jobs.files())
        assert "figures/paths.json" in files and "figures/plain.json" not in files
        assert files["figures/paths.json"].read_text("utf-8") == render_data(interactive)
    finally:
        jobs.close()


def test_data_that_is_not_json_fails_the_render(tmp_path):
    script = tmp_path / "blown.py"
    script.write_text(FIGURE_ONLY + "def make_data():\n    return {'loss': float('inf')}\n", "utf-8")
    with pytest.raises(ValueError, match="JSON"):
        render_data(script)
