"""The crawler's writer thread on real stores (SQLite file, PostgreSQL): WARC records and page rows
committed in batches, one bad page failing alone, and nothing stored without its queue completion."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

import article_extract
import article_extract.crawl.writer as writer_module
from article_extract.crawl.writer import PageWriter, WriteJob
from article_extract.fetch import FetchResult, Response
from article_extract.store import Store, StoreError, open_store
from article_extract.warc_archive import WarcArchive
from localserver import LocalServer, html
from store_samples import make_article


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
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


def test_writer_outlives_a_closed_event_loop_and_stops_on_close(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "BATCH", 1)
    urls = [f"https://news.example.cn/raw/{i}.html" for i in range(3)]
    queued(store, urls)
    calls: list[int] = []

    def on_done(outcomes: list[tuple[WriteJob, str | None]]) -> None:
        calls.append(len(outcomes))
        raise RuntimeError("Event loop is closed")  # what call_soon_threadsafe says then

    writer = PageWriter(store, None, on_done)
    for url in urls:
        writer.submit(WriteJob(url, fetched(url)))
    writer.close()
    assert calls == [1, 1, 1] and not writer.alive and writer.backlog == 0
    assert store.queue.counts()["done"] == 3


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


# -- kill -9 during a fetch-only crawl: batches commit rows and completions together -------------

_CRAWL_SCRIPT = """
import sys
from article_extract.crawl import CrawlConfig, crawl
urls, db, warc = sys.argv[1], sys.argv[2], sys.argv[3]
config = CrawlConfig(
    extract=False, respect_robots=False, per_host_delay=0.0, per_host_concurrency=4, warc_dir=warc,
    progress=False,
)
with open(urls, encoding="utf-8") as fh:
    summary = crawl(fh, db=db, config=config)
print(summary.done, summary.already_stored, file=sys.stderr)
"""


def _consistent_rows(dbfile: Path) -> tuple[int, int, int]:
    """(pages stored, URLs done, stored pages whose URL is not done) — read like any other reader."""
    con = sqlite3.connect(dbfile, timeout=30)
    try:
        pages = con.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
        done = con.execute("SELECT COUNT(*) FROM crawl_queue WHERE state = 'done'").fetchone()[0]
        orphans = con.execute(
            "SELECT COUNT(*) FROM pages JOIN crawl_queue USING (url) WHERE crawl_queue.state != 'done'"
        ).fetchone()[0]
        return int(pages), int(done), int(orphans)
    finally:
        con.close()


def test_kill_9_during_a_fetch_only_crawl_loses_nothing_and_refetches_nothing_stored(tmp_path: Path) -> None:
    total = 300
    with LocalServer() as server:
        for i in range(total):
            server.add(f"/r{i}.html", html(f"<html><body><p>第{i}页</p></body></html>", delay=0.002))
        seeds = tmp_path / "urls.txt"
        seeds.write_text("".join(server.url(f"/r{i}.html") + "\n" for i in range(total)))
        dbfile = tmp_path / "fetch.db"
        package_root = str(Path(article_extract.__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
        cmd = [sys.executable, "-c", _CRAWL_SCRIPT, str(seeds), f"sqlite:///{dbfile}", str(tmp_path / "warc")]

        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _stored_pages(dbfile) < 30:  # a few batches in
            time.sleep(0.005)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

        pages, done, orphans = _consistent_rows(dbfile)
        assert orphans == 0 and pages == done and 30 <= done < total  # a page row only with "done"
        con = sqlite3.connect(dbfile)
        stored = {row[0] for row in con.execute("SELECT url FROM pages")}
        con.close()
        hits_before = {f"/r{i}.html": server.count(f"/r{i}.html") for i in range(total)}

        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert second.stderr.split()[-2:] == [str(total - done), "0"]  # the rest fetched; none stored twice
        for url in stored:  # what was stored is not fetched again
            path = url[len(server.base) :]
            assert server.count(path) == hits_before[path] == 1
        assert all(1 <= server.count(f"/r{i}.html") <= 2 for i in range(total))
        assert _consistent_rows(dbfile) == (total, total, 0)


def _stored_pages(dbfile: Path) -> int:
    if not dbfile.exists():
        return 0
    try:
        return _consistent_rows(dbfile)[0]
    except sqlite3.OperationalError:  # schema not created yet, or locked
        return 0
