"""An ordered, bounded process pool that survives worker crashes (used by ``extract --jobs``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class OrderedPool(Generic[T, R]):
    """Map ``func`` over items in worker processes, yielding ``(item, result)`` in input order.

    At most ``window`` items are in flight, so a lazy input streams with flat memory. When a worker
    dies (a crash in C code, the OOM killer), the pool is restarted and every item that was in
    flight is retried alone in a one-worker pool; an item that kills that worker too gets
    ``on_crash(item)`` as its result.
    """

    def __init__(
        self, func: Callable[[T], R], jobs: int, on_crash: Callable[[T], R], window: int | None = None
    ) -> None:
        self._func = func
        self._jobs = jobs
        self._on_crash = on_crash
        self._window = window or 4 * jobs
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> OrderedPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Shut the worker processes down."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def map(self, items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """``(item, func(item))`` for every item, in order."""
        pending: deque[tuple[T, Future[R], ProcessPoolExecutor]] = deque()
        for item in items:
            pending.append((item, *self._submit(item)))
            if len(pending) >= self._window:
                yield self._resolve(*pending.popleft())
        while pending:
            yield self._resolve(*pending.popleft())

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self._jobs)
        return self._executor

    def _restart(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _submit(self, item: T) -> tuple[Future[R], ProcessPoolExecutor]:
        try:
            pool = self._pool()
            return pool.submit(self._func, item), pool
        except BrokenProcessPool:
            self._restart()
            pool = self._pool()
            return pool.submit(self._func, item), pool

    def _resolve(self, item: T, future: Future[R], pool: ProcessPoolExecutor) -> tuple[T, R]:
        try:
            return item, future.result()
        except BrokenProcessPool:
            if pool is self._executor:
                self._restart()
        return item, self._alone(item)

    def _alone(self, item: T) -> R:
        """Run ``item`` in a pool of its own, so a crash there is its own."""
        with ProcessPoolExecutor(max_workers=1) as solo:
            try:
                return solo.submit(self._func, item).result()
            except BrokenProcessPool:
                return self._on_crash(item)
