"""Storage of pages, articles, claims and the crawl queue in SQLite (default) or PostgreSQL.

::

    from article_extract.store import open_store
    with open_store("sqlite:///news.db") as store:   # or "postgresql://postgres@127.0.0.1:5432/test"
        article_id = store.save(article, page)        # one transaction, idempotent
        for row in store.iter_articles(): ...
"""

from .db import StoreError
from .migrations import LATEST as SCHEMA_VERSION
from .open import open_store
from .queue import CrawlQueue, QueueItem, SqlCrawlQueue
from .store import Store

__all__ = ["SCHEMA_VERSION", "CrawlQueue", "QueueItem", "SqlCrawlQueue", "Store", "StoreError", "open_store"]
