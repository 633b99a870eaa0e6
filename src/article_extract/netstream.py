"""A lighter httpcore network backend for the fetcher: AnyIO streams with the raw socket cached.

httpcore asks every idle keep-alive connection whether its socket is readable each time the pool
assigns or releases a request; AnyIO builds its whole table of socket attributes (a
``getpeername`` system call included) for every such lookup. :class:`CachedSocketBackend` wraps
httpcore's AnyIO backend and remembers each connection's raw socket, so that check costs one
``poll`` — at most once per :data:`RECHECK` seconds per connection while it stays alive (a
server closing it in that window is the same race every keep-alive client has between its check
and its send; the fetcher's retry covers it). Reads, writes, timeouts and TLS are AnyIO's.
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterable

import httpcore
from httpcore._utils import is_socket_readable

_UNSET: typing.Any = object()
#: seconds for which an idle connection found alive is not polled again
RECHECK = 0.005


class CachedSocketStream(httpcore.AsyncNetworkStream):
    """Delegates to an AnyIO network stream; ``socket``/``is_readable`` lookups use a cached socket."""

    __slots__ = ("_checked_at", "_inner", "_socket")

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: typing.Any = _UNSET
        self._checked_at = -1.0

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return CachedSocketStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "socket" or info == "is_readable":
            if self._socket is _UNSET:
                self._socket = self._inner.get_extra_info("socket")
            if info == "socket":
                return self._socket
            # The pool asks about every idle connection several times per request; an answer
            # "not readable" (still alive) is reused for RECHECK seconds. The poll it saves
            # also releases the GIL, which lets other threads hold up the event loop.
            now = time.monotonic()
            if now - self._checked_at < RECHECK:
                return False
            if is_socket_readable(self._socket):
                return True
            self._checked_at = now
            return False
        return self._inner.get_extra_info(info)


class CachedSocketBackend(httpcore.AsyncNetworkBackend):
    """httpcore's AnyIO backend whose streams cache their raw socket (see the module docstring)."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        return CachedSocketStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)
        return CachedSocketStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
