"""Storage of pages, articles, claims and the crawl queue in SQLite (default) or PostgreSQL.

::

    from article_extract.store import open_store
    with open_store("sqlite:///news.db") as store:     # or "postgresql://postgres@127.0.0.1:5432/test?schema=x"
        article_id = store.save(article, page)          # one transaction, idempotent
        store.save(article, key="saved/page.html")      # no fetch record: the key identifies the article
        store.save(prepare_article(article), page)      # the same rows, computed elsewhere (a worker)
        store.save_pages(pages, complete=urls)          # page rows + queue completions, one transaction
        for row in store.iter_articles(): ...           # SCHEMA.md dicts + id, key
        items = store.queue.claim(20, per_host=4)       # the crawl queue (a CrawlQueue), host-fair
        store.queue.requeue([url])                      # done/failed -> pending, attempts reset
        store.touch_page(url, fetched_at)               # a 304: note the check, keep the row
        if store.try_lock("crawl"): ...                 # flock (SQLite) / advisory lock (PostgreSQL)

Tables (one schema for both back ends, versioned in ``schema_version``, see :mod:`.migrations`):
``pages`` (one row per fetched URL, linked to its article), ``articles`` (one per distinct
article: a second URL with the same text, or the same canonical URL and title, links to the
first row), ``claims`` (per article, body and title claims by position) and ``crawl_queue``.
"""

from .db import StoreError
from .migrations import LATEST as SCHEMA_VERSION
from .open import open_store
from .queue import CrawlQueue, QueueItem, SqlCrawlQueue
from .store import PreparedArticle, Store, prepare_article

__all__ = [
    "SCHEMA_VERSION",
    "CrawlQueue",
    "PreparedArticle",
    "QueueItem",
    "SqlCrawlQueue",
    "Store",
    "StoreError",
    "open_store",
    "prepare_article",
]
