"""SQLite back end: one file (or ``:memory:``), WAL journal, ``synchronous=NORMAL``, busy timeout.

Named locks (:meth:`SqliteDatabase.try_lock`) are ``flock`` locks on ``<file>.<name>.lock`` beside
the database; the kernel drops them when the process dies, even on ``kill -9``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from .db import Cursor, Database, Params, StoreError, check_lock_name

try:
    import fcntl
except ImportError:  # not POSIX: named locks always succeed
    fcntl = None  # type: ignore[assignment]

#: how long a connection waits for another one's lock
_BUSY_SECONDS = 30.0
#: pragmas applied to every connection (WAL keeps readers and the single writer apart)
PRAGMAS: tuple[tuple[str, str], ...] = (
    ("journal_mode", "WAL"),
    ("synchronous", "NORMAL"),
    ("foreign_keys", "ON"),
    ("busy_timeout", str(int(_BUSY_SECONDS * 1000))),
    ("temp_store", "MEMORY"),
)

TYPES = {
    "id": "INTEGER PRIMARY KEY",  # rowid alias; ids are never reused while the row exists
    "int": "INTEGER",
    "bigint": "INTEGER",
    "float": "REAL",
    "text": "TEXT",
    "json": "TEXT",
}


class SqliteDatabase(Database):
    """A SQLite connection in autocommit mode; transactions are explicit ``BEGIN IMMEDIATE``."""

    name = "sqlite"
    types = TYPES

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        target = str(path) if str(path) == ":memory:" else str(Path(path).expanduser())
        self.path = target
        self._locks: dict[str, BinaryIO] = {}
        try:
            if target != ":memory:":
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                target, isolation_level=None, check_same_thread=False, timeout=_BUSY_SECONDS
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open SQLite database {target}: {exc}") from exc
        try:
            for pragma, value in PRAGMAS:
                self._pragma(pragma, value)
        except sqlite3.Error as exc:  # e.g. "file is not a database"
            self.conn.close()
            raise StoreError(f"cannot open SQLite database {target}: {exc}") from exc

    def _pragma(self, pragma: str, value: str) -> None:
        """Set one pragma. Switching a new file to WAL needs its exclusive lock, and SQLite answers
        "database is locked" at once (no busy wait) while another connection holds it, e.g. several
        processes opening the same fresh database: that one is retried until the busy timeout."""
        deadline = time.monotonic() + _BUSY_SECONDS
        pause = 0.005
        while True:
            try:
                self.conn.execute(f"PRAGMA {pragma}={value}")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _execute(self, sql: str, params: Params) -> Cursor:
        return self.conn.execute(sql, tuple(params))

    def _executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self.conn.executemany(sql, rows)

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock up front: no deadlock on a later read->write upgrade.
        self.conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def lock_path(self, name: str) -> Path | None:
        """The lock file of ``name`` (``None`` for an in-memory database, which nobody shares)."""
        if self.path == ":memory:":
            return None
        path = Path(self.path)
        return path.with_name(f"{path.name}.{check_lock_name(name)}.lock")

    def try_lock(self, name: str) -> bool:
        check_lock_name(name)
        with self.lock:
            path = self.lock_path(name)
            if path is None or fcntl is None or name in self._locks:
                return True
            try:
                fh = open(path, "a+b")  # noqa: SIM115 - kept open while the lock is held
            except OSError as exc:
                raise StoreError(f"cannot open lock file {path}: {exc}") from exc
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.close()
                return False
            except OSError as exc:
                fh.close()
                raise StoreError(f"cannot lock {path}: {exc}") from exc
            self._locks[name] = fh
            return True

    def unlock(self, name: str) -> None:
        with self.lock:
            fh = self._locks.pop(name, None)
            if fh is not None:
                fh.close()  # closing the file releases its flock

    def close(self) -> None:
        for name in list(self._locks):
            self.unlock(name)
        with suppress(sqlite3.Error):  # refresh planner statistics where useful (cheap)
            self.conn.execute("PRAGMA optimize")
        self.conn.close()
