"""Shared scoring helpers for the extraction benchmark and the corpus test.

Body quality is character-level ROUGE-L (longest common subsequence) between the extracted body
and the gold body, both NFKC-normalised with all whitespace removed. The LCS length is computed
with Hyyrö's bit-parallel algorithm on Python integers: O(n·m / wordsize), fast enough for pages
of tens of thousands of characters.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SPACE = re.compile(r"\s+")

#: The shared corpus beside the repository (``shared/`` next to the clone).
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def normalize(text: str) -> str:
    """NFKC-normalise ``text`` and drop every whitespace character."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b`` (bit-parallel, Hyyrö 2004)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return 0
    positions: dict[str, list[int]] = {}
    for i, ch in enumerate(a):
        positions.setdefault(ch, []).append(i)
    nbytes = (len(a) + 8) // 8
    masks: dict[str, int] = {}
    for ch, idx in positions.items():
        buf = bytearray(nbytes)
        for i in idx:
            buf[i >> 3] |= 1 << (i & 7)
        masks[ch] = int.from_bytes(buf, "little")
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        m = masks.get(ch)
        if m is None:
            continue
        u = v & m
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


@dataclass(frozen=True)
class Rouge:
    """Character-level ROUGE-L precision, recall and F1."""

    precision: float
    recall: float
    f1: float


def rouge_l(predicted: str, gold: str) -> Rouge:
    """ROUGE-L of ``predicted`` against ``gold`` after :func:`normalize`."""
    p, g = normalize(predicted), normalize(gold)
    if not p or not g:
        same = float(not p and not g)
        return Rouge(same, same, same)
    lcs = lcs_length(p, g)
    precision, recall = lcs / len(p), lcs / len(g)
    f1 = 0.0 if lcs == 0 else 2 * precision * recall / (precision + recall)
    return Rouge(precision, recall, f1)


def leaks(body: str, must_not_contain: list[str]) -> list[str]:
    """The ``must_not_contain`` strings found in ``body`` (compared after :func:`normalize`)."""
    nb = normalize(body)
    return [s for s in must_not_contain if normalize(s) and normalize(s) in nb]


@dataclass(frozen=True)
class CorpusPage:
    """One corpus page with whatever gold sits beside it."""

    stem: str
    path: Path
    gold_body: str | None
    meta: dict[str, Any] | None
    nonarticle: bool

    def read_bytes(self) -> bytes:
        """The page bytes, with a leading CleanEval ``<text id=...>`` wrapper line removed."""
        data = self.path.read_bytes()
        if data.lstrip()[:6].lower() == b"<text ":
            nl = data.find(b"\n")
            data = data[nl + 1 :] if nl >= 0 else data
        return data


def corpus_pages(corpus: Path = CORPUS) -> Iterator[CorpusPage]:
    """Every ``*.html`` page of the corpus in path order, with its gold files loaded."""
    for path in sorted(corpus.rglob("*.html")):
        stem = str(path.relative_to(corpus))[: -len(".html")]
        gold_path = path.with_name(path.name[: -len(".html")] + ".gold.json")
        meta_path = path.with_name(path.name[: -len(".html")] + ".meta.json")
        gold = json.loads(gold_path.read_text("utf-8")) if gold_path.exists() else None
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else None
        yield CorpusPage(
            stem=stem,
            path=path,
            gold_body=gold.get("body") if gold else None,
            meta=meta.get("article") if meta else None,
            nonarticle=path.parent.name == "_nonarticle",
        )
