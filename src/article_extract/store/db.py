"""The thin connection layer every back end implements: a :class:`Database` runs SQL written once.

Store, queue and migration SQL is written with ``?`` placeholders and ``{type}`` slots; each back end
(:mod:`.sqlite`, :mod:`.postgres`) supplies the placeholder style, the type names and how a
transaction starts. Nothing else differs between the back ends.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Protocol, TypeVar


class StoreError(RuntimeError):
    """A store operation failed; the transaction it ran in was rolled back."""


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


Params = Sequence[Any]
T = TypeVar("T")


class Database(ABC):
    """One open connection plus the dialect details of its back end.

    All access goes through :meth:`execute`/:meth:`executemany`; :meth:`transaction` groups
    statements atomically. A re-entrant lock serializes use from several threads.
    """

    #: back end name: ``sqlite`` or ``postgresql``
    name: str = ""
    #: type names substituted into DDL templates (``{id}``, ``{float}`` …)
    types: Mapping[str, str] = {}
    #: appended to the queue's row-selecting subquery, ``{table}`` naming the rows to lock
    #: (``FOR UPDATE OF {table} SKIP LOCKED`` on PostgreSQL)
    skip_locked: str = ""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._depth = 0

    # -- back-end specific -------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Params) -> Cursor:
        """Run one statement (already in the back end's placeholder style)."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one statement for many parameter rows."""

    @abstractmethod
    def _begin(self) -> None:
        """Start a write transaction."""

    @abstractmethod
    def _commit(self) -> None:
        """Commit the open transaction."""

    @abstractmethod
    def _rollback(self) -> None:
        """Roll back the open transaction."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def lock_names(self, names: Sequence[str]) -> None:  # noqa: B027 - optional hook
        """Inside a transaction: serialize with other writers of the same names until it ends.

        A no-op where a write transaction already excludes all other writers (SQLite).
        """

    @abstractmethod
    def try_lock(self, name: str) -> bool:
        """Take the named cross-process lock of this database unless another connection holds it.

        Held until :meth:`unlock` or :meth:`close` (and dropped by the OS or server when the
        process dies). Taking a name this connection already holds returns ``True``.
        """

    @abstractmethod
    def unlock(self, name: str) -> None:
        """Release a lock taken by :meth:`try_lock` (nothing happens if it is not held)."""

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Statements inside whose results are not read may be sent together (a no-op here)."""
        yield

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        """Held while checking and upgrading the schema, so concurrent openers migrate one at a time.

        SQLite needs nothing more than its ``BEGIN IMMEDIATE`` write lock.
        """
        yield

    def convert(self, sql: str) -> str:
        """Rewrite portable SQL (``?`` placeholders) into this back end's style."""
        return sql

    def _reconnect_if_lost(self) -> bool:
        """Outside a transaction: open a new connection if the server dropped this one (PostgreSQL
        restarted, backend terminated); whether it did. SQLite connections are never lost."""
        return False

    def _lost_connection(self, exc: BaseException) -> bool:
        """``exc`` says the connection is gone (not that the statement was wrong)."""
        return False

    def _run(self, call: Callable[[], T]) -> T:
        """``call`` under the lock; outside a transaction, once more on a new connection if the server
        had dropped this one (the statements sent this way are single, idempotent writes or reads)."""
        with self.lock:
            self._reconnect_if_lost()
            try:
                return call()
            except Exception as exc:
                if self._depth or not self._lost_connection(exc) or not self._reconnect_if_lost():
                    raise
            return call()

    # -- shared ------------------------------------------------------------------------------
    def execute(self, sql: str, params: Params = ()) -> Cursor:
        """Run one portable statement."""
        sql, params = self.convert(sql), clean_params(params)
        return self._run(lambda: self._execute(sql, params))

    def query(self, sql: str, params: Params = ()) -> list[Any]:
        """Run one portable statement and fetch all its rows (under the lock)."""
        sql, params = self.convert(sql), clean_params(params)
        return self._run(lambda: self._execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Params = ()) -> Any:
        """Run one portable statement and fetch its first row, or ``None``."""
        sql, params = self.convert(sql), clean_params(params)
        return self._run(lambda: self._execute(sql, params).fetchone())

    def executemany(self, sql: str, rows: Sequence[Params], *, nul_free: bool = False) -> None:
        """Run one portable statement for each parameter row.

        ``nul_free``: the rows are known to hold no NUL character (the claim rows of
        :func:`~article_extract.store.prepare_article`) and are passed on as they are."""
        if rows:
            sql = self.convert(sql)
            cleaned = rows if nul_free else [clean_params(row) for row in rows]
            self._run(lambda: self._executemany(sql, cleaned))

    def ddl(self, template: str) -> str:
        """Fill the ``{id}``/``{float}``/… type slots of a DDL template."""
        return template.format_map(self.types)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: commit on success, roll back everything on any exception.

        Nested use joins the outer transaction.
        """
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._run(self._begin)  # a connection dropped since the last transaction is replaced
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                with suppress(Exception):  # a dead connection must not hide the original error
                    self._rollback()
                raise
            self._depth = 0
            self._commit()


def check_lock_name(name: str) -> str:
    """``name`` if it is a valid lock name (letters, digits, ``_ . -``), else :class:`ValueError`."""
    if not isinstance(name, str) or not _LOCK_NAME.fullmatch(name):
        raise ValueError(f"lock name must be 1-64 letters, digits, '_', '.' or '-', got {name!r}")
    return name


_LOCK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def clean_params(params: Params) -> Params:
    """Parameters with NUL characters (which PostgreSQL TEXT refuses) replaced by U+FFFD.

    Applied on every back end so both store the same; one character for one keeps text offsets.
    """
    for value in params:  # a plain loop: this runs for every statement
        if value.__class__ is str and "\x00" in value:
            break
    else:
        return params
    return tuple(v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in params)


def qmark_to_format(sql: str) -> str:
    """``?`` placeholders to ``%s`` (the portable SQL contains no literal ``%`` or ``?``)."""
    return _qmark_to_format(sql)


@lru_cache(maxsize=256)
def _qmark_to_format(sql: str) -> str:
    if "%" in sql:
        raise ValueError("portable SQL must not contain '%'")
    return sql.replace("?", "%s")


def utc_timestamp(moment: datetime | None = None) -> str:
    """A fixed-width ISO 8601 UTC timestamp; such strings sort in time order."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
