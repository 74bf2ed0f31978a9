"""Sybil 하네스: 페이지의 python 펜스를 사이트와 똑같이 펼친 뒤, 독자의 새 Jupyter 커널에서 실행한다.

Sybil의 기본 Markdown 파서는 정보 문자열이 정확히 ``python`` 인 펜스만 모으고
(``python title="…"`` 은 조용히 건너뛴다), ``--8<--`` 줄을 그대로 파이썬으로 실행하려 하며,
````markdown 예시 안에 든 펜스까지 모은다. 여기서는
  - 문서를 읽자마자 pymdownx.snippets 전처리기(사이트 설정 그대로)로 스니펫을 펼치고,
  - 펜스는 빌드·장부와 같은 함수(docsite.pages.fences)로 찾아, 정보 문자열이 ``python`` 으로
    시작하는 펜스(속성 포함, 접힌 블록 안 포함)를 모두 모으며,
  - ``py``, ``python3``, ```` ``` python```` 처럼 건너뛰어질 철자가 있으면 문서를 거부한다.

블록은 pytest 프로세스가 아니라, 빌드가 페이지 옆에 싣는 바로 그 노트북(docsite.notebook)으로
독자의 새 Jupyter 커널(docsite.fresh의 커널 서버가 fork한 자식)에서 페이지마다 위에서 아래로 한 번
실행된다. 문서를 모으는 순간 실행을 시작하고, Sybil의 예제 하나하나는 그 펜스의 셀이 낸 결과로
판정한다. 그래서 pytest 프로세스의 상태(다른 테스트가 import한 dlbasics, 바꿔 둔 설정)가 페이지의
실행에 새어 들지 않고, 같은 계산을 두 번 하지도 않는다.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

from sybil import Document, Lexeme, Region
from sybil.parsers.abstract import AbstractCodeBlockParser

from .fresh import FreshRunner, PageRun
from .notebook import page_notebook

# 커널 서버가 미리 읽는 모듈. 하네스 자체를 시험하는 임시 프로젝트(표준 라이브러리만 쓰는 페이지)는
# DOCSITE_PRELOAD=numpy 처럼 줄여 torch를 읽는 시간을 아낀다. 사이트의 페이지는 늘 독자의 패키지 전부다.
PRELOAD_VARIABLE = "DOCSITE_PRELOAD"
from .pages import expand_snippets, fences, misspelled_python_fences


class MisspelledFenceError(ValueError):
    """테스트가 건너뛸 철자의 파이썬 펜스가 있는 페이지."""


class BlockFailed(AssertionError):
    """페이지의 블록이 독자의 새 커널에서 실패했다 (메시지는 그 자식의 traceback)."""


def python_fence_lexer(document: Document):
    """문서의 python 펜스마다 Sybil 영역 하나 (여는 줄부터 닫는 줄까지), 페이지 안의 순번과 함께."""
    line_starts = [0]
    for line in document.text.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    python_fences = [fence for fence in fences(document.text) if fence.is_python]
    for index, fence in enumerate(python_fences):
        start = line_starts[fence.line - 1]
        end = min(line_starts[min(fence.end, len(line_starts) - 1)], len(document.text))
        source = Lexeme(fence.body + "\n", offset=start, line_offset=1)
        yield Region(start, end, lexemes={"arguments": "python", "source": source, "index": index})


class _Runs:
    """pytest 세션 하나가 함께 쓰는 커널 서버와 페이지별 작업 폴더."""

    runner: FreshRunner | None = None
    workdirs: tempfile.TemporaryDirectory | None = None

    @classmethod
    def runner_started(cls) -> FreshRunner:
        if cls.runner is None:
            preload = os.environ.get(PRELOAD_VARIABLE)
            cls.runner = FreshRunner(modules=tuple(preload.split(",")), later=()) if preload else FreshRunner()
            cls.workdirs = tempfile.TemporaryDirectory(prefix="docsite-pages-")
            cls.runner.start(Path(cls.workdirs.name))
            atexit.register(cls.close)
        return cls.runner

    @classmethod
    def submit(cls, path: Path, config_file: Path, expanded: str | None = None) -> str:
        cls.runner_started()
        key = str(Path(path).resolve())
        if key not in cls.runner.requests:
            workdir = Path(cls.workdirs.name) / f"page{len(cls.runner.requests)}"
            workdir.mkdir()
            path, docs = Path(path).resolve(), _docs_dir(config_file)
            src_uri = path.relative_to(docs).as_posix() if docs in path.parents else path.name
            page = page_notebook(path.read_text("utf-8"), src_uri, config_file, expanded=expanded)
            cls.runner.submit(key, path.name, page.notebook, page.cell_lines, workdir)
        return key

    @classmethod
    def close(cls) -> None:
        if cls.runner is not None:
            cls.runner.close()
            cls.workdirs.cleanup()
            cls.runner = cls.workdirs = None


def _docs_dir(config_file: Path) -> Path:
    return (Path(config_file).resolve().parent / "docs").resolve()


def start_kernel_server() -> None:
    """커널 서버를 지금 띄운다: 서버가 독자의 패키지를 읽는 동안 pytest는 페이지를 모은다."""
    _Runs.runner_started()


def start_page(path: Path, config_file: Path, expanded: str | None = None) -> None:
    """페이지를 독자의 새 커널에서 실행하기 시작한다 (이미 시작했으면 아무것도 하지 않는다)."""
    _Runs.submit(path, config_file, expanded)


def page_run(path: Path, config_file: Path) -> PageRun:
    """페이지의 새 커널 실행 결과 (필요하면 시작하고, 끝날 때까지 기다린다)."""
    key = _Runs.submit(path, config_file)
    return _Runs.runner.result(key)


class ForkedPageEvaluator:
    """Sybil 예제 하나의 판정: 그 페이지의 새 커널 실행에서 이 블록이 성공했는가."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file

    def __call__(self, example) -> None:
        run = page_run(Path(example.document.path), self.config_file)
        index = example.region.lexemes["index"]
        if index >= len(run.outcomes):
            raise BlockFailed(f"페이지 실행이 이 블록에 이르지 못했다 (종료 코드 {run.returncode}):\n{run.stderr}")
        outcome = run.outcomes[index]
        if not outcome["ok"]:
            raise BlockFailed(outcome["error"])


class PythonFenceParser(AbstractCodeBlockParser):
    """정보 문자열이 'python' 으로 시작하는 펜스 (``python title="…"`` 포함)."""

    language = "python"

    def __init__(self, config_file: Path) -> None:
        super().__init__([python_fence_lexer], evaluator=ForkedPageEvaluator(config_file))


def expanded_markdown_document(config_file: Path) -> type[Document]:
    """config_file(mkdocs.yml)의 스니펫 설정으로 펼친 뒤 파싱하고, 곧바로 실행을 시작하는 Sybil 문서 형식."""

    class ExpandedMarkdownDocument(Document):
        # 펼치기 전 페이지에서 python 펜스가 시작하는 줄: 실패 보고가 독자가 보는 줄 번호를 쓰도록
        source_lines: list[int] = []

        def examples(self):
            examples = list(super().examples())
            if len(examples) == len(self.source_lines):
                for example, line in zip(examples, self.source_lines):
                    example.line = line
            return iter(examples)

        @classmethod
        def parse(cls, path: str, *parsers, encoding: str = "utf-8") -> Document:
            text = Path(path).read_text(encoding=encoding)
            misspelled = misspelled_python_fences(text)
            if misspelled:
                raise MisspelledFenceError(
                    f"{path}: 테스트가 건너뛸 파이썬 펜스 철자 (```python 으로 쓸 것): " + ", ".join(misspelled)
                )
            document = cls(expand_snippets(text, config_file), path)
            document.source_lines = [fence.line for fence in fences(text) if fence.is_python]
            for parser in parsers:
                for region in parser(document):
                    document.add(region)
            if document.source_lines:
                start_page(Path(path), config_file, document.text)  # 모으는 순간 실행을 시작한다: 판정은 나중에
            return document

    return ExpandedMarkdownDocument
