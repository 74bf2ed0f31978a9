"""테스트가 함께 쓰는 경로와 함수."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

from docsite import content_pages
from docsite.browser import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
PAGES = sorted(DOCS.rglob("*.md"))
PAGES_WITH_CODE = content_pages(DOCS)


def mkdocs_build_command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]


def run_mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """project 의 사이트를 엄격 모드로 빌드한다."""
    return subprocess.run(
        mkdocs_build_command(site_dir),
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def signature_defaults(fn) -> dict:
    """fn 의 기본값이 있는 인자들: torch 기본값을 그대로 따르는지 비교할 때 쓴다."""
    return {
        name: parameter.default
        for name, parameter in inspect.signature(fn).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


def assert_defaults_follow_torch(ours, theirs) -> None:
    """ours 의 기본값 있는 인자마다 torch 의 같은 이름 인자와 기본값이 같다."""
    ours_defaults, theirs_defaults = signature_defaults(ours), signature_defaults(theirs)
    assert ours_defaults, "기본값이 있는 인자가 하나는 있어야 한다"
    for name, value in ours_defaults.items():
        assert theirs_defaults[name] == value, name


def require_chromium() -> None:
    """브라우저 테스트 모듈의 맨 위에서 부른다: Chromium이 없으면 그 모듈을 건너뛴다 (CI에서는 실패)."""
    import pytest

    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI에는 {CHROMIUM} 가 있어야 한다 (.ci/run 이 설치한다)", pytrace=False)
    pytest.skip(f"{CHROMIUM} 가 없다 (apt-get install chromium)", allow_module_level=True)


def assert_matches(ours, theirs, *, rtol: float, atol: float) -> None:
    """이 구현의 값(NumPy 배열이나 수)과 torch가 계산한 텐서가 float64로 같다 (각 테스트 파일이 허용 오차를 정한다)."""
    import numpy as np
    import torch

    torch.testing.assert_close(torch.as_tensor(np.asarray(ours)), theirs.detach(), rtol=rtol, atol=atol)
