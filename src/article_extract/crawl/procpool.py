"""Extraction worker processes driven from the event loop: one socket pair each, pickled frames.

A worker (forked from a forkserver whose preload loaded the package and its resources, else
spawned) runs a blocking loop: read a frame (a pickled :class:`PageWork`), :func:`process` it,
write the pickled :class:`PageOutcome` back. A frame is an 8-byte big-endian length, then that
many bytes. The main side sends and receives in the event loop through asyncio transports (writes
are buffered, so a large body never blocks the loop): no helper threads, one asyncio future per
page. A worker holds at most :data:`IN_FLIGHT` pages (so it never idles between two); the others
wait in the pool, in order. A worker that dies fails the page it was working on (the pages queued
behind it go to the other workers) and is replaced; workers exit by themselves on EOF, so none
outlives the crawler, even after ``kill -9``. With a time limit, a worker announces each page it
starts (an empty frame); one still on a page when the limit has passed since is killed, that page
fails with :func:`timed_out` and the worker is replaced as if it had died.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import pickle
import signal
import socket
import struct
import time
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from .worker import PageOutcome, PageWork, process, warm_up

#: pages sent to one worker and not answered yet, at most
IN_FLIGHT = 2
#: the outcome of every page a dying worker held
CRASHED = "extraction worker crashed on this page"
#: the outcome of pages still waiting or held when the pool closes
CLOSED = "extraction pool closed"
#: seconds a worker may spend on one page by default (:class:`ExtractPool`'s ``time_limit``)
TIME_LIMIT = 60.0
#: seconds :meth:`ExtractPool.close` waits for workers to exit before killing them
JOIN_TIMEOUT = 5.0
#: a worker that dies before answering once, again and again, is replaced after a growing pause
RESTART_DELAY = 0.1
RESTART_DELAY_MAX = 5.0

_HEAD = struct.Struct("!Q")
#: what a worker sends when it starts on a page (with a time limit): an empty frame
_STARTED = _HEAD.pack(0)
#: frames up to this size are written as one bytes object (header + payload), larger in two writes
_JOIN_BELOW = 1 << 16


def timed_out(limit: float) -> str:
    """The outcome of a page whose extraction ran past ``limit`` seconds (its worker was killed)."""
    return f"extraction timed out after {limit:g} s (worker killed)"


def worker_context(preload: Sequence[str] = ()) -> ForkServerContext | SpawnContext:
    """A forkserver context importing ``preload`` before it forks workers ("spawn" where unavailable).

    The forkserver is per process: its preload takes effect when it first starts.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context


class ExtractPool:
    """``workers`` extraction processes; :meth:`submit` a page from the event loop, :meth:`close` at the end.

    Creating the pool starts the processes and blocks (the forkserver's first start imports its
    preload, about a second): create it in a thread. It attaches to the event loop of the first
    :meth:`submit`; every later call must come from that loop.

    ``time_limit``: seconds a worker may spend on one page, counted from when it starts on it
    (None or 0: no limit). ``run`` is what workers call on each page (it must pickle by reference:
    a module-level function).
    """

    def __init__(
        self,
        workers: int,
        *,
        preload: Sequence[str] = (),
        warm: bool = True,
        time_limit: float | None = TIME_LIMIT,
        run: Callable[[PageWork], PageOutcome] = process,
    ) -> None:
        if workers < 1:
            raise ValueError("an extraction pool needs at least one worker")
        if time_limit is not None and not time_limit >= 0:
            raise ValueError(f"the extraction time limit must not be negative: {time_limit}")
        #: None: no limit (an infinite one is none either)
        self.time_limit = time_limit if time_limit and math.isfinite(time_limit) else None
        self._context = worker_context(preload)
        self._warm = warm
        self._run = run
        #: started, not attached to the event loop yet
        self._unattached: list[tuple[BaseProcess, socket.socket]] = []
        try:
            for _ in range(workers):
                self._unattached.append(self._spawn())
        except BaseException:
            _stop([proc for proc, _ in self._unattached], 0.0)
            for _, sock in self._unattached:
                sock.close()
            raise
        self._links: list[_Link] = []
        self._waiting: deque[tuple[PageWork, asyncio.Future[PageOutcome]]] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._wake = asyncio.Event()  # set on close: restarts stop waiting
        #: workers in a row that died without answering a page
        self._dead_at_start = 0

    @property
    def pids(self) -> list[int]:
        """Process ids of the workers attached to the event loop (alive as far as the pool knows)."""
        return [link.proc.pid for link in self._links if link.proc.pid is not None]

    async def submit(self, work: PageWork) -> PageOutcome:
        """Extract ``work`` in a worker; waits while every worker holds :data:`IN_FLIGHT` pages."""
        if self._closed:
            return PageOutcome(error=CLOSED)
        if self._unattached:  # the first call: the started workers join this event loop
            started, self._unattached = self._unattached, []
            self._start_task(self._attach(started))
        future: asyncio.Future[PageOutcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((work, future))
        self._dispatch()
        return await future

    async def close(self, timeout: float = JOIN_TIMEOUT) -> None:
        """Stop the workers: close their sockets (they exit on EOF), wait ``timeout``, kill stragglers.

        Pages not answered yet get :data:`CLOSED`.
        """
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        if self._tasks:  # attaching or replacing workers: each finishes (or undoes) its start
            await asyncio.gather(*self._tasks, return_exceptions=True)
        procs = [proc for proc, _ in self._unattached]
        for _, sock in self._unattached:
            sock.close()
        self._unattached = []
        for link in list(self._links):
            procs.append(link.proc)
            link.close()
        self._links.clear()
        while self._waiting:
            _, future = self._waiting.popleft()
            _resolve(future, PageOutcome(error=CLOSED))
        await asyncio.get_running_loop().run_in_executor(None, _stop, procs, timeout)

    # -- inside ---------------------------------------------------------------------------------
    def _spawn(self) -> tuple[BaseProcess, socket.socket]:
        """Start one worker (blocking); its process and the main side of its socket pair."""
        ours, theirs = socket.socketpair()
        try:
            proc: BaseProcess = self._context.Process(
                target=serve,
                args=(theirs, self._warm, self._run, self.time_limit is not None),
                name="extract-worker",
                daemon=True,
            )
            proc.start()
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # the worker holds its end now: its death is EOF here
        return proc, ours

    def _start_task(self, coro: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _attach(self, started: list[tuple[BaseProcess, socket.socket]]) -> None:
        for proc, sock in started:
            await self._connect(proc, sock)

    async def _connect(self, proc: BaseProcess, sock: socket.socket) -> None:
        """Make ``sock`` an asyncio transport and hand the worker pages."""
        loop = asyncio.get_running_loop()
        try:
            _, link = await loop.create_unix_connection(lambda: _Link(self, proc), sock=sock)
        except BaseException:
            sock.close()
            await loop.run_in_executor(None, _stop, [proc], 0.0)
            raise
        self._links.append(link)  # if closing, close() (waiting for this task) stops it with the others
        if not self._closed:
            self._dispatch()

    def _dispatch(self) -> None:
        """Send waiting pages to the workers holding fewest, up to :data:`IN_FLIGHT` each."""
        waiting = self._waiting
        while waiting:
            best: _Link | None = None
            for link in self._links:
                held = len(link.pending)
                if held < IN_FLIGHT and (best is None or held < len(best.pending)):
                    best = link
            if best is None:
                return
            work, future = waiting.popleft()
            if not future.done():  # not cancelled while waiting
                best.send(work, future)

    def _lost(self, link: _Link) -> None:
        """A worker's socket closed: fail the page it was on, requeue the rest; unless closing, replace it."""
        if link in self._links:
            self._links.remove(link)
        if self._closed:
            while link.pending:
                _resolve(link.pending.popleft()[1], PageOutcome(error=CLOSED))
            return
        if link.pending:  # the page it was working on (answers come in order): it may be the cause
            _resolve(link.pending.popleft()[1], PageOutcome(error=link.failure))
        # the pages queued behind it were never started: first in line for the other workers
        self._waiting.extendleft(reversed(link.pending))
        link.pending.clear()
        self._dispatch()
        started = link.answered or link.failure != CRASHED  # a worker killed on a page had started
        self._dead_at_start = 0 if started else self._dead_at_start + 1
        self._start_task(self._replace(link.proc))

    def _expired(self, link: _Link) -> None:
        """``link``'s worker is still on a page after the time limit: kill it (:meth:`_lost` follows)."""
        assert self.time_limit is not None
        link.failure = timed_out(self.time_limit)
        with contextlib.suppress(OSError):  # it may have died meanwhile
            link.proc.kill()
        link.close()  # no wait for the EOF: the connection is lost at once, the page fails now

    async def _replace(self, dead: BaseProcess) -> None:
        """Reap ``dead`` and start a worker in its place (after a pause if workers keep dying at start)."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, _stop, [dead], JOIN_TIMEOUT)
        failures = self._dead_at_start
        while not self._closed:
            if failures > 1:
                await self._pause(min(RESTART_DELAY_MAX, RESTART_DELAY * 2 ** (failures - 2)))
                if self._closed:
                    return
            try:
                proc, sock = await loop.run_in_executor(None, self._spawn)
            except Exception as exc:
                if not self._links:  # nobody left to take the waiting pages
                    while self._waiting:
                        _, future = self._waiting.popleft()
                        _resolve(future, PageOutcome(error=f"extraction worker could not start: {exc}"))
                failures = max(failures, 1) + 1
                continue
            await self._connect(proc, sock)
            return

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)


class _Link(asyncio.Protocol):
    """The main side of one worker's socket: sends pages, matches answers to them in order."""

    def __init__(self, pool: ExtractPool, proc: BaseProcess) -> None:
        self.pool = pool
        self.proc = proc
        #: pages sent and not answered yet, in the order the worker takes them
        self.pending: deque[tuple[PageWork, asyncio.Future[PageOutcome]]] = deque()
        #: the worker answered at least one page
        self.answered = False
        #: the outcome of the page it is on if the connection is lost: :data:`CRASHED` or a timeout
        self.failure = CRASHED
        #: kills the worker when the time limit passes on the page it started last
        self._deadline: asyncio.TimerHandle | None = None
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        #: bytes the buffer must hold before the next frame can be read
        self._need = _HEAD.size

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_clock()
        self.pool._lost(self)

    def close(self) -> None:
        """Drop the connection (pages not sent yet are discarded): the worker sees EOF and exits."""
        if self._transport is not None:
            self._transport.abort()

    def send(self, work: PageWork, future: asyncio.Future[PageOutcome]) -> None:
        transport = self._transport
        assert transport is not None, "not connected"
        try:
            data = pickle.dumps(work, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # this page only
            future.set_result(PageOutcome(error=f"extraction request could not be sent: {_describe(exc)}"))
            return
        self.pending.append((work, future))
        head = _HEAD.pack(len(data))
        if len(data) < _JOIN_BELOW:
            transport.write(head + data)
        else:  # no copy of a large body just to prefix it
            transport.write(head)
            transport.write(data)

    def data_received(self, data: bytes) -> None:
        if self._buffer:  # a frame arrives in pieces: collect them until it is whole
            self._buffer += data
            if len(self._buffer) < self._need:
                return
            data, self._buffer = bytes(self._buffer), bytearray()
        size = len(data)
        start = 0
        with memoryview(data) as view:
            while size - start >= _HEAD.size:
                (length,) = _HEAD.unpack_from(view, start)
                end = start + _HEAD.size + length
                if end > size:
                    break
                self._answer(view[start + _HEAD.size : end])
                start = end
            if start < size:
                self._buffer = bytearray(view[start:])
                self._need = (
                    _HEAD.size + _HEAD.unpack_from(view, start)[0]
                    if size - start >= _HEAD.size
                    else _HEAD.size
                )
        self.pool._dispatch()

    def _answer(self, frame: memoryview) -> None:
        if not frame:  # the worker started on its next page
            self._start_clock()
            return
        try:
            outcome = pickle.loads(frame)
        except Exception as exc:  # this page only
            outcome = PageOutcome(error=f"extraction result unreadable: {_describe(exc)}")
        if not self.pending:  # an answer nobody asked for: this worker cannot be trusted
            self.close()
            return
        self.answered = True
        self._stop_clock()
        _resolve(self.pending.popleft()[1], outcome)

    def _start_clock(self) -> None:
        limit = self.pool.time_limit
        if limit is None or not self.pending or self._deadline is not None:
            self.close()  # a start nobody asked for (or a second one before an answer): not to be trusted
            return
        self._deadline = asyncio.get_running_loop().call_later(limit, self.pool._expired, self)

    def _stop_clock(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None


def _resolve(future: asyncio.Future[PageOutcome], outcome: PageOutcome) -> None:
    if not future.done():  # its page may have been cancelled
        future.set_result(outcome)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _stop(procs: list[BaseProcess], timeout: float) -> None:
    """Wait up to ``timeout`` seconds in all for ``procs`` to exit, then kill the rest (blocking)."""
    deadline = time.monotonic() + timeout
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        if proc.is_alive():
            proc.kill()
        proc.join(JOIN_TIMEOUT)


# -- the worker process ------------------------------------------------------------------------
def serve(
    sock: socket.socket,
    warm: bool,
    run: Callable[[PageWork], PageOutcome] = process,
    announce: bool = False,
) -> None:
    """A worker's life: warm up, then answer frames until EOF (the pool closed or the crawler is gone).

    ``run`` makes the outcome of a page; ``announce``: send an empty frame when starting on one.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawler, which closes the pool
    if warm:
        warm_up()
    try:
        with sock, sock.makefile("rb") as frames:
            while True:
                head = frames.read(_HEAD.size)
                if len(head) < _HEAD.size:
                    return
                (length,) = _HEAD.unpack(head)
                frame = frames.read(length)
                if len(frame) < length:
                    return
                if announce:
                    sock.sendall(_STARTED)
                reply = answer(frame, run)
                if len(reply) < _JOIN_BELOW:
                    sock.sendall(_HEAD.pack(len(reply)) + reply)
                else:
                    sock.sendall(_HEAD.pack(len(reply)))
                    sock.sendall(reply)
    except OSError:  # the crawler went away mid-frame
        return


def answer(frame: bytes, run: Callable[[PageWork], PageOutcome] = process) -> bytes:
    """The pickled outcome of ``run`` on a pickled :class:`PageWork` (an error outcome if anything fails)."""
    try:
        work = pickle.loads(frame)
    except Exception as exc:
        outcome = PageOutcome(error=f"extraction request unreadable: {_describe(exc)}")
    else:
        try:
            outcome = run(work)
        except Exception as exc:  # process() reports extraction errors itself; this is a bug
            outcome = PageOutcome(error=f"extraction failed: {_describe(exc)}")
    try:
        return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return pickle.dumps(PageOutcome(error=f"extraction result could not be sent: {_describe(exc)}"))
