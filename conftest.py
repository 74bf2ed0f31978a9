"""pytest 설정: docs/ 의 모든 페이지를 Sybil로 모아 독자의 새 Jupyter 커널에서 실행한다 (tools/docsite/harness.py)."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # 그림 코드는 창을 띄우지 않는다
# 계산 라이브러리의 스레드는 하나씩 (NumPy를 읽기 전에: 빌드, 커널, 그림 프로세스도 물려받는다). 테스트의 행렬은
# 작고, 세션은 두 코어에서 여러 프로세스(빌드, 커널, Chromium)가 함께 돈다. 코어 수만큼 띄운 OpenMP·OpenBLAS
# 스레드는 코어를 기다리며 돌기만 해 (busy-wait), 옵티마이저의 궤적 검사 하나가 혼자서는 0.13 초인데 세션
# 안에서는 4–6 초 걸렸고, 세션 전체는 205 초에서 175 초로, 쓴 CPU는 185 코어·초에서 127 코어·초로 줄었다
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

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
