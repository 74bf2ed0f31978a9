"""그림은 빌드가 만든다: snippets/figures/<이름>.py 의 make_figure() 를 테마마다 SVG로 저장한다.

대화형 그림의 자료: 스크립트가 make_data()도 두면 그 결과를 figures/<이름>.json 으로 함께 싣는다 (페이지의
작은 스크립트가 읽어 그린다. 계산은 빌드가 라이브러리로 하고, 브라우저는 그리기만 한다).

그림 코드는 밝은 테마의 색으로 그린다. 빌드는 같은 그림의 색을 어두운 테마(Material slate)에 맞게 바꿔
(restyle_for_dark: 밝기를 뒤집고 색상은 둔다) figures/<이름>-dark.svg 로도 저장한다. 두 그림 모두 바탕이
투명하다. 페이지의 그림 참조 한 줄은 테마마다 한 장으로 바뀌고(scheme_images), 다른 테마의 그림은 감춰진
채 내려받지 않는다. svg_text는 저장된 SVG에서 글자 크기와 색을 읽는다 (브라우저 검사가 휴대전화 폭에서 잰다).

한글 글꼴은 그림 코드가 스스로 정한다: make_figure()는 맨 처음 use_korean_font()
(snippets/figures/_korean_font.py, 페이지에도 실리는 절)를 부른다. 그래서 빌드가 만드는
그림과 독자가 노트북에서 같은 코드로 그리는 그림이 같은 글꼴을 쓴다. 빌드는 글꼴을 따로
정하지 않고, 글자를 SVG 경로(path)로 저장하므로 읽는 쪽에 한글 글꼴이 없어도 보인다.
글리프가 빠진 글자(두부 상자)는 경고가 아니라 빌드 오류다. 그림에 쓰인 글자는 SVG의 메타데이터
(dc:description)에 적어 두어, 테스트가 그림을 다시 그리지 않고도 글자마다 글리프가 있는지 본다.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

FIGURES_DIR = Path(__file__).resolve().parents[2] / "snippets" / "figures"
FONT_NAME = "NanumGothic"


def load_figure_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


use_korean_font = load_figure_module(FIGURES_DIR / "_korean_font.py").use_korean_font


SCHEMES = ("light", "dark")  # 밝은 테마(Material default)와 어두운 테마(slate)
# Material slate의 바탕(--md-default-bg-color)과 글자(--md-default-fg-color, 불투명으로) 색: hsl(225°, 15%, 14% / 90%)
SLATE_HUE, SLATE_SATURATION = 225 / 360, 0.15
SLATE_BACKGROUND_LIGHTNESS, SLATE_TEXT_LIGHTNESS = 0.14, 0.90
TEXT_CONTRAST = 4.5  # WCAG AA: 글자와 바탕의 명암비


def figure_uri(stem: str, scheme: str) -> str:
    """사이트 안에서 그림 파일의 자리: 밝은 그림은 figures/<이름>.svg, 어두운 그림은 figures/<이름>-dark.svg."""
    if scheme not in SCHEMES:
        raise ValueError(f"테마는 {SCHEMES} 가운데 하나여야 한다: {scheme!r}")
    return f"figures/{stem}.svg" if scheme == "light" else f"figures/{stem}-dark.svg"


def render_figure(script: Path) -> dict[str, bytes]:
    """그림 스크립트 하나를 실행해 테마마다 SVG 바이트를 돌려준다 (matplotlib 기본 설정에서 시작한다).

    make_figure()는 한 번만 부른다: 밝은 그림을 저장한 뒤 같은 그림의 색을 어두운 테마로 바꿔 다시 저장한다.
    바탕은 두 그림 모두 투명하다 (페이지의 바탕이 비친다)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rc_context, rcParamsDefault

    style = {
        "font.family": rcParamsDefault["font.family"],  # 앞 그림의 설정이 남지 않게: 글꼴은 그림이 정한다
        "svg.fonttype": "path",
        "svg.hashsalt": script.stem,  # 빌드마다 같은 SVG
    }
    with rc_context(style), warnings.catch_warnings(), MissingMathGlyphs() as math_glyphs:
        warnings.simplefilter("error")  # 'Glyph … missing from font' 를 오류로
        figure = load_figure_module(script).make_figure()
        metadata = {"Date": None, "Description": figure_text(figure)}
        bbox = tight_bbox(figure)  # 두 테마가 같은 틀: 색만 다르므로 한 번 잰다
        light = save_svg(figure, metadata, bbox)
        restyle_for_dark(figure)
        dark = save_svg(figure, metadata, bbox)
    if math_glyphs.messages:
        raise ValueError(f"{script.name}: 수식 글자(mathtext)의 글리프가 없어 빈 상자로 그렸다: {math_glyphs.messages[0]}")
    return {"light": light, "dark": dark}


class MissingMathGlyphs(logging.Handler):
    """matplotlib의 mathtext는 글리프가 없는 글자를 경고(warnings)가 아니라 로그로 알리고 빈 상자로 그린다
    (예: 로그 눈금 $10^{-1}$의 빼기 U+2212는 나눔고딕에 없다). 그리는 동안 그 로그를 모은다."""

    LOGGER = "matplotlib.mathtext"

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record) -> None:
        if "does not have a glyph" in record.getMessage():
            self.messages.append(record.getMessage())

    def __enter__(self):
        logging.getLogger(self.LOGGER).addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger(self.LOGGER).removeHandler(self)


def tight_bbox(figure):
    """savefig(bbox_inches="tight")가 저장할 때마다 재는 틀을 한 번만: 배치(constrained layout)를 정하고 잰 뒤
    배치 엔진을 뗀다. 엔진이 붙어 있으면 savefig가 저장할 때마다 그림을 한 번 더 그려 배치를 다시 하므로, 색만
    바꿔 두 번 저장하는 그림에서는 굳힌 배치가 저장 시간을 줄인다 (칸의 자리는 그대로 남는다)."""
    from matplotlib import rcParams

    figure.draw_without_rendering()
    bbox = figure.get_tightbbox().padded(rcParams["savefig.pad_inches"])
    figure.set_layout_engine(None)  # ('none'은 자리만 지키는 엔진을 남겨 savefig가 여전히 미리 그린다)
    return bbox


def save_svg(figure, metadata: dict, bbox) -> bytes:
    """빌드의 설정으로 저장한 SVG 바이트: 바탕은 투명, 틀은 bbox (tight_bbox가 잰 것)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=metadata, bbox_inches=bbox, transparent=True)
    return buffer.getvalue()


def dark_color(color) -> tuple[float, float, float, float]:
    """밝은 그림의 색 하나를 어두운 테마의 색으로: 밝기만 뒤집고 색상·채도·투명도는 둔다.

    흰색은 slate의 바탕색, 검은색은 slate의 글자색이 되고, 그 사이는 밝기에 따라 고르게 놓인다.
    회색(채도 0)은 slate의 푸른 기운을 받는다."""
    import colorsys

    from matplotlib.colors import to_rgba

    red, green, blue, alpha = to_rgba(color)
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation == 0:
        hue, saturation = SLATE_HUE, SLATE_SATURATION
    flipped = SLATE_BACKGROUND_LIGHTNESS + (SLATE_TEXT_LIGHTNESS - SLATE_BACKGROUND_LIGHTNESS) * (1.0 - lightness)
    return (*colorsys.hls_to_rgb(hue, flipped, saturation), alpha)


def slate_background() -> tuple[float, float, float]:
    import colorsys

    return colorsys.hls_to_rgb(SLATE_HUE, SLATE_BACKGROUND_LIGHTNESS, SLATE_SATURATION)


def relative_luminance(color) -> float:
    """WCAG 2의 상대 휘도 (0: 검정, 1: 흰색)."""
    from matplotlib.colors import to_rgb

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in to_rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second) -> float:
    """WCAG 2의 명암비 (1 ~ 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def dark_text_color(color) -> tuple[float, float, float, float]:
    """글자의 dark_color: slate 바탕과의 명암비가 TEXT_CONTRAST에 못 미치면 색상은 두고 밝기만 올린다."""
    import colorsys

    red, green, blue, alpha = dark_color(color)
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    while contrast_ratio((red, green, blue), slate_background()) < TEXT_CONTRAST and lightness < 1.0:
        lightness = min(1.0, lightness + 0.01)
        red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return red, green, blue, alpha


def dark_colormap(colormap):
    """색 지도의 색마다 dark_color: 값이 클수록 진하던 지도는 값이 클수록 밝아진다 (NaN 칸은 그대로 투명)."""
    import numpy as np
    from matplotlib.colors import ListedColormap

    colors = [dark_color(color) for color in colormap(np.linspace(0.0, 1.0, colormap.N))]
    return ListedColormap(colors, name=f"{colormap.name}_dark", bad=dark_color(colormap.get_bad()))


def restyle_for_dark(figure) -> None:
    """그림의 모든 색(글자, 선, 표지, 면, 등고선, 이미지의 색 지도, 눈금)을 dark_color로 바꾼다."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Annotation, Text

    for artist in figure.findobj():
        if isinstance(artist, Text):
            artist.set_color(dark_text_color(artist.get_color()))
            for patch in (artist.get_bbox_patch(), getattr(artist, "arrow_patch", None) if isinstance(artist, Annotation) else None):
                if patch is not None:
                    _restyle_patch(patch)
        elif isinstance(artist, Line2D):  # 세 색을 먼저 읽는다: 표지의 'auto' 색은 선의 색을 따른다
            line, face, edge = artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()
            artist.set_color(dark_color(line))
            artist.set_markerfacecolor(dark_color(face))
            artist.set_markeredgecolor(dark_color(edge))
        elif isinstance(artist, Patch):
            _restyle_patch(artist)
        elif isinstance(artist, Collection):  # 빈 색 목록(선만 긋는 등고선의 면)은 그대로: 비우면 기본색이 든다
            if len(artist.get_facecolor()):
                artist.set_facecolor([dark_color(color) for color in artist.get_facecolor()])
            if len(artist.get_edgecolor()):
                artist.set_edgecolor([dark_color(color) for color in artist.get_edgecolor()])
        elif isinstance(artist, AxesImage):
            artist.set_cmap(dark_colormap(artist.get_cmap()))
    for axes in figure.axes:  # 그릴 때 새로 생기는 눈금도 어두운 색으로
        axes.tick_params(which="both", color=dark_color("black"), labelcolor=dark_text_color("black"))


def _restyle_patch(patch) -> None:
    patch.set_facecolor(dark_color(patch.get_facecolor()))
    patch.set_edgecolor(dark_color(patch.get_edgecolor()))


def write_figure(script: Path, svgs: dict[str, Path], data: Path | None = None) -> None:
    """render_figure의 결과를 테마마다 svgs[테마] 파일로 쓴다 (빌드가 다른 프로세스에서 부른다).
    data가 주어지면 (스크립트가 make_data()를 둔 그림) 대화형 그림이 읽을 JSON도 쓴다."""
    for scheme, svg in render_figure(script).items():
        Path(svgs[scheme]).write_bytes(svg)
    if data is not None:
        Path(data).write_text(render_data(script), "utf-8")


MAKE_DATA = re.compile(r"^def make_data\(", re.MULTILINE)


def has_data(script: Path) -> bool:
    """그림 스크립트가 대화형 그림의 자료(make_data)를 두는가."""
    return bool(MAKE_DATA.search(Path(script).read_text("utf-8")))


def data_uri(stem: str) -> str:
    """사이트 안에서 대화형 그림 자료의 자리: figures/<이름>.json (그림 파일 옆)."""
    return f"figures/{stem}.json"


def render_data(script: Path) -> str:
    """make_data()가 돌려준 것을 빈칸 없는 JSON으로 (NaN과 무한대는 JSON이 아니므로 오류)."""
    import json

    return json.dumps(load_figure_module(script).make_data(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class FigureJobs:
    """그림 스크립트들을 코어 수만큼의 프로세스에서 그린다: 만들면 시작하고, wait()로 기다리고, close()로 치운다.

    그림은 테마마다 임시 폴더의 svgs(script)[테마]에 생긴다 (사이트 안의 자리는 files()). wait()는 모두 끝나기를 기다려 프로세스들을 닫고, 실패한 첫
    그림의 (스크립트, 오류)를 돌려준다. (일하는 프로세스는 fork로 만들어 KaTeX 프로세스로 가는 파이프를
    물려받으므로, 빌드가 KaTeX를 닫기 전에 끝나야 한다.)
    """

    def __init__(self, scripts: list[Path]):
        import multiprocessing
        import os
        import tempfile
        from concurrent.futures import ProcessPoolExecutor

        self.out = tempfile.TemporaryDirectory(prefix="docsite-figures-")
        workers = max(1, min(len(scripts), os.cpu_count() or 1))
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        self.data = {script: Path(self.out.name) / data_uri(script.stem).removeprefix("figures/") for script in scripts if has_data(script)}
        self.jobs = {script: self.pool.submit(write_figure, script, self.svgs(script), self.data.get(script)) for script in scripts}

    def svgs(self, script: Path) -> dict[str, Path]:
        return {scheme: Path(self.out.name) / figure_uri(script.stem, scheme).removeprefix("figures/") for scheme in SCHEMES}

    def files(self) -> list[tuple[str, Path]]:
        """(사이트 안의 자리, 임시 파일) 쌍: 그림마다 테마 수만큼, 그리고 자료를 둔 그림의 JSON."""
        svgs = [(figure_uri(script.stem, scheme), svg) for script in self.jobs for scheme, svg in self.svgs(script).items()]
        return svgs + [(data_uri(script.stem), data) for script, data in self.data.items()]

    def wait(self) -> tuple[Path, Exception] | None:
        failed = None
        for script, job in self.jobs.items():
            error = job.exception()  # 그 그림이 끝날 때까지 기다린다
            if error is not None:
                failed = (script, error)
                break
        self.pool.shutdown(cancel_futures=True)
        return failed

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.out.cleanup()


TEXT_SEPARATOR = " | "


def figure_text(figure) -> str:
    """그림에 쓰인 글자(제목, 축 이름, 눈금, 범례, 주석)를 하나로 잇는다."""
    from matplotlib.text import Text

    return TEXT_SEPARATOR.join(text.get_text() for text in figure.findobj(Text) if text.get_text().strip())


# 페이지의 그림 참조: ![대체 글](../figures/<이름>.svg) (뒤에 속성 목록이 붙지 않은 꼴)
FIGURE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<folder>(?:\.\./)*)figures/(?P<stem>\w+)\.svg\)(?!\{)")


def scheme_images(markdown: str) -> str:
    """그림 참조 하나를 테마마다 한 장씩 두 장으로: 밝은 그림에 #only-light, 어두운 그림에 #only-dark
    (Material이 다른 테마의 그림을 display: none으로 감춘다). 둘 다 loading=lazy라 Chromium은 감춰진
    그림을 내려받지 않고, 보이는 그림도 화면에 가까워질 때 내려받는다."""

    def pair(match: re.Match) -> str:
        images = []
        for scheme, fragment in zip(SCHEMES, ("only-light", "only-dark")):
            src = match["folder"] + figure_uri(match["stem"], scheme)
            images.append(f"![{match['alt']}]({src}#{fragment}){{ loading=lazy }}")
        return "".join(images)

    return FIGURE_IMAGE.sub(pair, markdown)


def figure_scripts(figures_dir: Path) -> list[Path]:
    return sorted(path for path in Path(figures_dir).glob("*.py") if not path.name.startswith("_"))


@dataclass(frozen=True)
class SvgText:
    """SVG 그림의 글자를 잰 것. 글자는 경로(glyph)이고, 글자 덩어리마다 <g transform="… scale(s -s)"> 안에
    글리프 <use> 가 놓인다. 글꼴 크기(pt)는 s × TextToPath.FONT_SCALE, 위·아래 첨자는 <use> 의 scale을 한 번 더 곱한다.
    viewBox의 단위는 pt이므로, 화면에서 너비 w px로 그려지면 글자 크기는 (크기 pt) × w / width px이다."""

    width: float  # viewBox의 너비 (pt)
    sizes: tuple[float, ...]  # 글자 덩어리마다 본 크기 (덩어리에서 가장 큰 글리프, pt)
    script_sizes: tuple[float, ...]  # 본 크기보다 작은 글리프 (위·아래 첨자, pt)
    fills: frozenset[str]  # 글자를 칠한 색 (#rrggbb)

    def smallest_px(self, rendered_width: float) -> tuple[float, float]:
        """화면에서 rendered_width px로 그려질 때 (가장 작은 본 글자, 가장 작은 첨자)의 CSS px. 첨자가 없으면 둘이 같다."""
        if rendered_width <= 0:
            raise ValueError(f"그려진 너비는 양수여야 한다: {rendered_width}")
        base = min(self.sizes)
        return base * rendered_width / self.width, min(self.script_sizes, default=base) * rendered_width / self.width


SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
SCALE = re.compile(r"scale\(([-+\d.e]+)")
FILL = re.compile(r"(?:^|;)\s*fill:\s*(#[0-9a-fA-F]{6}|none)")
GLYPH_ID = re.compile(r"#\w+(?:-\w+)*-[0-9a-f]+$")  # 글리프는 '#<글꼴>-<글리프 번호(16진)>', 표지(marker)는 '#m<해시>'


def svg_text(svg: bytes) -> SvgText:
    """matplotlib이 svg.fonttype = 'path'로 저장한 SVG에서 글자 크기와 색을 읽는다. 글자가 없으면 ValueError."""
    import xml.etree.ElementTree as ET

    from matplotlib.textpath import TextToPath

    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    sizes, scripts, fills = [], [], set()

    def walk(element, fill: str) -> None:
        fill = _fill(element) or fill
        glyphs = [use for use in element.findall(f"{SVG}use") if GLYPH_ID.search(use.get(HREF, ""))]
        scale = _scale(element.get("transform"))
        if glyphs and scale:
            run = [TextToPath.FONT_SCALE * scale * (_scale(use.get("transform")) or 1.0) for use in glyphs]
            base = max(run)
            sizes.append(base)
            scripts.extend(size for size in run if size < base)
            fills.add(fill)
        for child in element:
            walk(child, fill)

    walk(root, "#000000")  # SVG의 기본 칠은 검정
    if not sizes:
        raise ValueError("SVG에 경로로 그린 글자가 없다 (svg.fonttype = 'path' 로 저장했는가)")
    return SvgText(width, tuple(sizes), tuple(scripts), frozenset(fills))


def _scale(transform: str | None) -> float | None:
    match = SCALE.search(transform or "")
    return abs(float(match[1])) if match else None


def _fill(element) -> str | None:
    match = FILL.search(element.get("style", ""))
    return match[1].lower() if match else None
