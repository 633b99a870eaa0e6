"""The :class:`Store`: pages, articles and claims in one SQL database, written idempotently.

One implementation serves SQLite and PostgreSQL; the back-end differences live in
:class:`~.db.Database` subclasses. Every :meth:`Store.save` is one transaction.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from .. import __version__
from ..model import Article, PageRecord
from .db import Database, StoreError, clean_params, utc_timestamp
from .queue import CrawlQueue, SqlCrawlQueue
from .rows import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    PAGE_COLUMNS,
    article_dict,
    article_row,
    claim_dict,
    claim_row,
    page_from_row,
    page_row,
    text_hash,
)

_BATCH = 500  # articles per read batch in the iterators
_LOOKUP_CHUNK = 500  # URLs per IN (...) lookup in get_pages

_ARTICLE_UPSERT = (
    "INSERT INTO articles (article_key, {cols}, extractor_version, digest, created_at, updated_at)"
    " VALUES (?, {marks}, ?, ?, ?, ?)"
    " ON CONFLICT (article_key) DO UPDATE SET {sets}, extractor_version = excluded.extractor_version,"
    " updated_at = CASE WHEN articles.digest = excluded.digest THEN articles.updated_at"
    " ELSE excluded.updated_at END, digest = excluded.digest"
    " RETURNING id"
).format(
    cols=", ".join(ARTICLE_COLUMNS),
    marks=", ".join("?" * len(ARTICLE_COLUMNS)),
    sets=", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS),
)

_CLAIM_UPSERT = (
    "INSERT INTO claims (article_id, in_title, position, {cols}) VALUES (?, ?, ?, {marks})"
    " ON CONFLICT (article_id, in_title, position) DO UPDATE SET {sets}"
).format(
    cols=", ".join(CLAIM_COLUMNS),
    marks=", ".join("?" * len(CLAIM_COLUMNS)),
    sets=", ".join(f"{c} = excluded.{c}" for c in CLAIM_COLUMNS),
)

_PAGE_UPSERT = (
    "INSERT INTO pages ({cols}, article_id) VALUES ({marks}, ?)"
    " ON CONFLICT (url) DO UPDATE SET {sets},"
    " article_id = COALESCE(excluded.article_id, pages.article_id)"
).format(
    cols=", ".join(PAGE_COLUMNS),
    marks=", ".join("?" * len(PAGE_COLUMNS)),
    sets=", ".join(f"{c} = excluded.{c}" for c in PAGE_COLUMNS if c != "url"),
)


class PreparedArticle(NamedTuple):
    """An article reduced to the values :meth:`Store.save` writes (see :func:`prepare_article`).

    Built where the article was extracted (e.g. a crawler's worker process): it pickles far more
    cheaply than the :class:`Article`, and the saving thread only runs SQL.
    """

    url: str | None
    canonical_url: str | None
    title: str | None
    page_type: str
    error: str | None
    #: the :data:`ARTICLE_COLUMNS` values
    row: tuple[Any, ...]
    text_hash: str | None
    digest: str
    #: the :data:`CLAIM_COLUMNS` values of each body claim, then of each title claim (NUL characters
    #: replaced, as :class:`Database` does for every other row)
    claims: tuple[tuple[Any, ...], ...]
    title_claims: tuple[tuple[Any, ...], ...]


def prepare_article(article: Article) -> PreparedArticle:
    """The rows of ``article`` (``ValueError`` for a claim with a non-finite value)."""
    text_digest = text_hash(article)
    row = article_row(article, text_digest)
    claims = tuple(claim_row(c) for c in article.claims)
    title_claims = tuple(claim_row(c) for c in article.title_claims)
    if any("\x00" in p for p in article.paragraphs) or "\x00" in (article.title or ""):
        # claim texts are cut from the body and title: only then can a claim row hold a NUL
        claims = tuple(tuple(clean_params(c)) for c in claims)
        title_claims = tuple(tuple(clean_params(c)) for c in title_claims)
    return PreparedArticle(
        url=article.url,
        canonical_url=article.canonical_url,
        title=article.title,
        page_type=article.page_type,
        error=article.error,
        row=row,
        text_hash=text_digest,
        digest=_digest(row, claims, title_claims),
        claims=claims,
        title_claims=title_claims,
    )


class Store:
    """Pages, articles, claims and the crawl queue of one database (see :func:`open_store`).

    Usable as a context manager; safe to share between threads (calls are serialized).
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._queue = SqlCrawlQueue(db)

    # -- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def try_lock(self, name: str) -> bool:
        """Take the named lock of this database for this store, unless another store holds it.

        One interface over both back ends: a ``flock`` on ``<file>.<name>.lock`` beside a SQLite
        file, a session-level ``pg_try_advisory_lock`` (keyed by schema and name) on PostgreSQL.
        Held until :meth:`unlock` or :meth:`close`; a dead process's lock is released by the OS or
        server. Names are 1-64 letters, digits, ``_``, ``.`` or ``-``.
        """
        try:
            return self.db.try_lock(name)
        except (ValueError, StoreError):
            raise
        except Exception as exc:  # e.g. a lost PostgreSQL connection
            raise StoreError(f"cannot take lock {name!r}: {type(exc).__name__}: {exc}") from exc

    def unlock(self, name: str) -> None:
        """Release the named lock taken by :meth:`try_lock` (a no-op if not held)."""
        self.db.unlock(name)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.db.name

    @property
    def queue(self) -> CrawlQueue:
        """The crawl queue kept in the same database."""
        return self._queue

    # -- writing --------------------------------------------------------------------------------
    def save(
        self,
        article: Article | PreparedArticle | None,
        page: PageRecord | None = None,
        *,
        key: str | None = None,
    ) -> int | None:
        """Store one page and/or its article in ONE transaction; return the article id (or ``None``).

        ``article`` may be given as its :func:`prepare_article` rows (the same rows are written).

        The ``pages`` row (if ``page`` is given) is upserted by URL; the article is upserted by its
        key (``key``, else ``page.url``, else ``article.url``/``canonical_url``) unless the same
        article is already stored under another key — same canonical URL and title, or same text —
        in which case that row's id is returned and linked. Claims are rewritten by position, so
        ids stay stable across re-saves. On any failure nothing of this call is kept and
        :class:`StoreError` is raised.
        """
        if article is None and page is None:
            raise StoreError("save() needs an article or a page")
        ident = key or (page.url if page is not None else None)
        if article is not None:
            ident = ident or article.url or article.canonical_url
        if article is not None and not ident:
            raise StoreError("cannot save an article without a url: pass key= (the file path or URL)")
        try:
            with self.db.transaction():
                article_id, write_claims, prepared = None, False, None
                if article is not None:
                    prepared = article if isinstance(article, PreparedArticle) else prepare_article(article)
                    article_id, write_claims = self._upsert_article(prepared, str(ident))
                with self.db.batch():  # no results needed from here on: one round trip on PostgreSQL
                    if write_claims and prepared is not None and article_id is not None:
                        self._replace_claims(article_id, prepared.claims, prepared.title_claims)
                    if page is not None:
                        self.db.execute(_PAGE_UPSERT, (*page_row(page), article_id))
                    elif article_id is not None:  # a stored page of this key follows its article
                        self.db.execute("UPDATE pages SET article_id = ? WHERE url = ?", (article_id, ident))
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot save {ident!r}: {type(exc).__name__}: {exc}") from exc
        return article_id

    def save_pages(self, pages: Iterable[PageRecord], complete: Iterable[str] = ()) -> None:
        """Upsert page rows without articles and mark the ``complete`` queue URLs done, in ONE transaction.

        Each row is written like ``save(None, page)`` (a stored article link is kept); the statements
        are batched, which is what makes a fetch-only crawl's bookkeeping cheap.
        """
        rows = [(*page_row(page), None) for page in pages]
        urls = list(complete)
        try:
            with self.db.transaction(), self.db.batch():
                self.db.executemany(_PAGE_UPSERT, rows)
                self._queue.complete_many(urls)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot save {len(rows)} pages: {type(exc).__name__}: {exc}") from exc

    def touch_page(self, url: str, fetched_at: str | datetime) -> bool:
        """Record that ``url`` was checked again at ``fetched_at`` (e.g. a 304); keep the rest of the row.

        Returns whether the page is stored (nothing is written otherwise).
        """
        moment = fetched_at if isinstance(fetched_at, str) else _iso_seconds(fetched_at)
        try:
            with self.db.transaction():
                cursor = self.db.execute("UPDATE pages SET fetched_at = ? WHERE url = ?", (moment, url))
                return cursor.rowcount > 0
        except Exception as exc:
            raise StoreError(f"cannot touch page {url!r}: {type(exc).__name__}: {exc}") from exc

    def _upsert_article(self, article: PreparedArticle, ident: str) -> tuple[int, bool]:
        """The article's id, and whether its claims must be (re)written."""
        digest, text_digest = article.digest, article.text_hash
        # Writers of the same key, canonical URL or text wait for each other (PostgreSQL; SQLite
        # transactions already exclude each other), so a race cannot store an article twice.
        self.db.lock_names(_identities(article, ident, text_digest))
        own_id, own_digest, duplicate = self._lookup(article, ident, text_digest)
        if own_id is not None and own_digest == digest:
            return int(own_id), False  # stored exactly so already: nothing to write
        if own_id is None and duplicate is not None:
            return int(duplicate), False
        now = utc_timestamp()
        row = self.db.query_one(_ARTICLE_UPSERT, (ident, *article.row, __version__, digest, now, now))
        return int(row[0]), True

    def _lookup(self, article: PreparedArticle, ident: str, text_digest: str | None) -> tuple[Any, Any, Any]:
        """In one query: the id and digest of the row ``ident`` owns, and the lowest duplicate id.

        A duplicate is an article with the same text, or with the same canonical URL and title
        (sites that point every page's canonical at the home page must not collapse into one
        article, so a site-root canonical never counts). Taking the lowest id over both tests
        (not the first test that matches) keeps replays of a sequence of saves idempotent.
        """
        selects = [
            "(SELECT id FROM articles WHERE article_key = ?)",
            "(SELECT digest FROM articles WHERE article_key = ?)",
        ]
        params: list[Any] = [ident, ident]
        if article.canonical_url and _has_path(article.canonical_url):
            same_title = "title IS NULL" if article.title is None else "title = ?"
            selects.append(f"(SELECT MIN(id) FROM articles WHERE canonical_url = ? AND {same_title})")
            params += (
                [article.canonical_url] if article.title is None else [article.canonical_url, article.title]
            )
        if text_digest is not None:
            selects.append("(SELECT MIN(id) FROM articles WHERE text_hash = ?)")
            params.append(text_digest)
        row = self.db.query_one(f"SELECT {', '.join(selects)}", params)
        duplicates = [int(v) for v in row[2:] if v is not None]
        return row[0], row[1], min(duplicates, default=None)

    def _replace_claims(
        self, article_id: int, claims: tuple[tuple[Any, ...], ...], title_claims: tuple[tuple[Any, ...], ...]
    ) -> None:
        rows = [(article_id, 0, i, *c) for i, c in enumerate(claims)]
        rows += [(article_id, 1, i, *c) for i, c in enumerate(title_claims)]
        self.db.executemany(_CLAIM_UPSERT, rows, nul_free=True)
        self.db.execute(
            "DELETE FROM claims WHERE article_id = ? AND ("
            "(in_title = 0 AND position >= ?) OR (in_title = 1 AND position >= ?))",
            (article_id, len(claims), len(title_claims)),
        )

    # -- reading --------------------------------------------------------------------------------
    def get_page(self, url: str) -> PageRecord | None:
        """The stored fetch record of ``url`` (for conditional re-fetch), or ``None``."""
        row = self.db.query_one(f"SELECT {', '.join(PAGE_COLUMNS)} FROM pages WHERE url = ?", (url,))
        return None if row is None else page_from_row(row)

    def get_pages(self, urls: Iterable[str]) -> dict[str, PageRecord]:
        """The stored fetch records of those ``urls`` that have one, by URL (few queries for many URLs)."""
        unique = list(dict.fromkeys(urls))
        found: dict[str, PageRecord] = {}
        for i in range(0, len(unique), _LOOKUP_CHUNK):
            chunk = unique[i : i + _LOOKUP_CHUNK]
            rows = self.db.query(
                f"SELECT {', '.join(PAGE_COLUMNS)} FROM pages WHERE url IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                page = page_from_row(row)
                found[page.url] = page
        return found

    def article_id_for_page(self, url: str) -> int | None:
        """The id of the article the page ``url`` links to, or ``None``."""
        row = self.db.query_one("SELECT article_id FROM pages WHERE url = ?", (url,))
        return None if row is None or row[0] is None else int(row[0])

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every stored article as a SCHEMA.md dict plus ``id`` and ``key``, claims included, in id order.

        ``key`` is what the article was stored under (its page URL, or the file path given to
        ``save(..., key=)``), so articles without a ``url`` stay traceable.
        """
        for ids, rows in self._article_batches():
            by_article = self._claims_for(ids)
            for row in rows:
                article_id = int(row[0])
                body, title = by_article.get(article_id, ([], []))
                yield article_dict(article_id, row[1], row[2:], body, title)

    def iter_claims(self) -> Iterator[dict[str, Any]]:
        """Every stored claim as a SCHEMA.md dict plus ``article_id``, ``key``, ``url`` and ``in_title``."""
        for ids, rows in self._article_batches():
            sources = {int(row[0]): (row[1], row[2]) for row in rows}  # key, url
            by_article = self._claims_for(ids)
            for article_id in ids:
                body, title = by_article.get(article_id, ([], []))
                for in_title, claims in ((False, body), (True, title)):
                    for claim in claims:
                        yield {
                            **claim,
                            "article_id": article_id,
                            "key": sources[article_id][0],
                            "url": sources[article_id][1],
                            "in_title": in_title,
                        }

    def _article_batches(self) -> Iterator[tuple[list[int], list[Any]]]:
        last = 0
        while True:
            rows = self.db.query(
                f"SELECT id, article_key, {', '.join(ARTICLE_COLUMNS)} FROM articles"
                " WHERE id > ? ORDER BY id LIMIT ?",
                (last, _BATCH),
            )
            if not rows:
                return
            ids = [int(row[0]) for row in rows]
            last = ids[-1]
            yield ids, rows

    def _claims_for(self, ids: list[int]) -> dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        result: dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        rows = self.db.query(
            f"SELECT article_id, in_title, {', '.join(CLAIM_COLUMNS)} FROM claims"
            " WHERE article_id BETWEEN ? AND ? ORDER BY article_id, in_title, position",
            (ids[0], ids[-1]),
        )
        for row in rows:
            body, title = result.setdefault(int(row[0]), ([], []))
            (title if row[1] else body).append(claim_dict(row[2:]))
        return result

    def counts(self) -> dict[str, int]:
        """Row counts of the ``pages``, ``articles`` and ``claims`` tables."""
        return {
            table: int(self.db.query_one(f"SELECT COUNT(*) FROM {table}")[0])
            for table in ("pages", "articles", "claims")
        }


def _digest(row: tuple[Any, ...], claims: tuple[Any, ...], title_claims: tuple[Any, ...]) -> str:
    """A fingerprint of everything stored for an article (bumps ``updated_at`` only on change).

    The sha256 of its article and claim rows and the extractor version, pickled without a memo
    (equal values give equal bytes whatever objects they share): ~8x cheaper than hashing the
    article's JSON.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: shared strings are written out each time
    pickler.dump((__version__, row, claims, title_claims))
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def _identities(article: PreparedArticle, ident: str, text_digest: str | None) -> list[str]:
    """The names a save of ``article`` under ``ident`` must hold exclusively: key, canonical, text."""
    names = [f"key:{ident}"]
    if article.canonical_url:
        names.append(f"canonical:{article.canonical_url}")
    if text_digest:
        names.append(f"text:{text_digest}")
    return names


def _iso_seconds(moment: datetime) -> str:
    """``2026-01-05T02:00:00Z``: the form page rows use for ``fetched_at`` (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _has_path(url: str) -> bool:
    """Whether ``url`` names more than a site root (a root canonical is no evidence of identity)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path.strip("/") != "" or bool(parts.query)
