"""Metadata-stage benchmark: time ``extract_metadata`` alone over every shared corpus page.

Usage::

    python bench/metadata_bench.py [--corpus PATH] [--repeat N] [--profile] [--slowest K]

Each page is decoded (``decode_html``), parsed (``parse_html``) and its body located (``extract_body``)
outside the timed region; only ``extract_metadata`` is timed. The page's text lines come with the body
(collected by the body stage's walk), so collecting them is not in the timed region: compare with
runs before that change through the pipeline's figures. One untimed call runs first, so the
one-off lazy loads (rule tables, compiled regexes) do not count. The corpus is run ``--repeat`` times
over; a page's time is the fastest of its runs (the machine is shared: slower runs measure other
processes' load, not this code). The script prints the median and p95 of those per-page times over
all pages, and how many pages fell back to dateparser (counted separately: it is the slow path).
``--profile`` adds a cProfile listing of the timed calls. Not a test: speed goals are read from this
output, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from article_extract.boilerplate import Body, extract_body
from article_extract.decode import decode_html
from article_extract.metadata import dates, extract_metadata
from article_extract.parse import ParsedPage, parse_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _prepare(corpus: Path) -> list[tuple[str, ParsedPage, Body]]:
    """Decode, parse and locate the body of every ``*.html`` page under ``corpus`` (skipping failures)."""
    out: list[tuple[str, ParsedPage, Body]] = []
    for path in sorted(corpus.glob("**/*.html")):
        try:
            page = parse_html(decode_html(path.read_bytes()).text)
            out.append((str(path.relative_to(corpus)), page, extract_body(page)))
        except Exception as exc:  # a bad page is reported and skipped, the run goes on
            print(f"skip {path}: {exc}", file=sys.stderr)
    return out


def _count_dateparser() -> tuple[list[int], Callable[[], None]]:
    """Count fallback attempts, the ones dateparser itself was asked about, and those that gave a date."""
    original, original_module = dates.parse_with_dateparser, dates._dateparser
    counts = [0, 0, 0]

    def counted(text: str, origin: str = "dateparser") -> Any:
        counts[0] += 1
        result = original(text, origin)
        counts[2] += result is not None
        return result

    def module() -> Any:
        counts[1] += 1
        return original_module()

    dates.parse_with_dateparser = counted  # type: ignore[assignment]
    dates._dateparser = module  # type: ignore[assignment]

    def restore() -> None:
        dates.parse_with_dateparser, dates._dateparser = original, original_module

    return counts, restore


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (fastest taken)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile listing")
    parser.add_argument("--slowest", type=int, default=5, help="list the K slowest pages")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    pages = _prepare(args.corpus)
    if not pages:
        print("no pages", file=sys.stderr)
        return 2
    extract_metadata(pages[0][1], pages[0][2])  # warm-up: lazy loads excluded

    counts, restore = _count_dateparser()
    pages_with_fallback = 0
    for _, page, body in pages:  # one untimed pass just to count the dateparser fallback per page
        before = counts[0]
        extract_metadata(page, body)
        pages_with_fallback += counts[0] > before
    restore()
    attempts, dateparser_calls, dateparser_hits = counts

    profiler = cProfile.Profile() if args.profile else None
    runs: list[list[float]] = [[] for _ in pages]
    cpu_runs: list[list[float]] = [[] for _ in pages]
    for _ in range(args.repeat):  # whole passes over the corpus, so no page finds its own results cached
        for i, (_, page, body) in enumerate(pages):
            if profiler is not None:
                profiler.enable()
            start, cpu_start = time.perf_counter(), time.process_time()
            extract_metadata(page, body)
            runs[i].append((time.perf_counter() - start) * 1000)
            cpu_runs[i].append((time.process_time() - cpu_start) * 1000)
            if profiler is not None:
                profiler.disable()
    per_page = [(min(times), name) for times, (name, _, _) in zip(runs, pages, strict=True)]
    cpu = [min(times) for times in cpu_runs]

    times = [t for t, _ in per_page]
    print(f"metadata stage over {len(pages)} pages (fastest of {args.repeat} runs per page)")
    print("          wall ms/page   cpu ms/page")
    print(f"  median {statistics.median(times):9.2f} {statistics.median(cpu):13.2f}")
    print(f"  p95    {_percentile(times, 0.95):9.2f} {_percentile(cpu, 0.95):13.2f}")
    print(f"  mean   {statistics.fmean(times):9.2f} {statistics.fmean(cpu):13.2f}")
    print(f"  max    {max(times):9.2f} {max(cpu):13.2f}")
    print(
        f"  dateparser fallback: tried on {pages_with_fallback}/{len(pages)} pages ({attempts} strings), "
        f"{dateparser_calls} passed on to dateparser, {dateparser_hits} gave a date"
    )
    for elapsed, name in sorted(per_page, reverse=True)[: args.slowest]:
        print(f"  slow: {elapsed:7.2f} ms  {name}")
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
