"""One crawl at a time per store: the store's named lock ``crawl`` (see :meth:`Store.try_lock`).

A second crawl on the same store would put the first one's in-flight URLs back to pending and
fetch them twice. On SQLite the lock is a ``flock`` on ``<db>.crawl.lock``; on PostgreSQL a
session-level advisory lock keyed by schema. Either is dropped when the process dies (even
``kill -9``), so a resume never finds a stale lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store

#: the store lock a crawl holds for its whole run
LOCK_NAME = "crawl"


class CrawlLockedError(RuntimeError):
    """Another crawl is running on the same store."""


def take_crawl_lock(store: Store) -> None:
    """Hold the crawl lock of ``store`` until it is closed; raise :class:`CrawlLockedError` if taken."""
    if not store.try_lock(LOCK_NAME):
        raise CrawlLockedError(f"another crawl is running on {_where(store)}")


def _where(store: Store) -> str:
    """The locked store, for the error message."""
    from ..store.sqlite import SqliteDatabase

    db = store.db
    if isinstance(db, SqliteDatabase):
        return f"{db.path} (lock file {db.lock_path(LOCK_NAME)})"
    schema = getattr(db, "schema", None)
    return f"the PostgreSQL store (schema {schema})" if schema else "the PostgreSQL store"
