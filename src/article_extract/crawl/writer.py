"""The crawler's writer thread: WARC records and store rows of finished pages, committed in batches.

The event loop hands a finished page over with :meth:`PageWriter.submit` (a queue put, no future)
and goes on. The thread archives the page's responses at once (so bodies are not held), builds its
``pages`` row, and commits rows in batches: up to :data:`BATCH` pages per transaction, or whatever
arrived within :data:`INTERVAL` seconds. A page's row, its article and claims, and its queue
completion are always in the same transaction, so after a crash (even ``kill -9``) a page is either
stored *and* done or neither — a re-run fetches nothing that was stored and loses nothing (URLs of
an uncommitted batch are still ``in_progress`` and go back to ``pending``). If a batch fails, it is
rolled back and its pages are written again one transaction each, so one bad page fails alone.
Outcomes go back to the loop in one callback per batch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..fetch import FetchResult, Response
from ..model import PageRecord
from ..warc_archive import WarcArchive

if TYPE_CHECKING:
    from ..store import Store

#: pages per transaction at most
BATCH = 200
#: seconds a page may wait for its batch's commit
INTERVAL = 0.1


@dataclass
class WriteJob:
    """One finished URL: archive ``result``'s responses, then store the page (and ``article``).

    ``fail`` marks the queue URL failed (with that message) instead of done; ``page_error``
    replaces the page row's error. ``article`` is handed to :meth:`Store.save` when set (or
    ``with_article`` is true). ``tag`` is for the caller.
    """

    url: str
    result: FetchResult | None
    article: Any = None
    with_article: bool = False
    page_error: str | None = None
    fail: str | None = None
    tag: Any = None
    page: PageRecord | None = None


#: called in the writer thread with each batch's jobs and their errors (None: stored)
Done = Callable[[list[tuple[WriteJob, "str | None"]]], None]


class PageWriter:
    """One thread that archives and stores :class:`WriteJob` s in batched transactions."""

    def __init__(self, store: Store, archive: WarcArchive | None, on_done: Done) -> None:
        self.store = store
        self.archive = archive
        self.on_done = on_done
        self._jobs: queue.SimpleQueue[WriteJob | None] = queue.SimpleQueue()
        self._submitted = 0
        self._prepared = 0  # written by the thread only
        self._thread = threading.Thread(target=self._run, name="page-writer", daemon=True)
        self._thread.start()

    def submit(self, job: WriteJob) -> None:
        """Queue ``job`` (from one thread at a time; returns at once)."""
        self._submitted += 1
        self._jobs.put(job)

    @property
    def alive(self) -> bool:
        """Whether the thread still takes jobs."""
        return self._thread.is_alive()

    @property
    def backlog(self) -> int:
        """Jobs submitted and not archived yet (each still holds its response bodies)."""
        return self._submitted - self._prepared

    def close(self) -> None:
        """Write everything queued, then stop the thread."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    # -- the thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        batch: list[WriteJob] = []
        deadline = 0.0
        while True:
            try:
                timeout = max(0.0, deadline - time.monotonic()) if batch else None
                job = self._jobs.get(timeout=timeout)
            except queue.Empty:
                self._flush(batch)
                batch = []
                continue
            if job is None:
                self._flush(batch)
                return
            if not batch:
                deadline = time.monotonic() + INTERVAL
            batch.append(self._prepare(job))
            self._prepared += 1
            if len(batch) >= BATCH:
                self._flush(batch)
                batch = []

    def _prepare(self, job: WriteJob) -> WriteJob:
        """Archive the responses and build the page row (the body is not kept)."""
        result = job.result
        if job.page is None and result is not None:
            try:
                job.page = page_record(job.url, result, self.archive)
            except Exception as exc:  # e.g. disk full: the page fails, the crawl goes on
                job.page = PageRecord(url=job.url, fetched_at=now_iso(), error=f"archive error: {exc}")
                job.fail = job.fail or "archive error"
        if job.page is not None and job.page_error is not None:
            job.page = dataclasses.replace(job.page, error=job.page_error)
        job.result = None
        return job

    def _flush(self, batch: list[WriteJob]) -> None:
        if not batch:
            return
        outcomes: list[tuple[WriteJob, str | None]]
        try:
            with self.store.db.transaction():
                self._write(batch)
            outcomes = [(job, None) for job in batch]
        except Exception as exc:
            if len(batch) == 1:
                outcomes = [(batch[0], self._failed(batch[0], exc))]
            else:  # find the bad page: each one alone
                outcomes = [(job, self._write_alone(job)) for job in batch]
        with contextlib.suppress(RuntimeError):  # the caller's event loop closed meanwhile
            self.on_done(outcomes)

    def _write(self, batch: list[WriteJob]) -> None:
        """Every job's rows, in the caller's transaction: plain pages and completions batched."""
        store = self.store
        plain = [job for job in batch if not job.with_article and job.fail is None]
        for job in batch:
            if job.with_article:
                store.save(job.article, job.page)
            elif job.fail is not None and job.page is not None:
                store.save(None, job.page)
        store.save_pages([job.page for job in plain if job.page is not None])
        store.queue.complete_many(job.url for job in batch if job.fail is None)
        for job in batch:
            if job.fail is not None:
                store.queue.fail(job.url, job.fail, None)

    def _write_alone(self, job: WriteJob) -> str | None:
        try:
            with self.store.db.transaction():
                self._write([job])
        except Exception as exc:
            return self._failed(job, exc)
        return None

    def _failed(self, job: WriteJob, exc: Exception) -> str:
        """Record that ``job`` could not be stored (URL failed); the message for the crawl log."""
        message = f"{type(exc).__name__}: {exc}"
        try:
            self.store.queue.fail(job.url, "store error", None)
        except Exception as again:
            message += f"; cannot record the failure: {again}"
        return message


def page_record(url: str, result: FetchResult, archive: WarcArchive | None) -> PageRecord:
    """Archive ``result``'s responses and build the ``pages`` row of ``url``."""
    spots = [archive.write_response(hop) for hop in result.responses] if archive is not None else []
    warc_file, warc_offset = spots[-1] if spots else (None, None)
    resp = result.response
    if resp is None:
        return PageRecord(url=url, fetched_at=now_iso(), error=result.error)
    ok = 200 <= resp.status < 300
    return PageRecord(
        url=url,
        final_url=resp.url,
        status=resp.status,
        headers=header_dict(resp),
        fetched_at=iso(resp.fetched_at),
        etag=resp.header("etag") if ok else None,
        last_modified=resp.header("last-modified") if ok else None,
        content_hash=hashlib.sha256(resp.body).hexdigest() if resp.body and not resp.truncated else None,
        content_type=resp.content_type,
        warc_file=warc_file,
        warc_offset=warc_offset,
        error=result.error,
    )


def header_dict(resp: Response) -> dict[str, str]:
    """The response headers by lower-case name (repeated headers joined with ``, ``)."""
    out: dict[str, str] = {}
    for key, value in resp.headers:
        lkey = key.lower()
        out[lkey] = f"{out[lkey]}, {value}" if lkey in out else value
    return out


def iso(moment: datetime) -> str:
    """``2026-01-05T02:00:00Z``."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def now_iso() -> str:
    """The current time as :func:`iso`."""
    return iso(datetime.now(timezone.utc))
