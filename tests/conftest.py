"""테스트가 함께 쓰는 준비물: 저장소 경로, 빌드된 사이트, 임시 프로젝트."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from helpers import CHROMIUM, ROOT, mkdocs_build_command

WAITS_FOR_SUBPROCESS = {"built_site", "browser_report"}


def pytest_collection_modifyitems(items):
    """빌드나 새 인터프리터를 기다리는 테스트는 맨 뒤로: 그동안 그 프로세스들이 끝난다."""
    items.sort(key=lambda item: bool(WAITS_FOR_SUBPROCESS & set(getattr(item, "fixturenames", ()))))


@pytest.fixture(scope="session", autouse=True)
def start_subprocesses_early(request):
    """사이트 빌드는 별도 프로세스다. 세션 첫머리에 띄워 두면 pytest가 한 코어에서 다른 테스트를 도는
    동안 다른 코어가 그 일을 한다 (결과는 그대로 검사한다). 페이지의 새 인터프리터 실행은 하네스가
    페이지를 모으는 순간 시작한다 (docsite.harness)."""
    needed = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    if needed & {"site_build", "built_site", "browser_report"}:
        request.getfixturevalue("site_build")
    if "browser_report" in needed:
        request.getfixturevalue("browser_checks")  # 빌드가 끝나는 대로 뒤에서 브라우저 검사를 돌린다


class SiteBuild:
    """엄격 빌드를 뒤에서 돌린다. 여러 스레드가 wait()로 끝을 기다릴 수 있다."""

    def __init__(self, site: Path):
        self.site = site
        self.process = subprocess.Popen(
            mkdocs_build_command(site), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self.stderr = ""
        self.finished = threading.Event()
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        _, self.stderr = self.process.communicate()
        self.finished.set()

    def wait(self, timeout: float = 300) -> tuple[int, str]:
        if not self.finished.wait(timeout):
            raise TimeoutError("사이트 빌드가 끝나지 않았다")
        return self.process.returncode, self.stderr

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.finished.wait(30)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """저장소의 사이트를 엄격 모드로 빌드하기 시작한다."""
    build = SiteBuild(tmp_path_factory.mktemp("site"))
    yield build
    build.stop()


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """엄격 모드로 경고 없이 빌드된 사이트 폴더."""
    returncode, stderr = site_build.wait()
    assert returncode == 0, stderr
    assert not re.search(r"^(WARNING|ERROR)\b", stderr, re.MULTILINE), stderr
    return site_build.site


@pytest.fixture(scope="session")
def browser_checks(site_build):
    """빌드가 끝나면 뒤에서 Chromium으로 모든 페이지를 여는 검사 (tests/browser_checks.py)."""
    from browser_checks import BackgroundBrowserChecks

    return BackgroundBrowserChecks(site_build, CHROMIUM)


@pytest.fixture(scope="session")
def browser_report(browser_checks, built_site):
    """뒤에서 돈 브라우저 검사의 기록 (끝날 때까지 기다린다)."""
    return browser_checks.result()


def copy_site_project(destination: Path) -> Path:
    """사이트 설정·훅·라이브러리·하네스를 복사한 임시 프로젝트 (docs/ 는 비어 있고, 그림은 없다)."""
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, destination / name)
    # 같은 설정에서 nav 만 뺀다 (임시 프로젝트에는 그 페이지들이 없다)
    config = (ROOT / "mkdocs.yml").read_text("utf-8").split("\n# Page tree\n")[0]
    (destination / "mkdocs.yml").write_text(config + "\n", "utf-8")
    for name in ("hooks", "snippets", "tools"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    # 그림 스크립트는 빼고 글꼴 절(_로 시작하는 파일)만 남긴다: 임시 프로젝트의 빌드가 그림을 그리지 않게
    for script in (destination / "snippets" / "figures").glob("[!_]*.py"):
        script.unlink()
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    (destination / "docs").mkdir()
    return destination


@pytest.fixture(scope="session")
def copy_project():
    return copy_site_project


@pytest.fixture
def scratch_project(tmp_path) -> Path:
    return copy_site_project(tmp_path)
