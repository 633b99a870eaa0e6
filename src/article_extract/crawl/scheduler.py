"""Politeness and fairness: per-host pacing (:class:`Pacer`) and a host-fair buffer of claimed URLs.

The pacer spaces request *starts* to one ``scheme://host:port`` by at least the host's delay (the
configured delay, or robots.txt Crawl-delay when larger) and caps requests in flight per host. The
buffer hands claimed URLs to workers round-robin across hosts, so one big host at the head of the
queue cannot starve the others.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from typing import Generic, TypeVar

from ..urls import host_key

T = TypeVar("T")


class HostState:
    """Pacing state of one ``scheme://host:port``."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.slots = asyncio.Semaphore(concurrency)
        self.delay = delay
        self.next_start = 0.0
        self.last_start = -1e9


class Pacer:
    """Per-host request slots and start spacing."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = concurrency
        self.delay = delay
        self.hosts: dict[str, HostState] = {}

    def host(self, url: str) -> HostState:
        """The state of ``url``'s host (created on first use)."""
        key = host_key(url)
        state = self.hosts.get(key)
        if state is None:
            state = self.hosts[key] = HostState(self.concurrency, self.delay)
        return state

    def set_crawl_delay(self, url: str, crawl_delay: float | None) -> None:
        """Apply robots.txt ``Crawl-delay`` to ``url``'s host (when larger than the configured delay)."""
        if crawl_delay is None:
            return
        state = self.host(url)
        delay = max(self.delay, crawl_delay)
        if delay != state.delay:
            state.delay = delay
            state.next_start = max(state.next_start, state.last_start + delay)

    async def wait(self, url: str) -> None:
        """Sleep until ``url``'s host may get its next request, and book that start."""
        state = self.host(url)
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, state.next_start)
        state.next_start = start + state.delay
        state.last_start = start
        if start > now:
            await asyncio.sleep(start - now)
            # a late wake-up (busy loop) must not shorten the gap to the next request
            state.last_start = max(state.last_start, loop.time())
            state.next_start = max(state.next_start, state.last_start + state.delay)


class FairBuffer(Generic[T]):
    """Claimed items per host, released round-robin with at most ``per_host`` running per host."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._waiting: dict[str, deque[T]] = {}
        self._running: Counter[str] = Counter()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def push(self, key: str, item: T) -> None:
        """Add an item of host ``key``."""
        self._waiting.setdefault(key, deque()).append(item)
        self._size += 1

    def take(self, limit: int) -> list[tuple[str, T]]:
        """Up to ``limit`` items to start now, one host after another; each counts as running."""
        out: list[tuple[str, T]] = []
        progressed = True
        while len(out) < limit and progressed:
            progressed = False
            for key in list(self._waiting):
                if len(out) >= limit:
                    break
                if self._running[key] >= self.per_host:
                    continue
                queue = self._waiting[key]
                out.append((key, queue.popleft()))
                self._running[key] += 1
                self._size -= 1
                progressed = True
                if not queue:
                    del self._waiting[key]
        return out

    def finished(self, key: str) -> None:
        """An item of host ``key`` taken earlier is done."""
        self._running[key] -= 1
        if self._running[key] <= 0:
            del self._running[key]
