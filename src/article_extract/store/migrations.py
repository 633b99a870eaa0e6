"""Versioned schema: numbered steps, each applied once, in order, in its own transaction.

The ``schema_version`` table lists the applied steps. Opening a store runs :func:`migrate`, so an
older database is upgraded in place. DDL is written once with ``{id}``/``{float}``/… type slots
that each back end fills. Never edit a released step; append a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .db import Database, StoreError, utc_timestamp


@dataclass(frozen=True)
class Migration:
    """One schema step: its version number, a description and its DDL statements."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "pages, articles, claims and crawl_queue tables",
        (
            """CREATE TABLE articles (
                id {id},
                article_key TEXT NOT NULL UNIQUE,
                url TEXT,
                page_type TEXT NOT NULL,
                error TEXT,
                canonical_url TEXT,
                site_name TEXT,
                title TEXT,
                published_at TEXT,
                source TEXT,
                authors {json} NOT NULL,
                editor TEXT,
                category {json} NOT NULL,
                paragraphs {json} NOT NULL,
                lang TEXT NOT NULL,
                encoding TEXT NOT NULL,
                text_hash TEXT,
                extractor_version TEXT NOT NULL,
                digest TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE pages (
                id {id},
                url TEXT NOT NULL UNIQUE,
                final_url TEXT,
                status {int},
                headers {json} NOT NULL,
                fetched_at TEXT,
                etag TEXT,
                last_modified TEXT,
                content_hash TEXT,
                content_type TEXT,
                warc_file TEXT,
                warc_offset {bigint},
                error TEXT,
                article_id {bigint} REFERENCES articles (id) ON DELETE SET NULL
            )""",
            """CREATE TABLE claims (
                id {id},
                article_id {bigint} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                in_title {int} NOT NULL CHECK (in_title IN (0, 1)),
                position {int} NOT NULL CHECK (position >= 0),
                subject TEXT,
                value {float} NOT NULL,
                value_max {float},
                unit TEXT NOT NULL,
                kind TEXT NOT NULL,
                bound TEXT NOT NULL,
                qualifier TEXT,
                as_of TEXT,
                raw TEXT NOT NULL,
                start_offset {int} NOT NULL,
                end_offset {int} NOT NULL,
                sentence TEXT NOT NULL,
                UNIQUE (article_id, in_title, position)
            )""",
            """CREATE TABLE crawl_queue (
                id {id},
                url TEXT NOT NULL UNIQUE,
                host TEXT NOT NULL,
                depth {int} NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'in_progress', 'done', 'failed')),
                attempts {int} NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT,
                added_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        2,
        "indexes for de-duplication look-ups, page->article links and queue claiming",
        (
            "CREATE INDEX articles_canonical_url_idx ON articles (canonical_url)",
            "CREATE INDEX articles_text_hash_idx ON articles (text_hash)",
            "CREATE INDEX pages_article_id_idx ON pages (article_id)",
            "CREATE INDEX crawl_queue_claim_idx ON crawl_queue (state, next_attempt_at, depth)",
        ),
    ),
    Migration(
        3,
        "queue index in claim order: claiming no longer sorts every due URL",
        (
            "DROP INDEX crawl_queue_claim_idx",
            "CREATE INDEX crawl_queue_due_idx ON crawl_queue (state, depth, next_attempt_at, id)",
        ),
    ),
    Migration(
        4,
        "queue index in per-host claim order: claim(per_host=N) ranks each host's URLs without sorting",
        ("CREATE INDEX crawl_queue_host_idx ON crawl_queue (state, host, depth, next_attempt_at, id)",),
    ),
)

LATEST = MIGRATIONS[-1].version

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version {int} PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def current_version(db: Database) -> int:
    """The highest applied step (0 for an empty database)."""
    db.execute(db.ddl(_VERSION_TABLE))
    row = db.query_one("SELECT MAX(version) FROM schema_version")
    return int(row[0]) if row and row[0] is not None else 0


def migrate(db: Database, target: int | None = None, steps: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Apply every step above the current version up to ``target`` (default: all); return the version.

    Each step runs in its own transaction; the back end's migration lock and a re-check of the
    version inside each transaction make processes opening the same fresh database apply it once.
    """
    goal = steps[-1].version if target is None else target
    with db.migration_lock():
        version = current_version(db)
        if version > (steps[-1].version if steps else 0):
            raise StoreError(f"database schema version {version} is newer than this program knows")
        for step in steps:
            if step.version <= version or step.version > goal:
                continue
            with db.transaction():
                # re-check under the write lock: another process may have applied it meanwhile
                if db.query_one("SELECT 1 FROM schema_version WHERE version = ?", (step.version,)):
                    continue
                for statement in step.statements:
                    db.execute(db.ddl(statement))
                db.execute(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    (step.version, step.description, utc_timestamp()),
                )
        return current_version(db)
