"""One crawl at a time per SQLite database: an advisory ``flock`` on ``<db>.crawl.lock``.

A second crawl on the same file would put the first one's in-flight URLs back to pending and fetch
them twice. The kernel drops the lock when the process dies (even ``kill -9``), so a resume never
finds a stale lock. PostgreSQL stores are not locked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # not POSIX: no locking
    fcntl = None  # type: ignore[assignment]


class CrawlLockedError(RuntimeError):
    """Another crawl is running on the same database."""


@contextmanager
def crawl_lock(db: str) -> Iterator[None]:
    """Hold the crawl lock of store ``db`` (a no-op for PostgreSQL); raise :class:`CrawlLockedError`."""
    from ..store.open import sqlite_file

    path = sqlite_file(db)
    if path is None or fcntl is None:
        yield
        return
    lock_path = path.with_name(path.name + ".crawl.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlLockedError(f"another crawl is running on {path} (lock file {lock_path})") from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
