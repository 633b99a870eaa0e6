"""Extraction benchmark: this project vs readability-lxml, trafilatura and GNE on the shared corpus.

Usage::

    python bench/extract_bench.py [--corpus PATH] [--repeat N] [--verbose]

Every tool gets the same decoded text (``article_extract.decode.decode_html`` on the page bytes,
CleanEval ``<text id=...>`` wrapper line removed). Body quality is character-level ROUGE-L against
``*.gold.json``; boilerplate leaks and metadata against ``*.meta.json``; speed is the median
wall time per page over all corpus pages with gold, measured in this one process.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import CORPUS, CorpusPage, corpus_pages, leaks, normalize, rouge_l


@dataclass
class Output:
    """What one tool produced for one page."""

    body: str
    fields: dict[str, Any] = field(default_factory=dict)


def run_ours(text: str) -> Output:
    from article_extract import extract

    art = extract(text)
    return Output(
        art.text,
        {
            "title": art.title,
            "published_at": art.published_at,
            "source": art.source,
            "authors": list(art.authors),
            "editor": art.editor,
        },
    )


def run_ours_no_claims(text: str) -> Output:
    from article_extract import extract

    return Output(extract(text, claims=False).text)


def run_ours_body(text: str) -> Output:
    from article_extract.boilerplate import extract_body
    from article_extract.parse import parse_html

    return Output("\n".join(extract_body(parse_html(text)).paragraphs))


def run_readability(text: str) -> Output:
    import lxml.html
    from readability import Document

    doc = Document(text)
    html = doc.summary(html_partial=True)
    body = lxml.html.fromstring(html).text_content() if html.strip() else ""
    return Output(body, {"title": doc.short_title()})


def run_trafilatura(text: str) -> Output:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, date_extraction_params={"extensive_search": True}
    )
    if doc is None:
        return Output("")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    author = get("author")
    return Output(
        get("text") or "",
        {
            "title": get("title"),
            "published_at": get("date"),
            "authors": [a.strip() for a in author.split(";")] if author else [],
        },
    )


_GNE: Any = None


def run_gne(text: str) -> Output:
    global _GNE
    if _GNE is None:
        from gne import GeneralNewsExtractor

        _GNE = GeneralNewsExtractor()
    res = _GNE.extract(text)
    author = res.get("author") or ""
    return Output(
        res.get("content") or "",
        {
            "title": res.get("title"),
            "published_at": res.get("publish_time"),
            "authors": [author] if author else [],
        },
    )


TOOLS: dict[str, Callable[[str], Output]] = {
    "article_extract": run_ours,
    "readability-lxml": run_readability,
    "trafilatura": run_trafilatura,
    "GNE": run_gne,
}


def decode_page(page: CorpusPage) -> str:
    """The page text as the project's decode stage gives it."""
    from article_extract.decode import decode_html

    return decode_html(page.read_bytes()).text


def _minute(value: Any) -> str | None:
    if not value:
        return None
    s = normalize(str(value)).replace("/", "-").replace("T", "")
    return s[:15] if len(s) >= 15 else s[:10]


def field_ok(name: str, got: Any, want: Any) -> bool:
    """Whether an extracted metadata field matches the gold (normalised; time to the minute)."""
    if name == "published_at":
        return _minute(got) == _minute(want)
    if name == "authors":
        return sorted(normalize(a) for a in got or []) == sorted(normalize(a) for a in want or [])
    return normalize(got or "") == normalize(want or "")


def sentence_found(body: str, sentence: str | None) -> bool | None:
    """Whether the gold first/last sentence occurs in the body (``None`` when there is no gold)."""
    if not sentence:
        return None
    return normalize(sentence) in normalize(body)


@dataclass
class Tally:
    """Per-tool accumulators."""

    f1: list[float] = field(default_factory=list)
    #: F1 over the article pages only (the _nonarticle/ pages should get no body at all).
    article_f1: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    low: list[str] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    leak_pages: list[str] = field(default_factory=list)
    meta_pages: int = 0
    fields: dict[str, list[bool]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


META_FIELDS = ("title", "published_at", "source", "authors", "editor")


def timed(fn: Callable[[str], Output], text: str, repeat: int) -> tuple[Output, float]:
    """Run ``fn`` ``repeat`` times; return its output and the best wall time in ms."""
    best = float("inf")
    out = Output("")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(text)
        best = min(best, (time.perf_counter() - t0) * 1000)
    return out, best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=1, help="runs per page and tool; the fastest counts")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    ap.add_argument("--verbose", "-v", action="store_true", help="print per-page F1")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    tools = {name: TOOLS[name] for name in args.tools.split(",")}
    pages = [p for p in corpus_pages(args.corpus) if p.gold_body is not None or p.meta is not None]
    tallies = {name: Tally() for name in tools}
    #: our stage subsets, timed on the gold pages: what a peer does (article, no claims) and the body alone
    stage_ms: dict[str, list[float]] = {"article, no claims": [], "parse+body": []}
    stage_fns = {"article, no claims": run_ours_no_claims, "parse+body": run_ours_body}
    for page in pages:
        text = decode_page(page)
        for name, fn in tools.items():
            tally = tallies[name]
            try:
                out, ms = timed(fn, text, args.repeat)
            except Exception as exc:  # a peer crashing on a page counts as an empty body
                tally.errors.append(f"{page.stem}: {type(exc).__name__}: {exc}"[:200])
                out, ms = Output(""), float("nan")
            if page.gold_body is not None:
                if ms == ms:
                    tally.ms.append(ms)
                r = rouge_l(out.body, page.gold_body)
                tally.f1.append(r.f1)
                if not page.nonarticle:
                    tally.article_f1.append(r.f1)
                tally.precision.append(r.precision)
                tally.recall.append(r.recall)
                if r.f1 < 0.5:
                    tally.low.append(f"{page.stem} ({r.f1:.2f})")
                if args.verbose:
                    print(f"{name:17s} {page.stem:55s} P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}")
            if page.meta is not None and not page.nonarticle:
                tally.meta_pages += 1
                found = leaks(out.body, page.meta.get("must_not_contain") or [])
                if found:
                    tally.leak_pages.append(f"{page.stem}: {found}")
                for fname in META_FIELDS:
                    if fname in out.fields and fname in page.meta:
                        tally.fields.setdefault(fname, []).append(
                            field_ok(fname, out.fields[fname], page.meta[fname])
                        )
                if "published_at" in out.fields and page.meta.get("published_at"):
                    got_day = _minute(out.fields["published_at"]) or ""
                    tally.fields.setdefault("published_date", []).append(
                        got_day[:10] == (_minute(page.meta["published_at"]) or "")[:10]
                    )
                for key in ("first_sentence", "last_sentence"):
                    ok = sentence_found(out.body, page.meta.get(key))
                    if ok is not None:
                        tally.fields.setdefault(key, []).append(ok)
        if "article_extract" in tools and page.gold_body is not None:
            for stage, fn in stage_fns.items():
                stage_ms[stage].append(timed(fn, text, args.repeat)[1])
    report(tallies, stage_ms, len([p for p in pages if p.gold_body is not None]))
    return 0


def _pct(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)} ({100 * sum(values) / len(values):.0f}%)" if values else "n/a"


def report(tallies: dict[str, Tally], stage_ms: dict[str, list[float]], n_gold: int) -> None:
    """Print the comparison tables."""
    print(f"\nBody vs *.gold.json ({n_gold} pages), character ROUGE-L (NFKC, whitespace removed)")
    print(
        f"{'tool':18s} {'P':>6s} {'R':>6s} {'F1':>6s} {'medF1':>6s} {'F1art':>6s} {'F1<0.5':>7s} "
        f"{'ms/page':>8s} {'speed':>7s}"
    )
    ours_ms = statistics.median(tallies["article_extract"].ms) if "article_extract" in tallies else None
    for name, t in tallies.items():
        if not t.f1:
            continue
        med = statistics.median(t.ms) if t.ms else float("nan")
        ratio = f"{med / ours_ms:6.1f}x" if ours_ms else "   n/a"
        print(
            f"{name:18s} {statistics.mean(t.precision):6.3f} {statistics.mean(t.recall):6.3f} "
            f"{statistics.mean(t.f1):6.3f} {statistics.median(t.f1):6.3f} "
            f"{statistics.mean(t.article_f1):6.3f} "
            f"{len(t.low):7d} {med:8.2f} {ratio}"
        )
    print("(F1art: mean F1 over the article pages only, without the _nonarticle/ page that has gold)")
    print("('speed' = peer median ms / article_extract full-pipeline median ms, claims included)")
    for stage, values in stage_ms.items():
        if not values:
            continue
        med = statistics.median(values)
        print(f"\narticle_extract {stage}: median {med:.2f} ms/page; peers' speed ratio to it:")
        for name, t in tallies.items():
            if t.ms and name != "article_extract":
                print(f"  {name:18s} {statistics.median(t.ms) / med:6.1f}x slower")
    print("\nMetadata and leaks vs *.meta.json (article pages)")
    print("(published_at: to the minute; published_date: the day only)")
    names = list(tallies)
    print(f"{'field':16s} " + " ".join(f"{n:>18s}" for n in names))
    rows = [*META_FIELDS, "published_date", "first_sentence", "last_sentence"]
    for fname in rows:
        print(f"{fname:16s} " + " ".join(f"{_pct(tallies[n].fields.get(fname, [])):>18s}" for n in names))
    print(
        f"{'leak pages':16s} "
        + " ".join(f"{f'{len(tallies[n].leak_pages)}/{tallies[n].meta_pages}':>18s}" for n in names)
    )
    for name, t in tallies.items():
        if t.low:
            print(f"\n{name}: pages with F1 < 0.5: {', '.join(t.low)}")
        if t.leak_pages:
            print(f"{name}: leaking pages:\n  " + "\n  ".join(t.leak_pages))
        if t.errors:
            print(f"{name}: errors:\n  " + "\n  ".join(t.errors))


if __name__ == "__main__":
    raise SystemExit(main())
