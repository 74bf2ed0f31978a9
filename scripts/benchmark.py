"""빌드·테스트·처음 설치에 걸리는 벽시계 시간을 재어 목표와 함께 보여 준다.

    .venv/bin/python scripts/benchmark.py            # 셋 다
    .venv/bin/python scripts/benchmark.py --skip-setup

- mkdocs build --strict: 목표 15초 (세 번 재어 중앙값)
- 전체 테스트(python -m pytest): 목표 60초 (2코어)
- 새 클론에서 README의 설치 부분(venv, pip install -r requirements.txt, npm ci): 목표 3분
시간 목표는 테스트가 아니라 이 스크립트로 잰다. 목표를 넘으면 종료 코드 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
SETUP = "python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt && npm ci --no-audit --no-fund"


def timed(command: list[str] | str, cwd: Path, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def build_time(repeat: int) -> float:
    with tempfile.TemporaryDirectory() as site:
        command = [str(VENV_PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", site]
        return statistics.median(timed(command, ROOT) for _ in range(repeat))


def test_time() -> float:
    return timed([str(VENV_PYTHON), "-m", "pytest", "-q"], ROOT)


def setup_time() -> float:
    """HEAD를 새 폴더에 클론해 README의 설치 명령 부분만 잰다 (pip·npm 캐시는 쓰는 그대로)."""
    with tempfile.TemporaryDirectory() as workdir:
        clone = Path(workdir) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        return timed(SETUP, clone, shell=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-setup", action="store_true", help="처음 설치 시간은 재지 않는다")
    parser.add_argument("--repeat", type=int, default=3, help="빌드를 몇 번 잴지 (중앙값)")
    args = parser.parse_args()

    rows = [("mkdocs build --strict", build_time(args.repeat), 15.0), ("python -m pytest", test_time(), 60.0)]
    if not args.skip_setup:
        rows.append(("새 클론에서 설치", setup_time(), 180.0))

    # Markdown 표: 한글 폭과 상관없이 줄이 맞고, 기록에 그대로 붙일 수 있다
    print("| 측정 | 시간(초) | 목표(초) | 결과 |")
    print("|---|---:|---:|---|")
    over = False
    for name, seconds, budget in rows:
        ok = seconds <= budget
        over |= not ok
        print(f"| {name} | {seconds:.1f} | {budget:.0f} | {'통과' if ok else '초과'} |")
    print(f"(코어 {os.cpu_count()}개, Python {sys.version.split()[0]})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
