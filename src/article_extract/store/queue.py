"""The crawl queue: a small :class:`CrawlQueue` protocol and its SQL implementation.

The protocol is the seam for a shared queue (e.g. Redis) serving several crawler machines; the
crawler depends only on it. :class:`SqlCrawlQueue` keeps the queue in the store's database.

States: ``pending`` → (``claim``) ``in_progress`` → ``done`` | ``failed`` | back to ``pending``
(``fail`` with a retry time, or ``reset_in_progress`` after a crash); ``requeue`` puts ``done`` or
``failed`` URLs back to ``pending`` (re-crawl, retry of permanent failures).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from .db import Database, utc_timestamp

STATES: tuple[str, ...] = ("pending", "in_progress", "done", "failed")

_ADD_CHUNK = 200  # rows per multi-row INSERT (6 parameters each; well under SQLite's limit)
_REQUEUE_CHUNK = 500  # URLs per requeue UPDATE
_PAGE = 1000  # rows per read in iter_urls

#: shallowest due URLs first; ``{lock}`` is the back end's row-locking clause for ``pick``
_CLAIM = (
    "UPDATE crawl_queue SET state = 'in_progress', updated_at = ? WHERE id IN ("
    " SELECT id FROM crawl_queue AS pick WHERE state = 'pending' AND next_attempt_at <= ?"
    " ORDER BY depth, next_attempt_at, id LIMIT ?{lock})"
    " RETURNING id, url, host, depth, attempts"
)

#: at most N per host (SQLite >= 3.25 and PostgreSQL window functions); ``pick.state`` is
#: re-read under the row lock on PostgreSQL, so a row another claimer took meanwhile is not taken
_CLAIM_PER_HOST = (
    "UPDATE crawl_queue SET state = 'in_progress', updated_at = ? WHERE id IN ("
    " SELECT pick.id FROM crawl_queue AS pick JOIN ("
    "  SELECT id, ROW_NUMBER() OVER (PARTITION BY host ORDER BY depth, next_attempt_at, id) AS turn"
    "  FROM crawl_queue WHERE state = 'pending' AND next_attempt_at <= ?"
    " ) AS ranked ON ranked.id = pick.id"
    " WHERE ranked.turn <= ? AND pick.state = 'pending'"
    " ORDER BY ranked.turn, pick.depth, pick.next_attempt_at, pick.id LIMIT ?{lock})"
    " RETURNING id, url, host, depth, attempts"
)


_COMPLETE = "UPDATE crawl_queue SET state = 'done', last_error = NULL, updated_at = ? WHERE url = ?"


@dataclass(frozen=True)
class QueueItem:
    """A claimed URL. ``attempts`` counts earlier failed attempts (0 on the first try)."""

    url: str
    host: str
    depth: int
    attempts: int


@runtime_checkable
class CrawlQueue(Protocol):
    """What the crawler needs from a URL queue."""

    def add(self, items: Iterable[tuple[str, int]]) -> int:
        """Queue ``(normalized url, depth)`` pairs not seen before; return how many were new."""
        ...

    def claim(self, limit: int, per_host: int | None = None) -> list[QueueItem]:
        """Atomically take up to ``limit`` due pending URLs and mark them in progress.

        Shallowest first; with ``per_host``, at most that many of one host, spread across hosts.
        """
        ...

    def complete(self, url: str) -> None:
        """Mark a claimed URL done."""
        ...

    def complete_many(self, urls: Iterable[str]) -> None:
        """Mark claimed URLs done (one batch: several pages stored in one transaction)."""
        ...

    def fail(self, url: str, error: str, retry_at: datetime | None) -> None:
        """Record a failed attempt; retry at ``retry_at`` or, if ``None``, fail permanently."""
        ...

    def requeue(self, urls: Iterable[str]) -> int:
        """Put done or failed ``urls`` back to pending (due now, attempts reset); return how many."""
        ...

    def iter_urls(self, state: str) -> Iterator[str]:
        """The URLs in ``state`` (one of :data:`STATES`)."""
        ...

    def reset_in_progress(self) -> int:
        """On resume after a crash: put in-progress URLs back to pending; return how many."""
        ...

    def counts(self) -> dict[str, int]:
        """Number of URLs per state (every state present, zero if none)."""
        ...


def url_host(url: str) -> str:
    """The lower-case host of ``url`` (``""`` if it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class SqlCrawlQueue:
    """:class:`CrawlQueue` in the ``crawl_queue`` table of a SQLite or PostgreSQL store."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, items: Iterable[tuple[str, int]]) -> int:
        """Queue new URLs (duplicates, within the batch or already queued, are ignored)."""
        now = utc_timestamp()
        seen: dict[str, int] = {}
        for url, depth in items:
            if not isinstance(url, str) or not url:
                raise ValueError(f"queue URL must be a non-empty string, got {url!r}")
            if url not in seen:
                seen[url] = int(depth)
        rows = [(url, url_host(url), depth, now, now, now) for url, depth in seen.items()]
        added = 0
        with self._db.transaction():
            for i in range(0, len(rows), _ADD_CHUNK):
                chunk = rows[i : i + _ADD_CHUNK]
                values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(chunk))
                added += len(
                    self._db.query(
                        "INSERT INTO crawl_queue (url, host, depth, next_attempt_at, added_at, updated_at) "
                        f"VALUES {values} ON CONFLICT (url) DO NOTHING RETURNING id",
                        [value for row in chunk for value in row],
                    )
                )
        return added

    def claim(self, limit: int, per_host: int | None = None) -> list[QueueItem]:
        """Take up to ``limit`` pending URLs whose ``next_attempt_at`` has come, in one statement.

        Without ``per_host`` the shallowest due URLs come first. With it, at most ``per_host`` URLs
        of any one host are taken, spread across hosts: each host's first URL (shallowest, then
        longest due) before any host's second, so a long run of one site cannot starve the others.
        """
        if limit <= 0:
            return []
        if per_host is not None and per_host <= 0:
            raise ValueError(f"per_host must be at least 1, got {per_host}")
        now = utc_timestamp()
        sql = _CLAIM if per_host is None else _CLAIM_PER_HOST
        params = (now, now, limit) if per_host is None else (now, now, per_host, limit)
        with self._db.transaction():
            rows = self._db.query(sql.format(lock=self._db.skip_locked.format(table="pick")), params)
        rows.sort(key=lambda row: (row[3], row[0]))
        return [QueueItem(url=row[1], host=row[2], depth=int(row[3]), attempts=int(row[4])) for row in rows]

    def complete(self, url: str) -> None:
        """Mark ``url`` done (and clear its last error)."""
        with self._db.transaction():
            self._db.execute(_COMPLETE, (utc_timestamp(), url))

    def complete_many(self, urls: Iterable[str]) -> None:
        """Mark ``urls`` done (and clear their last errors) in one transaction."""
        now = utc_timestamp()
        rows = [(now, url) for url in urls]
        if not rows:
            return
        with self._db.transaction():
            self._db.executemany(_COMPLETE, rows)

    def fail(self, url: str, error: str, retry_at: datetime | None) -> None:
        """Count a failed attempt; back to pending at ``retry_at``, or ``failed`` for good if ``None``."""
        now = utc_timestamp()
        state = "failed" if retry_at is None else "pending"
        next_at = now if retry_at is None else utc_timestamp(retry_at)
        with self._db.transaction():
            self._db.execute(
                "UPDATE crawl_queue SET state = ?, attempts = attempts + 1, last_error = ?,"
                " next_attempt_at = ?, updated_at = ? WHERE url = ?",
                (state, error, next_at, now, url),
            )

    def requeue(self, urls: Iterable[str]) -> int:
        """Put done or failed ``urls`` back to pending, due now, with no attempts; return how many.

        Pending and in-progress URLs, and URLs not in the queue, are left alone.
        """
        now = utc_timestamp()
        unique = list(dict.fromkeys(urls))
        moved = 0
        with self._db.transaction():
            for i in range(0, len(unique), _REQUEUE_CHUNK):
                chunk = unique[i : i + _REQUEUE_CHUNK]
                marks = ", ".join("?" * len(chunk))
                moved += len(
                    self._db.query(
                        "UPDATE crawl_queue SET state = 'pending', attempts = 0, last_error = NULL,"
                        " next_attempt_at = ?, updated_at = ?"
                        f" WHERE state IN ('done', 'failed') AND url IN ({marks}) RETURNING id",
                        (now, now, *chunk),
                    )
                )
        return moved

    def iter_urls(self, state: str) -> Iterator[str]:
        """Every URL in ``state``, oldest queued first (read in pages; safe to change states meanwhile)."""
        if state not in STATES:
            raise ValueError(f"unknown queue state {state!r}; one of {', '.join(STATES)}")
        last = 0
        while True:
            rows = self._db.query(
                "SELECT id, url FROM crawl_queue WHERE state = ? AND id > ? ORDER BY id LIMIT ?",
                (state, last, _PAGE),
            )
            if not rows:
                return
            last = int(rows[-1][0])
            yield from (str(row[1]) for row in rows)

    def reset_in_progress(self) -> int:
        """Return every in-progress URL to pending (run once when a crawl resumes)."""
        with self._db.transaction():
            cursor = self._db.execute(
                "UPDATE crawl_queue SET state = 'pending', updated_at = ? WHERE state = 'in_progress'",
                (utc_timestamp(),),
            )
            return max(cursor.rowcount, 0)

    def counts(self) -> dict[str, int]:
        """URLs per state."""
        result = dict.fromkeys(STATES, 0)
        for state, count in self._db.query("SELECT state, COUNT(*) FROM crawl_queue GROUP BY state"):
            result[str(state)] = int(count)
        return result
