"""사이트 빌드와 테스트 하네스가 함께 쓰는 도구 (독자용 라이브러리가 아니다)."""

from .ledger import Formula, formula_ledger, ledger_markdown, page_formulas
from .katex import KatexRenderer, MathError
from .pages import Fence, Section, content_pages, expand_snippets, fences, misspelled_python_fences, page_module, sections

__all__ = [
    "Fence",
    "Formula",
    "KatexRenderer",
    "MathError",
    "Section",
    "content_pages",
    "expand_snippets",
    "fences",
    "formula_ledger",
    "ledger_markdown",
    "misspelled_python_fences",
    "page_formulas",
    "page_module",
    "sections",
]
