"""HTTPS through the fetcher's asyncio network backend, against a real TLS server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from article_extract.fetch import Fetcher, FetchPolicy, FetchResult, build_client

trustme = pytest.importorskip("trustme", reason="trustme (dev extra) makes the test certificates")

PAGE = "<html><head><meta charset='gbk'></head><body><p>安全连接的正文。</p></body></html>".encode("gbk")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = gzip.compress(PAGE) if self.path == "/gz.html" else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=gbk")
        if self.path == "/gz.html":
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def https_port(ca: trustme.CA) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _fetch_all(urls: list[str], context: ssl.SSLContext) -> list[FetchResult]:
    policy = FetchPolicy(user_agent="article-extract-test", retries=0, connect_timeout=5, read_timeout=5)

    async def go() -> list[FetchResult]:
        async with build_client(policy, ssl_context=context) as client:
            fetcher = Fetcher(client, policy)
            return [await fetcher.fetch(url) for url in urls]

    return asyncio.run(go())


def _client_context(ca: trustme.CA | None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if ca is not None:
        ca.configure_trust(context)
    return context


def test_https_pages_arrive_over_keep_alive_including_gzip(ca: trustme.CA, https_port: int) -> None:
    base = f"https://localhost:{https_port}"
    results = _fetch_all([f"{base}/a.html", f"{base}/gz.html", f"{base}/b.html"], _client_context(ca))
    for result in results:
        assert result.error is None, result.error
        final = result.responses[-1]
        assert final.status == 200
        assert final.body == PAGE


def test_untrusted_certificate_is_a_clear_error_not_an_exception(https_port: int) -> None:
    (result,) = _fetch_all([f"https://localhost:{https_port}/a.html"], _client_context(None))
    assert result.error is not None
    assert "certificate" in result.error.lower() or "ssl" in result.error.lower(), result.error
