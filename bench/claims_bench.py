"""Claims benchmark: V/VU/VUS F1, bound and as_of accuracy, claims/s, claim share of extract() time.

Usage: python bench/claims_bench.py [--errors] [--no-pages] [--rounds N] [--cold-dictionary]
Data: shared/ beside the repo (seed, corpus/*/*.claims.json, corpus/**/*.html) and
fixtures/claims/*.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from article_extract.claims import assembly, extract_claims
from article_extract.claims.scoring import Report, score_documents
from article_extract.claims.scoring import dev_documents as scoring_dev_documents
from article_extract.model import Claim

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def dev_documents() -> list[tuple[str, str, list[dict]]]:
    """(name, text, gold claims) for the seed and the annotated corpus pages."""
    return [(name, text, [dict(g) for g in gold]) for name, text, gold in scoring_dev_documents(SHARED)]


def fixture_documents() -> list[tuple[str, str, list[dict]]]:
    """(name, text, expected claims) for every fixture sentence."""
    docs = []
    for path in sorted((REPO / "fixtures" / "claims").glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                docs.append((f"{path.name}:{n}", case["text"], case["claims"]))
    return docs


def _print(title: str, report: Report) -> None:
    print(f"== {title}")
    for level, s in report.levels.items():
        print(
            f"  {level:4s} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
            f"  (tp {s.tp} fp {s.fp} fn {s.fn})"
        )
    print(
        f"  bound accuracy {report.bound_accuracy:.3f}   as_of accuracy {report.as_of_accuracy:.3f}"
        f"   (on {report.vus_matched} VUS matches)"
    )


def score(
    docs: list[tuple[str, str, list[dict]]], rounds: int = 1, cold_dictionary: bool = False
) -> tuple[Report, int, float]:
    """Scores of extract_claims on ``docs`` and its time (best of ``rounds`` passes; before each pass but a
    single one, the claim stage's caches are emptied: every pass is a first reading of the documents)."""
    from article_extract.claims import clear_caches

    best = float("inf")
    extracted: list[tuple[str, list[Claim], list[dict]]] = []
    for _ in range(rounds):
        if rounds > 1:
            clear_caches(dictionary=cold_dictionary)
        t0 = time.perf_counter()
        extracted = [(name, extract_claims(text), gold) for name, text, gold in docs]
        best = min(best, time.perf_counter() - t0)
    return score_documents(extracted), sum(len(c) for _, c, _ in extracted), best


def end_to_end() -> None:
    """The claims of extract(html) on the annotated corpus pages, scored against the same gold."""
    from article_extract import pipeline

    docs = []
    for path in sorted((SHARED / "corpus").glob("*/*.claims.json")):
        d = json.loads(path.read_text("utf-8"))
        html = (
            SHARED / "corpus" / d["page"]
            if "page" in d
            else path.with_name(path.name[: -len(".claims.json")] + ".html")
        )
        if html.is_file():
            art = pipeline.extract(html.read_bytes())
            claims = list(art.claims)
            if "only the first" in d.get("note", ""):  # gold covers the start of a long page only
                tail = d["text"].rstrip()[-30:]
                cut = art.text.find(tail)
                if cut != -1:
                    claims = [c for c in claims if c.start < cut + len(tail)]
            docs.append((path.name, claims, d["claims"]))
    if docs:
        _print(f"end to end: extract(html) on {len(docs)} annotated pages", score_documents(docs))


def page_share(rounds: int = 2, cold_dictionary: bool = False) -> None:
    """Time extract() on every corpus page and the claim stage inside it (best of ``rounds``, cold caches;
    ``cold_dictionary``: the segmenter's table of dictionary word costs emptied too)."""
    from article_extract import pipeline
    from article_extract.claims import clear_caches

    pages = [p.read_bytes() for p in sorted((SHARED / "corpus").rglob("*.html"))]
    if not pages:
        print("no corpus pages")
        return
    real = assembly.extract_claims
    best: tuple[float, float, int] | None = None
    for _ in range(rounds):
        clear_caches(dictionary=cold_dictionary)
        claim_time = 0.0

        def timed(text: str) -> list[Claim]:
            nonlocal claim_time
            t = time.perf_counter()
            try:
                return real(text)
            finally:
                claim_time += time.perf_counter() - t

        pipeline.extract_claims = timed  # type: ignore[assignment]
        total = 0.0
        n_claims = 0
        try:
            for data in pages:
                t = time.perf_counter()
                art = pipeline.extract(data, url=None)
                total += time.perf_counter() - t
                n_claims += len(art.claims) + len(art.title_claims)
        finally:
            pipeline.extract_claims = real  # type: ignore[assignment]
        if best is None or claim_time / total < best[1] / best[0]:
            best = (total, claim_time, n_claims)
    assert best is not None
    total, claim_time, n_claims = best
    print(
        f"== extract() on {len(pages)} corpus pages: total {total:.2f}s, claims {claim_time:.2f}s "
        f"({claim_time / total:.1%} of extract time; target <= 30%), {n_claims} claims"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", action="store_true", help="list false/missed claims and bound/as_of errors")
    ap.add_argument("--no-pages", action="store_true", help="skip the extract() time-share measurement")
    ap.add_argument(
        "--cold-dictionary", action="store_true", help="also empty the segmenter's word-cost table"
    )
    ap.add_argument(
        "--rounds", type=int, default=1, help="time the development set N times (best pass, caches emptied)"
    )
    args = ap.parse_args(argv)
    extract_claims("预热：网民规模达11.25亿人。")  # load jieba and tables outside the timings
    dev = dev_documents()
    if not dev:
        print(f"shared material not found at {SHARED}", file=sys.stderr)
    else:
        report, n, secs = score(dev, args.rounds, args.cold_dictionary)
        _print(f"development set ({len(dev)} documents)", report)
        chars = sum(len(t) for _, t, _ in dev)
        print(
            f"  speed: {n} claims in {secs:.3f}s = {n / secs:.0f} claims/s,"
            f" {chars / secs / 1000:.0f}k chars/s"
        )
        if args.errors:
            print("\n".join("    " + e for e in report.errors))
    fx = fixture_documents()
    if fx:
        report, n, secs = score(fx)
        _print(f"fixtures ({len(fx)} sentences)", report)
        if args.errors:
            print("\n".join("    " + e for e in report.errors))
    if dev and not args.no_pages:
        end_to_end()
        page_share(cold_dictionary=args.cold_dictionary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
