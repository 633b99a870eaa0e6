"""``article-extract extract``: pages (files, folders, stdin, WARC) -> article records (SCHEMA.md).

::

    article-extract extract PAGE.html DIR/ crawl.warc.gz --format jsonl > out.jsonl
    curl -s URL | article-extract extract - --url URL --format json
    article-extract extract DIR/ --db sqlite:///news.db --jobs 2

``--format jsonl`` (default) writes one JSON object per page and line. ``--format json``
pretty-prints a single object when the inputs hold exactly one page and a JSON array otherwise
(also for zero pages: ``[]``). Output is UTF-8 without ASCII escaping. A page that cannot be read
or has no article body still gets a record, with ``error`` set, and one line on stderr; the
exit status is 1 only when every page failed (or there were none), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..inputs import STDIN, InputDoc, is_warc_name, iter_inputs
from ..model import Article, PageRecord
from ._pool import OrderedPool

if TYPE_CHECKING:
    from ..store import Store

PROG = "article-extract extract"
#: Seconds one page may take before it is recorded as an error and the batch goes on.
DEFAULT_TIMEOUT = 120.0


class PageTimeout(BaseException):
    """Raised inside an extraction that ran out of time.

    A ``BaseException`` so that stage code catching ``Exception`` cannot swallow it.
    """


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` sub-command."""
    parser = subparsers.add_parser(
        "extract",
        help="extract articles from HTML files, folders, stdin or WARC archives",
        description="Extract the article of every page (files, folders, - for stdin, WARC archives) "
        "as SCHEMA.md records: one JSON object per line (jsonl), or pretty JSON (one object for a "
        "single page, else an array). A page that fails still gets a record with 'error' set and "
        "one line on stderr; the exit status is 1 only when every page failed.",
        epilog="Folders are walked recursively for *.html, *.htm, *.shtml and *.xhtml files "
        "(also gzip-compressed: *.html.gz, *.htm.gz). "
        "Files ending in .warc/.warc.gz (or starting with a WARC record) are read as WARC archives: "
        "every HTML response record becomes one record with its WARC-Target-URI as url and its "
        "HTTP charset used for decoding.",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="page file, folder, WARC file or - for stdin"
    )
    parser.add_argument("--format", choices=("jsonl", "json"), default="jsonl", help="output format")
    parser.add_argument("--url", help="URL of the page (only with a single page file or -)")
    parser.add_argument("--warc", action="store_true", help="read every file (and stdin) as a WARC archive")
    parser.add_argument("-o", "--output", default=STDIN, metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--db", metavar="URL", help="also store articles: sqlite:///path.db or postgresql://…"
    )
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a page after this long and record an error (default {DEFAULT_TIMEOUT:g}; 0: never)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit status."""
    problem = _check_args(args)
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    docs = iter_inputs(args.inputs, force_warc=args.warc, url=args.url)
    with ExitStack() as stack:
        store = None
        if args.db:
            try:
                store = stack.enter_context(_open_store(args.db))
            except Exception as exc:
                print(f"{PROG}: error: cannot open store {args.db}: {exc}", file=sys.stderr)
                return 1
        out = _open_output(args.output, stack)
        if args.jobs > 1:
            pool = stack.enter_context(
                OrderedPool(partial(extract_doc, timeout=args.timeout), args.jobs, _crashed)
            )
            results = pool.map(docs)
        else:
            results = ((doc, extract_doc(doc, args.timeout)) for doc in docs)
        writer = _write_json if args.format == "json" else _write_jsonl
        tally = _Tally(store)
        writer(tally.watch(results), out)
        out.flush()
    if tally.total == 0:
        print(f"{PROG}: error: no input pages found", file=sys.stderr)
        return 1
    return 1 if tally.failed == tally.total else 0


def extract_doc(doc: InputDoc, timeout: float | None = None) -> Article:
    """The article of one input page; never raises (failures become ``Article.error``).

    With ``timeout`` (seconds, main thread on Unix only) a page that takes longer is abandoned
    with an error. The limit interrupts Python code; a single long call into C (the HTML parser,
    one regular-expression search) is interrupted only when it returns.
    """
    if doc.error is not None:
        return Article(url=doc.url, page_type="other", error=doc.error)
    from ..pipeline import extract

    try:
        with _time_limit(timeout):
            return extract(doc.data, doc.url, http_charset=doc.http_charset)
    except PageTimeout:
        return Article(url=doc.url, page_type="other", error=f"timed out after {timeout:g} s")
    except Exception as exc:
        return Article(url=doc.url, page_type="other", error=f"internal error: {type(exc).__name__}: {exc}")


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block after ``seconds``; keeps an outer SIGALRM timer."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    assert seconds is not None
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= seconds:  # an outer timer (e.g. pytest-timeout) fires first anyway
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise PageTimeout()

    started = time.monotonic()
    outer_handler = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_delay:
            remaining = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001), outer_interval)


def _check_args(args: argparse.Namespace) -> str | None:
    if args.jobs < 1:
        return "--jobs must be at least 1"
    if args.timeout < 0:
        return "--timeout must not be negative"
    if args.url is not None:
        if len(args.inputs) != 1:
            return "--url needs exactly one page file (or -)"
        source = args.inputs[0]
        if args.warc or (source != STDIN and (Path(source).is_dir() or is_warc_name(source))):
            return "--url applies to a single page file, not a folder or WARC (records carry their own URLs)"
    if args.inputs.count(STDIN) > 1:
        return "- (stdin) may be given only once"
    return None


def _open_store(url: str) -> Store:
    from ..store import open_store

    return open_store(url)


def _open_output(path: str, stack: ExitStack) -> TextIO:
    if path != STDIN:
        return stack.enter_context(open(path, "w", encoding="utf-8", newline="\n"))
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("_", "-") != "utf-8":
        stream.reconfigure(encoding="utf-8")
    return stream


def _crashed(doc: InputDoc) -> Article:
    return Article(url=doc.url, page_type="other", error="worker process crashed on this page")


class _Tally:
    """Counts pages and failures, reports per-page errors on stderr and saves to the store.

    Only articles (``page_type`` article, no error) are stored as articles; a WARC record's
    fetch facts are stored as its page row in any case (with the error, if there was one).
    """

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.total = 0
        self.failed = 0

    def watch(self, results: Iterator[tuple[InputDoc, Article]]) -> Iterator[dict[str, Any]]:
        for doc, article in results:
            self.total += 1
            if article.error is not None:
                self.failed += 1
                _report(doc.name, article.error)
            if self.store is not None:
                self._save(doc, article)
            yield article.to_dict()

    def _save(self, doc: InputDoc, article: Article) -> None:
        assert self.store is not None
        keep = article.error is None and article.page_type == "article"
        page = _page_record(doc, article.error) if doc.url and doc.warc_file is not None else None
        if not keep and page is None:
            return
        key = doc.url or doc.name
        if key == "<stdin>":
            key = "stdin:" + hashlib.sha256(doc.data).hexdigest()
        try:
            self.store.save(article if keep else None, page, key=key if keep else None)
        except Exception as exc:
            if article.error is None:
                self.failed += 1
            _report(doc.name, f"not stored: {exc}")


def _page_record(doc: InputDoc, error: str | None) -> PageRecord:
    """The ``pages`` row of a WARC record."""
    assert doc.url is not None
    return PageRecord(
        url=doc.url,
        status=doc.status,
        headers=doc.headers or {},
        fetched_at=doc.fetched_at,
        content_type=doc.content_type,
        content_hash=hashlib.sha256(doc.data).hexdigest() if doc.data else None,
        warc_file=doc.warc_file,
        warc_offset=doc.warc_offset,
        error=error,
    )


def _report(name: str, message: str) -> None:
    text = " ".join(f"{name}: {message}".split())
    print(f"{PROG}: {text}", file=sys.stderr)


def _dumps(record: dict[str, Any], indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def _write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(_dumps(record) + "\n")


def _write_json(records: Iterator[dict[str, Any]], out: TextIO) -> None:
    first = next(records, None)
    second = next(records, None) if first is not None else None
    if first is not None and second is None:
        out.write(_dumps(first, indent=2) + "\n")
        return
    out.write("[")
    sep = "\n  "
    for record in _chain(first, second, records):
        out.write(sep + _dumps(record, indent=2).replace("\n", "\n  "))
        sep = ",\n  "
    out.write("\n]\n" if first is not None else "]\n")


def _chain(
    first: dict[str, Any] | None, second: dict[str, Any] | None, rest: Iterator[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    for record in (first, second):
        if record is not None:
            yield record
    yield from rest
