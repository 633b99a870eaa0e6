"""PostgreSQL specifics: schema isolation, URL forms, connection errors.

The shared suite (run on both back ends) is in test_store.py.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator

import pytest

from article_extract.store import Store, StoreError, open_store
from article_extract.store.open import _split_schema, sqlite_file
from pg_server import PG_URL, pg_skip_reason
from store_samples import make_article, make_page


@pytest.fixture
def schemas() -> Iterator[list[str]]:
    """Two fresh schema names, dropped afterwards."""
    reason = pg_skip_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    names = [f"ae_test_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    try:
        yield names
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def test_schemas_isolate_stores(schemas: list[str]) -> None:
    one, two = schemas
    with open_store(PG_URL, schema=one) as a, open_store(f"{PG_URL}?schema={two}") as b:
        a.save(make_article(), make_page())
        assert a.counts()["articles"] == 1
        assert b.counts() == {"pages": 0, "articles": 0, "claims": 0}
        assert b.get_page(make_page().url) is None
    # the libpq way works too, once the schema exists
    with open_store(f"{PG_URL}?options=-csearch_path%3D{one}") as c:
        assert c.counts()["articles"] == 1


def test_tables_live_in_the_named_schema(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s:
        tables = {
            r[0]
            for r in s.db.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", (schemas[0],)
            )
        }
    assert {"pages", "articles", "claims", "crawl_queue", "schema_version"} <= tables


def test_unreachable_server_is_a_clear_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        open_store("postgresql://postgres:secret@127.0.0.1:1/test?connect_timeout=2")


def test_password_is_not_shown_in_errors() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as info:
        open_store("postgresql://postgres:hunter2@127.0.0.1:1/test?connect_timeout=2")
    assert "hunter2" not in str(info.value)


def test_schema_parameter_is_split_from_the_url() -> None:
    assert _split_schema("postgresql://u@h:5432/db?schema=s1&connect_timeout=5") == (
        "postgresql://u@h:5432/db?connect_timeout=5",
        "s1",
    )
    assert _split_schema("postgres://u@h/db") == ("postgresql://u@h/db", None)


def test_sqlite_file_of_urls() -> None:
    assert str(sqlite_file("sqlite:///rel/x.db")) == "rel/x.db"
    assert str(sqlite_file("sqlite:////abs/x.db")) == "/abs/x.db"
    assert str(sqlite_file("plain.db")) == "plain.db"
    assert sqlite_file("sqlite://") is None
    assert sqlite_file(PG_URL) is None


def test_missing_psycopg_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg -> ImportError
    with pytest.raises(StoreError, match=r"needs psycopg 3: pip install"):
        open_store(PG_URL)


def test_commit_mode_defaults_to_asynchronous_unless_the_url_says(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s:
        assert s.db.query_one("SHOW synchronous_commit")[0] == "off"
    with open_store(f"{PG_URL}?options=-csynchronous_commit%3Don", schema=schemas[0]) as s:
        assert s.db.query_one("SHOW synchronous_commit")[0] == "on"


def test_named_locks_are_per_schema(schemas: list[str]) -> None:
    one, two = schemas
    with open_store(PG_URL, schema=one) as a, open_store(PG_URL, schema=two) as b:
        with open_store(PG_URL, schema=one) as a2:
            assert a.try_lock("crawl") and not a2.try_lock("crawl")
        assert b.try_lock("crawl")  # another schema is another store: its own lock
        assert advisory_locks(a) == 1
        a.try_lock("crawl")  # taking a held name again does not stack session locks
        assert advisory_locks(a) == 1
        a.unlock("crawl")
        assert advisory_locks(a) == 0


def advisory_locks(store: Store) -> int:
    """Advisory locks held by the store's session."""
    row = store.db.query_one(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
    )
    return int(row[0])


def test_lock_on_a_lost_connection_is_a_store_error(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s:
        s.db.conn.close()  # as if the server had gone away
        with pytest.raises(StoreError, match="cannot take lock 'crawl'"):
            s.try_lock("crawl")


# -- a connection the server drops (restart, pg_terminate_backend) --------------------------------


def terminate_backend(store: Store) -> None:
    """End the store's server session from another connection, as a server restart would."""
    import psycopg

    pid = store.db.query_one("SELECT pg_backend_pid()")[0]
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # the call only signals the backend: wait until it has exited and released its locks
        deadline = time.monotonic() + 10
        alive = (
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)"
            " OR EXISTS (SELECT 1 FROM pg_locks WHERE pid = %s)"
        )
        while (row := admin.execute(alive, (pid, pid)).fetchone()) and row[0]:
            assert time.monotonic() < deadline, f"backend {pid} still running"
            time.sleep(0.01)


def test_dropped_connection_between_saves_is_replaced(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s:
        first = make_article("https://news.example.cn/a/1.html")
        s.save(first, make_page(first.url))
        old_pid = s.db.query_one("SELECT pg_backend_pid()")[0]
        terminate_backend(s)
        second = make_article("https://news.example.cn/a/2.html", paragraphs=["另一篇文章的正文。"])
        s.save(second, make_page(second.url))  # BEGIN fails on the dead session, then a new one
        assert s.db.query_one("SELECT pg_backend_pid()")[0] != old_pid
        terminate_backend(s)
        assert s.counts()["articles"] == 2  # a plain read reconnects too
        assert s.db.query_one("SHOW synchronous_commit")[0] == "off"  # session settings come back


def test_connection_dropped_inside_a_transaction_fails_that_save_only(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s:
        one = make_article("https://news.example.cn/a/1.html")
        two = make_article("https://news.example.cn/a/2.html", paragraphs=["另一篇文章的正文。"])
        with pytest.raises(StoreError), s.db.transaction():  # e.g. the crawler's batch of pages
            s.save(one, make_page(one.url))
            terminate_backend(s)
            s.save(two, make_page(two.url))
        assert s.counts() == {"pages": 0, "articles": 0, "claims": 0}  # nothing half-stored
        art = make_article()
        s.save(art, make_page(art.url))
        assert s.counts() == {"pages": 1, "articles": 1, "claims": len(art.claims) + len(art.title_claims)}


def test_named_lock_is_taken_again_on_the_new_connection(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s, open_store(PG_URL, schema=schemas[0]) as other:
        assert s.try_lock("crawl")
        terminate_backend(s)
        assert s.counts()["pages"] == 0  # reconnects and takes "crawl" again at once
        assert not other.try_lock("crawl")
        assert advisory_locks(s) == 1


def test_lock_taken_by_another_store_while_disconnected_is_an_error(schemas: list[str]) -> None:
    with open_store(PG_URL, schema=schemas[0]) as s, open_store(PG_URL, schema=schemas[0]) as other:
        assert s.try_lock("crawl")
        terminate_backend(s)
        assert other.try_lock("crawl")  # the server released it with the session
        with pytest.raises(StoreError, match="another connection took the lock 'crawl'"):
            s.counts()
