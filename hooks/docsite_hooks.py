"""MkDocs 훅: 수식 조판(KaTeX), 그림 생성, 수식 장부.

- 수식: pymdownx.arithmatex 가 남긴 TeX를 빌드 때 KaTeX HTML로 바꾼다. 사이트는 수식용
  JavaScript를 싣지 않는다. 잘못된 수식은 페이지와 TeX를 밝히며 빌드를 멈춘다.
- 그림: snippets/figures/*.py 를 실행해 테마마다 figures/<이름>.svg 와 figures/<이름>-dark.svg 로 싣고,
  페이지의 그림 참조를 테마마다 한 장으로 바꾼다 (커밋하지 않는다). 그림은 코어 수만큼의
  프로세스가 페이지를 변환하는 동안 함께 그리고, 정적 파일을 복사하기 직전(on_env)에 기다린다.
- 장부: 홈 페이지의 <!-- formula-ledger --> 자리에 '검증된 수식 N/M' 을 계산해 넣는다.
- 약어: 용어집(docs/glossary.md)의 약어 풀이를 모든 페이지 끝에 붙인다 (abbr 확장이 읽는다).
- 검색: 빌드가 끝나면 검색 색인을 한국어 검색에 맞게 고친다 (docsite.search).
- 노트북: 내용 페이지(python 펜스가 있는 페이지)마다 그 페이지를 옮긴 .ipynb를 페이지 옆에 쓰고
  (docsite.notebook: 테스트가 새 커널에서 실행하는 바로 그 노트북), 페이지 제목 옆에 내려받기 단추를 단다
  (overrides/partials/actions.html). 그림은 빌드가 그린 밝은 테마의 SVG를 셀에 첨부한다.
- 실습 노트북(docs/practice/*.py): mkdocs-jupyter가 읽기 전에 라이브러리를 싣는 줄을 펼친 사본을 만들어 읽게 하고,
  mkdocs-jupyter가 실행해 그린 HTML을 사이트의 모양으로 바꾼다 (docsite.practice.notebook_page: 스크립트와
  JupyterLab CSS 없이, 수식은 KaTeX로, 그림 출력은 페이지 옆의 파일로). 출력 없는 .ipynb도 페이지 옆에 쓴다.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

# 그림 프로세스(코어 수만큼)와 실습 노트북의 커널은 계산 라이브러리의 스레드를 하나씩 쓴다 (NumPy를 읽기 전에 정해야
# 물려받는다): 프로세스마다 코어 수만큼의 OpenMP·OpenBLAS 스레드를 띄우면 서로 코어를 기다리며 돈다 (빌드 32 → 28 초)
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

import jupytext  # noqa: E402
import nbformat  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from pymdownx.slugs import slugify  # noqa: E402

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from docsite import KatexRenderer, MathError, formula_ledger, ledger_markdown, misspelled_python_fences  # noqa: E402
from docsite.figures import FigureJobs, figure_scripts, scheme_images  # noqa: E402
from docsite.glossary import abbreviation_definitions, load_glossary  # noqa: E402
from docsite.notebook import notebook_name, page_notebook  # noqa: E402
from docsite.pages import fences  # noqa: E402
from docsite.practice import PRACTICE_GLOB, expanded_practice, notebook_page, practice_notebook  # noqa: E402
from docsite.search import improve_site_index  # noqa: E402

log = logging.getLogger("mkdocs.hooks.docsite")

LEDGER_MARKER = "<!-- formula-ledger -->"
SLUGIFY = slugify(case="lower")  # mkdocs.yml의 toc.slugify와 같은 것
KATEX_ASSETS = "assets/katex"

_state: dict = {}


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    _close_renderer()
    _state["renderer"] = KatexRenderer(_root(config) / "node_modules" / "katex")
    return config


def on_files(files, config):
    root = _root(config)
    katex_dist = root / "node_modules" / "katex" / "dist"
    assets = [katex_dist / "katex.min.css", *sorted((katex_dist / "fonts").glob("*.woff2"))]
    for asset in assets:
        uri = f"{KATEX_ASSETS}/{asset.relative_to(katex_dist).as_posix()}"
        files.append(File.generated(config, uri, abs_src_path=str(asset)))
    _expand_practice_notebooks(files, config)
    _close_figures()
    figures = _state["figures"] = FigureJobs(figure_scripts(root / "snippets" / "figures"))
    for uri, svg in figures.files():  # 그림마다 밝은 테마와 어두운 테마의 SVG
        files.append(File.generated(config, uri, abs_src_path=str(svg)))
    _state["ledger"] = formula_ledger(Path(config.docs_dir))
    glossary = Path(config.docs_dir) / "glossary.md"
    _state["terms"] = load_glossary(glossary.parent) if glossary.is_file() else []
    _state["abbreviations"] = abbreviation_definitions(_state["terms"])
    return files


def _expand_practice_notebooks(files, config):
    """실습 노트북(mkdocs-jupyter가 읽는 docs/practice/*.py)은 라이브러리를 싣는 줄을 펼친 사본을 읽게 한다."""
    _close_practice()
    copies = _state["practice_dir"] = tempfile.TemporaryDirectory(prefix="docsite-practice-")
    for file in files:
        if file.abs_src_path and Path(file.src_uri).match(PRACTICE_GLOB):
            copy = Path(copies.name) / file.src_uri
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(expanded_practice(Path(file.abs_src_path).read_text("utf-8"), Path(config.config_file_path)), "utf-8")
            file.abs_src_path = str(copy)


def _close_practice():
    copies = _state.pop("practice_dir", None)
    if copies is not None:
        copies.cleanup()


def on_nav(nav, config, files):
    _state["nav_order"] = [page.file.src_uri for page in nav.pages]  # 장부 표를 읽는 순서대로
    return nav


def on_page_markdown(markdown, page, config, files):
    for bad in misspelled_python_fences(markdown):
        log.warning("%s: 테스트가 건너뛸 펜스 철자 %s (```python 으로 쓸 것)", page.file.src_uri, bad)
    if LEDGER_MARKER in markdown:
        markdown = markdown.replace(LEDGER_MARKER, ledger_markdown(_state["ledger"], _state.get("nav_order")))
    markdown = scheme_images(markdown)  # 그림 한 장 → 테마마다 한 장
    if page.file.abs_src_path and any(fence.is_python for fence in fences(markdown)):
        page.notebook = notebook_name(page.file.src_uri)  # 내용 페이지: 노트북을 싣고 내려받기 단추를 단다
    return f"{markdown}\n\n{_state['abbreviations']}\n"


def on_page_content(html, page, config, files):
    # 실습 노트북: mkdocs-jupyter가 실행해 그린 HTML을 사이트의 모양으로 (스크립트·CSS 없이, 수식은 KaTeX로)
    if not Path(page.file.src_uri).match(PRACTICE_GLOB):
        return html
    notebook = jupytext.read(page.file.abs_src_path)  # 라이브러리를 펼친 사본 (mkdocs-jupyter가 실행한 것)
    try:
        result = notebook_page(html, notebook, SLUGIFY, page.file.src_uri)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    page.toc = get_toc(result.toc)
    page.meta.setdefault("description", result.description)
    # 실습은 앞 장의 부품을 모아 쓰므로 여러 용어가 함께 나온다: 검색에서 그 용어를 가르치는 페이지보다 앞서지 않게
    page.meta.setdefault("search", {"boost": 0.5})
    page.notebook = Path(page.file.src_uri).stem + ".ipynb"
    page.notebook_images = result.images  # 그림 출력은 페이지 옆의 파일로 (on_post_page)
    return result.html


def on_page_context(context, page, config, nav):
    # 검색 플러그인이 이 페이지를 색인한 뒤에 조판한다 (훅은 플러그인 다음에 돈다):
    # 검색 색인에는 KaTeX의 HTML 조각이 아니라 TeX 원문이 들어간다.
    try:
        page.content, displays = _state["renderer"].render_html(page.content)
    except MathError as error:
        raise PluginError(f"{page.file.src_uri}: 수식을 조판하지 못했다: {error}") from None
    counted = sum(formula.page == page.file.src_uri for formula in _state["ledger"])
    if displays != counted:
        raise PluginError(
            f"{page.file.src_uri}: 디스플레이 수식 {displays}개가 조판됐지만 장부에는 {counted}개다"
            " (디스플레이 수식은 $$ 로 시작하는 줄에 써야 장부가 센다)"
        )
    return context


def on_env(env, config, files):
    # 정적 파일(그림 포함)을 복사하기 직전: 그림이 모두 그려질 때까지 기다린다
    failed = _state["figures"].wait()
    if failed is not None:  # 그림 스크립트의 어떤 실패도 빌드 실패다
        script, error = failed
        raise PluginError(f"그림 {script.relative_to(_root(config))} 을 만들지 못했다: {error}") from error
    # 노트북에 첨부할 그림: 밝은 테마의 SVG (figures/<이름>.svg)
    _state["figure_files"] = {Path(uri).name: svg for uri, svg in _state["figures"].files() if uri.endswith(".svg")}
    return env


def on_post_page(output, page, config):
    # 내용 페이지의 노트북을 페이지 옆에 쓴다 (내려받기 단추는 page.notebook을 보고 템플릿이 단다)
    if getattr(page, "notebook", None) and Path(page.file.src_uri).match(PRACTICE_GLOB):  # 출력 없는 실습 노트북
        text = Path(page.file.abs_src_path).read_text("utf-8")
        notebook = practice_notebook(text, Path(config.config_file_path), page.file.src_uri, config.site_url or "")
        target = Path(os.path.dirname(page.file.abs_dest_path)) / page.notebook
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(notebook) + "\n", "utf-8")
        for name, content in page.notebook_images.items():
            (target.parent / name).write_bytes(content)
    elif getattr(page, "notebook", None):
        figure_files = _state.get("figure_files", {})
        text = Path(page.file.abs_src_path).read_text("utf-8")
        notebook = page_notebook(
            text,
            page.file.src_uri,
            Path(config.config_file_path),
            site_url=config.site_url or "",
            figure_svg=lambda name: figure_files[name].read_bytes() if name in figure_files else None,
        ).notebook
        target = Path(os.path.dirname(page.file.abs_dest_path)) / page.notebook
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(notebook) + "\n", "utf-8")
    return output


def _close_figures():
    figures = _state.pop("figures", None)
    if figures is not None:
        figures.close()  # 그림 폴더는 사이트에 복사된 뒤(on_post_build)에 지운다


def _close_renderer():
    renderer = _state.pop("renderer", None)
    if renderer is not None:
        renderer.close()


def on_post_build(config):
    _close_practice()
    _close_figures()
    _close_renderer()
    # 검색 플러그인이 쓴 색인을 한국어 검색에 맞게 고쳐 쓴다 (훅은 플러그인 다음에 돈다): docsite.search
    improve_site_index(Path(config.site_dir), _state["terms"])


def on_build_error(error):
    _close_practice()
    _close_figures()
    _close_renderer()
