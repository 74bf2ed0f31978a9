"""페이지를 독자의 새 인터프리터에서 실행한다: 한 번 준비한 인터프리터에서 페이지마다 fork한다.

독자는 페이지를 위에서 아래로 노트북에 옮겨 NumPy, PyTorch, matplotlib, scikit-learn만으로
실행한다. 페이지마다 ``python -I -W error`` 를 새로 띄우면 페이지마다 torch를 다시 import한다
(페이지당 2초 안팎). 여기서는 그 인터프리터를 한 번만 띄워 독자의 패키지를 import해 두고
(포크 서버), 페이지마다 그 프로세스를 fork한 자식에서 페이지의 블록을 위에서 아래로 한
이름 공간에서 실행한다. 자식은

  - ``-I`` (사용자 site, PYTHONPATH, 현재 폴더 없음)과 ``-W error`` 로 시작한 인터프리터의 사본이고,
  - ``dlbasics`` 와 ``docsite`` 를 import할 수 없으며 (sys.modules에 None),
  - 자기 작업 폴더와 HOME, 자기 표준 출력·오류 파일을 가지고,
  - 다른 페이지와 아무것도 나누지 않는다 (fork: 메모리는 복사본이다).

블록 하나가 실패해도 다음 블록을 이어서 실행하고 (Sybil처럼), 블록마다 성공 여부와 traceback을
돌려준다. 테스트 하네스(Sybil)는 이 결과로 블록마다의 테스트를 판정한다: 블록은 한 번만,
독자와 같은 새 인터프리터에서 실행된다. 미리 import한 모듈은 페이지의 이름 공간에 들어가지
않으므로, import를 빠뜨린 페이지는 여전히 실패한다. 포크 서버는 계산을 하기 전에 fork하므로
torch의 스레드 풀도 자식마다 새로 만든다.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# 독자의 패키지: 포크 서버가 미리 import한다 (페이지가 흔히 쓰는 하위 모듈 포함)
READER_MODULES = (
    "numpy",
    "torch",
    "torch.nn.functional",
    "torch.optim",
    "matplotlib",
    "matplotlib.figure",
)
# 첫 페이지들을 띄운 뒤에, 기다리는 페이지가 더 있을 때만 읽는 모듈: 옵티마이저의 첫 step()이 읽는
# torch._dynamo (sympy 등 800여 개, 1초 안팎)와 일부 페이지만 쓰는 scikit-learn (0.7초 안팎). 페이지
# 하나만 돌릴 때는 그 페이지가 쓰는 것만 읽고, 여러 페이지를 돌릴 때는 뒤의 페이지들이 저마다 다시
# 읽지 않는다.
LATER_MODULES = ("torch._dynamo", "sklearn", "sklearn.datasets", "sklearn.linear_model", "sklearn.model_selection")
BLOCKED_MODULES = ("dlbasics", "docsite")

SERVER = r"""
import builtins, json, linecache, os, select, sys, traceback

# 페이지 실행은 전체 테스트에서 가장 늦게 필요한 결과다: 빌드와 그 뒤의 브라우저 검사가 먼저 CPU를 쓰게
os.nice(10)

modules, later, blocked, workers = (sys.argv[1].split(","), sys.argv[2].split(","), sys.argv[3].split(","), int(sys.argv[4]))
for name in modules:
    __import__(name)


def run_page(request):
    # 자식: 페이지의 블록을 위에서 아래로 한 이름 공간에서 실행하고, 블록마다의 결과를 파일로 남긴다
    os.chdir(request["workdir"])
    os.environ["HOME"] = request["workdir"]
    for stream, name in ((1, "stdout"), (2, "stderr")):
        os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), stream)
    for name in blocked:
        sys.modules[name] = None
    sys.argv = [request["page"]]
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    outcomes = []
    for example in request["examples"]:
        # traceback이 페이지의 줄 번호와 실제로 실행한 코드(스니펫을 펼친 뒤)를 보이도록
        filename = f"{request['page']} [{example['line']}행의 블록]"
        padded = "\n" * example["line"] + example["source"]
        linecache.cache[filename] = (len(padded), None, padded.splitlines(True), filename)
        try:
            exec(compile(padded, filename, "exec"), namespace)
            outcomes.append({"line": example["line"], "ok": True})
        except BaseException:
            outcomes.append({"line": example["line"], "ok": False, "error": traceback.format_exc()})
            print(traceback.format_exc(), file=sys.stderr)
    with open(request["outcomes"], "w", encoding="utf-8") as handle:
        json.dump(outcomes, handle, ensure_ascii=False)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if all(outcome["ok"] for outcome in outcomes) else 1)


pending, running, buffer, closed = [], {}, b"", False
while not closed or pending or running:
    if not closed:
        ready, _, _ = select.select([0], [], [], 0.02 if running or pending else None)
        if ready:
            chunk = os.read(0, 1 << 16)
            closed = not chunk
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            # 줄마다 요청 파일의 경로 (요청 자체는 크므로 파일로 받는다: 파이프가 차서 보내는 쪽이 멈추지 않게)
            for line in lines:
                if line.strip():
                    with open(line.decode(), encoding="utf-8") as handle:
                        pending.append(json.load(handle))
    while pending and len(running) < workers:
        request = pending.pop(0)
        pid = os.fork()
        if pid == 0:
            run_page(request)
        running[pid] = request
    if later and pending and len(running) == workers:
        # 자식들이 도는 동안 읽어 두면, 기다리던 페이지부터 물려받는다
        for name in later:
            if name:
                __import__(name)
        later = []
    while running:
        pid, status = os.waitpid(-1, os.WNOHANG if not closed or pending else 0)
        if pid == 0:
            break
        request = running.pop(pid)
        print(json.dumps({"key": request["key"], "returncode": os.waitstatus_to_exitcode(status)}), flush=True)
"""


@dataclass(frozen=True)
class Example:
    line: int  # 블록 코드의 첫 줄이 페이지에서 놓인 줄 번호 - 1 (펜스를 여는 줄)
    source: str


@dataclass(frozen=True)
class PageRun:
    key: str
    returncode: int
    outcomes: list[dict]  # 블록마다 {"line", "ok", "error"?}
    stdout: str
    stderr: str


class FreshRunner:
    """페이지들을 포크 서버 하나에서 각자의 자식 프로세스로 실행한다.

    runner = FreshRunner(workers=2)
    runner.submit(key, page, examples, workdir)   # 곧바로 돌아온다: 서버는 뒤에서 돈다
    runner.result(key)                            # 그 페이지가 끝날 때까지 기다린다
    """

    def __init__(self, python: str = sys.executable, workers: int | None = None, modules=READER_MODULES, later=LATER_MODULES):
        self.python = python
        self.workers = workers or os.cpu_count() or 1
        self.modules, self.later = modules, later
        self.process: subprocess.Popen | None = None
        self.done: dict[str, int] = {}
        self.requests: dict[str, dict] = {}

    def start(self, home: Path) -> None:
        """포크 서버를 띄운다 (미리 부르면 독자의 패키지를 읽는 동안 다른 일을 할 수 있다)."""
        if self.process is not None:
            return
        env = {"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1", "HOME": str(home)}
        self.process = subprocess.Popen(
            [self.python, "-I", "-W", "error", "-c", SERVER, ",".join(self.modules), ",".join(self.later), ",".join(BLOCKED_MODULES), str(self.workers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,  # 서버와 그 자식(페이지)들을 한꺼번에 멈출 수 있게
        )

    def submit(self, key: str, page: str, examples: list[Example], workdir: Path) -> None:
        """page(보고에 쓰는 이름)의 블록들을 workdir에서 실행하도록 보낸다. 같은 key는 한 번만."""
        if key in self.requests:
            return
        self.start(workdir)
        request = {
            "key": key,
            "page": page,
            "examples": [{"line": example.line, "source": example.source} for example in examples],
            "workdir": str(workdir),
            "stdout": str(workdir / "stdout.txt"),
            "stderr": str(workdir / "stderr.txt"),
            "outcomes": str(workdir / "outcomes.json"),
        }
        self.requests[key] = request
        request_file = workdir / "request.json"
        request_file.write_text(json.dumps(request, ensure_ascii=False), "utf-8")
        self.process.stdin.write(f"{request_file}\n")
        self.process.stdin.flush()

    def result(self, key: str) -> PageRun:
        while key not in self.done:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                raise RuntimeError(f"포크 서버가 {key} 의 결과 없이 끝났다:\n{self.process.stderr.read()}")
            answer = json.loads(line)
            self.done[answer["key"]] = answer["returncode"]
        request = self.requests[key]
        outcomes_file = Path(request["outcomes"])
        outcomes = json.loads(outcomes_file.read_text("utf-8")) if outcomes_file.exists() else []
        return PageRun(
            key,
            self.done[key],
            outcomes,
            Path(request["stdout"]).read_text("utf-8", errors="replace"),
            Path(request["stderr"]).read_text("utf-8", errors="replace"),
        )

    def close(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # 서버와 아직 도는 페이지들
        self.process.stdin.close()
        self.process.stdin = None
        self.process.communicate()
