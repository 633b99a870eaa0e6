"""A scripted HTTP/1.1 test server on 127.0.0.1 (threaded ``http.server``, port 0).

Routes map a path (query included, as requested) to a :class:`Reply`, a list of replies served in
turn (the last one repeats: flaky endpoints), or a function of the :class:`Hit`. Every request is
logged with its arrival time so tests can check what was fetched and when::

    with LocalServer() as server:
        server.add("/a.html", Reply(body=b"<html>…</html>", headers={"Content-Type": "text/html"}))
        server.add("/flaky", [Reply(503), Reply(200, body=b"ok")])
        url = server.url("/a.html")
        ...
        assert server.paths() == ["/robots.txt", "/a.html"]
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted response. ``delay`` waits before the headers; ``chunk_delay`` between body chunks."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunk_delay: float = 0.0
    chunk_size: int = 16384
    #: send no Content-Length and close the connection after the body
    close_delimited: bool = False


@dataclass(frozen=True)
class Hit:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


Handler = Callable[[Hit], Reply]
RouteSpec = Reply | list[Reply] | Handler

NOT_FOUND = Reply(404, b"not found", {"Content-Type": "text/plain"})


def html(text: str, *, charset: str | None = "utf-8", encoding: str = "utf-8", **kw: Any) -> Reply:
    """A text/html reply (``charset`` None: no charset parameter in Content-Type)."""
    ctype = "text/html" if charset is None else f"text/html; charset={charset}"
    headers = {"Content-Type": ctype, **kw.pop("headers", {})}
    return Reply(body=text.encode(encoding), headers=headers, **kw)


def gzipped(body: bytes, content_type: str = "text/html; charset=utf-8", **kw: Any) -> Reply:
    """A reply whose body is sent gzip-compressed (``Content-Encoding: gzip``)."""
    headers = {"Content-Type": content_type, "Content-Encoding": "gzip", **kw.pop("headers", {})}
    return Reply(body=gzip.compress(body, compresslevel=9), headers=headers, **kw)


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to ``location``."""
    return Reply(status, b"", {"Location": location})


class LocalServer:
    """Threaded scripted server; use as a context manager. ``port`` is chosen by the OS."""

    def __init__(self, routes: dict[str, RouteSpec] | None = None) -> None:
        self.routes: dict[str, RouteSpec] = dict(routes or {})
        self.hits: list[Hit] = []
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start serving in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- scripting ---------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base + path

    def add(self, path: str, spec: RouteSpec) -> None:
        """Serve ``spec`` at ``path`` (exact match, query included)."""
        with self._lock:
            self.routes[path] = spec

    def add_many(self, routes: Iterable[tuple[str, RouteSpec]]) -> None:
        """Add several routes."""
        for path, spec in routes:
            self.add(path, spec)

    # -- inspection --------------------------------------------------------------------------
    def paths(self) -> list[str]:
        """Requested paths in arrival order."""
        with self._lock:
            return [hit.path for hit in self.hits]

    def hits_for(self, path: str) -> list[Hit]:
        """Requests for ``path`` in arrival order."""
        with self._lock:
            return [hit for hit in self.hits if hit.path == path]

    def count(self, path: str) -> int:
        """How many times ``path`` was requested."""
        return len(self.hits_for(path))

    # -- serving -----------------------------------------------------------------------------
    def _reply_for(self, hit: Hit) -> Reply:
        with self._lock:
            self.hits.append(hit)
            spec = self.routes.get(hit.path)
            if spec is None:
                return NOT_FOUND
            if isinstance(spec, Reply):
                return spec
            if isinstance(spec, list):
                n = self._served.get(hit.path, 0)
                self._served[hit.path] = n + 1
                return spec[min(n, len(spec) - 1)]
        return spec(hit)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                hit = Hit("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                reply = server._reply_for(hit)
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                sent = {k.lower() for k in reply.headers}
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.close_delimited:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "content-length" not in sent:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                body = reply.body
                step = max(1, reply.chunk_size)
                for i in range(0, len(body), step):
                    if reply.chunk_delay and i:
                        time.sleep(reply.chunk_delay)
                    self.wfile.write(body[i : i + step])
                    self.wfile.flush()

        return _Handler
