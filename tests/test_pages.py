"""하네스 자체의 검사: 페이지가 프로그램으로 돌아가는지, 잘못된 펜스·스니펫이 실패를 만드는지."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from xml.etree import ElementTree
from pathlib import Path

import pytest
from sybil import Sybil

from docsite import fences, misspelled_python_fences
from docsite.harness import PythonFenceParser, expanded_markdown_document
from helpers import DOCS, MKDOCS_YML, PAGES, PAGES_WITH_CODE, ROOT


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def test_there_are_pages_with_code():
    assert PAGES_WITH_CODE, "docs/ 에 python 펜스가 있는 페이지가 없다"


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_page_runs_top_to_bottom_in_a_fresh_interpreter(page, fresh_runs):
    _, stderr = fresh_runs[page].communicate(timeout=300)
    assert fresh_runs[page].returncode == 0, f"{page_id(page)} 를 새 인터프리터에서 실행하지 못했다:\n{stderr}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_sybil_collects_every_python_fence_at_its_line_on_the_page(page):
    """Sybil이 모으는 예제 = 페이지의 python 펜스 (두 파서가 서로를 검사한다). 실패 보고의 줄 번호는
    스니펫을 펼치기 전, 독자가 보는 페이지의 줄이다."""
    sybil = Sybil(
        parsers=[PythonFenceParser()],
        patterns=["*.md"],
        document_types={".md": expanded_markdown_document(MKDOCS_YML)},
    )
    examples = list(sybil.parse(page))
    python_fences = [fence for fence in fences(page.read_text("utf-8")) if fence.is_python]
    assert [example.line for example in examples] == [fence.line for fence in python_fences]


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


# --- 하네스가 실제로 실패를 만든다는 증명: 임시 프로젝트에서 이 스위트의 설정으로 pytest를 한 번 돌린다 ---

LIBRARY = textwrap.dedent(
    """\
    # --8<-- [start:double]
    def double(x):
        # y = 2x
        return 2 * x
    # --8<-- [end:double]


    # --8<-- [start:wrong-double]
    def double(x):
        # 틀린 구현: 페이지의 검사가 아니라 실린 코드가 실패를 만든다
        return 3 * x
    # --8<-- [end:wrong-double]
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


SCRATCH_PAGES = {
    "good": page_with("dlbasics/scratch.py:double"),
    "wrong-library-code": page_with("dlbasics/scratch.py:wrong-double"),
    "missing-file": page_with("dlbasics/missing.py:double"),
    "missing-section": page_with("dlbasics/scratch.py:triple"),
    "py-fence": page_with("dlbasics/scratch.py:double", "```py"),
    "spaced-fence": page_with("dlbasics/scratch.py:double", "``` python"),
    "python3-fence": page_with("dlbasics/scratch.py:double", "```python3"),
}


@pytest.fixture(scope="module")
def scratch_report(tmp_path_factory, copy_project):
    """페이지마다 (통과, 실패, 오류 메시지)를 junit 보고서에서 읽는다."""
    project = copy_project(tmp_path_factory.mktemp("scratch"))
    (project / "snippets" / "dlbasics" / "scratch.py").write_text(LIBRARY, "utf-8")
    for name, text in SCRATCH_PAGES.items():
        (project / "docs" / f"{name}.md").write_text(text, "utf-8")
    junit = project / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "docs", "--continue-on-collection-errors", f"--junitxml={junit}"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0, result.stdout  # 잘못된 페이지가 있으니 스위트는 실패해야 한다
    report: dict[str, dict] = {name: {"passed": 0, "failed": 0, "errors": []} for name in SCRATCH_PAGES}
    for case in ElementTree.parse(junit).iter("testcase"):
        # 실행된 예제는 classname="docs.<페이지>.md", 수집 오류는 name="docs.<페이지>.md"
        name = (case.get("classname") or case.get("name")).removeprefix("docs.").removesuffix(".md")
        problems = case.findall("failure") + case.findall("error")
        entry = report[name]
        if problems:
            entry["failed"] += 1
            entry["errors"].extend(problem.get("message", "") + (problem.text or "") for problem in problems)
        else:
            entry["passed"] += 1
    return report


def test_harness_runs_titled_fences_after_expanding_the_include(scratch_report):
    assert scratch_report["good"] == {"passed": 2, "failed": 0, "errors": []}


def test_harness_runs_the_included_code_itself(scratch_report):
    """실린 라이브러리 코드가 틀리면 (페이지의 검사 줄은 같아도) 그 페이지의 검사가 실패한다."""
    assert scratch_report["wrong-library-code"]["passed"] == 1
    assert scratch_report["wrong-library-code"]["failed"] == 1


@pytest.mark.parametrize(("page", "message"), [("missing-file", "could not be found"), ("missing-section", "could not be located")])
def test_a_missing_snippet_include_fails_the_suite(scratch_report, page, message):
    (error,) = scratch_report[page]["errors"]
    assert "SnippetMissingError" in error and message in error


@pytest.mark.parametrize("page", ["py-fence", "spaced-fence", "python3-fence"])
def test_a_misspelled_python_fence_fails_the_suite(scratch_report, page):
    (error,) = scratch_report[page]["errors"]
    assert "MisspelledFenceError" in error
