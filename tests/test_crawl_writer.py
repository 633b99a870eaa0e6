"""The crawler's writer thread on real stores (SQLite file, PostgreSQL): WARC records and page rows
committed in batches, one bad page failing alone, and nothing stored without its queue completion."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

import article_extract.crawl.writer as writer_module
from article_extract.crawl.writer import PageWriter, WriteJob
from article_extract.fetch import FetchResult, Response
from article_extract.store import Store, StoreError, open_store
from article_extract.warc_archive import WarcArchive
from store_backends import db_url  # noqa: F401 - fixture: SQLite file and PostgreSQL schema
from store_samples import make_article


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:  # noqa: F811
    with open_store(db_url) as opened:
        yield opened


PAGE = "<html><body><p>新闻</p></body></html>".encode()


def fetched(url: str, body: bytes = PAGE) -> FetchResult:
    resp = Response(
        url=url,
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        headers=[("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"')],
        body=body,
        fetched_at=datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc),
    )
    return FetchResult(url=url, responses=[resp], attempts=1)


class Collector:
    """Outcome callback: every batch as delivered."""

    def __init__(self) -> None:
        self.batches: list[list[tuple[WriteJob, str | None]]] = []
        self.lock = threading.Lock()

    def __call__(self, outcomes: list[tuple[WriteJob, str | None]]) -> None:
        with self.lock:
            self.batches.append(outcomes)

    def errors(self) -> dict[str, str | None]:
        return {job.url: error for batch in self.batches for job, error in batch}


def queued(store: Store, urls: list[str]) -> None:
    store.queue.add([(url, 0) for url in urls])
    assert len(store.queue.claim(len(urls) + 1)) == len(urls)


def test_pages_are_archived_and_committed_in_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "BATCH", 4)
    monkeypatch.setattr(writer_module, "INTERVAL", 30.0)  # only full batches and the final flush commit
    urls = [f"https://news.example.cn/raw/{i}.html" for i in range(10)]
    queued(store, urls)
    done = Collector()
    with WarcArchive(tmp_path / "warc") as archive:
        writer = PageWriter(store, archive, done)
        for url in urls:
            writer.submit(WriteJob(url, fetched(url)))
        writer.close()
    assert [len(batch) for batch in done.batches] == [4, 4, 2]
    assert done.errors() == dict.fromkeys(urls)
    assert store.queue.counts()["done"] == 10
    for url in urls:
        page = store.get_page(url)
        assert page is not None and page.status == 200 and page.etag == '"v1"' and page.warc_file
        assert page.content_type == "text/html" and page.content_hash
        assert page.fetched_at == "2026-01-05T02:00:00Z"
        with open(page.warc_file, "rb") as fh:
            fh.seek(page.warc_offset or 0)
            record = next(iter(ArchiveIterator(fh, check_digests=True)))
            assert record.rec_headers.get_header("WARC-Target-URI") == url
            assert record.content_stream().read() == fetched(url).responses[0].body


def test_a_batch_is_committed_after_the_interval(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "INTERVAL", 0.05)
    url = "https://news.example.cn/raw/slow.html"
    queued(store, [url])
    committed = threading.Event()
    writer = PageWriter(store, None, lambda outcomes: committed.set())
    try:
        writer.submit(WriteJob(url, fetched(url)))
        assert committed.wait(10)  # no more pages came, the writer is still open
        assert store.queue.counts()["done"] == 1
    finally:
        writer.close()


def test_articles_failures_and_a_bad_page_in_one_batch(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "INTERVAL", 30.0)
    urls = [f"https://news.example.cn/a/{i}.html" for i in range(4)]
    queued(store, urls)
    real_save = store.save

    def save(article: Any, page: Any = None, **kw: Any) -> int | None:
        if page is not None and page.url == urls[2]:
            raise StoreError("disk on fire")
        return real_save(article, page, **kw)

    monkeypatch.setattr(store, "save", save)
    done = Collector()
    writer = PageWriter(store, None, done)
    writer.submit(WriteJob(urls[0], fetched(urls[0]), article=make_article(urls[0]), with_article=True))
    writer.submit(WriteJob(urls[1], fetched(urls[1]), page_error="extraction failed: boom", fail="boom"))
    writer.submit(WriteJob(urls[2], fetched(urls[2]), article=make_article(urls[2]), with_article=True))
    writer.submit(WriteJob(urls[3], fetched(urls[3]), with_article=True, page_error="no article: short"))
    writer.close()
    errors = done.errors()
    assert errors[urls[0]] is None and errors[urls[1]] is None and errors[urls[3]] is None
    assert "disk on fire" in (errors[urls[2]] or "")
    states = dict(store.db.query("SELECT url, state FROM crawl_queue"))
    assert states == {urls[0]: "done", urls[1]: "failed", urls[2]: "failed", urls[3]: "done"}
    assert store.article_id_for_page(urls[0]) is not None
    failed_page = store.get_page(urls[1])
    assert failed_page is not None and failed_page.error == "extraction failed: boom"
    assert store.get_page(urls[2]) is None  # rolled back with nothing half-written
    no_article = store.get_page(urls[3])
    assert no_article is not None and no_article.error == "no article: short"
    assert store.counts()["articles"] == 1
