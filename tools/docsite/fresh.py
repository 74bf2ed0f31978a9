"""페이지를 독자의 새 인터프리터에서 실행한다: 한 번 준비한 인터프리터에서 페이지마다 fork한다.

독자는 페이지를 위에서 아래로 노트북에 옮겨 NumPy, PyTorch, matplotlib, scikit-learn만으로
실행한다. 페이지마다 ``python -I -W error`` 를 새로 띄우면 페이지마다 torch를 다시 import한다
(페이지당 2초 안팎). 여기서는 그 인터프리터를 한 번만 띄워 독자의 패키지를 import해 두고
(포크 서버), 페이지마다 그 프로세스를 fork한 자식에서 페이지를 실행한다. 자식은

  - ``-I`` (사용자 site, PYTHONPATH, 현재 폴더 없음)과 ``-W error`` 로 시작한 인터프리터의 사본이고,
  - ``dlbasics`` 와 ``docsite`` 를 import할 수 없으며 (sys.modules에 None),
  - 자기 작업 폴더와 HOME, 자기 표준 출력·오류 파일을 가지고,
  - 다른 페이지와 아무것도 나누지 않는다 (fork: 메모리는 복사본이다).

미리 import한 모듈은 페이지의 이름 공간에 들어가지 않으므로, import를 빠뜨린 페이지는 여전히
실패한다. 포크 서버는 계산을 하기 전에 fork하므로 torch의 스레드 풀도 자식마다 새로 만든다.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# 독자의 패키지: 포크 서버가 미리 import한다 (페이지가 흔히 쓰는 하위 모듈 포함)
READER_MODULES = (
    "numpy",
    "torch",
    "torch.nn.functional",
    "matplotlib",
    "matplotlib.figure",
    "sklearn",
    "sklearn.datasets",
    "sklearn.linear_model",
    "sklearn.model_selection",
)
BLOCKED_MODULES = ("dlbasics", "docsite")

SERVER = r"""
import json, os, runpy, sys, traceback

modules, blocked, workers = sys.argv[1].split(","), sys.argv[2].split(","), int(sys.argv[3])
for name in modules:
    __import__(name)


def run_page(request):
    # 자식: 페이지 하나를 새 인터프리터처럼 실행하고 종료 코드로 끝난다
    os.chdir(request["workdir"])
    os.environ["HOME"] = request["workdir"]
    for stream, name in ((1, "stdout"), (2, "stderr")):
        os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), stream)
    for name in blocked:
        sys.modules[name] = None
    sys.argv = [request["program"]]
    code = 0
    try:
        runpy.run_path(request["program"], run_name="__main__")
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


requests = [json.loads(line) for line in sys.stdin]
running = {}
while requests or running:
    while requests and len(running) < workers:
        request = requests.pop(0)
        pid = os.fork()
        if pid == 0:
            run_page(request)
        running[pid] = request
    pid, status = os.waitpid(-1, 0)
    request = running.pop(pid)
    print(json.dumps({"program": request["program"], "returncode": os.waitstatus_to_exitcode(status)}), flush=True)
"""


@dataclass(frozen=True)
class PageRun:
    program: Path
    returncode: int
    stdout: str
    stderr: str


class FreshRunner:
    """페이지 프로그램들을 포크 서버 하나에서 각자의 자식 프로세스로 실행한다.

    runner = FreshRunner(python, workers=2)
    runner.start([(program, workdir), …])   # 곧바로 돌아온다: 서버는 뒤에서 돈다
    runner.result(program)                 # 그 페이지가 끝날 때까지 기다린다
    """

    def __init__(self, python: str = sys.executable, workers: int | None = None, modules=READER_MODULES):
        self.python = python
        self.workers = workers or os.cpu_count() or 1
        self.modules = modules
        self.process: subprocess.Popen | None = None
        self.done: dict[Path, int] = {}
        self.requests: dict[Path, dict] = {}

    def start(self, pages: list[tuple[Path, Path]]) -> None:
        """pages: (프로그램 파일, 작업 폴더). 표준 출력·오류는 작업 폴더의 stdout.txt, stderr.txt."""
        env = {"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1", "HOME": str(pages[0][1])}
        self.process = subprocess.Popen(
            [self.python, "-I", "-W", "error", "-c", SERVER, ",".join(self.modules), ",".join(BLOCKED_MODULES), str(self.workers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for program, workdir in pages:
            request = {
                "program": str(program),
                "workdir": str(workdir),
                "stdout": str(workdir / "stdout.txt"),
                "stderr": str(workdir / "stderr.txt"),
            }
            self.requests[Path(program)] = request
            self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.close()
        self.process.stdin = None  # 요청은 끝: communicate()가 닫힌 파이프를 건드리지 않게

    def result(self, program: Path) -> PageRun:
        program = Path(program)
        while program not in self.done:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                raise RuntimeError(f"포크 서버가 {program} 의 결과 없이 끝났다:\n{self.process.stderr.read()}")
            answer = json.loads(line)
            self.done[Path(answer["program"])] = answer["returncode"]
        request = self.requests[program]
        return PageRun(
            program,
            self.done[program],
            Path(request["stdout"]).read_text("utf-8", errors="replace"),
            Path(request["stderr"]).read_text("utf-8", errors="replace"),
        )

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.communicate()
