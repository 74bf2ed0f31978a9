"""테스트가 함께 쓰는 준비물: 저장소 경로, 빌드된 사이트, 임시 프로젝트."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, run_mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """저장소의 사이트를 엄격 모드로 한 번 빌드한다."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^(WARNING|ERROR)\b", result.stderr, re.MULTILINE), result.stderr
    return site


@pytest.fixture
def scratch_project(tmp_path) -> Path:
    """사이트 설정·훅·라이브러리·하네스를 복사한 임시 프로젝트 (docs/ 는 비어 있다)."""
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    # 같은 설정에서 nav 만 뺀다 (임시 프로젝트에는 그 페이지들이 없다)
    config = (ROOT / "mkdocs.yml").read_text("utf-8").split("\n# Page tree\n")[0]
    (tmp_path / "mkdocs.yml").write_text(config + "\n", "utf-8")
    for name in ("hooks", "snippets", "tools"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "docs").mkdir()
    return tmp_path
