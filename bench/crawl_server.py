"""A multi-process local HTTP/1.1 server of generated article pages for the crawl benchmark.

``python bench/crawl_server.py --port 8900 --workers 2 --pages 20000`` starts ``--workers`` processes,
each running a minimal asyncio HTTP server on the same 127.0.0.1 port (``SO_REUSEPORT``: the kernel
spreads connections over them), so the server is not the bottleneck. ``GET /a/<i>.html`` (``i`` below
``--pages``) returns page ``i`` from :mod:`crawl_pages`; ``/robots.txt`` allows everything; anything
else is 404. Keep-alive is supported. The server stops by itself after ``--lifetime`` seconds or when
its parent process goes away.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import re
import signal
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_pages import PageTemplate, build_templates

PAGE_RE = re.compile(rb"^/a/(\d+)\.html$")
ROBOTS = b"User-agent: *\nAllow: /\n"
MAX_HEADER = 16 * 1024


def page_url(base: str, index: int) -> str:
    """The URL of page ``index`` on a server at ``base`` (``http://127.0.0.1:8900``)."""
    return f"{base}/a/{index}.html"


class _PageProtocol(asyncio.Protocol):
    """One client connection: parse requests, answer each with a full response (keep-alive)."""

    def __init__(self, templates: list[PageTemplate], pages: int) -> None:
        self.templates = templates
        self.pages = pages
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > MAX_HEADER:
                    self._send(431, b"text/plain", b"header too large", close=True)
                return
            head, self.buf = self.buf[:end], self.buf[end + 4:]
            if not self._answer(head):
                return

    def _answer(self, head: bytes) -> bool:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3:
            self._send(400, b"text/plain", b"bad request", close=True)
            return False
        method, target, version = parts
        lowered = [ln.lower() for ln in lines[1:]]
        close = (b"connection: close" in lowered) or (version == b"HTTP/1.0" and b"connection: keep-alive"
                                                        not in lowered)
        path = target.split(b"?", 1)[0]
        m = PAGE_RE.match(path)
        if m and int(m.group(1)) < self.pages:
            index = int(m.group(1))
            tpl = self.templates[index % len(self.templates)]
            status, ctype, body = 200, tpl.content_type.encode("ascii"), tpl.render(index)
        elif path == b"/robots.txt":
            status, ctype, body = 200, b"text/plain", ROBOTS
        else:
            status, ctype, body = 404, b"text/html", b"<html><body><h1>404 Not Found</h1></body></html>"
        self._send(status, ctype, b"" if method == b"HEAD" else body, close=close, length=len(body))
        return not close

    def _send(
        self, status: int, ctype: bytes, body: bytes, *, close: bool, length: int | None = None
    ) -> None:
        assert self.transport is not None
        reason = {200: b"OK", 400: b"Bad Request", 404: b"Not Found", 431: b"Too Large"}.get(status, b"")
        head = (b"HTTP/1.1 %d %s\r\nServer: crawl-bench\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
                b"Connection: %s\r\n\r\n" % (status, reason, ctype, len(body) if length is None else length,
                                              b"close" if close else b"keep-alive"))
        self.transport.write(head + body)
        if close:
            self.transport.close()


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


async def _serve(port: int, pages: int, templates: int, deadline: float, parent: int) -> None:
    tpls = build_templates(templates)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _PageProtocol(tpls, pages), sock=_bind(port))
    async with server:
        while time.monotonic() < deadline and os.getppid() == parent:
            await asyncio.sleep(0.5)


def _worker(port: int, pages: int, templates: int, deadline: float, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    asyncio.run(_serve(port, pages, templates, deadline, parent))


def serve(port: int, workers: int, pages: int, templates: int = 256, lifetime: float = 3600.0) -> None:
    """Run ``workers`` server processes on 127.0.0.1:``port`` until ``lifetime`` ends, SIGTERM, or the
    process that started this one exits."""
    _bind(port).close()  # fail early (address in use) before forking
    deadline = time.monotonic() + lifetime
    starter = os.getppid()
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_worker, args=(port, pages, templates, deadline, os.getpid()), daemon=True)
             for _ in range(workers)]
    for p in procs:
        p.start()

    def _stop(_sig: int, _frame: object) -> None:
        for p in procs:
            if p.is_alive():
                p.terminate()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while any(p.is_alive() for p in procs) and time.monotonic() < deadline and os.getppid() == starter:
        time.sleep(0.5)
    _stop(signal.SIGTERM, None)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8900)
    ap.add_argument("--workers", type=int, default=2, help="server processes sharing the port")
    ap.add_argument("--pages", type=int, default=20000, help="serve /a/0.html .. /a/<pages-1>.html")
    ap.add_argument("--templates", type=int, default=256, help="distinct page templates")
    ap.add_argument("--lifetime", type=float, default=3600.0, help="stop after this many seconds")
    args = ap.parse_args(argv)
    serve(args.port, args.workers, args.pages, args.templates, args.lifetime)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
