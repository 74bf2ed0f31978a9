"""노트북: 페이지마다 빌드가 싣는 .ipynb (테스트가 새 커널에서 실행하는 바로 그 노트북)와, mkdocs-jupyter가
빌드 때 실행해 그리는 실습 노트북 (docs/practice/*.py)."""

from __future__ import annotations

import base64
import re
import textwrap
from pathlib import Path

import jupytext
import nbformat
import pytest
from mkdocs.config import load_config

from docsite.notebook import notebook_name, page_notebook, page_url
from docsite.pages import expand_snippets, fences
from docsite.practice import PRACTICE_GLOB, expanded_practice, notebook_page, practice_files, practice_markdown, practice_notebook
from helpers import DOCS, MKDOCS_YML, PAGES_WITH_CODE, run_mkdocs_build

PRACTICE = practice_files(DOCS)
DOWNLOAD = re.compile(r'<a href="(?P<name>[\w-]+\.ipynb)" download title="[^"]+" aria-label="[^"]+" class="md-content__button md-icon">')


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def site_page(built_site: Path, src_uri: str) -> Path:
    return built_site / page_url(src_uri) / "index.html"


# --- 페이지마다의 노트북 ---


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_every_content_page_offers_its_notebook_and_it_holds_the_code_the_suite_ran(built_site, page):
    """내려받기 단추가 페이지 옆의 .ipynb를 가리키고, 그 노트북의 코드 셀은 하네스가 새 커널에서 실행한
    노트북의 코드 셀과 글자까지 같다 (출력은 싣지 않는다)."""
    src_uri = page_id(page)
    html = site_page(built_site, src_uri).read_text("utf-8")
    (name,) = [match["name"] for match in DOWNLOAD.finditer(html)]
    assert name == notebook_name(src_uri)
    shipped = nbformat.read(site_page(built_site, src_uri).parent / name, as_version=4)
    nbformat.validate(shipped)
    ran = page_notebook(page.read_text("utf-8"), src_uri, MKDOCS_YML).notebook
    code = lambda notebook: [cell.source for cell in notebook.cells if cell.cell_type == "code"]  # noqa: E731
    assert code(shipped) == code(ran)
    assert len(code(shipped)) == sum(fence.is_python for fence in fences(page.read_text("utf-8")))
    assert all(not cell.outputs and cell.execution_count is None for cell in shipped.cells if cell.cell_type == "code")
    assert shipped.metadata.kernelspec.language == "python"


def test_page_notebooks_carry_their_figures_and_link_into_the_site(built_site):
    """그림은 빌드가 그린 SVG가 셀에 첨부되고, 다른 페이지로 가는 링크는 노트북 폴더에서 사이트의 페이지로 닿는다."""
    attached = links = 0
    for page in PAGES_WITH_CODE:
        src_uri = page_id(page)
        folder = site_page(built_site, src_uri).parent
        notebook = nbformat.read(folder / notebook_name(src_uri), as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "markdown":
                continue
            for name in re.findall(r"\]\(attachment:([\w-]+\.svg)\)", cell.source):
                svg = base64.b64decode(cell.attachments[name]["image/svg+xml"])
                assert svg == (built_site / "figures" / name).read_bytes()
                attached += 1
            assert ".md)" not in cell.source and ".md#" not in cell.source, f"{src_uri}: 노트북에 .md 링크가 남았다"
            assert not re.search(r"^[> ]*(!!!|\?\?\?)", cell.source, re.MULTILINE), f"{src_uri}: 상자 머리가 남았다"
            assert "<script" not in cell.source and "-explorer" not in cell.source, f"{src_uri}: 사이트에서만 도는 HTML이 남았다"
            for target in re.findall(r"\]\((\.\./[^)#\s]*)", cell.source):
                assert (folder / target / "index.html").is_file() or (folder / target).is_file(), f"{src_uri}: {target}"
                links += 1
    assert attached >= 20 and links >= 100


def test_a_page_becomes_markdown_and_code_cells_in_reading_order():
    text = textwrap.dedent(
        '''\
        ---
        description: "설명"
        ---

        # 시험 페이지

        [앞 장](../evolution/index.md#3단계-딥러닝)의 글과 $x^2$.

        ```python title="dlbasics/evolution.py — init"
        --8<-- "dlbasics/evolution.py:init"
        ```

        !!! warning "원문 정정"
            고친 글.

        ??? success "PyTorch와 대조"
            대조하는 까닭.

            ```python
            assert 1 + 1 == 2
            ```

        ![그림](../figures/cnn.svg)
        '''
    )
    result = page_notebook(text, "building-blocks/test.md", MKDOCS_YML, figure_svg=lambda name: b"<svg/>" if name == "cnn.svg" else None)
    cells = result.notebook.cells
    assert [cell.cell_type for cell in cells] == ["markdown", "markdown", "code", "markdown", "code", "markdown"]
    assert "# 시험 페이지" in cells[1].source and "description" not in cells[1].source
    assert "사이트의 페이지 ‘시험 페이지’의 글과 코드" in cells[0].source and "koreanize" not in cells[0].source
    assert "[앞 장](../../evolution/#3단계-딥러닝)" in cells[1].source and "$x^2$" in cells[1].source
    include = expand_snippets('--8<-- "dlbasics/evolution.py:init"', MKDOCS_YML)
    assert cells[2].source == "# dlbasics/evolution.py — init\n" + include.strip("\n")
    assert "> **원문 정정**\n>\n> 고친 글." in cells[3].source and "> **PyTorch와 대조**\n>\n> 대조하는 까닭." in cells[3].source
    assert cells[4].source == "assert 1 + 1 == 2"
    assert cells[5].source == "![그림](attachment:cnn.svg)" and cells[5].attachments["cnn.svg"]["image/svg+xml"] == "PHN2Zy8+"
    # 셀마다 (펜스를 여는 줄, 셀 맨 위에 더한 제목 줄 수): 실패 보고가 페이지의 줄을 가리키게
    assert result.cell_lines == [(9, 1), (19, 0)]
    absolute = page_notebook(text, "building-blocks/test.md", MKDOCS_YML, site_url="https://example.org/book/")
    assert "[앞 장](https://example.org/book/evolution/#3단계-딥러닝)" in absolute.notebook.cells[1].source
    assert "![그림](https://example.org/book/figures/cnn.svg)" in absolute.notebook.cells[-1].source


# --- 실습 노트북 (mkdocs-jupyter) ---


def test_mkdocs_jupyter_executes_every_practice_notebook_with_errors_failing_the_build_and_no_cache():
    (plugin,) = [plugin for plugin in load_config(str(MKDOCS_YML))["plugins"].values() if type(plugin).__module__.startswith("mkdocs_jupyter")]
    assert plugin.config["execute"] is True and plugin.config["allow_errors"] is False and plugin.config["cache"] is False
    assert plugin.config["include"] == [PRACTICE_GLOB] and not plugin.config["include_requirejs"]
    assert len(PRACTICE) >= 2


@pytest.mark.parametrize("notebook", PRACTICE, ids=page_id)
def test_practice_notebook_is_shown_executed_with_the_sites_code_boxes_and_typeset_math(built_site, notebook):
    src_uri = page_id(notebook)
    html = site_page(built_site, src_uri).read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "<script" not in article and "<style" not in article and "jp-Cell" not in article
    assert "mathjax" not in html.lower() and "mermaid" not in html.lower()
    source = expanded_practice(notebook.read_text("utf-8"), MKDOCS_YML)
    code_cells = [cell for cell in jupytext.reads(source, fmt="py:percent").cells if cell.cell_type == "code"]
    assert article.count('<div class="language-python highlight">') == len(code_cells)
    embeds = sum(cell.source.startswith("# dlbasics/") for cell in code_cells)
    assert embeds >= 10 and article.count('<details class="note"><summary>라이브러리 코드: dlbasics/') == embeds
    assert article.count('class="notebook-output"') >= 5 and article.count('class="notebook-figure"') >= 2
    assert "$" not in re.sub(r"<code>.*?</code>|<annotation.*?</annotation>", "", article, flags=re.DOTALL), "조판되지 않은 $ 수식"
    assert article.count('class="katex"') >= 5
    (name,) = [match["name"] for match in DOWNLOAD.finditer(html)]
    shipped = nbformat.read(site_page(built_site, src_uri).parent / name, as_version=4)
    assert [cell.source for cell in shipped.cells if cell.cell_type == "code"] == [cell.source for cell in code_cells]
    assert all(not cell.outputs for cell in shipped.cells if cell.cell_type == "code")
    assert not any(".md)" in cell.source or ".md#" in cell.source for cell in shipped.cells if cell.cell_type == "markdown")
    hidden = [cell.source.startswith("# dlbasics/") for cell in shipped.cells if cell.metadata.get("jupyter", {}).get("source_hidden")]
    assert len(hidden) == embeds and all(hidden)  # 라이브러리만 싣는 셀은 JupyterLab에서 접힌 채 열린다
    for image in re.findall(r'<img src="(figure-\d+\.(?:svg|png))" alt="[^"]+" width="\d+" height="\d+" loading="lazy">', article):
        assert (site_page(built_site, src_uri).parent / image).stat().st_size > 1000


def test_practice_notebooks_embed_the_library_and_never_import_it():
    for notebook in PRACTICE:
        text = notebook.read_text("utf-8")
        assert "import dlbasics" not in text and "from dlbasics" not in text
        assert re.search(r'^# --8<-- "dlbasics/', text, re.MULTILINE), notebook
        # 라이브러리를 싣는 셀은 싣기만 한다: 사이트가 그 셀을 '라이브러리 코드'로 접어 보여 준다
        for cell in jupytext.reads(text, fmt="py:percent").cells:
            lines = [line for line in cell.source.split("\n") if line.strip()]
            embeds = [line for line in lines if line.startswith("# --8<-- ")]
            assert cell.cell_type != "code" or not embeds or len(embeds) == len(lines), cell.source
        assert not any("--8<--" in cell.source for cell in practice_notebook(text, MKDOCS_YML).cells)


def test_practice_markdown_is_what_the_formula_ledger_reads():
    text = '# %% [markdown]\n# ## 절\n#\n# $$\n# y = x\n# $$\n\n# %%\n# --8<-- "dlbasics/evolution.py:init"\n\n# %%\nimport torch\nassert torch.ones(1).item() == 1\n'
    markdown = practice_markdown(text)
    assert '```python\n--8<-- "dlbasics/evolution.py:init"\n```' in markdown and "$$\ny = x\n$$" in markdown


def _executed_notebook_html(tmp_path, outputs, metadata=None):
    """실행한 것처럼 출력을 넣은 노트북을 mkdocs-jupyter로 그린 HTML (커널 없이)."""
    from mkdocs_jupyter.convert import nb2html

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# 제목\n\n글 $a$."), nbformat.v4.new_code_cell("print(1)", outputs=outputs, metadata=metadata or {})]
    path = tmp_path / "executed.ipynb"
    nbformat.write(notebook, path)
    return nb2html(str(path), custom_mathjax_url=""), notebook


def test_a_warning_or_a_figure_without_alt_text_in_a_practice_notebook_is_refused(tmp_path):
    from pymdownx.slugs import slugify

    warned, notebook = _executed_notebook_html(tmp_path, [nbformat.v4.new_output("stream", name="stderr", text="UserWarning: 글리프가 없다")])
    with pytest.raises(ValueError, match="(?s)표준 오류.*글리프가 없다"):
        notebook_page(warned, notebook, slugify(case="lower"))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (300).to_bytes(4, "big") + (200).to_bytes(4, "big")
    figure = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(png).decode()})]
    unlabelled, notebook = _executed_notebook_html(tmp_path, figure)
    with pytest.raises(ValueError, match="대체 글"):
        notebook_page(unlabelled, notebook, slugify(case="lower"))
    labelled, notebook = _executed_notebook_html(tmp_path, figure, {"alt": "점 하나"})
    page = notebook_page(labelled, notebook, slugify(case="lower"))
    assert '<img src="figure-1.png" alt="점 하나" width="300" height="200" loading="lazy">' in page.html and page.images == {"figure-1.png": png}
    assert '<h1 id="제목">' in page.html and page.toc[0]["id"] == "제목"
    assert '<span class="arithmatex">\\(a\\)</span>' in page.html and page.description == "글 ."


def test_a_failing_practice_notebook_fails_the_build_naming_the_cell(scratch_project, tmp_path):
    (scratch_project / "docs" / "index.md").write_text("# 시험\n", "utf-8")
    (scratch_project / "docs" / "practice").mkdir()
    (scratch_project / "docs" / "practice" / "broken.py").write_text('# %% [markdown]\n# # 틀린 실습\n\n# %%\nassert 1 + 1 == 3, "일부러 틀린 셀"\n', "utf-8")
    result = run_mkdocs_build(scratch_project, tmp_path / "out")
    assert result.returncode != 0
    assert "일부러 틀린 셀" in result.stderr
