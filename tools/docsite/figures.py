"""그림은 빌드가 만든다: snippets/figures/<이름>.py 의 make_figure() 를 SVG로 저장한다.

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
import warnings
from pathlib import Path

FIGURES_DIR = Path(__file__).resolve().parents[2] / "snippets" / "figures"
FONT_NAME = "NanumGothic"


def load_figure_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


use_korean_font = load_figure_module(FIGURES_DIR / "_korean_font.py").use_korean_font


def render_figure(script: Path) -> bytes:
    """그림 스크립트 하나를 실행해 SVG 바이트를 돌려준다 (matplotlib 기본 설정에서 시작한다)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rc_context, rcParamsDefault

    style = {
        "font.family": rcParamsDefault["font.family"],  # 앞 그림의 설정이 남지 않게: 글꼴은 그림이 정한다
        "svg.fonttype": "path",
        "svg.hashsalt": script.stem,  # 빌드마다 같은 SVG
    }
    with rc_context(style), warnings.catch_warnings():
        warnings.simplefilter("error")  # 'Glyph … missing from font' 를 오류로
        figure = load_figure_module(script).make_figure()
        buffer = io.BytesIO()
        metadata = {"Date": None, "Description": figure_text(figure)}
        figure.savefig(buffer, format="svg", metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def write_figure(script: Path, svg: Path) -> None:
    """render_figure의 결과를 svg 파일로 쓴다 (빌드가 다른 프로세스에서 부른다)."""
    Path(svg).write_bytes(render_figure(script))


class FigureJobs:
    """그림 스크립트들을 코어 수만큼의 프로세스에서 그린다: 만들면 시작하고, wait()로 기다리고, close()로 치운다.

    그림은 임시 폴더의 svg(script)에 생긴다. wait()는 모두 끝나기를 기다려 프로세스들을 닫고, 실패한 첫
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
        self.jobs = {script: self.pool.submit(write_figure, script, self.svg(script)) for script in scripts}

    def svg(self, script: Path) -> Path:
        return Path(self.out.name) / f"{script.stem}.svg"

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


def figure_scripts(figures_dir: Path) -> list[Path]:
    return sorted(path for path in Path(figures_dir).glob("*.py") if not path.name.startswith("_"))
