"""페이지의 노트북을 독자의 새 Jupyter 커널에서 실행한다: 한 번 준비한 인터프리터에서 커널마다 fork한다.

독자는 페이지를 노트북으로 내려받아(빌드가 페이지마다 싣는 .ipynb, docsite.notebook) 위에서 아래로
실행한다. 테스트도 바로 그 노트북을 nbclient로 새 커널에서 실행하고, Sybil은 펜스마다 그 셀의 결과로
판정한다. 커널마다 인터프리터를 새로 띄우면 커널마다 torch를 다시 import한다 (커널당 3~5초). 여기서는
독자의 패키지와 ipykernel만 import해 둔 인터프리터 하나(커널 서버)를 띄워 두고, 커널이 필요할 때마다
그 프로세스를 fork한 자식이 커널이 된다. 자식은

  - ``-I`` (사용자 site, PYTHONPATH, 현재 폴더 없음)로 시작한 인터프리터의 사본이고, 경고는 오류로 친다
    (커널 자신의 모듈 ipykernel, IPython, zmq, tornado … 가 내는 경고만 빼고),
  - ``dlbasics`` 와 ``docsite`` 를 import할 수 없으며 (sys.modules에 None),
  - 자기 작업 폴더와 HOME, 자기 표준 출력·오류 파일을 가지고,
  - 다른 커널과 아무것도 나누지 않는다 (fork: 메모리는 복사본이다).

nbclient가 띄우는 커널 명령은 작은 클라이언트다: 서버에 유닉스 소켓으로 연결 파일을 넘겨 커널을 fork하게
하고, 그 커널이 끝날 때까지 기다렸다가 같은 종료 코드로 끝난다 (받은 SIGINT·SIGTERM은 커널에 넘기고,
클라이언트가 죽으면 서버가 커널을 죽인다). 실행 프로세스, 커널 서버, 지킴이, 커널은 저마다 부모가 죽으면 따라
죽으므로 (PR_SET_PDEATHSIG), 테스트가 어떻게 끝나도 커널이 남지 않는다. 셀 하나가 실패해도 다음 셀을 이어서 실행하고 (allow_errors),
셀마다 성공 여부와 traceback을 돌려준다. 미리 import한 모듈은 노트북의 이름 공간에 들어가지 않으므로,
import를 빠뜨린 페이지는 여전히 실패한다. 서버는 계산을 하기 전에 fork하므로 torch의 스레드 풀도 커널마다
새로 만든다.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .notebook import KERNELSPEC

# 독자의 패키지: 커널 서버가 미리 import한다 (페이지가 흔히 쓰는 하위 모듈 포함)
READER_MODULES = (
    "numpy",
    "torch",
    "torch.nn.functional",
    "torch.optim",
    "matplotlib",
    "matplotlib.figure",
)
# 첫 커널을 띄운 뒤에 읽는 모듈: 옵티마이저의 첫 step()이 읽는 torch._dynamo (sympy 등 800여 개, 1초
# 안팎)와 일부 페이지만 쓰는 scikit-learn (0.7초 안팎). 페이지 하나만 돌릴 때는 그 페이지가 쓰는 것만
# 읽고, 여러 페이지를 돌릴 때는 뒤의 커널들이 저마다 다시 읽지 않는다.
LATER_MODULES = ("torch._dynamo", "sklearn", "sklearn.datasets", "sklearn.linear_model", "sklearn.model_selection")
BLOCKED_MODULES = ("dlbasics", "docsite")
# 커널 자신이 내는 경고 (독자의 코드가 아니다): 오류로 치지 않는다
KERNEL_MODULES = ("ipykernel", "IPython", "jupyter_client", "jupyter_core", "zmq", "tornado", "traitlets", "comm", "debugpy", "asyncio")
CELL_TIMEOUT = 600  # 초: 셀 하나가 이보다 오래 걸리면 실패로 친다

SERVER = r"""
import ctypes, json, os, select, signal, socket, sys, warnings


def die_with_parent():
    # 부모가 죽으면 SIGKILL을 받는다 (PR_SET_PDEATHSIG): 실행 프로세스 → 커널 서버 → 지킴이 → 커널이 사슬로 정리된다
    parent = os.getppid()
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


die_with_parent()
# 페이지 실행은 전체 테스트에서 가장 늦게 필요한 결과다: 빌드와 그 뒤의 브라우저 검사가 먼저 CPU를 쓰게
os.nice(10)
socket_path, modules, later, blocked, quiet = sys.argv[1], *(argument.split(",") for argument in sys.argv[2:6])
for name in modules:
    __import__(name)
import ipykernel.kernelapp


def become_kernel(request):
    # 자식: 독자의 새 인터프리터처럼 꾸민 뒤 연결 파일로 커널을 띄운다
    die_with_parent()
    os.setpgid(0, 0)  # 커널과 그 자식들에게 한꺼번에 신호를 보낼 수 있게
    os.chdir(request["workdir"])
    os.environ["HOME"] = request["workdir"]
    for stream, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        os.dup2(os.open(os.path.join(request["workdir"], name), os.O_WRONLY | os.O_CREAT | os.O_APPEND), stream)
    for name in blocked:
        sys.modules[name] = None
    warnings.simplefilter("error")
    for name in quiet:
        warnings.filterwarnings("default", module=name)
    app = ipykernel.kernelapp.IPKernelApp.instance()
    app.initialize(["-f", request["connection_file"]])
    app.start()
    os._exit(0)


def watch(connection):
    # 커널 하나를 맡는 자식: 커널을 fork하고, 커널이 끝나면 클라이언트에 종료 코드를, 클라이언트가 끊기면 커널에 SIGKILL을
    die_with_parent()
    request = json.loads(connection.makefile().readline())
    kernel = os.fork()
    if kernel == 0:
        connection.close()
        become_kernel(request)
    connection.sendall(f"{kernel}\n".encode())
    while True:
        done, status = os.waitpid(kernel, os.WNOHANG)
        if done:
            connection.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
            os._exit(0)
        ready, _, _ = select.select([connection], [], [], 0.05)
        if ready and not connection.recv(1):
            os.killpg(kernel, signal.SIGKILL)
            os.waitpid(kernel, 0)
            os._exit(0)


server = socket.socket(socket.AF_UNIX)
server.bind(socket_path)
server.listen(64)
print("ready", flush=True)
while True:
    connection, _ = server.accept()
    if os.fork() == 0:
        server.close()
        watch(connection)
    connection.close()
    for name in later:  # 첫 커널이 도는 동안 읽어 두면, 뒤의 커널들이 물려받는다
        if name:
            __import__(name)
    later = []
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass
"""

CLIENT = r"""
import json, os, signal, socket, sys

socket_path, workdir, connection_file = sys.argv[1:4]
connection = socket.socket(socket.AF_UNIX)
connection.connect(socket_path)
connection.sendall((json.dumps({"workdir": workdir, "connection_file": connection_file}) + "\n").encode())
replies = connection.makefile()
kernel = int(replies.readline())


def forward(signum, frame):
    os.killpg(kernel, signum)
    if signum == signal.SIGTERM:
        sys.exit(0)


for signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(signum, forward)
code = replies.readline()
sys.exit(int(code) if code.strip() else 1)
"""

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CELL_LOCATION = re.compile(r"Cell In\[\d+\], line (?P<line>\d+)")


@dataclass(frozen=True)
class Example:
    line: int  # 블록 코드의 첫 줄이 페이지에서 놓인 줄 번호 - 1 (펜스를 여는 줄)
    source: str


@dataclass(frozen=True)
class PageRun:
    key: str
    returncode: int
    outcomes: list[dict]  # 코드 셀마다 {"line", "ok", "error"?}
    stdout: str
    stderr: str


def examples_notebook(examples: list[Example]) -> tuple[nbformat.NotebookNode, list[tuple[int, int]]]:
    """블록들만으로 된 노트북 (하네스 자체를 시험할 때): 셀마다 (펜스를 여는 줄, 셀 맨 위에 더한 줄 수 0)."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    notebook.cells = [nbformat.v4.new_code_cell(example.source.rstrip("\n")) for example in examples]
    return notebook, [(example.line, 0) for example in examples]


def cell_error(output, page: str, line: int, added: int) -> str:
    """커널의 오류 출력을 페이지의 줄 번호로: 'Cell In[3], line 2' → '"losses.md [40행의 블록]", line 41'."""
    text = ANSI.sub("", "\n".join(output.get("traceback", ())) or f"{output.get('ename')}: {output.get('evalue')}")
    where = lambda match: f'File "{page} [{line}행의 블록]", line {line + int(match["line"]) - added}'  # noqa: E731
    return CELL_LOCATION.sub(where, text)


class FreshRunner:
    """노트북들을 커널 서버 하나에서 fork한 각자의 새 커널로 실행한다. nbclient는 pytest 밖의 실행 프로세스
    하나(serve)에서 돈다: zmq의 소켓과 스레드가 pytest 프로세스에 남지 않는다.

    runner = FreshRunner(workers=2)
    runner.submit(key, page, notebook, cell_lines, workdir)   # 곧바로 돌아온다: 실행 프로세스가 뒤에서 돈다
    runner.result(key)                                         # 그 노트북이 끝날 때까지 기다린다
    """

    def __init__(self, python: str = sys.executable, workers: int | None = None, modules=READER_MODULES, later=LATER_MODULES):
        self.python = python
        self.workers = workers or os.cpu_count() or 1
        self.modules, self.later = modules, later
        self.process: subprocess.Popen | None = None
        self.done: dict[str, Path] = {}
        self.requests: dict[str, Path] = {}

    def start(self, home: Path) -> None:
        """실행 프로세스와 커널 서버를 띄운다 (미리 부르면 독자의 패키지를 읽는 동안 다른 일을 할 수 있다)."""
        if self.process is not None:
            return
        settings = {"python": self.python, "workers": self.workers, "modules": list(self.modules), "later": list(self.later), "home": str(home)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from docsite.fresh import serve; serve(sys.argv[1])", json.dumps(settings)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # 실행 프로세스, 커널 서버, 커널들을 한꺼번에 멈출 수 있게
        )

    def submit(self, key: str, page: str, notebook, cell_lines: list[tuple[int, int]], workdir: Path) -> None:
        """page(보고에 쓰는 이름)의 노트북을 workdir에서 실행하도록 보낸다. 같은 key는 한 번만."""
        if key in self.requests:
            return
        workdir = Path(workdir)
        self.start(workdir)
        request = {"key": key, "page": page, "notebook": notebook, "cell_lines": cell_lines, "workdir": str(workdir), "result": str(workdir / "result.json")}
        request_file = workdir / "request.json"
        request_file.write_text(json.dumps(request, ensure_ascii=False), "utf-8")
        self.requests[key] = Path(request["result"])
        self.process.stdin.write(f"{request_file}\n")  # 요청은 크므로 파일로: 파이프가 차서 보내는 쪽이 멈추지 않게
        self.process.stdin.flush()

    def result(self, key: str) -> PageRun:
        while key not in self.done:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                raise RuntimeError(f"노트북 실행 프로세스가 {key} 의 결과 없이 끝났다:\n{self.process.stderr.read()}")
            self.done[json.loads(line)["key"]] = True
        return PageRun(**json.loads(self.requests[key].read_text("utf-8")))

    def close(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # 실행 프로세스, 커널 서버, 아직 도는 커널들
        self.process.stdin.close()
        self.process.stdin = None
        self.process.communicate()


def serve(settings_json: str) -> None:
    """실행 프로세스: 커널 서버를 띄우고, 표준 입력으로 받은 요청마다 노트북을 실행해 결과 파일을 쓴 뒤 key를 한 줄 알린다."""
    import ctypes
    import warnings

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # pytest가 죽으면 따라 죽는다 (PR_SET_PDEATHSIG): 커널 서버와 커널도 사슬로
    warnings.simplefilter("ignore", ResourceWarning)  # 이 프로세스가 닫는 zmq 소켓들 (페이지의 판정과 무관하다)
    settings = json.loads(settings_json)
    home = Path(settings["home"])
    sock = home / "kernels.sock"
    env = {"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1", "HOME": str(home)}
    arguments = [settings["modules"], settings["later"], BLOCKED_MODULES, KERNEL_MODULES]
    server = subprocess.Popen([settings["python"], "-I", "-c", SERVER, str(sock), *(",".join(names) for names in arguments)], stdout=subprocess.PIPE, text=True, env=env)

    async def main():
        loop = asyncio.get_running_loop()
        ready = loop.run_in_executor(None, server.stdout.readline)  # 서버가 소켓을 열면 'ready' 한 줄을 쓴다
        slots = asyncio.Semaphore(settings["workers"])
        tasks = set()

        async def run(request):
            async with slots:
                await ready
                run = await _run_notebook(settings["python"], sock, request)
            Path(request["result"]).write_text(json.dumps(run.__dict__, ensure_ascii=False), "utf-8")
            print(json.dumps({"key": request["key"]}), flush=True)

        while line := await loop.run_in_executor(None, sys.stdin.readline):
            request = json.loads(Path(line.strip()).read_text("utf-8"))
            task = asyncio.create_task(run(request))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)

    try:
        asyncio.run(main())
    finally:
        server.kill()
        server.wait()


async def _run_notebook(python: str, sock: Path, request: dict) -> PageRun:
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    key, page, workdir, cell_lines = request["key"], request["page"], Path(request["workdir"]), request["cell_lines"]
    manager = AsyncKernelManager()
    argv = [python, "-I", "-c", CLIENT, str(sock), str(workdir), "{connection_file}"]
    manager._kernel_spec = KernelSpec(argv=argv, display_name=KERNELSPEC["display_name"], language="python", env={})
    notebook = nbformat.from_dict(request["notebook"])
    # 끝나면 커널을 곧바로 멈춘다 (shutdown_request를 보내고 5초를 기다리지 않는다): 지킴이가 커널을 SIGKILL한다
    client = NotebookClient(
        notebook, km=manager, timeout=CELL_TIMEOUT, allow_errors=True, shutdown_kernel="immediate", resources={"metadata": {"path": str(workdir)}}
    )
    failure = None
    try:
        await client.async_execute()
    except Exception as error:  # 커널이 죽었거나 셀이 시간을 넘겼다: 남은 셀은 이르지 못한 것으로
        failure = f"{type(error).__name__}: {error}"
    outcomes, stdout, stderr = [], [], []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell, (line, added) in zip(code_cells, cell_lines):
        if failure is not None and cell.get("execution_count") is None and not cell.outputs:
            break
        errors = [output for output in cell.outputs if output.output_type == "error"]
        for output in cell.outputs:
            if output.output_type == "stream":
                (stdout if output.name == "stdout" else stderr).append(output.text)
        if errors:
            message = cell_error(errors[0], page, line, added)
            stderr.append(message + "\n")
            outcomes.append({"line": line, "ok": False, "error": message})
        else:
            outcomes.append({"line": line, "ok": True})
    if failure is not None:
        stderr.append(failure + "\n" + _read(workdir / "stderr.txt"))
    ok = failure is None and len(outcomes) == len(cell_lines) and all(outcome["ok"] for outcome in outcomes)
    return PageRun(key, 0 if ok else 1, outcomes, "".join(stdout), "".join(stderr))


def _read(path: Path) -> str:
    return path.read_text("utf-8", errors="replace") if path.exists() else ""
