"""Fixtures for the store tests: every test runs on SQLite (a real file) and on PostgreSQL.

The PostgreSQL variant uses the local server (``AE_TEST_PG`` overrides the URL) and a fresh schema
per test, dropped afterwards; it is skipped with the reason when no server is reachable.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from article_extract.store import Store, open_store
from pg_server import PG_URL, pg_skip_reason


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL of an empty store: a SQLite file in tmp_path or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
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


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on ``db_url``, closed after the test."""
    with open_store(db_url) as opened:
        yield opened
