"""Our crawler's runs for the crawl benchmark (each run is its own process, started by crawl_bench.py).

``python bench/crawl_ours.py full --urls urls.txt --db out.db --extract-workers 2`` runs
:func:`article_extract.crawl.crawl` (fetch, WARC, extraction, claims, SQLite store) with politeness
relaxed to 8 requests in flight per host and no delay. ``fetch`` stores raw pages without extraction:
through the crawler when :class:`CrawlConfig` has an ``extract`` switch, else with a bare asyncio loop
over :class:`article_extract.fetch.Fetcher` writing raw bodies to SQLite like the Scrapy reference.
Prints one JSON line: ``{"tool", "mode", "pages", "errors", "seconds", ...}``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import inspect
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

PER_HOST = 8
CONCURRENCY = 64
COMMIT_EVERY = 500


def _read_urls(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


def run_crawler(urls: list[str], db: str, *, extract: bool, extract_workers: int) -> dict[str, Any]:
    """Run our crawler over ``urls`` into the SQLite file ``db``; return the figures."""
    from article_extract.crawl import CrawlConfig, crawl

    options: dict[str, Any] = {
        "per_host_concurrency": PER_HOST,
        "per_host_delay": 0.0,
        "concurrency": CONCURRENCY,
        "respect_robots": False,
        "warc_dir": str(Path(db).with_suffix("")) + "-warc",
        "extract_workers": extract_workers,
        "progress": False,
    }
    if not extract:
        options["extract"] = False
    config = CrawlConfig(**options)
    t0 = time.perf_counter()
    summary = crawl(urls, db=f"sqlite:///{db}", config=config)
    if inspect.isawaitable(summary):
        summary = asyncio.run(summary)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    return {
        "tool": "ours" if extract else "ours (crawler, extract=False)",
        "mode": "full" if extract else "fetch",
        "pages": summary.done,
        "errors": summary.failed,
        "seconds": round(seconds, 3),
        "crawler_elapsed": round(summary.elapsed, 3),
        "process_cpu": round(time.process_time(), 3),  # this process only (not extraction workers)
        "summary_errors": dict(list(summary.errors.items())[:5]),
    }


async def _bare_fetch(urls: list[str], db: str) -> tuple[int, int]:
    from article_extract.fetch import Fetcher, FetchPolicy, build_client

    policy = FetchPolicy(user_agent="article-extract-bench", retries=0)
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, status INTEGER, "
        "content_type TEXT, fetched_at TEXT, body BLOB)"
    )
    queue = iter(urls)
    counts = {"ok": 0, "failed": 0, "pending": 0}
    async with build_client(policy, max_connections=PER_HOST) as client:
        fetcher = Fetcher(client, policy)

        async def worker() -> None:
            for url in queue:
                result = await fetcher.fetch(url)
                resp = result.response
                if not result.ok or resp is None:
                    counts["failed"] += 1
                    continue
                conn.execute(
                    "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)",
                    (url, resp.status, resp.header("content-type"), resp.fetched_at.isoformat(), resp.body),
                )
                counts["ok"] += 1
                counts["pending"] += 1
                if counts["pending"] >= COMMIT_EVERY:
                    conn.commit()
                    counts["pending"] = 0

        await asyncio.gather(*(worker() for _ in range(PER_HOST)))
    conn.commit()
    conn.close()
    return counts["ok"], counts["failed"]


def run_bare_fetch(urls: list[str], db: str) -> dict[str, Any]:
    """Fetch ``urls`` with 8 workers over one :class:`Fetcher` and store raw bodies in SQLite."""
    t0 = time.perf_counter()
    ok, failed = asyncio.run(_bare_fetch(urls, db))
    return {
        "tool": "ours (bare Fetcher loop)",
        "mode": "fetch",
        "pages": ok,
        "errors": failed,
        "seconds": round(time.perf_counter() - t0, 3),
    }


def crawler_has_fetch_only() -> bool:
    """True when the crawler can run without extraction (``CrawlConfig(extract=False)``)."""
    try:
        from article_extract.crawl import CrawlConfig
    except ImportError:
        return False
    return any(f.name == "extract" for f in dataclasses.fields(CrawlConfig))


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("fetch", "full"))
    ap.add_argument("--urls", required=True, help="file with one URL per line")
    ap.add_argument("--db", required=True, help="SQLite file to write")
    ap.add_argument("--extract-workers", type=int, default=2)
    ap.add_argument("--bare", action="store_true", help="fetch mode: always use the bare Fetcher loop")
    args = ap.parse_args(argv)
    urls = _read_urls(args.urls)
    if args.mode == "full":
        result = run_crawler(urls, args.db, extract=True, extract_workers=args.extract_workers)
    elif crawler_has_fetch_only() and not args.bare:
        result = run_crawler(urls, args.db, extract=False, extract_workers=0)
    else:
        result = run_bare_fetch(urls, args.db)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
