"""pytest 설정: docs/ 의 모든 페이지를 Sybil로 모아 독자의 새 Jupyter 커널에서 실행한다 (tools/docsite/harness.py)."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # 그림 코드는 창을 띄우지 않는다

from sybil import Sybil  # noqa: E402

from docsite.harness import PythonFenceParser, expanded_markdown_document, start_kernel_server  # noqa: E402

ROOT = Path(__file__).parent
DOCS = (ROOT / "docs").resolve()

pytest_collect_file = Sybil(
    parsers=[PythonFenceParser(ROOT / "mkdocs.yml")],
    patterns=["*.md"],
    path="docs",
    document_types={".md": expanded_markdown_document(ROOT / "mkdocs.yml")},
).pytest()


def pytest_sessionstart(session):
    """이번 실행이 docs/ 의 페이지를 덮으면 커널 서버를 지금 띄운다: 서버가 독자의 패키지를 읽는 동안
    pytest는 테스트를 모은다."""
    base = Path(session.config.invocation_params.dir)
    targets = [(base / arg.split("::")[0]).resolve() for arg in session.config.args]
    if any(target == DOCS or DOCS in target.parents or target in DOCS.parents for target in targets):
        start_kernel_server()
