"""하네스 자체의 검사: 페이지가 프로그램으로 돌아가는지, 잘못된 펜스·스니펫이 실패를 만드는지."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sybil import Sybil

from helpers import DOCS, MKDOCS_YML, ROOT
from docsite import fences, misspelled_python_fences, page_program
from docsite.harness import PythonFenceParser, expanded_markdown_document

PAGES = sorted(DOCS.rglob("*.md"))
PAGES_WITH_CODE = [page for page in PAGES if any(fence.is_python for fence in fences(page.read_text("utf-8")))]

# 독자의 새 인터프리터: dlbasics 도 이 저장소의 빌드 도구도 없다
FRESH_INTERPRETER = """
import runpy, sys
sys.modules["dlbasics"] = None
sys.modules["docsite"] = None
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def test_there_are_pages_with_code():
    assert PAGES_WITH_CODE, "docs/ 에 python 펜스가 있는 페이지가 없다"


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_page_runs_top_to_bottom_in_a_fresh_interpreter(page, tmp_path):
    program = tmp_path / "page.py"
    program.write_text(page_program(page.read_text("utf-8"), MKDOCS_YML), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-I", "-W", "error", "-c", FRESH_INTERPRETER, str(program)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, f"{page_id(page)} 를 새 인터프리터에서 실행하지 못했다:\n{result.stderr}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_sybil_collects_every_python_fence(page):
    """Sybil이 모으는 예제 수 = 펼친 페이지의 python 펜스 수 (두 파서가 서로를 검사한다)."""
    sybil = Sybil(
        parsers=[PythonFenceParser()],
        patterns=["*.md"],
        document_types={".md": expanded_markdown_document(MKDOCS_YML)},
    )
    document = sybil.parse(page)
    text = (ROOT / "docs" / page_id(page)).read_text("utf-8")
    expected = sum(fence.is_python for fence in fences(text))
    assert len(list(document)) == expected


@pytest.mark.parametrize(
    "opening",
    ["```py", "``` python", "```python3", "~~~py", "```Python", "```{.python}", "```pycon", "    ```py title=\"x\""],
)
def test_misspelled_python_fences_are_reported(opening):
    text = f"# 제목\n\n{opening}\nx = 1\n```\n"
    assert misspelled_python_fences(text)


@pytest.mark.parametrize("opening", ["```python", '```python title="a.py — b"', "    ```python", "```text", "```sh"])
def test_proper_fences_are_not_reported(opening):
    text = f"# 제목\n\n{opening}\nx = 1\n```\n"
    assert misspelled_python_fences(text) == []


def test_readme_quick_start_has_exactly_two_commands_and_the_home_page_shows_them():
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## 빠른 시작", 1)[1]
    commands = re.search(r"```sh\n(.*?)```", quick_start, re.DOTALL)[1].strip().split("\n")
    assert len(commands) == 2
    assert commands[0].endswith("mkdocs serve -a 127.0.0.1:8000")
    assert commands[1].endswith("python -m pytest")
    home = (DOCS / "index.md").read_text("utf-8")
    assert "\n".join(commands) in home


def test_ci_runs_the_readme_test_command_and_a_strict_build():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert 'eval "$test_command"' in ci
    assert "mkdocs build --strict" in ci


# --- 하네스가 실제로 실패를 만든다는 증명: 임시 프로젝트에서 pytest를 돌린다 ---

LIBRARY_SECTION = textwrap.dedent(
    """\
    # --8<-- [start:double]
    def double(x):
        # y = 2x
        return 2 * x
    # --8<-- [end:double]
    """
)


def page_with(include: str, check_fence: str = "```python") -> str:
    return textwrap.dedent(
        f"""\
        # 시험 페이지

        ```python title="dlbasics/scratch.py — double"
        --8<-- "{include}"
        ```

        {check_fence}
        assert double(21) == 42
        ```
        """
    )


def run_suite(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "docs"],
        cwd=project,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def scratch_with_library(scratch_project):
    (scratch_project / "snippets" / "dlbasics" / "scratch.py").write_text(LIBRARY_SECTION, "utf-8")
    return scratch_project


def test_harness_runs_titled_fences_after_expanding_the_include(scratch_with_library):
    (scratch_with_library / "docs" / "page.md").write_text(page_with("dlbasics/scratch.py:double"), "utf-8")
    result = run_suite(scratch_with_library)
    assert result.returncode == 0, result.stdout
    assert "2 passed" in result.stdout


def test_harness_runs_the_included_code_itself(scratch_with_library):
    """실린 라이브러리 코드가 틀리면 (페이지의 검사가 아니라) 스위트가 실패한다."""
    (scratch_with_library / "snippets" / "dlbasics" / "scratch.py").write_text(
        LIBRARY_SECTION.replace("return 2 * x", "return 3 * x"), "utf-8"
    )
    (scratch_with_library / "docs" / "page.md").write_text(page_with("dlbasics/scratch.py:double"), "utf-8")
    result = run_suite(scratch_with_library)
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout


@pytest.mark.parametrize(
    ("include", "error"),
    [
        ("dlbasics/missing.py:double", "could not be found"),
        ("dlbasics/scratch.py:triple", "could not be located"),
    ],
    ids=["missing-file", "missing-section"],
)
def test_a_missing_snippet_include_fails_the_suite(scratch_with_library, include, error):
    (scratch_with_library / "docs" / "page.md").write_text(page_with(include), "utf-8")
    result = run_suite(scratch_with_library)
    assert result.returncode != 0
    assert "SnippetMissingError" in result.stdout and error in result.stdout


@pytest.mark.parametrize("check_fence", ["```py", "``` python", "```python3"])
def test_a_misspelled_python_fence_fails_the_suite(scratch_with_library, check_fence):
    (scratch_with_library / "docs" / "page.md").write_text(
        page_with("dlbasics/scratch.py:double", check_fence), "utf-8"
    )
    result = run_suite(scratch_with_library)
    assert result.returncode != 0
    assert "MisspelledFenceError" in result.stdout
