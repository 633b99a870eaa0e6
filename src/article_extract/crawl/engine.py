"""The crawl loop: claim URLs from the store's queue, fetch politely, archive, extract, store.

Concurrency model: one asyncio loop does all network I/O; store calls run in one dedicated thread
(the store is synchronous, its connection serialized by a lock); a finished HTML page (fetch-only,
or after extraction) is handed to the writer thread (:mod:`.writer`) with a queue put: it writes
the WARC records and commits page rows, articles and queue completions in batches (a page's row,
article, claims and completion always in one transaction); other outcomes (failures, 304, feeds)
are archived in a WARC thread and stored one by one. Extraction runs in a helper thread or a
process pool. Claimed URLs wait in a host-fair buffer; at most ``2 × concurrency`` are started as
tasks (which bounds the bodies held in memory, as does the writer's backlog limit). A task takes
its host's slot (``per_host_concurrency``); every request, retries and redirect hops included, then
waits for the host's next start time (``per_host_delay`` or robots.txt Crawl-delay, whichever is
larger) and for one of ``concurrency`` global request slots, held only while the request runs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import dataclasses
import functools
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TextIO, TypeVar
from urllib.parse import urlsplit

import httpx

from ..feeds import HTML_TYPES, XML_TYPES, sniff_kind
from ..fetch import FetchDenied, Fetcher, FetchResult, Response, build_client
from ..model import PageRecord
from ..robots import RobotsCache, RobotsFile
from ..urls import UrlError, host_key, hostname, normalize_url, read_url_lines
from ..warc_archive import WarcArchive
from .config import AGENT_TOKEN, CrawlConfig, CrawlSummary
from .links import UrlFilter, in_scope
from .lock import take_crawl_lock
from .procpool import ExtractPool
from .progress import Progress
from .scheduler import FairBuffer, Pacer
from .worker import PageOutcome, PageWork, process, warm_up
from .writer import PageWriter, WriteJob, iso, now_iso, page_record

if TYPE_CHECKING:
    from ..store import QueueItem, Store

T = TypeVar("T")
#: runs :func:`process`: worker processes, or one helper thread (``extract_workers`` 0)
Extractor = ExtractPool | cf.ThreadPoolExecutor

#: Media types whose body is read (then sniffed); anything else is skipped after the headers.
_READ_TYPES = HTML_TYPES | XML_TYPES | {"text/plain", "application/octet-stream"}

#: claimed URLs kept in memory: at least MIN_HELD, else HELD_PER_SLOT per global request slot
MIN_HELD = 1000
HELD_PER_SLOT = 64
#: while work is buffered, claim at most this often (a per-host claim ranks every due URL)
CLAIM_INTERVAL = 1.0
#: finished pages handed to the writer thread and not yet committed, at most
MAX_WRITING = 512
#: of which not archived yet (holding their bodies), at most
MAX_BACKLOG = 32
#: seconds between looks at the writer while it is that far behind
BACKLOG_POLL = 0.002
#: modules the forkserver imports before forking extraction workers (``__main__`` is its default);
#: importing ``_warm`` loads the extraction resources once, there
_WORKER_PRELOAD = ("__main__", "article_extract.crawl._warm")


class CrawlRun:
    """One crawl run over a store (see :func:`article_extract.crawl.crawl`)."""

    def __init__(self, db: str, config: CrawlConfig, log: TextIO | None = None) -> None:
        self.db = db
        self.config = config
        self.summary = CrawlSummary()
        self.progress = Progress(config.progress, log)
        self.filter = UrlFilter(config.include, config.exclude)
        self.pacer = Pacer(config.per_host_concurrency, config.per_host_delay)
        self._store_exec = cf.ThreadPoolExecutor(1, thread_name_prefix="store")
        # WARC writing (gzip, sha1 digests) off the event loop; one thread keeps records in order
        self._warc_exec = cf.ThreadPoolExecutor(1, thread_name_prefix="warc")
        #: the extraction pool, started in a thread: a forkserver's preload (the package and its
        #: resources, about a second) then overlaps with opening the store, seeding and the first fetches
        self._extract_start: cf.Future[Extractor] = _in_thread(self._new_extract_executor)
        self._extract_exec: Extractor | None = None
        self._store: Store | None = None
        self._archive: WarcArchive | None = None
        self._writer: PageWriter | None = None
        #: pages handed to the writer and not committed yet
        self._writing = 0
        self._handled: set[str] = set()
        #: stored page records of claimed URLs not started yet (looked up once per claim)
        self._prior: dict[str, PageRecord] = {}
        #: URLs to fetch again this run although stored (``recrawl`` seeds): conditional GET
        self._recrawl: set[str] = set()
        #: set when URLs were queued (discovered links, deferrals) since the last claim
        self._new_work = False
        self._queued_estimate = 0
        self._counts_at = 0.0
        self._started = time.monotonic()

    # -- plumbing ------------------------------------------------------------------------------
    def _new_extract_executor(self) -> Extractor:
        """The extraction helper thread, or worker processes (started here: call it in a thread).

        Workers fork from a forkserver (spawn where there is none): they do not inherit the event
        loop's threads and sockets, and its preload loaded the package and resources once, so they
        fork ready. Either way lazy resources load while the first pages download.
        """
        if self.config.extract_workers > 0:
            return ExtractPool(
                self.config.extract_workers,
                preload=_WORKER_PRELOAD,
                warm=self.config.extract,
                time_limit=self.config.extract_timeout,
            )
        executor = cf.ThreadPoolExecutor(1, thread_name_prefix="extract")
        if self.config.extract:
            executor.submit(warm_up)
        return executor

    async def _db(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._store_exec, functools.partial(fn, *args))

    def _start_writer(self) -> PageWriter:
        loop = asyncio.get_running_loop()

        def on_done(outcomes: list[tuple[WriteJob, str | None]]) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._written, outcomes)

        return PageWriter(self.store, self._archive, on_done)

    async def _drain_writer(self) -> None:
        """Commit every page handed to the writer and take in the outcomes."""
        writer, self._writer = self._writer, None
        if writer is not None:
            await asyncio.get_running_loop().run_in_executor(None, writer.close)
            await asyncio.sleep(0)  # the last batch's outcomes

    async def _write(self, job: WriteJob) -> None:
        """Hand a finished page to the writer thread (waits while too many are uncommitted or unarchived)."""
        writer = self._writer
        assert writer is not None, "writer not running"
        # rare: the thread is short of CPU or the disk is slow; finished pages wait here
        while self._writing >= MAX_WRITING or writer.backlog >= MAX_BACKLOG:
            if not writer.alive:
                raise RuntimeError("the page writer thread stopped")
            await asyncio.sleep(BACKLOG_POLL)
        self._writing += 1
        writer.submit(job)

    def _written(self, outcomes: list[tuple[WriteJob, str | None]]) -> None:
        """A batch was committed (or failed page by page): count the outcomes."""
        self._writing -= len(outcomes)
        summary = self.summary
        for job, error in outcomes:
            if error is not None:
                self.progress.note(f"store error for {job.url}: {error}")
                self._count_error("store error")
                summary.failed += 1
                if job.tag is not None:  # its canonical URL is not stored after all
                    self._handled.discard(job.tag)
            elif job.fail is not None:
                summary.failed += 1
            else:
                summary.done += 1

    @property
    def store(self) -> Store:
        assert self._store is not None, "store not open"
        return self._store

    # -- entry point ---------------------------------------------------------------------------
    async def run(self, urls: Iterable[str]) -> CrawlSummary:
        """Queue ``urls`` (lines of a URL list) and crawl until nothing is due."""
        from ..store import open_store

        self._started = time.monotonic()
        policy = self.config.fetch_policy()
        client = build_client(policy, max_connections=max(self.config.concurrency, 4))
        requests = asyncio.Semaphore(self.config.concurrency)  # global limit, held only while requesting
        self.fetcher = Fetcher(client, policy, before_request=self._before_request, slots=requests)
        robots_policy = dataclasses.replace(policy, retries=min(policy.retries, 1))
        self._robots_fetcher = Fetcher(client, robots_policy, before_request=self.pacer.wait, slots=requests)
        self.robots = RobotsCache(self._fetch_robots, AGENT_TOKEN)
        try:
            self._store = await self._db(open_store, self.db)
            self._archive = WarcArchive(
                self.config.warc_directory(self.db),
                max_bytes=self.config.warc_max_bytes,
                software=policy.user_agent,
            )
            await self._db(take_crawl_lock, self.store)  # held until the store is closed
            self._writer = self._start_writer()
            await self._db(self.store.queue.reset_in_progress)
            await self._seed(urls)
            await self._loop()
            await self._drain_writer()
            counts = await self._db(self.store.queue.counts)
            self.summary.deferred = counts.get("pending", 0)
        finally:
            self.summary.elapsed = time.monotonic() - self._started
            self.progress.update(self.summary, 0, self.summary.elapsed)
            self.progress.close()
            await client.aclose()
            if self._writer is not None:  # interrupted: commit what was handed over
                self._writer.close()
            self._warc_exec.shutdown(wait=True)  # records being written are finished first
            if self._archive is not None:
                self.summary.warc_files = [str(p) for p in self._archive.files]
                self._archive.close()
            await _close_extractor(self._extract_start)  # waits for a pool still starting
            if self._store is not None:
                await self._db(self._store.close)
            self._store_exec.shutdown(wait=True)
        return self.summary

    async def _seed(self, lines: Iterable[str]) -> None:
        """Queue seeds, report bad lines; requeue them (``recrawl``) and failed URLs (``retry_failed``)."""
        good: list[str] = []
        for line in read_url_lines(lines):
            if line.error is not None:
                self.summary.bad_input += 1
                self.progress.note(f"line {line.lineno}: {line.error}")
                if line.url is None:  # malformed or unsupported: record it; duplicates are not rows
                    page = PageRecord(url=line.raw, error=line.error, fetched_at=now_iso())
                    await self._save(None, page)
                continue
            assert line.url is not None
            good.append(line.url)
        queue = self.store.queue
        await self._db(queue.add, [(url, 0) for url in good])
        if self.config.recrawl:  # done (or failed) seeds go back to pending; stored ones are re-checked
            self._recrawl.update(good)
            self.summary.requeued += await self._db(queue.requeue, good)
        if self.config.retry_failed:
            failed = await self._db(lambda: list(queue.iter_urls("failed")))
            self.summary.requeued += await self._db(queue.requeue, failed)

    async def _loop(self) -> None:
        """Claim URLs, start them host-fairly, until nothing is running, buffered or due.

        Claims take at most ``per_host`` URLs of a host (:func:`claim_per_host`), so a queue that
        starts with many URLs of one site still hands the other sites' URLs out at once; while
        enough work is buffered they run at most every :data:`CLAIM_INTERVAL` seconds.
        """
        max_tasks = max(self.config.concurrency * 2, self.config.per_host_concurrency + 1)
        held_max = max_held(self.config)  # claimed URLs in memory
        per_host = claim_per_host(self.config)
        buffer: FairBuffer[QueueItem] = FairBuffer(self.config.per_host_concurrency + 1)
        active: dict[asyncio.Task[None], str] = {}
        finished: asyncio.Queue[asyncio.Task[None]] = asyncio.Queue()
        claim_more = True
        last_claim = -CLAIM_INTERVAL
        loop = asyncio.get_running_loop()
        try:
            while True:
                held = len(buffer) + len(active)
                claimed: list[QueueItem] = []
                running_low = len(buffer) < max_tasks // 2 or loop.time() - last_claim >= CLAIM_INTERVAL
                if held == 0 or (claim_more and held < held_max // 2 and running_low):
                    claimed, prior = await self._db(claim_with_prior, self.store, held_max - held, per_host)
                    self._prior.update(prior)
                    last_claim = loop.time()
                    claim_more = bool(claimed)
                    for item in claimed:
                        if item.url in self._handled:  # reached already this run (a redirect target)
                            self._prior.pop(item.url, None)
                            await self._db(self.store.queue.complete, item.url)
                            continue
                        self._handled.add(item.url)
                        buffer.push(host_key(item.url), item)
                for key, item in buffer.take(max_tasks - len(active)):
                    forced = item.url in self._recrawl
                    task = asyncio.create_task(self._handle(item, forced=forced))
                    task.add_done_callback(finished.put_nowait)
                    active[task] = key
                if not active:
                    if claimed:
                        continue
                    return
                # a done-callback queue, not asyncio.wait: that re-registers on every active task per call
                done = [await finished.get()]
                while not finished.empty():
                    done.append(finished.get_nowait())
                for task in done:
                    buffer.finished(active.pop(task))
                    task.result()
                claim_more = claim_more or self._new_work
                self._new_work = False
                await self._report_progress()
        finally:  # interrupted: stop the URLs in flight (they stay in_progress until the next run)
            for task in active:
                task.cancel()
            if active:
                await asyncio.wait(active)

    async def _report_progress(self) -> None:
        now = time.monotonic()
        if now - self._counts_at >= 2.0:
            self._counts_at = now
            counts = await self._db(self.store.queue.counts)
            self._queued_estimate = counts.get("pending", 0) + counts.get("in_progress", 0)
        self.progress.update(self.summary, self._queued_estimate, now - self._started)

    # -- one URL -------------------------------------------------------------------------------
    async def _handle(self, item: QueueItem, forced: bool = False) -> None:
        try:
            await self._fetch_and_finish(item, forced)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must cost one URL, not the crawl
            message = f"internal error: {type(exc).__name__}: {exc}"
            self._count_error(message)
            self.summary.failed += 1
            self.progress.note(f"failed {item.url}: {message}")
            try:
                await self._db(self.store.queue.fail, item.url, message, None)
            except Exception as again:
                self.progress.note(f"cannot record failure of {item.url}: {again}")

    async def _fetch_and_finish(self, item: QueueItem, forced: bool) -> None:
        host = self.pacer.host(item.url)
        async with host.slots:
            prior = self._prior.pop(item.url, None)
            stored = prior is not None and _stored_ok(prior)
            if stored and not forced:
                await self._db(self.store.queue.complete, item.url)
                self.summary.skipped += 1
                self.summary.already_stored += 1
                return
            etag = prior.etag if stored and prior is not None else None
            modified = prior.last_modified if stored and prior is not None else None
            result = await self.fetcher.fetch(
                item.url, etag=etag, last_modified=modified, body_filter=_body_filter
            )
        await self._finish(item, result)

    async def _finish(self, item: QueueItem, result: FetchResult) -> None:
        """Archive, then record the outcome of one fetch: failure, 304, skip, or page content."""
        resp = result.response
        kind = None
        if result.error is None and resp is not None and resp.status != 304 and not resp.truncated:
            kind = sniff_kind(resp.body, resp.content_type)
            if kind == "html":  # the common case: archived and stored by the writer thread
                self._mark_final_url(item, resp.url)
                self._count_fetch(result)
                await self._record_html(item, result, resp)
                return
        page = await self._page_record(item.url, result)
        if result.error is not None or resp is None:
            await self._record_failure(item, result, page)
            return
        self._mark_final_url(item, resp.url)
        if resp.status == 304:  # the stored article stands; note when it was checked
            self.summary.not_modified += 1
            if not await self._db(self.store.touch_page, item.url, page.fetched_at or now_iso()):
                await self._save(None, page)  # nothing stored to keep (an unasked-for 304)
            await self._db(self.store.queue.complete, item.url)
            return
        if kind is None:
            reason = f"skipped: content type {resp.content_type or 'unknown'} is not HTML or a feed"
            await self._save(None, _with_error(page, reason))
            await self._db(self.store.queue.complete, item.url)
            self.summary.skipped += 1
            self._count_error("skipped: not HTML")
            return
        if await self._record_feed(item, resp, page):
            self.summary.done += 1

    def _count_fetch(self, result: FetchResult) -> None:
        self.summary.requests += len(result.responses)
        self.summary.bytes += sum(len(hop.body) for hop in result.responses)

    async def _record_html(self, item: QueueItem, result: FetchResult, resp: Response) -> None:
        """Extract an HTML page, queue its links, and hand page and article to the writer."""
        want_links = self.config.follow and item.depth < self.config.max_depth
        if not want_links and not self.config.extract:
            outcome = PageOutcome()  # nothing to compute: no trip to the extraction executor
        else:
            work = PageWork(resp.body, resp.url, "html", resp.charset, want_links, self.config.extract)
            outcome = await self._extract(work)
        error = outcome.error
        if error is not None:
            self._count_error(error.split(":", 1)[0])
            self.progress.note(f"failed {item.url}: {error}")
            await self._write(WriteJob(item.url, result, page_error=error, fail=error))
            return
        article = outcome.article
        if article is not None and (article.page_type != "article" or article.error):
            self.summary.no_article += 1
        stored, page_error = article, None
        if article is not None and article.error:  # like `extract --db`: no article row, reason kept
            stored, page_error = None, f"no article: {article.error}"
        # its canonical URL is this page: marked now, before links to it can be claimed
        tag = (
            self._mark_canonical(resp.url, article.canonical_url)
            if article is not None and article.canonical_url
            else None
        )
        # links are queued before the page is handed over, so a crash between loses none
        if outcome.links:
            await self._discover(list(outcome.links), item.depth + 1, scope=(item.url, resp.url))
        await self._write(
            WriteJob(item.url, result, article=stored, with_article=True, page_error=page_error, tag=tag)
        )

    async def _record_failure(self, item: QueueItem, result: FetchResult, page: PageRecord) -> None:
        """A fetch that failed: skipped (robots), deferred (transient) or failed for good."""
        error = result.error or "no response"
        retry_at = self._retry_at(item, result)
        await self._save(None, page)
        await self._db(self.store.queue.fail, item.url, error, retry_at)
        if result.denied:
            verdict = "skipped"
            self.summary.skipped += 1
        elif retry_at is not None:
            verdict = f"deferred to {iso(retry_at)}"
            self._handled.discard(item.url)  # may come due again later in this run
            self._new_work = True
        else:
            verdict = "failed"
            self.summary.failed += 1
        self._count_error(error)
        self.progress.note(f"{verdict} {item.url}: {error}")

    async def _record_feed(self, item: QueueItem, resp: Response, page: PageRecord) -> bool:
        """Read a sitemap or feed, queue the URLs it lists and store its page; False if failed."""
        work = PageWork(resp.body, resp.url, "feed", resp.charset, False, self.config.extract)
        outcome = await self._extract(work)
        error = outcome.error
        if error is None and outcome.feed is not None:
            await self._discover([*outcome.feed.urls, *outcome.feed.sitemaps], item.depth, scope=None)
            ok = await self._save(None, page, complete=item.url)
        else:
            error = error or "not a feed"
            await self._save(None, _with_error(page, error))
            self._count_error(error.split(":", 1)[0])
            self.progress.note(f"failed {item.url}: {error}")
            ok = False
        if not ok:
            await self._db(self.store.queue.fail, item.url, error or "store error", None)
            self.summary.failed += 1
        return ok

    def _retry_at(self, item: QueueItem, result: FetchResult) -> datetime | None:
        """When a transiently failed URL may be tried again (None: it failed for good)."""
        if not result.transient or item.attempts + 1 >= self.config.max_attempts:
            return None
        later = datetime.now(timezone.utc) + timedelta(seconds=self.config.retry_later * 2**item.attempts)
        return max(later, result.retry_at) if result.retry_at is not None else later

    async def _extract(self, work: PageWork) -> PageOutcome:
        """``process(work)`` in a worker process (a dead worker fails its pages and is replaced) or thread."""
        extractor = self._extract_exec
        if extractor is None:  # the pool is still starting
            extractor = self._extract_exec = await asyncio.wrap_future(self._extract_start)
        if isinstance(extractor, ExtractPool):
            return await extractor.submit(work)
        return await asyncio.get_running_loop().run_in_executor(extractor, process, work)

    async def _discover(self, urls: list[str], depth: int, scope: tuple[str, str] | None) -> None:
        """Queue newly found URLs: normalized, filtered, and (for links) within the site."""
        found: list[tuple[str, int]] = []
        for raw in urls:
            try:
                url = normalize_url(raw)
            except UrlError:
                continue
            if scope is not None and not any(in_scope(url, hostname(page)) for page in scope):
                continue
            if self.filter(url):
                found.append((url, depth))
        if found:
            added = await self._db(self.store.queue.add, found)
            self.summary.discovered += added
            self._new_work = self._new_work or added > 0

    def _mark_final_url(self, item: QueueItem, final_url: str) -> None:
        """A redirect target is the same page: remember it so links to it are not fetched again."""
        if final_url != item.url:
            self._handled.add(final_url)

    def _mark_canonical(self, page_url: str, canonical: str) -> str | None:
        """The page's canonical URL (same host, not the home page) is this page: do not fetch it again.

        Returns the URL marked, if any.
        """
        if canonical == page_url:  # the common case: the page names itself (URLs here are normalized)
            return None
        try:
            url = normalize_url(canonical)
        except UrlError:
            return None
        if url != page_url and host_key(url) == host_key(page_url) and urlsplit(url).path not in ("", "/"):
            self._handled.add(url)
            return url
        return None

    async def _save(self, article: Any, page: PageRecord, complete: str | None = None) -> bool:
        """Store ``page`` (and ``article``); with ``complete``, mark that URL done in the same transaction."""
        try:
            await self._db(save_page, self.store, article, page, complete)
        except Exception as exc:
            self.progress.note(f"store error for {page.url}: {exc}")
            self._count_error("store error")
            return False
        return True

    def _count_error(self, reason: str) -> None:
        key = _error_kind(reason)
        self.summary.errors[key] = self.summary.errors.get(key, 0) + 1

    async def _archive_all(self, responses: list[Response]) -> tuple[str | None, int | None]:
        """Archive every response; the WARC file and offset of the last one."""
        self.summary.requests += len(responses)
        self.summary.bytes += sum(len(hop.body) for hop in responses)
        archive = self._archive
        if archive is None or not responses:
            return None, None
        loop = asyncio.get_running_loop()
        spots = await loop.run_in_executor(
            self._warc_exec, lambda: [archive.write_response(hop) for hop in responses]
        )
        return spots[-1]

    async def _page_record(self, url: str, result: FetchResult) -> PageRecord:
        """Archive the responses and build the page record, both in the WARC thread (off the loop)."""
        self._count_fetch(result)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._warc_exec, page_record, url, result, self._archive)

    # -- politeness ----------------------------------------------------------------------------
    async def _before_request(self, url: str) -> None:
        if self.config.respect_robots:
            rules = await self.robots.rules(url)
            if not rules.allowed(url):
                raise FetchDenied(rules.why_not(url), skip=rules.blocked_reason is None)
            self.pacer.set_crawl_delay(url, rules.crawl_delay)
        await self.pacer.wait(url)

    async def _fetch_robots(self, url: str) -> RobotsFile:
        result = await self._robots_fetcher.fetch(url)
        await self._archive_all(result.responses)
        resp = result.response
        if resp is None:
            return RobotsFile(None, error=result.error)
        if resp.status in (301, 302, 303, 307, 308):  # redirect limit or loop: treat as not found
            return RobotsFile(404, error=result.error)
        return RobotsFile(resp.status, resp.body, result.error)


def claim_per_host(config: CrawlConfig) -> int:
    """URLs of one host taken per claim: enough to keep its slots busy until the next claim.

    A host crawled without delay can take hundreds of pages a second: it may take half of the
    claimed URLs held (claims still hand out each host's first URLs before anyone's second),
    so a big site costs a few claims (each ranks every due URL), not one per hundred pages.
    """
    per_host = max(8, 4 * config.per_host_concurrency, 2 * config.concurrency)
    if config.per_host_delay <= 0:
        per_host = max(per_host, max_held(config) // 2)
    return per_host


def max_held(config: CrawlConfig) -> int:
    """Claimed URLs kept in memory at most (buffered or running)."""
    return max(MIN_HELD, config.concurrency * HELD_PER_SLOT)


def queue_claim(store: Store, limit: int, per_host: int) -> list[QueueItem]:
    """``store.queue.claim(limit, per_host=per_host)`` (a plain function for the store thread)."""
    return store.queue.claim(limit, per_host=per_host)


def claim_with_prior(
    store: Store, limit: int, per_host: int
) -> tuple[list[QueueItem], dict[str, PageRecord]]:
    """Claim like :func:`queue_claim`, plus the stored page records of the claimed URLs (one lookup)."""
    items = store.queue.claim(limit, per_host=per_host)
    return items, (store.get_pages(item.url for item in items) if items else {})


def save_page(store: Store, article: Any, page: PageRecord, complete: str | None = None) -> None:
    """``store.save(article, page)``; with ``complete``, that URL is marked done in the same transaction."""
    if complete is None:
        store.save(article, page)
        return
    with store.db.transaction():
        store.save(article, page)
        store.queue.complete(complete)


def _body_filter(http: httpx.Response) -> str | None:
    media = (http.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if not media or media in _READ_TYPES:
        return None
    return f"content type {media} is not HTML"


def _stored_ok(page: PageRecord) -> bool:
    return page.error is None and page.status is not None and (200 <= page.status < 300 or page.status == 304)


def _with_error(page: PageRecord, error: str) -> PageRecord:
    return dataclasses.replace(page, error=error)


def _error_kind(reason: str) -> str:
    """Group error messages for the summary (drop URLs and details)."""
    head = reason.split(" (gave up", 1)[0]
    for sep in (": http", ": /", " http"):
        if sep in head:
            head = head.split(sep, 1)[0]
    return head[:80]


async def _close_extractor(start: cf.Future[Extractor]) -> None:
    """Stop the extraction processes or thread once started (if starting failed, there is none)."""
    try:
        extractor = await asyncio.wrap_future(start)
    except Exception:
        return
    if isinstance(extractor, ExtractPool):
        await extractor.close()
    else:
        extractor.shutdown(wait=True, cancel_futures=True)


def _in_thread(build: Callable[[], T]) -> cf.Future[T]:
    """Call ``build`` in a new daemon thread; its result (or exception) arrives in the future."""
    future: cf.Future[T] = cf.Future()

    def run() -> None:
        try:
            future.set_result(build())
        except BaseException as exc:  # handed to whoever waits for the result
            future.set_exception(exc)

    threading.Thread(target=run, name="extract-start", daemon=True).start()
    return future
