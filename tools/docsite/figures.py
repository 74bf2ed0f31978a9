"""그림은 빌드가 만든다: snippets/figures/<이름>.py 의 make_figure() 를 SVG로 저장한다.

글자는 SVG 경로(path)로 저장하므로 읽는 쪽에 한글 글꼴이 없어도 보인다.
한글 글꼴은 PyPI 패키지 koreanize-matplotlib 에 든 나눔고딕을 쓴다.
글리프가 빠진 글자(두부 상자)는 경고가 아니라 빌드 오류다.
"""

from __future__ import annotations

import importlib.util
import io
import warnings
from pathlib import Path

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILE = "NanumGothic.ttf"
FONT_NAME = "NanumGothic"


def korean_font_path() -> Path:
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"한글 글꼴 패키지 {FONT_PACKAGE} 가 없다 (pip install koreanize-matplotlib)")
    path = Path(spec.submodule_search_locations[0]) / "fonts" / FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"한글 글꼴 파일이 없다: {path}")
    return path


def load_figure_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_figure(script: Path) -> bytes:
    """그림 스크립트 하나를 실행해 SVG 바이트를 돌려준다."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, rc_context

    font_manager.fontManager.addfont(str(korean_font_path()))
    style = {
        "font.family": [FONT_NAME],
        "axes.unicode_minus": False,  # 나눔고딕에는 U+2212 가 없다
        "svg.fonttype": "path",
        "svg.hashsalt": script.stem,  # 빌드마다 같은 SVG
    }
    with rc_context(style), warnings.catch_warnings():
        warnings.simplefilter("error")  # 'Glyph … missing from font' 를 오류로
        figure = load_figure_module(script).make_figure()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def figure_scripts(figures_dir: Path) -> list[Path]:
    return sorted(path for path in Path(figures_dir).glob("*.py") if not path.name.startswith("_"))
