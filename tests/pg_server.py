"""The local PostgreSQL server the store tests use (``AE_TEST_PG`` overrides its URL)."""

from __future__ import annotations

import os

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
