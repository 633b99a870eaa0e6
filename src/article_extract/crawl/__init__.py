"""The polite batch crawler: fetch → archive (WARC) → extract → store, resumable from the store's queue.

::

    from article_extract.crawl import CrawlConfig, crawl
    summary = crawl(["https://news.example.cn/a.html"], db="sqlite:///news.db",
                    config=CrawlConfig(per_host_delay=1.0, follow=True, max_depth=1))
    print(summary.format())

Running the same call again after an interruption (even ``kill -9``) finishes the rest: the queue
lives in the database, and URLs already stored are not fetched again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TextIO

from .config import AGENT_TOKEN, CrawlConfig, CrawlSummary
from .engine import CrawlRun
from .lock import CrawlLockedError

__all__ = ["AGENT_TOKEN", "CrawlConfig", "CrawlLockedError", "CrawlSummary", "crawl", "crawl_async"]

_DEFAULT_CONFIG = CrawlConfig()


async def crawl_async(
    urls: Iterable[str],
    db: str = "sqlite:///news.db",
    config: CrawlConfig = _DEFAULT_CONFIG,
    *,
    log: TextIO | None = None,
) -> CrawlSummary:
    """Crawl ``urls`` (URL-list lines: blanks, ``#`` comments and bad lines allowed) into store ``db``.

    Raises :class:`CrawlLockedError` when another crawl is running on the same store (SQLite file
    or PostgreSQL schema).
    """
    return await CrawlRun(db, config, log).run(urls)


def crawl(
    urls: Iterable[str],
    db: str = "sqlite:///news.db",
    config: CrawlConfig = _DEFAULT_CONFIG,
    *,
    log: TextIO | None = None,
) -> CrawlSummary:
    """Blocking form of :func:`crawl_async`; returns the run's :class:`CrawlSummary`.

    Seeds may be pages, sitemaps, sitemap indexes or RSS/Atom feeds (recognized by content).
    Per-URL problems are reported on ``log`` (stderr by default) and in the summary; the crawl goes on.
    """
    return asyncio.run(crawl_async(urls, db, config, log=log))
