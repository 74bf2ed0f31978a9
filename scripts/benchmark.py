"""빌드·테스트·처음 설치에 걸리는 벽시계 시간과, 책이 커질 때의 비용을 재어 목표와 함께 보여 준다.

    .venv/bin/python scripts/benchmark.py                # 전부
    .venv/bin/python scripts/benchmark.py --skip-setup   # 처음 설치는 빼고
    .venv/bin/python scripts/benchmark.py --skip-book    # 25쪽 책은 빼고
    .venv/bin/python scripts/benchmark.py --skip-weight  # 페이지 무게는 빼고
    .venv/bin/python scripts/benchmark.py --only-conv    # 합성곱 속도만

- mkdocs build --strict: 목표 15초 (세 번 재어 중앙값)
- 전체 테스트(python -m pytest): 목표 60초 (2코어)
- 새 클론에서 README의 설치 부분(venv, pip install -r requirements.txt, npm ci): 목표 3분
- 페이지마다 pytest docs/<페이지>: 목표 5초, 그리고 접힌 블록 밖에서 글의 몫 (목표 60% 이상)
- 페이지 무게 (빌드된 모든 페이지, 헤드리스 Chromium): 처음 방문에 받는 요청 수와 크기 (압축 목표 300 KB),
  끝까지 읽으면 받는 크기, DOMContentLoaded(domContentLoadedEventEnd, 새 컨텍스트에서 다섯 번 연 중앙값,
  목표 0.5초)와 같은 다섯 번에서 처음 글자가 보인 때(first-contentful-paint, 목표 없이 보고), 요소 수. 무게를 재는 규칙은 docsite.weight (브라우저 검사 tests/browser_weight.py와 같다).
- 합성곱 속도: dlbasics.cnn의 im2col 합성곱(순전파, 순전파+역전파)과 torch CPU의 F.conv2d(같은 float64, autograd)를
  가르치는 크기(N=32, 채널 16 → 16, 28×28, 3×3, 패딩 1)에서 재어 시간의 비(우리 / torch)를 보인다. 목표 3배 이내.
- 25쪽 책: 작업 트리를 임시 폴더에 복사하고 내용 페이지를 (모듈, 테스트, 그림과 함께) 복제해 내용
  페이지 25개로 만든 뒤 빌드와 전체 테스트를 다시 잰다. 지금 책과의 차이를 늘린 페이지 수로 나눈 값이
  페이지 하나가 더하는 비용이다. 25쪽 책의 전체 테스트도 목표는 60초다.
시간 목표는 테스트가 아니라 이 스크립트로 잰다. 목표를 넘으면 종료 코드 1.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
SETUP = "python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt && npm ci --no-audit --no-fund"
BOOK_PAGES = 25
BUDGETS = {"build": 15.0, "suite": 60.0, "setup": 180.0, "page": 5.0, "dcl_ms": 500.0, "conv_ratio": 3.0}
DCL_LOADS = 5  # DOMContentLoaded를 재는 횟수 (중앙값)

from docsite import content_pages, page_module
from docsite.browser import CHROMIUM, CHROMIUM_ARGS, page_urls, serve
from docsite.prose import PROSE_TARGET, site_prose_shares
from docsite.weight import BUDGET_BYTES, TransferLog, load_timings, total_compressed


def timed(command: list[str] | str, cwd: Path, **kwargs) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:  # 무엇이 실패했는지 보이고 멈춘다
        sys.stderr.write(done.stdout[-6000:] + done.stderr[-3000:])
        done.check_returncode()
    return time.perf_counter() - start


def build_time(project: Path, repeat: int, site: Path | None = None) -> float:
    """엄격 모드 빌드의 중앙값. site를 주면 마지막 빌드를 거기에 남긴다."""
    with tempfile.TemporaryDirectory() as scratch:
        out = site or Path(scratch) / "site"
        command = [str(VENV_PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
        return statistics.median(timed(command, project) for _ in range(repeat))


def suite_time(project: Path) -> float:
    return timed([str(VENV_PYTHON), "-m", "pytest", "-q"], project)


def run_book_suite(project: Path) -> tuple[float, list[str], str]:
    """복제한 책의 전체 테스트: (시간, 실패한 테스트, 브라우저 검사의 분야별 시간 줄). 복제 페이지는 원본과 글이
    같아 유일해야 하는 것(페이지 설명, 검색 순위)이 깨지므로, 실패해도 시간을 재고 실패한 테스트를 보인다."""
    start = time.perf_counter()
    done = subprocess.run([str(VENV_PYTHON), "-m", "pytest", "-q", "-rfE"], cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = done.stdout.splitlines()
    failed = [line.split(" - ")[0] for line in lines if line.startswith(("FAILED ", "ERROR "))]
    if done.returncode not in (0, 1):  # 1: 테스트가 실패했다. 그 밖: 모으기 오류, 중단 등 (시간이 뜻이 없다)
        failed.append(f"pytest가 끝까지 돌지 못했다 (종료 코드 {done.returncode}): {lines[-1] if lines else done.stderr[-300:]}")
    areas = next((line for line in lines if line.startswith("브라우저 검사 (초)")), "")
    return seconds, failed, areas


def setup_time() -> float:
    """HEAD를 새 폴더에 클론해 README의 설치 명령 부분만 잰다 (pip·npm 캐시는 쓰는 그대로)."""
    with tempfile.TemporaryDirectory() as workdir:
        clone = Path(workdir) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        return timed(SETUP, clone, shell=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})


def copy_worktree(destination: Path) -> Path:
    """작업 트리(커밋하지 않은 변경 포함)를 복사한다. .venv는 이 저장소의 것을 그대로 쓴다."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT, destination, ignore=ignore)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def grow_book(project: Path, total: int) -> int:
    """내용 페이지를 복제해 total개로 만든다. 복제본마다 모듈, 테스트 파일, 그림 스크립트도 복제한다.

    복제본의 `원문 정정` 상자는 이름을 바꿔 (정정 목록과 짝을 세는 테스트가 원본만 세도록) 남긴다.
    돌려주는 값: 더한 페이지 수.
    """
    docs = project / "docs"
    originals = content_pages(docs)
    added = []
    for k, page in zip(range(total - len(originals)), itertools.cycle(originals)):
        suffix = f"_copy{k}"
        module = page_module(page)
        text = page.read_text("utf-8")
        text = text.replace(f'"dlbasics/{module}.py', f'"dlbasics/{module}{suffix}.py')
        text = text.replace(f"dlbasics/{module}.py —", f"dlbasics/{module}{suffix}.py —")
        text = text.replace('!!! warning "원문 정정"', '!!! warning "원문 정정 (복제본)"')
        for figure in set(re.findall(r'--8<-- "figures/((?!_)[a-z_]+)\.py', text)):
            shutil.copy(project / "snippets" / "figures" / f"{figure}.py", project / "snippets" / "figures" / f"{figure}{suffix}.py")
            text = text.replace(f"figures/{figure}.py", f"figures/{figure}{suffix}.py").replace(f"figures/{figure}.svg", f"figures/{figure}{suffix}.svg")
        shutil.copy(project / "snippets" / "dlbasics" / f"{module}.py", project / "snippets" / "dlbasics" / f"{module}{suffix}.py")
        test = project / "tests" / f"test_{module}.py"
        if test.exists():
            shutil.copy(test, project / "tests" / f"test_{module}{suffix}.py")
        # 페이지 ↔ 모듈 이름이 이어지게: losses.md → losses-copy0.md, evolution/index.md → evolution-copy0/index.md
        if page.stem == "index":
            copy = page.parent.with_name(f"{page.parent.name}-copy{k}") / "index.md"
        else:
            copy = page.with_name(f"{page.stem}-copy{k}.md")
        copy.parent.mkdir(exist_ok=True)
        copy.write_text(text, "utf-8")
        added.append(copy.relative_to(docs).as_posix())
    nav = "\n".join(f"      - 복제본 {k}: {path}" for k, path in enumerate(added))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").rstrip("\n") + "\n  - 벤치마크 복제본:\n" + nav + "\n", "utf-8")
    return len(added)


def weight_row(weight, dcl: float, fcp: float) -> tuple[str, ...]:
    ok = weight.compressed <= BUDGET_BYTES and dcl <= BUDGETS["dcl_ms"]
    kilobytes = (weight.raw, weight.compressed, total_compressed(weight.whole_page))
    return (weight.page, str(weight.requests), *(f"{size / 1024:.0f}" for size in kilobytes), f"{dcl:.0f}", f"{fcp:.0f}",
            str(weight.elements),
            "통과" if ok else "초과")


def page_weights(site: Path) -> list[tuple[str, ...]]:
    """빌드된 site의 모든 페이지: 처음 방문의 무게와 끝까지 읽은 무게(탭 하나로 차례로), DCL 중앙값."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        log, tab = TransferLog(context, server, site), context.new_page()
        for page in page_urls(site):
            url = f"{server}/{page.lstrip('/')}"
            tab.goto(url, wait_until="networkidle")
            weight = log.weigh(page, tab, whole_page=True)
            loads = [load_timings(browser, url) for _ in range(DCL_LOADS)]
            rows.append(weight_row(weight, *(statistics.median(values) for values in zip(*loads))))
        context.close()
        browser.close()
    return rows


# 새 인터프리터에서 잰다 (torch와 NumPy가 처음 불리는 비용과 스레드 설정이 이 스크립트와 섞이지 않게).
CONV_TIMING = """
import json, timeit
import numpy as np, torch, torch.nn.functional as F
from dlbasics.cnn import conv2d, conv2d_backward
rng = np.random.default_rng(0)
x, w, b = rng.normal(size=(32, 16, 28, 28)), rng.normal(size=(16, 16, 3, 3)), rng.normal(size=16)
grad = rng.normal(size=(32, 16, 28, 28))
xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
gt = torch.from_numpy(grad)
def ours_forward():
    conv2d(x, w, b, padding=1)
def ours_both():
    conv2d(x, w, b, padding=1)
    conv2d_backward(grad, x, w, padding=1)
def torch_forward():
    with torch.no_grad():
        F.conv2d(xt, wt, bt, padding=1)
def torch_both():
    xt.grad = wt.grad = bt.grad = None
    F.conv2d(xt, wt, bt, padding=1).backward(gt)
best = {name: min(timeit.repeat(fn, number=5, repeat=7)) / 5 for name, fn in
        (("ours_forward", ours_forward), ("torch_forward", torch_forward), ("ours_both", ours_both), ("torch_both", torch_both))}
print(json.dumps({**best, "torch_threads": torch.get_num_threads()}))
"""


def conv_speed() -> list[tuple[str, ...]]:
    """im2col 합성곱과 torch CPU F.conv2d의 시간 (밀리초, 7번 가운데 가장 빠른 것)과 비."""
    import json

    result = subprocess.run([str(VENV_PYTHON), "-c", CONV_TIMING], cwd=ROOT, capture_output=True, text=True, check=True)
    best = json.loads(result.stdout)
    rows = []
    for name, key in (("순전파", "forward"), ("순전파 + 역전파", "both")):
        ours, theirs = best[f"ours_{key}"], best[f"torch_{key}"]
        ratio = ours / theirs
        rows.append((name, f"{1000 * ours:.1f}", f"{1000 * theirs:.1f}", f"{ratio:.2f}", f"{BUDGETS['conv_ratio']:.0f}",
                     "통과" if ratio <= BUDGETS["conv_ratio"] else "초과"))
    print(f"(torch 스레드 {best['torch_threads']}개)")
    return rows


def conv_table() -> bool:
    """합성곱 속도 표를 보이고, 목표를 넘었는지 돌려준다."""
    rows = conv_speed()
    table(("합성곱 (N=32, 16 → 16채널, 28×28, 3×3, 패딩 1, float64)", "im2col (ms)", "torch F.conv2d (ms)", "비 (우리 / torch)",
           "목표 (배)", "결과"), rows)
    return any(cells[-1] == "초과" for cells in rows)


def row(name: str, seconds: float, budget: float) -> tuple[str, str, str, str]:
    return (name, f"{seconds:.1f}", f"{budget:.0f}", "통과" if seconds <= budget else "초과")


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-setup", action="store_true", help="처음 설치 시간은 재지 않는다")
    parser.add_argument("--skip-book", action="store_true", help="25쪽 책은 재지 않는다")
    parser.add_argument("--skip-weight", action="store_true", help="페이지 무게와 DOMContentLoaded는 재지 않는다")
    parser.add_argument("--skip-conv", action="store_true", help="합성곱 속도는 재지 않는다")
    parser.add_argument("--only-conv", action="store_true", help="합성곱 속도만 잰다")
    parser.add_argument("--repeat", type=int, default=3, help="빌드를 몇 번 잴지 (중앙값)")
    args = parser.parse_args()
    if args.only_conv:
        return 1 if conv_table() else 0
    over = False

    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build = build_time(ROOT, args.repeat, site)
        suite = suite_time(ROOT)
        rows = [row("mkdocs build --strict", build, BUDGETS["build"]), row("python -m pytest", suite, BUDGETS["suite"])]
        if not args.skip_setup:
            rows.append(row("새 클론에서 설치", setup_time(), BUDGETS["setup"]))
        over |= any(cells[3] == "초과" for cells in rows)
        table(("측정", "시간(초)", "목표(초)", "결과"), rows)

        pages = content_pages(ROOT / "docs")
        shares = site_prose_shares(site, [page.relative_to(ROOT / "docs").as_posix() for page in pages])
        page_rows = []
        for page in pages:
            name = page.relative_to(ROOT / "docs").as_posix()
            seconds = timed([str(VENV_PYTHON), "-m", "pytest", "-q", str(page.relative_to(ROOT))], ROOT)
            share = shares[name].prose_share
            ok = seconds <= BUDGETS["page"] and share >= PROSE_TARGET
            over |= not ok
            page_rows.append((name, f"{seconds:.1f}", f"{share:.0%}", "통과" if ok else "초과"))
        table((f"내용 페이지 ({len(pages)}개)", "pytest docs/<페이지> (초, 목표 5)", f"글의 몫 (목표 {PROSE_TARGET:.0%})", "결과"), page_rows)

        if not args.skip_weight:
            weight_rows = page_weights(site)
            over |= any(cells[-1] == "초과" for cells in weight_rows)
            table(
                ("페이지 (처음 방문)", "요청", "원래 크기 (KB)", f"압축 (KB, 목표 {BUDGET_BYTES // 1024})", "끝까지 읽으면 (KB)",
                 f"DOMContentLoaded (ms, {DCL_LOADS}번 중앙값, 목표 {BUDGETS['dcl_ms']:.0f})", "첫 글자 (ms, 중앙값)", "요소 수", "결과"),
                weight_rows,
            )

    if not args.skip_conv:
        over |= conv_table()

    if not args.skip_book:
        with tempfile.TemporaryDirectory() as scratch:
            book = copy_worktree(Path(scratch) / "book")
            added = grow_book(book, BOOK_PAGES)
            book_build = build_time(book, args.repeat)
            book_suite, book_failed, book_areas = run_book_suite(book)
        per_page_build = (book_build - build) / added
        per_page_suite = (book_suite - suite) / added
        over |= book_suite > BUDGETS["suite"] or book_build > BUDGETS["build"]
        table(
            ("측정", f"지금 ({len(pages)}쪽)", f"{BOOK_PAGES}쪽 책", "페이지 하나가 더하는 비용", "목표", "결과"),
            [
                ("mkdocs build --strict (초)", f"{build:.1f}", f"{book_build:.1f}", f"{per_page_build:.2f}", f"{BUDGETS['build']:.0f}",
                 "통과" if book_build <= BUDGETS["build"] else "초과"),
                ("python -m pytest (초)", f"{suite:.1f}", f"{book_suite:.1f}", f"{per_page_suite:.2f}", f"{BUDGETS['suite']:.0f}",
                 "통과" if book_suite <= BUDGETS["suite"] else "초과"),
            ],
        )
        if book_areas:
            print(f"{BOOK_PAGES}쪽 책의 {book_areas}")
        if book_failed:
            print(f"{BOOK_PAGES}쪽 책에서 실패한 테스트 {len(book_failed)}개 (복제 페이지가 원본과 같아 깨지는 것인지 볼 것):")
            for name in book_failed:
                print(f"- {name}")
    print(f"(코어 {os.cpu_count()}개, Python {sys.version.split()[0]})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
