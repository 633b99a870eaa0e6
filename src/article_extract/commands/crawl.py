"""``article-extract crawl``: politely fetch a URL list (or sitemaps/feeds) into a store, resumably."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from typing import Any

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def byte_size(text: str) -> int:
    """``10485760``, ``10M``, ``512KiB`` … → bytes (argparse type)."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 10485760, 10M, 512K)")
    unit = (match.group(2) or "")[:1].lower()
    return int(float(match.group(1)) * _UNITS[unit])


_EPILOG = """examples:
  article-extract crawl urls.txt --db sqlite:///news.db --contact https://example.org/bot
  article-extract crawl --sitemap https://news.example.cn/sitemap.xml --jobs 2
  article-extract crawl seeds.txt --follow --max-depth 1 --include '/20[0-9]{2}/' --exclude '/video/'
  cat urls.txt | article-extract crawl - --db postgresql://postgres@127.0.0.1:5432/test
  article-extract crawl urls.txt --recrawl     # fetch stored pages again (If-None-Match / If-Modified-Since)
  article-extract crawl --retry-failed --db sqlite:///news.db   # try URLs that failed for good once more

Every response is archived under --warc-dir (default: warc/ beside the SQLite file); per-URL
problems are printed on stderr and recorded as page rows; exit status 0 when the run finished,
1 when it could not start (store, or another crawl holds the store's lock), 2 for bad arguments.
"""


def register(subparsers: Any) -> None:
    """Add the ``crawl`` sub-command."""
    p = subparsers.add_parser(
        "crawl",
        help="fetch URLs politely, extract and store them (resumable)",
        description="Fetch the URLs of URLS (one per line, '#' comments; '-' = stdin) and any --sitemap/"
        "--feed seeds, archive every response as WARC, extract articles and claims and store them. "
        "Run the same command again after an interruption to finish the rest.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("urls", nargs="?", metavar="URLS", help="file of URLs, one per line; '-' reads stdin")
    p.add_argument(
        "--db", default="sqlite:///news.db", help="store: sqlite:///FILE, a path, or postgresql://…"
    )
    g = p.add_argument_group("politeness")
    g.add_argument(
        "--per-host-concurrency", type=int, default=1, metavar="N", help="requests in flight per host"
    )
    g.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="S",
        help="minimum seconds between request starts to one host (robots.txt Crawl-delay wins when larger)",
    )
    g.add_argument("--concurrency", type=int, default=32, metavar="N", help="requests in flight in total")
    g.add_argument(
        "--user-agent", metavar="UA", help="User-Agent (default article-extract/VERSION (+CONTACT))"
    )
    g.add_argument("--contact", metavar="URL", help="contact URL put into the default User-Agent")
    g.add_argument("--no-robots", action="store_true", help="ignore robots.txt (only with permission)")
    g = p.add_argument_group("limits")
    g.add_argument("--timeout", type=float, default=30.0, metavar="S", help="read timeout in seconds")
    g.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="S", help="connect timeout in seconds"
    )
    g.add_argument(
        "--max-bytes",
        type=byte_size,
        default=10 * 1024**2,
        metavar="N",
        help="largest body kept, after decompression (e.g. 10M)",
    )
    g.add_argument("--max-redirects", type=int, default=10, metavar="N")
    g.add_argument("--retries", type=int, default=3, metavar="N", help="retries on timeouts, 429 and 5xx")
    g.add_argument(
        "--max-attempts",
        type=int,
        default=3,
        metavar="N",
        help="runs in which a URL failing transiently is tried before it fails for good",
    )
    g.add_argument(
        "--retry-later",
        type=float,
        default=300.0,
        metavar="S",
        help="a transiently failing URL is due again after S seconds (doubling each time)",
    )
    g = p.add_argument_group("discovery")
    g.add_argument("--follow", action="store_true", help="follow links within the same site")
    g.add_argument(
        "--max-depth", type=int, default=1, metavar="N", help="link depth followed (with --follow)"
    )
    g.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="RE",
        help="only queue discovered URLs matching RE (repeatable)",
    )
    g.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="RE",
        help="never queue discovered URLs matching RE (repeatable)",
    )
    g.add_argument(
        "--sitemap", action="append", default=[], metavar="URL", help="sitemap or sitemap index seed"
    )
    g.add_argument("--feed", action="append", default=[], metavar="URL", help="RSS/Atom feed seed")
    g.add_argument(
        "--recrawl",
        action="store_true",
        help="fetch seeds again even if stored (conditional GET; a 304 keeps the stored article)",
    )
    g.add_argument(
        "--retry-failed",
        action="store_true",
        help="put URLs that failed for good back in the queue and try them again (URLS optional)",
    )
    g = p.add_argument_group("output")
    g.add_argument("--warc-dir", metavar="DIR", help="WARC directory (default: warc/ beside the SQLite file)")
    g.add_argument("--warc-max-bytes", type=byte_size, default=1024**3, metavar="N", help="rotate WARC files")
    g.add_argument("--jobs", type=int, default=0, metavar="N", help="extraction processes (0 = in-process)")
    g.add_argument(
        "--extract-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="with --jobs: a page whose extraction takes longer fails and its process is replaced "
        "(0 = no limit)",
    )
    g.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="force the progress bar"
    )
    g.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no bar and no progress lines"
    )
    p.set_defaults(func=run)


def _lines(args: argparse.Namespace) -> Iterator[str]:
    yield from args.sitemap
    yield from args.feed
    if args.urls == "-":
        yield from sys.stdin
    elif args.urls:
        with open(args.urls, encoding="utf-8-sig", errors="replace") as fh:
            yield from fh


def run(args: argparse.Namespace) -> int:
    """Run the crawl; 0 when it ran to the end (per-URL failures are reported, not fatal)."""
    from ..crawl import CrawlConfig, CrawlLockedError, crawl
    from ..store import StoreError

    if not args.urls and not args.sitemap and not args.feed and not args.retry_failed:
        print(
            "crawl: give a URL file (or '-'), at least one --sitemap/--feed, or --retry-failed",
            file=sys.stderr,
        )
        return 2
    try:
        config = CrawlConfig(
            per_host_concurrency=args.per_host_concurrency,
            per_host_delay=args.delay,
            concurrency=args.concurrency,
            connect_timeout=args.connect_timeout,
            read_timeout=args.timeout,
            max_bytes=args.max_bytes,
            max_redirects=args.max_redirects,
            retries=args.retries,
            max_attempts=args.max_attempts,
            retry_later=args.retry_later,
            user_agent=args.user_agent,
            contact_url=args.contact,
            respect_robots=not args.no_robots,
            warc_dir=args.warc_dir,
            warc_max_bytes=args.warc_max_bytes,
            follow=args.follow,
            max_depth=args.max_depth,
            include=tuple(args.include),
            exclude=tuple(args.exclude),
            extract_workers=args.jobs,
            extract_timeout=args.extract_timeout,
            progress=args.progress,
            recrawl=args.recrawl,
            retry_failed=args.retry_failed,
        )
    except ValueError as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 2
    try:
        summary = crawl(_lines(args), db=args.db, config=config)
    except (OSError, StoreError, CrawlLockedError) as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 1
    print(summary.format(), file=sys.stderr)
    return 0
