"""The whole pipeline over every page of the shared corpus: robustness, page types and dev-set scores.

Run with ``-s`` to see the scores. The floors sit a little below what the extractor reaches, so a
regression fails the test; the same figures (with peers) come from ``bench/extract_bench.py``.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from article_extract import extract
from article_extract.decode import decode_html
from article_extract.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from scoring import CorpusPage, corpus_pages, leaks, rouge_l

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

#: Mean character ROUGE-L F1 of the body over the article pages with body gold.
F1_FLOOR = 0.96
#: Article pages whose body F1 falls below 0.5.
MAX_LOW_F1_PAGES = 0
#: Article pages leaking a ``must_not_contain`` string.
MAX_LEAK_PAGES = 0


@dataclass(frozen=True)
class Run:
    page: CorpusPage
    article: Article
    clean_decode: bool


def _decodes_cleanly(data: bytes, encoding: str, text: str) -> bool:
    if "\ufffd" in text:
        return False
    try:
        data.decode(encoding)
    except (LookupError, UnicodeDecodeError, ValueError):
        return False
    return True


@pytest.fixture(scope="module")
def runs() -> list[Run]:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it sits beside the repository clone)")
    out = []
    for page in corpus_pages(CORPUS):
        data = page.read_bytes()
        decoded = decode_html(data)
        article = extract(data)
        out.append(Run(page, article, _decodes_cleanly(data, decoded.encoding, decoded.text)))
    assert len(out) >= 100, "the corpus lost pages"
    return out


def test_every_page_extracts_without_error_field_surprises(runs: list[Run]) -> None:
    for run in runs:
        art = run.article
        assert art.page_type in {"article", "list", "other"}, run.page.stem
        assert art.text == "\n".join(art.paragraphs)
        assert all(p == p.strip() and p for p in art.paragraphs), run.page.stem


def test_no_replacement_characters_in_cleanly_decoded_bodies(runs: list[Run]) -> None:
    bad = [r.page.stem for r in runs if r.clean_decode and "\ufffd" in r.article.text]
    assert bad == []


def test_non_article_pages_get_no_article_body(runs: list[Run]) -> None:
    for run in runs:
        if run.page.nonarticle:
            assert run.article.page_type in {"list", "other"}, run.page.stem
            assert run.article.paragraphs == (), run.page.stem


def test_article_pages_are_articles(runs: list[Run]) -> None:
    missed = [r.page.stem for r in runs if r.page.meta is not None and r.article.page_type != "article"]
    assert missed == []


def test_dev_set_scores(runs: list[Run]) -> None:
    scored = [r for r in runs if r.page.gold_body is not None and not r.page.nonarticle]
    f1 = {r.page.stem: rouge_l(r.article.text, r.page.gold_body or "") for r in scored}
    leaking = {
        r.page.stem: found
        for r in runs
        if r.page.meta is not None
        and (found := leaks(r.article.text, r.page.meta.get("must_not_contain") or []))
    }
    low = sorted(stem for stem, score in f1.items() if score.f1 < 0.5)
    mean_f1 = statistics.mean(s.f1 for s in f1.values())
    print(
        f"\ncorpus: {len(runs)} pages; body gold {len(scored)} article pages: "
        f"P={statistics.mean(s.precision for s in f1.values()):.3f} "
        f"R={statistics.mean(s.recall for s in f1.values()):.3f} F1={mean_f1:.3f} "
        f"(median {statistics.median(s.f1 for s in f1.values()):.3f}); F1<0.5: {low}"
    )
    n_meta = sum(1 for r in runs if r.page.meta is not None)
    print(f"must_not_contain leaks: {len(leaking)}/{n_meta} pages {leaking}")
    assert mean_f1 >= F1_FLOOR
    assert len(low) <= MAX_LOW_F1_PAGES
    assert len(leaking) <= MAX_LEAK_PAGES
