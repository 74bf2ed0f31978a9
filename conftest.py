"""pytest 설정: docs/ 의 모든 페이지를 Sybil로 모아 독자의 새 인터프리터에서 실행한다 (tools/docsite/harness.py)."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # 그림 코드는 창을 띄우지 않는다

from sybil import Sybil  # noqa: E402

from docsite.harness import PythonFenceParser, expanded_markdown_document  # noqa: E402

ROOT = Path(__file__).parent

pytest_collect_file = Sybil(
    parsers=[PythonFenceParser(ROOT / "mkdocs.yml")],
    patterns=["*.md"],
    path="docs",
    document_types={".md": expanded_markdown_document(ROOT / "mkdocs.yml")},
).pytest()
