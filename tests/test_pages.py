"""하네스 자체의 검사: 페이지가 프로그램으로 돌아가는지, 잘못된 펜스·스니펫이 실패를 만드는지."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from xml.etree import ElementTree
from pathlib import Path

import pytest
from sybil import Sybil

from docsite import fences, misspelled_python_fences, page_module, sections
from docsite.fresh import Example, FreshRunner, examples_notebook
from docsite.harness import PRELOAD_VARIABLE, page_run
from docsite.notebook import page_notebook
from docsite.pages import collapsed_lines
from docsite.harness import PythonFenceParser, expanded_markdown_document
from helpers import DOCS, MKDOCS_YML, PAGES, PAGES_WITH_CODE, ROOT


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def test_there_are_pages_with_code():
    assert PAGES_WITH_CODE, "docs/ 에 python 펜스가 있는 페이지가 없다"


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_page_notebook_runs_top_to_bottom_in_a_fresh_kernel(page):
    """페이지의 노트북(빌드가 싣는 .ipynb)이 위에서 아래로, dlbasics 없는 독자의 새 Jupyter 커널 하나에서 성공한다.
    (Sybil의 예제들이 판정에 쓰는 바로 그 실행이다: 페이지마다 한 번 실행한다.)"""
    run = page_run(page, MKDOCS_YML)
    assert len(run.outcomes) == sum(fence.is_python for fence in fences(page.read_text("utf-8")))
    assert run.returncode == 0, f"{page_id(page)} 의 노트북을 새 커널에서 실행하지 못했다:\n{run.stderr}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_sybil_collects_every_python_fence_at_its_line_on_the_page(page):
    """Sybil이 모으는 예제 = 페이지의 python 펜스 (두 파서가 서로를 검사한다). 실패 보고의 줄 번호는
    스니펫을 펼치기 전, 독자가 보는 페이지의 줄이다."""
    sybil = Sybil(
        parsers=[PythonFenceParser(MKDOCS_YML)],
        patterns=["*.md"],
        document_types={".md": expanded_markdown_document(MKDOCS_YML)},
    )
    examples = list(sybil.parse(page))
    python_fences = [fence for fence in fences(page.read_text("utf-8")) if fence.is_python]
    assert [example.line for example in examples] == [fence.line for fence in python_fences]


# 증명(대조, 기본값, 잘못된 입력)은 접힌 블록에: 본문의 펜스에 이런 것이 있으면 안 된다
PROOF = re.compile(r"assert_close|assert_allclose|assert_array_equal|inspect\.signature|except ValueError|gradcheck")


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_proofs_are_folded_and_the_lesson_stays_on_the_main_path(page):
    text = page.read_text("utf-8")
    folded = collapsed_lines(text)
    visible_proofs = [
        f"{page_id(page)}:{fence.line}: {PROOF.search(fence.body)[0]}"
        for fence in fences(text)
        if fence.is_python and fence.line not in folded and PROOF.search(fence.body)
    ]
    assert not visible_proofs, "접힌 블록(??? success \"PyTorch와 대조\" 등)으로 옮길 검사:\n" + "\n".join(visible_proofs)


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_code_from_another_pages_module_is_embedded_folded(page):
    """다른 페이지의 모듈에서 가져온 코드는 본문을 차지하지 않는다: 접힌 '앞 장의 코드' 블록에 싣는다."""
    text = page.read_text("utf-8")
    folded = collapsed_lines(text)
    own = f"dlbasics/{page_module(page)}.py"
    unfolded = [
        f"{page_id(page)}:{fence.line}: {target}"
        for fence in fences(text)
        for target in fence.includes
        if target.startswith("dlbasics/") and not target.startswith(own) and fence.line not in folded
    ]
    assert not unfolded, "다른 페이지의 코드를 본문에 실었다:\n" + "\n".join(unfolded)


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_every_code_block_on_a_content_page_is_run(page):
    """독자가 보는 코드는 모두 테스트가 실행한다: 내용 페이지의 펜스는 python뿐이다 (설치 명령의 sh는 빼고)."""
    others = [f"{page_id(page)}:{fence.line}: {fence.info!r}" for fence in fences(page.read_text("utf-8"))
              if not fence.is_python and fence.info.split()[:1] != ["sh"]]
    assert not others, "실행되지 않는 코드 블록:\n" + "\n".join(others)


SOLUTION = '??? example "풀이"'


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=page_id)
def test_every_content_page_ends_with_exercises_whose_folded_solutions_assert_the_answer(page):
    text = page.read_text("utf-8")
    last = [section for section in sections(text) if section.level == 2][-1]
    assert last.title == "연습 문제", f"{page_id(page)} 의 마지막 절은 '연습 문제' 여야 한다 (지금 {last.title!r})"
    exercises = text.split("\n## 연습 문제\n", 1)[1]
    problems = re.findall(r"^\*\*문제 (\d+)\.\*\*", exercises, re.M)
    assert 3 <= len(problems) <= 5 and problems == [str(k) for k in range(1, len(problems) + 1)], problems
    solutions = exercises.split(SOLUTION)[1:]
    assert len(solutions) == len(problems), "문제마다 접힌 풀이가 하나씩"
    folded = collapsed_lines(exercises)
    for k, solution in enumerate(solutions, start=1):
        body = solution.split("\n**문제 ")[0]
        code = [fence for fence in fences(body) if fence.is_python]
        assert code and any(re.search(r"\bassert\b", fence.body) for fence in code), f"문제 {k}의 풀이는 답을 단언하는 코드를 실행해야 한다"
    assert all(fence.line in folded for fence in fences(exercises) if fence.is_python), "풀이 코드는 접힌 블록 안에"


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


def test_readme_quick_start_has_exactly_two_commands_and_the_verification_page_shows_them():
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## 빠른 시작", 1)[1]
    commands = re.search(r"```sh\n(.*?)```", quick_start, re.DOTALL)[1].strip().split("\n")
    assert len(commands) == 2
    assert commands[0].endswith("mkdocs serve -a 127.0.0.1:8000")
    assert commands[1].endswith("python -m pytest")
    verification = (DOCS / "verification.md").read_text("utf-8")
    assert "\n".join(commands) in verification


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
    # 접힌 블록(??? success) 안의 검사도 보이는 검사와 똑같이 실행된다: 틀리면 스위트가 실패한다
    "folded-failing-check": page_with("dlbasics/scratch.py:double")
    + '\n??? success "PyTorch와 대조"\n    ```python\n    assert double(21) == 43\n    ```\n',
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
        env={**os.environ, PRELOAD_VARIABLE: "numpy"},  # 시험 페이지는 torch를 쓰지 않는다
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


def test_a_failing_check_inside_a_folded_block_fails_the_suite(scratch_report):
    report = scratch_report["folded-failing-check"]
    assert (report["passed"], report["failed"]) == (2, 1)  # 구현과 보이는 검사는 통과, 접힌 검사만 실패
    (error,) = report["errors"]
    assert "assert double(21) == 43" in error


@pytest.mark.parametrize("page", ["py-fence", "spaced-fence", "python3-fence"])
def test_a_misspelled_python_fence_fails_the_suite(scratch_report, page):
    (error,) = scratch_report[page]["errors"]
    assert "MisspelledFenceError" in error


# --- 새 커널 실행(커널 서버가 fork한 커널)이 독자의 새 커널과 같게 실패한다는 증명 ---

FOLDED_FAILURE_PAGE = textwrap.dedent(
    """\
    # 시험

    ```python
    x = 1
    ```

    ??? success "PyTorch와 대조"
        ```python
        assert x == 2, "접힌 검사도 실패를 만든다"
        ```

    ```python
    y = x + 1  # 앞 블록이 실패해도 다음 블록은 실행된다
    ```
    """
)
FRESH_PAGES = {
    "passes": [Example(1, "import numpy as np\nassert np.add(1, 1) == 2\n")],
    "imports-dlbasics": [Example(1, "import dlbasics\n")],
    "warns": [Example(1, "import warnings\nwarnings.warn('경고도 오류다', DeprecationWarning)\n")],
    "changes-numpy": [Example(1, "import numpy as np\nnp.seterr(all='raise')\nnp.marker = 1\n")],
    "sees-no-change": [Example(1, "import numpy as np\nassert np.geterr()['divide'] == 'warn'\nassert not hasattr(np, 'marker')\n")],
    "forgets-import": [Example(1, "x = np.zeros(3)\n")],
}


@pytest.fixture(scope="module")
def fresh_results(tmp_path_factory):
    # 한 자식씩: 앞 페이지가 바꾼 것이 뒤로 새는지 본다 (미리 읽은 numpy의 상태로)
    runner = FreshRunner(sys.executable, workers=1, modules=("numpy",), later=())
    for name, examples in FRESH_PAGES.items():
        runner.submit(name, f"{name}.md", *examples_notebook(examples), tmp_path_factory.mktemp(name))
    # 페이지 하나는 하네스와 같은 길로: 페이지 → 노트북 (접힌 검사 포함) → 새 커널
    folded = page_notebook(FOLDED_FAILURE_PAGE, "folded-failure.md", MKDOCS_YML)
    runner.submit("folded-failure", "folded-failure.md", folded.notebook, folded.cell_lines, tmp_path_factory.mktemp("folded-failure"))
    yield {name: runner.result(name) for name in [*FRESH_PAGES, "folded-failure"]}
    runner.close()


def test_fresh_run_passes_a_good_program(fresh_results):
    assert fresh_results["passes"].returncode == 0, fresh_results["passes"].stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("folded-failure", "접힌 검사도 실패를 만든다"),
        ("imports-dlbasics", "dlbasics"),
        ("warns", "경고도 오류다"),
        ("forgets-import", "NameError"),
    ],
)
def test_fresh_run_fails_like_a_readers_fresh_interpreter(fresh_results, name, message):
    assert fresh_results[name].returncode == 1
    assert message in fresh_results[name].stderr


def test_a_failing_folded_block_fails_only_itself_and_names_its_line(fresh_results):
    outcomes = fresh_results["folded-failure"].outcomes
    assert [outcome["ok"] for outcome in outcomes] == [True, False, True]
    assert "folded-failure.md [8행의 블록]\", line 9" in outcomes[1]["error"]  # 펼치기 전 페이지의 줄
    assert 'assert x == 2, "접힌 검사도 실패를 만든다"' in outcomes[1]["error"]  # 실행한 코드를 보인다


def test_fresh_runs_share_nothing(fresh_results):
    assert fresh_results["changes-numpy"].returncode == 0, fresh_results["changes-numpy"].stderr
    assert fresh_results["sees-no-change"].returncode == 0, fresh_results["sees-no-change"].stderr
