"""Crawl settings (:class:`CrawlConfig`) and the result of a run (:class:`CrawlSummary`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..fetch import FetchPolicy

#: Product token matched against robots.txt ``User-agent`` lines.
AGENT_TOKEN = "article-extract"

#: The fetcher's defaults: the one place the fetch limits below take their default values from.
_FETCH = FetchPolicy(user_agent=AGENT_TOKEN)


@dataclass(frozen=True)
class CrawlConfig:
    """Everything a crawl can be told; the defaults are polite (1 request in flight per host, 1 s apart)."""

    per_host_concurrency: int = 1
    per_host_delay: float = 1.0
    concurrency: int = 32
    connect_timeout: float = _FETCH.connect_timeout
    read_timeout: float = _FETCH.read_timeout
    total_timeout: float = _FETCH.total_timeout
    max_bytes: int = _FETCH.max_bytes
    max_redirects: int = _FETCH.max_redirects
    retries: int = _FETCH.retries
    backoff_base: float = _FETCH.backoff_base
    backoff_max: float = _FETCH.backoff_max
    #: a longer Retry-After is not waited for: the URL is deferred to a later run instead
    max_retry_after: float = _FETCH.max_retry_after
    #: a URL whose retries all failed transiently (timeouts, 5xx, 429) is deferred, not failed, until
    #: it has failed this many times (across runs); it comes due after ``retry_later × 2^(n-1)`` s
    max_attempts: int = 3
    retry_later: float = 300.0
    #: None = ``article-extract/<version> (+contact_url)``
    user_agent: str | None = None
    contact_url: str | None = None
    respect_robots: bool = True
    #: None = a ``warc/`` directory next to the SQLite database (or in the working directory)
    warc_dir: str | None = None
    warc_max_bytes: int = 1024**3
    follow: bool = False
    max_depth: int = 1
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: False = fetch and archive only (page rows, no articles): for measuring the crawler alone
    extract: bool = True
    #: 0 = extract in this process (one helper thread); N = a pool of N processes
    extract_workers: int = 0
    #: seconds a worker process may spend on one page before it is killed and the page fails
    #: (0 = no limit; a helper thread cannot be stopped, so only with ``extract_workers`` > 0)
    extract_timeout: float = 60.0
    #: None = a tqdm bar on a terminal, log lines otherwise; True/False force it
    progress: bool | None = None
    #: fetch seeds again that are already stored (conditionally: If-None-Match / If-Modified-Since;
    #: a 304 keeps the stored article and records the check time)
    recrawl: bool = False
    #: put every URL that failed for good back in the queue (attempts reset) and try it again
    retry_failed: bool = False

    def __post_init__(self) -> None:
        if self.per_host_concurrency < 1 or self.concurrency < 1:
            raise ValueError("concurrency limits must be at least 1")
        if self.per_host_delay < 0 or self.max_bytes < 1 or self.retries < 0 or self.max_redirects < 0:
            raise ValueError("delay, max_bytes, retries and max_redirects must not be negative")
        if self.extract_workers < 0:
            raise ValueError("extract_workers must not be negative")
        if not self.extract_timeout >= 0:  # NaN too
            raise ValueError("extract_timeout must not be negative (0 = no limit)")
        if self.max_attempts < 1 or self.retry_later < 0:
            raise ValueError("max_attempts must be at least 1 and retry_later not negative")
        for pattern in (*self.include, *self.exclude):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad URL pattern {pattern!r}: {exc}") from None

    @property
    def agent(self) -> str:
        """The User-Agent header sent with every request."""
        if self.user_agent:
            return self.user_agent
        contact = f" (+{self.contact_url})" if self.contact_url else ""
        return f"{AGENT_TOKEN}/{__version__}{contact}"

    def fetch_policy(self) -> FetchPolicy:
        """The fetcher's part of the settings."""
        return FetchPolicy(
            user_agent=self.agent,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            total_timeout=self.total_timeout,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            retries=self.retries,
            backoff_base=self.backoff_base,
            backoff_max=self.backoff_max,
            max_retry_after=self.max_retry_after,
        )

    def warc_directory(self, db: str) -> Path:
        """Where WARC files go: ``warc_dir``, else ``warc/`` beside a SQLite file, else ``./warc``."""
        if self.warc_dir:
            return Path(self.warc_dir)
        from ..store.open import sqlite_file

        path = sqlite_file(db)
        if path is not None:
            return path.resolve().parent / "warc"
        return Path.cwd() / "warc"


@dataclass
class CrawlSummary:
    """Counts and speed of one crawl run."""

    done: int = 0
    failed: int = 0
    #: robots.txt disallowed, not HTML, or already stored by an earlier run (``already_stored``)
    skipped: int = 0
    already_stored: int = 0
    not_modified: int = 0
    #: pages whose HTML held no article (lists, portals) — counted in ``done`` too
    no_article: int = 0
    #: URLs seen in feeds/sitemaps or links and newly queued
    discovered: int = 0
    #: URL-list lines rejected (malformed, unsupported scheme, duplicate)
    bad_input: int = 0
    #: URLs left pending (waiting for a Retry-After beyond this run)
    deferred: int = 0
    #: done or failed URLs put back in the queue (``recrawl`` seeds, ``retry_failed``)
    requeued: int = 0
    requests: int = 0
    bytes: int = 0
    elapsed: float = 0.0
    warc_files: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        """URLs finished this run, whatever the outcome."""
        return self.done + self.failed + self.skipped + self.not_modified

    @property
    def pages_per_second(self) -> float:
        """Finished URLs per second of wall time."""
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0

    def format(self) -> str:
        """A one-paragraph human summary."""
        lines = [
            f"crawl finished in {self.elapsed:.1f} s: {self.done} done ({self.no_article} without article), "
            f"{self.not_modified} not modified, "
            f"{self.skipped} skipped ({self.already_stored} already stored), {self.failed} failed, "
            f"{self.deferred} deferred; {self.discovered} discovered, {self.bad_input} bad input lines; "
            f"{self.requests} requests, {self.bytes / 1e6:.1f} MB, {self.pages_per_second:.1f} pages/s",
        ]
        if self.requeued:
            lines.append(f"  {self.requeued} URLs put back in the queue (re-crawl / retry of failed URLs)")
        if self.deferred:
            lines.append(f"  {self.deferred} URLs deferred: run the same command again later to retry them")
        for reason, count in sorted(self.errors.items(), key=lambda kv: -kv[1])[:10]:
            lines.append(f"  {count:6d} × {reason}")
        return "\n".join(lines)
