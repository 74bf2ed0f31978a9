"""Sybil 하네스: 페이지의 python 펜스를 사이트와 똑같이 펼친 뒤 실행한다.

Sybil의 기본 Markdown 파서는 정보 문자열이 정확히 ``python`` 인 펜스만 모으고
(``python title="…"`` 은 조용히 건너뛴다), ``--8<--`` 줄을 그대로 파이썬으로 실행하려 하며,
````markdown 예시 안에 든 펜스까지 모은다. 여기서는
  - 문서를 읽자마자 pymdownx.snippets 전처리기(사이트 설정 그대로)로 스니펫을 펼치고,
  - 펜스는 빌드·장부·새 인터프리터 실행과 같은 함수(docsite.pages.fences)로 찾아, 정보 문자열이
    ``python`` 으로 시작하는 펜스(속성 포함, 접힌 블록 안 포함)를 모두 모으며,
  - ``py``, ``python3``, ```` ``` python```` 처럼 건너뛰어질 철자가 있으면 문서를 거부한다.
"""

from __future__ import annotations

from pathlib import Path

from sybil import Document, Lexeme, Region
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract import AbstractCodeBlockParser

from .pages import expand_snippets, fences, misspelled_python_fences


class MisspelledFenceError(ValueError):
    """테스트가 건너뛸 철자의 파이썬 펜스가 있는 페이지."""


def python_fence_lexer(document: Document):
    """문서의 python 펜스마다 Sybil 영역 하나 (여는 줄부터 닫는 줄까지)."""
    line_starts = [0]
    for line in document.text.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    for fence in fences(document.text):
        if fence.is_python:
            start = line_starts[fence.line - 1]
            end = min(line_starts[min(fence.end, len(line_starts) - 1)], len(document.text))
            source = Lexeme(fence.body + "\n", offset=start, line_offset=1)
            yield Region(start, end, lexemes={"arguments": "python", "source": source})


class PythonFenceParser(AbstractCodeBlockParser):
    """정보 문자열이 'python' 으로 시작하는 펜스 (``python title="…"`` 포함)."""

    language = "python"

    def __init__(self) -> None:
        super().__init__([python_fence_lexer], evaluator=PythonEvaluator())


def expanded_markdown_document(config_file: Path) -> type[Document]:
    """config_file(mkdocs.yml)의 스니펫 설정으로 펼친 뒤 파싱하는 Sybil 문서 형식."""

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
            return document

    return ExpandedMarkdownDocument
