"""``article-extract export``: stored articles or claims as JSON Lines, CSV or Parquet.

::

    article-extract export --db sqlite:///news.db > articles.jsonl
    article-extract export --db sqlite:///news.db --what claims --format csv -o claims.csv
    article-extract export --db postgresql://postgres@127.0.0.1:5432/test --format parquet -o a.parquet

JSON Lines rows are SCHEMA.md records plus where they are stored: articles with ``id`` and ``key``
(page URL or file path they were saved under), claims with ``article_id``, ``key``, ``url`` and
``in_title``. CSV and Parquet have flat columns with lists as JSON strings. A file given with
``-o`` is written under a temporary name and renamed when complete. Exit status: 0 done,
1 the store could not be read or the file written, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROG = "article-extract export"
_EPILOG = """examples:
  article-extract export --db sqlite:///news.db > articles.jsonl
  article-extract export --db news.db --what claims --format csv -o claims.csv
  article-extract export --db 'postgresql://postgres@127.0.0.1/test?schema=news' --format parquet \\
      -o articles.parquet

JSON Lines rows are SCHEMA.md records plus "id" and "key" (the page URL or file path an article
was stored under); claims also carry "article_id", "url" and "in_title". CSV and Parquet have
flat columns with lists and nested claims as JSON strings."""
STDOUT = "-"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` sub-command."""
    from ..store.export import FORMATS, WHAT

    parser = subparsers.add_parser(
        "export",
        help="write stored articles or claims as JSON Lines, CSV or Parquet",
        description="Write the articles (or claims) of a store as JSON Lines, CSV or Parquet.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db",
        default="sqlite:///news.db",
        metavar="URL",
        help="store: sqlite:///FILE, a path, or postgresql://… (default sqlite:///news.db)",
    )
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default jsonl)")
    parser.add_argument("--what", choices=WHAT, default="articles", help="what to export (default articles)")
    parser.add_argument(
        "-o",
        "--output",
        default=STDOUT,
        metavar="FILE",
        help="write here instead of stdout (required for parquet)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit status."""
    from ..store import StoreError, open_store
    from ..store.open import sqlite_file

    if args.format == "parquet" and args.output == STDOUT:
        print(f"{PROG}: error: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    db_file = sqlite_file(args.db)
    if db_file is not None and not db_file.is_file():
        print(f"{PROG}: error: no database at {db_file}", file=sys.stderr)
        return 1
    try:
        with open_store(args.db) as store:
            records = store.iter_articles() if args.what == "articles" else store.iter_claims()
            count = _write(records, args.format, args.what, args.output)
    except BrokenPipeError:
        raise  # the reader went away (e.g. `| head`): the CLI exits quietly
    except (StoreError, OSError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a database error while reading: report it, no traceback
        print(f"{PROG}: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    where = "stdout" if args.output == STDOUT else args.output
    print(f"{PROG}: {count} {args.what} written to {where}", file=sys.stderr)
    return 0


def _write(records: Iterator[dict[str, Any]], fmt: str, what: str, output: str) -> int:
    """Write ``records`` to ``output`` (``-`` = stdout); a file appears only once complete."""
    from ..store.export import write_csv, write_jsonl, write_parquet

    if output == STDOUT:
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
        if fmt == "jsonl":
            return write_jsonl(records, sys.stdout)
        return write_csv(records, sys.stdout, what)
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if fmt == "parquet":
            count = write_parquet(records, str(partial), what)
        else:
            with open(partial, "w", encoding="utf-8", newline="") as out:
                count = write_jsonl(records, out) if fmt == "jsonl" else write_csv(records, out, what)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count
