"""테스트가 함께 쓰는 경로와 함수."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"


def run_mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """project 의 사이트를 엄격 모드로 빌드한다."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
