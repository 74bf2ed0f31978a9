"""테스트가 함께 쓰는 준비물: 저장소 경로, 빌드된 사이트, 임시 프로젝트."""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from helpers import CHROMIUM, ROOT, mkdocs_build_command

TESTS = Path(__file__).resolve().parent
# 빌드된 사이트를 쓰는 테스트 파일: 이 가운데 하나라도 돌 차례면 세션을 시작하자마자 빌드를 띄운다
SITE_TEST_FILES = ("test_site.py", "test_glossary.py")
# 브라우저 검사를 판정하는 테스트 파일 (tests/browser_<분야>.py 가 모은 기록을 tests/test_browser_<분야>.py 가 판정한다)
BROWSER_TEST_FILES = tuple(sorted(path.name for path in TESTS.glob("test_browser*.py")))

_background: dict = {}  # 세션이 시작할 때 띄운 빌드와 브라우저 검사


def pytest_collection_modifyitems(items):
    """기다리는 테스트는 뒤로: 먼저 다른 테스트를 도는 동안 뒤에서 그 일이 끝난다.
    0: 보통의 테스트, 1: 페이지의 블록 (하네스가 모을 때 시작한 새 커널 실행을 기다린다),
    2: 빌드된 사이트를 기다리는 테스트, 3: 브라우저 검사를 기다리는 테스트 (가장 늦게 끝난다)."""

    def order(item) -> int:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser_report" in fixtures:
            return 3
        if "built_site" in fixtures:
            return 2
        if item.path.suffix == ".md" or item.name.startswith("test_page_notebook_runs_top_to_bottom"):
            return 1
        return 0

    items.sort(key=order)


def _run_covers(config, names) -> bool:
    """이번 실행의 인자(또는 testpaths)가 tests/ 의 이 파일들 가운데 하나라도 덮는가 (--ignore, --ignore-glob으로
    뺀 파일은 덮지 않는다)."""
    base = Path(config.invocation_params.dir)
    targets = [(base / arg.split("::")[0]).resolve() for arg in config.args]
    ignored = {(base / path).resolve() for path in config.getoption("ignore") or ()}
    globs = [os.path.abspath(base / pattern) for pattern in config.getoption("ignore_glob") or ()]  # pytest처럼
    files = [
        TESTS / name
        for name in names
        if not ignored & {TESTS / name, *(TESTS / name).parents}  # 파일이나 그 폴더를 뺐다
        and not any(fnmatch.fnmatch(str(TESTS / name), pattern) for pattern in globs)
    ]
    return any(target == file or target in file.parents for target in targets for file in files)


def pytest_sessionstart(session):
    """사이트 빌드와 브라우저 검사는 별도 프로세스(와 스레드)다. 테스트를 모으기도 전에 띄워 두면
    pytest가 한 코어에서 모으고 다른 테스트를 도는 동안 다른 코어가 그 일을 한다 (결과는 그대로 검사한다).
    페이지의 새 커널 실행은 하네스가 페이지를 모으는 순간 시작한다 (docsite.harness)."""
    if session.config.option.collectonly or not _run_covers(session.config, SITE_TEST_FILES + BROWSER_TEST_FILES):
        return
    background_build()
    if CHROMIUM.exists() and _run_covers(session.config, BROWSER_TEST_FILES):
        background_browser_checks()  # 빌드가 끝나는 대로 돈다
    # 이 (주) 스레드의 테스트는 빌드 → 브라우저 검사의 사슬보다 먼저 끝난다: 이 스레드만 양보해 빌드가 먼저 끝나게 한다
    # (nice는 리눅스에서 스레드마다다: 먼저 띄운 빌드와 브라우저 검사의 스레드, 그 자식들은 그대로)
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 5)


def background_build() -> "SiteBuild":
    """세션에 하나뿐인 뒤의 빌드 (처음 부를 때 띄운다)."""
    if "build" not in _background:
        _background["site_dir"] = tempfile.TemporaryDirectory(prefix="docsite-site-")
        _background["build"] = SiteBuild(Path(_background["site_dir"].name))
    return _background["build"]


def background_browser_checks():
    """세션에 하나뿐인 뒤의 브라우저 검사 (처음 부를 때 띄운다: 빌드가 끝나면 돈다)."""
    if "browser" not in _background:
        from browser_checks import BackgroundBrowserChecks

        _background["browser"] = BackgroundBrowserChecks(background_build(), CHROMIUM)
    return _background["browser"]


def pytest_sessionfinish(session):
    # 아직 도는 브라우저 검사(-k 따위로 브라우저 테스트를 고르지 않은 경우)도 끝날 때까지 기다린다: 데몬 스레드를
    # 도는 중에 인터프리터가 끝나면 Playwright의 greenlet이 정리되다가 프로세스가 segfault로 죽는다 (종료 코드 139)
    checks = _background.pop("browser", None)
    if checks is not None:
        checks.thread.join()
    if checks is not None and checks.report is not None:
        _background["browser_seconds"] = checks.report.seconds
    if "build" in _background:
        _background.pop("build").stop()
    if "site_dir" in _background:
        _background.pop("site_dir").cleanup()


def pytest_terminal_summary(terminalreporter):
    """브라우저 검사의 분야마다 걸린 시간 (테스트 시간의 대부분이라 느려진 분야를 바로 찾게)."""
    seconds = _background.pop("browser_seconds", None)
    if seconds:
        terminalreporter.write_line("브라우저 검사 (초): " + ", ".join(f"{name} {value:.1f}" for name, value in seconds.items()))


class SiteBuild:
    """엄격 빌드를 뒤에서 돌린다. 여러 스레드가 wait()로 끝을 기다릴 수 있다."""

    def __init__(self, site: Path):
        self.site = site
        self.process = subprocess.Popen(
            mkdocs_build_command(site),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,  # 그림을 그리는 자식 프로세스까지 한꺼번에 멈출 수 있게
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
            os.killpg(self.process.pid, signal.SIGKILL)  # 빌드와 그 자식들 (그림 프로세스, KaTeX)
        self.finished.wait(30)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """엄격 모드로 경고 없이 빌드된 사이트 폴더 (세션을 시작할 때 띄우지 않았으면 지금 빌드한다)."""
    build = background_build()
    returncode, stderr = build.wait()
    assert returncode == 0, stderr
    assert not re.search(r"^(WARNING|ERROR)\b", stderr, re.MULTILINE), stderr
    return build.site


@pytest.fixture(scope="session")
def browser_report(built_site):
    """뒤에서 Chromium으로 모든 페이지를 연 검사의 기록 (tests/browser_checks.py 와 tests/browser_<분야>.py, 끝날 때까지 기다린다)."""
    return background_browser_checks().result()


def copy_site_project(destination: Path) -> Path:
    """사이트 설정·훅·라이브러리·하네스를 복사한 임시 프로젝트 (docs/ 는 비어 있고, 그림은 없다)."""
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, destination / name)
    # 같은 설정에서 nav 만 뺀다 (임시 프로젝트에는 그 페이지들이 없다)
    config = (ROOT / "mkdocs.yml").read_text("utf-8").split("\n# Page tree\n")[0]
    (destination / "mkdocs.yml").write_text(config + "\n", "utf-8")
    for name in ("hooks", "overrides", "snippets", "tools"):
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
