"""Where store tests keep their data: a SQLite file or a fresh schema on the local PostgreSQL.

``AE_TEST_PG`` overrides the server URL. Test modules wrap :func:`backend_url` in a parametrized
``db_url`` fixture (see test_store.py), so every test runs on both back ends.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_URL = os.environ.get("AE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_unavailable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {PG_URL}: {exc}".strip()
    return None


_PG_SKIP: list[str | None] = []


def pg_skip_reason() -> str | None:
    """Why PostgreSQL tests cannot run here (checked once), or ``None``."""
    if not _PG_SKIP:
        _PG_SKIP.append(_pg_unavailable())
    return _PG_SKIP[0]


BACKENDS = ("sqlite", "postgresql")


@contextmanager
def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file in ``tmp_path`` or a fresh PostgreSQL schema.

    The schema is dropped on exit; without a reachable server the calling test is skipped.
    """
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    reason = pg_skip_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"ae_test_{uuid.uuid4().hex[:12]}"
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
