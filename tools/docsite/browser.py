"""헤드리스 Chromium으로 빌드된 사이트를 열 때 함께 쓰는 것: Chromium의 경로와 인자, 사이트를 루프백에서
보내는 서버, 페이지 목록. 브라우저 검사(tests/browser_checks.py)와 벤치마크(scripts/benchmark.py)가 쓴다."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# 데비안의 chromium (CI의 GitHub 러너는 CHROMIUM=/usr/bin/google-chrome)
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def page_urls(site: Path) -> list[str]:
    """빌드된 site의 페이지 주소들 (사이트 맨 위 기준: '/', 'errata/', 'building-blocks/losses/')."""
    return sorted(path.relative_to(site).parent.as_posix().removeprefix(".") + "/" for path in site.rglob("index.html"))


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """site를 루프백의 빈 포트에서 보내는 동안 그 주소(http://127.0.0.1:포트)를 준다."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
