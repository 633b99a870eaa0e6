"""``open_store(url)``: pick the back end from a database URL, connect and bring the schema up to date."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .db import Database, StoreError
from .migrations import migrate
from .store import Store

_POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_store(url: str | Path, *, schema: str | None = None, upgrade: bool = True) -> Store:
    """Open (creating or upgrading) the store at ``url``.

    ``sqlite:///relative.db``, ``sqlite:////abs/path.db``, ``sqlite://`` (in memory) or a bare path
    select SQLite; ``postgresql://user@host:port/db`` selects PostgreSQL, where ``schema`` (or a
    ``?schema=name`` URL parameter) confines the tables to that schema, created if missing.
    """
    db = connect(url, schema=schema)
    try:
        if upgrade:
            migrate(db)
    except Exception as exc:
        db.close()
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"cannot prepare the database schema: {exc}") from exc
    return Store(db)


def connect(url: str | Path, *, schema: str | None = None) -> Database:
    """A :class:`Database` for ``url`` without touching its schema."""
    text = str(url)
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme in _POSTGRES_SCHEMES or scheme.startswith("postgresql+"):
        from .postgres import PostgresDatabase

        conninfo, url_schema = _split_schema(text)
        return PostgresDatabase(conninfo, schema=schema or url_schema)
    if scheme not in ("", "sqlite"):
        raise StoreError(
            f"unsupported database URL {text!r}: use sqlite:///path.db, a path or postgresql://…"
        )
    if schema:
        raise StoreError("schema= applies to PostgreSQL only")
    from .sqlite import SqliteDatabase

    return SqliteDatabase(_sqlite_path(text) if scheme else text)


def _sqlite_path(url: str) -> str:
    """The file of a ``sqlite://`` URL: three slashes relative, four absolute, none in memory."""
    rest = url.split("://", 1)[1]
    if rest in ("", "/", "/:memory:"):
        return ":memory:"
    if not rest.startswith("/"):
        raise StoreError(f"bad SQLite URL {url!r}: use sqlite:///relative.db or sqlite:////abs/path.db")
    return rest[1:].split("?", 1)[0]


def _split_schema(url: str) -> tuple[str, str | None]:
    """The URL without its ``schema`` query parameter, and that parameter."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((value for name, value in query if name == "schema"), None)
    rest = urlencode([(name, value) for name, value in query if name != "schema"])
    scheme = "postgresql" if parts.scheme.startswith("postgres") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, rest, parts.fragment)), schema or None


def sqlite_file(url: str | Path) -> Path | None:
    """The database file a SQLite URL or path names; ``None`` for PostgreSQL or an in-memory store."""
    text = str(url)
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme and scheme != "sqlite":
        return None
    path = _sqlite_path(text) if scheme else text
    return None if path == ":memory:" else Path(path).expanduser()
