"""Scrapy reference crawlers for the crawl benchmark: what a user would assemble instead of ours.

``python bench/scrapy_ref.py fetch --urls urls.txt --db out.db`` fetches every URL and stores the raw
page in SQLite (table ``pages``); ``full`` also extracts each page with trafilatura in an item pipeline
and stores the result (table ``articles``). Settings are relaxed like our crawler's benchmark run:
8 concurrent requests per host, no delay, no robots.txt, no AutoThrottle, no HTTP cache.
Prints one JSON line: ``{"tool", "mode", "pages", "errors", "seconds"}``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import Response

COMMIT_EVERY = 500


class PageSpider(scrapy.Spider):
    """Request every URL in a file once; yield the raw page as an item."""

    name = "bench_pages"

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file = urls_file
        self.errors = 0

    async def start(self) -> AsyncIterator[Any]:
        with open(self.urls_file, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield scrapy.Request(line.strip(), callback=self.parse, errback=self.failed,
                                         dont_filter=True)

    def parse(self, response: Response, **kwargs: Any) -> Any:
        yield {
            "url": response.url,
            "status": response.status,
            "content_type": (response.headers.get(b"Content-Type") or b"").decode("latin-1"),
            "body": response.body,
            "text": response.text if "full" in self.settings.get("BENCH_MODE", "") else None,
        }

    def failed(self, failure: Any) -> None:
        self.errors += 1


class SqlitePagesPipeline:
    """Store each raw page (url, status, content type, fetch time, body) in SQLite."""

    def __init__(self, db: str) -> None:
        self.db_path = db
        self.pending = 0
        self.stored = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SqlitePagesPipeline:
        return cls(crawler.settings.get("BENCH_DB"))

    def open_spider(self) -> None:
        self.db = sqlite3.connect(self.db_path)
        self.db.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, status INTEGER, "
                        "content_type TEXT, fetched_at TEXT, body BLOB)")

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)",
                        (item["url"], item["status"], item["content_type"],
                         datetime.now(timezone.utc).isoformat(), item["body"]))
        self._tick()
        return item

    def _tick(self) -> None:
        self.stored += 1
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.db.commit()
            self.pending = 0

    def close_spider(self) -> None:
        self.db.commit()
        self.db.close()


class TrafilaturaPipeline(SqlitePagesPipeline):
    """Extract each page with trafilatura (text + metadata as JSON) and store the result in SQLite."""

    def open_spider(self) -> None:
        import trafilatura

        self.extract = trafilatura.extract
        self.db = sqlite3.connect(self.db_path)
        self.db.execute("CREATE TABLE IF NOT EXISTS articles (url TEXT PRIMARY KEY, status INTEGER, "
                        "fetched_at TEXT, title TEXT, date TEXT, text TEXT, result TEXT)")

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        result = self.extract(item["text"], url=item["url"], output_format="json", with_metadata=True)
        doc = json.loads(result) if result else {}
        self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (item["url"], item["status"], datetime.now(timezone.utc).isoformat(),
                         doc.get("title"), doc.get("date"), doc.get("text"), result))
        self._tick()
        return {"url": item["url"]}  # drop the page bodies from the item once stored


def run(mode: str, urls_file: str, db: str) -> dict[str, Any]:
    """Crawl the URLs in ``urls_file`` with Scrapy in ``mode`` (fetch|full); return the figures."""
    pipeline = SqlitePagesPipeline if mode == "fetch" else TrafilaturaPipeline
    settings = {
        "BENCH_DB": db,
        "BENCH_MODE": mode,
        "ITEM_PIPELINES": {f"{__name__}.{pipeline.__name__}": 300},
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PageSpider)
    process.crawl(crawler, urls_file=urls_file)
    t0 = time.perf_counter()
    process.start()
    seconds = time.perf_counter() - t0
    stats = crawler.stats.get_stats() if crawler.stats else {}
    spider = crawler.spider
    return {
        "tool": "scrapy" if mode == "fetch" else "scrapy+trafilatura",
        "mode": mode,
        "pages": int(stats.get("item_scraped_count", 0)),
        "errors": int(getattr(spider, "errors", 0)),
        "seconds": round(seconds, 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("fetch", "full"))
    ap.add_argument("--urls", required=True, help="file with one URL per line")
    ap.add_argument("--db", required=True, help="SQLite file to write")
    args = ap.parse_args(argv)
    result = run(args.mode, args.urls, args.db)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
