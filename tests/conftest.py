"""Shared fixtures: ``db_url`` and ``store`` on each store back end (SQLite file, PostgreSQL schema).

See :func:`pg_server.backend_url` for how a PostgreSQL schema is made (and skipped without a server).
The package's cache files (the claims dictionary) go to a directory of this test session, not to the
user's cache directory; subprocesses started by tests inherit it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from article_extract.store import Store, open_store
from pg_server import BACKENDS, backend_url

_SESSION_CACHE = tempfile.TemporaryDirectory(prefix="article-extract-test-cache-")
os.environ["ARTICLE_EXTRACT_CACHE_DIR"] = _SESSION_CACHE.name


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL of an empty store: a SQLite file in tmp_path or a fresh PostgreSQL schema."""
    with backend_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on ``db_url``, closed after the test."""
    with open_store(db_url) as opened:
        yield opened
