"""A lighter httpcore network backend for the fetcher: plain asyncio transports and protocols.

httpcore's default (AnyIO) streams cost the crawler's event loop more CPU than the HTTP work
itself: a cancel scope per read and write, and, each time the pool assigns or releases a request,
a liveness check of every idle keep-alive connection that builds AnyIO's table of socket
attributes (a ``getpeername`` call) and polls the socket. Here a connection is an asyncio
:class:`asyncio.Protocol` that buffers what arrives; whether an idle connection is readable (the
server closed it, or sent something unasked) is known from that buffer without a system call,
since the event loop delivers data and EOF as they come. Timeouts are one timer per wait; TLS
uses :meth:`asyncio.AbstractEventLoop.start_tls`. Errors are httpcore's, which httpx maps to its own.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import typing
from collections.abc import Iterable

import httpcore

#: stop reading from the socket while this many received bytes wait to be consumed
_READ_HIGH_WATER = 1024 * 1024


class _ConnectionProtocol(asyncio.Protocol):
    """Buffers received bytes and wakes the one reader or writer waiting on the connection."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self.closed = False
        self.paused = False
        self.read_waiter: asyncio.Future[None] | None = None
        self.write_paused = False
        self.drain_waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = typing.cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _READ_HIGH_WATER and self.transport is not None and not self.paused:
            self.paused = True
            self.transport.pause_reading()
        self._wake_reader()

    def eof_received(self) -> bool | None:
        self.eof = True
        self._wake_reader()
        return None  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.eof = True
        if exc is not None:
            self.error = exc
        self._wake_reader()
        waiter = self.drain_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def pause_writing(self) -> None:
        self.write_paused = True

    def resume_writing(self) -> None:
        self.write_paused = False
        waiter = self.drain_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _wake_reader(self) -> None:
        waiter = self.read_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def take(self, max_bytes: int) -> bytes:
        data = bytes(self.buffer[:max_bytes])
        del self.buffer[:max_bytes]
        if self.paused and len(self.buffer) <= _READ_HIGH_WATER // 4 and self.transport is not None:
            self.paused = False
            self.transport.resume_reading()
        return data


async def _wait(
    loop: asyncio.AbstractEventLoop,
    waiter: asyncio.Future[None],
    timeout: float | None,
    error: type[Exception],
) -> None:
    """Await ``waiter``; raise ``error`` if ``timeout`` seconds pass first (one timer, no task)."""
    if timeout is None:
        await waiter
        return
    if timeout <= 0:
        raise error("timed out")
    handle = loop.call_later(timeout, _expire, waiter, error)
    try:
        await waiter
    finally:
        handle.cancel()


def _expire(waiter: asyncio.Future[None], error: type[Exception]) -> None:
    if not waiter.done():
        waiter.set_exception(error("timed out"))


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection (plain or TLS) as httpcore sees it."""

    def __init__(self, protocol: _ConnectionProtocol, transport: asyncio.Transport) -> None:
        self._protocol = protocol
        self._transport = transport

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        proto = self._protocol
        if not proto.buffer and not proto.eof:
            waiter = proto.loop.create_future()
            proto.read_waiter = waiter
            try:
                await _wait(proto.loop, waiter, timeout, httpcore.ReadTimeout)
            finally:
                proto.read_waiter = None
        if proto.buffer:
            return proto.take(max_bytes)
        if proto.error is not None:
            raise httpcore.ReadError(str(proto.error) or type(proto.error).__name__)
        return b""  # end of stream

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        proto = self._protocol
        if proto.closed or self._transport.is_closing():
            raise httpcore.WriteError("connection closed")
        self._transport.write(buffer)
        if proto.write_paused:
            waiter = proto.loop.create_future()
            proto.drain_waiter = waiter
            try:
                await _wait(proto.loop, waiter, timeout, httpcore.WriteTimeout)
            finally:
                proto.drain_waiter = None
            if proto.closed:
                raise httpcore.WriteError("connection closed while writing")

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = self._protocol.loop
        try:
            transport = await asyncio.wait_for(
                loop.start_tls(self._transport, self._protocol, ssl_context, server_hostname=server_hostname),
                timeout,
            )
        except asyncio.TimeoutError as exc:
            self._transport.close()
            raise httpcore.ConnectTimeout("TLS handshake timed out") from exc
        except (OSError, ssl.SSLError, ConnectionError) as exc:
            self._transport.close()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        if transport is None:
            raise httpcore.ConnectError("TLS upgrade failed")
        tls = transport
        self._protocol.transport = tls  # flow control now acts on the TLS transport
        return AsyncioStream(self._protocol, tls)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":  # the loop delivers data and EOF as they arrive: no system call
            proto = self._protocol
            return bool(proto.buffer) or proto.eof
        if info == "socket":
            return self._transport.get_extra_info("socket")
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend over asyncio transports (see the module docstring)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        protocol = _ConnectionProtocol(loop)
        local = (local_address, 0) if local_address else None
        connect = loop.create_connection(lambda: protocol, host, port, local_addr=local)
        transport = await _connect(connect, timeout)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            for option in socket_options or ():
                sock.setsockopt(*option)
        return AsyncioStream(protocol, transport)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        protocol = _ConnectionProtocol(loop)
        transport = await _connect(loop.create_unix_connection(lambda: protocol, path), timeout)
        return AsyncioStream(protocol, transport)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _connect(
    connect: typing.Awaitable[tuple[asyncio.BaseTransport, asyncio.BaseProtocol]], timeout: float | None
) -> asyncio.Transport:
    try:
        transport, _ = await asyncio.wait_for(connect, timeout)
    except asyncio.TimeoutError as exc:
        raise httpcore.ConnectTimeout("connect timed out") from exc
    except (OSError, socket.gaierror) as exc:
        raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
    return typing.cast(asyncio.Transport, transport)
