"""Writers for ``article-extract export``: stored articles or claims as JSON Lines, CSV or Parquet.

JSON Lines rows are the SCHEMA.md dicts as :meth:`Store.iter_articles`/:meth:`Store.iter_claims`
yield them. CSV and Parquet get flat columns: lists and nested claims become JSON strings.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from .db import StoreError
from .rows import to_json

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
WHAT: tuple[str, ...] = ("articles", "claims")

#: flat columns and their Parquet types (``str`` columns hold JSON text for lists)
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "int"),
        ("key", "str"),
        ("url", "str"),
        ("page_type", "str"),
        ("error", "str"),
        ("canonical_url", "str"),
        ("site_name", "str"),
        ("title", "str"),
        ("published_at", "str"),
        ("source", "str"),
        ("authors", "json"),
        ("editor", "str"),
        ("category", "json"),
        ("paragraphs", "json"),
        ("text", "str"),
        ("lang", "str"),
        ("encoding", "str"),
        ("claims", "json"),
        ("title_claims", "json"),
    ),
    "claims": (
        ("article_id", "int"),
        ("key", "str"),
        ("url", "str"),
        ("in_title", "bool"),
        ("subject", "str"),
        ("value", "float"),
        ("value_max", "float"),
        ("unit", "str"),
        ("kind", "str"),
        ("bound", "str"),
        ("qualifier", "str"),
        ("as_of", "str"),
        ("raw", "str"),
        ("start", "int"),
        ("end", "int"),
        ("sentence", "str"),
    ),
}

_PARQUET_BATCH = 2000


def flat(record: dict[str, Any], what: str) -> dict[str, Any]:
    """``record`` with exactly the flat columns of ``what``; list/dict values as JSON strings."""
    return {
        name: to_json(record.get(name)) if kind == "json" else record.get(name)
        for name, kind in COLUMNS[what]
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line (UTF-8, no ASCII escaping); returns the row count."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: IO[str], what: str) -> int:
    """A header row, then one flat row per record (``true``/``false``, empty for null)."""
    names = [name for name, _ in COLUMNS[what]]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    count = 0
    for record in records:
        row = flat(record, what)
        writer.writerow(
            [
                "" if v is None else ("true" if v else "false") if isinstance(v, bool) else v
                for v in row.values()
            ]
        )
        count += 1
    return count


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise StoreError("Parquet export needs pyarrow: pip install 'article_extract[parquet]'") from exc
    return pyarrow


def write_parquet(records: Iterable[dict[str, Any]], path: str, what: str) -> int:
    """A Parquet file of flat columns with fixed types, written in row groups; returns the row count."""
    pa = _pyarrow()
    types = {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "str": pa.string(),
        "json": pa.string(),
    }
    schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS[what]])
    count = 0
    with pa.parquet.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches((flat(r, what) for r in records), _PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
