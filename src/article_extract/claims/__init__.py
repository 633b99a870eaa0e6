"""Claims layer: numeric claims with subjects, bounds, signs and reference times.

``extract_claims(text)`` finds the numbers of a text (on top of :mod:`article_extract.numerals`), drops those
that are not claims (dates, ordinals, codes, idioms …) and gives each the subject it is about.
"""

from __future__ import annotations

from ..numerals import cnvalue, finder, items
from . import assembly, numbers, subject
from .assembly import extract_claims


def clear_caches(dictionary: bool = False) -> None:
    """Empty the caches of the claim stage (segmentations, subjects, numeral readings): cold timings.

    ``dictionary`` also empties the segmenter's lazily filled table of dictionary word costs.
    """
    subject.clear_caches(dictionary)
    cnvalue.clear_cache()
    finder._scale_of.cache_clear()  # (the small per-unit tables too: a cold start is cold everywhere)
    numbers._half_width.cache_clear()
    assembly._unit_kind.cache_clear()
    items.kind_for_unit.cache_clear()


__all__ = ["clear_caches", "extract_claims"]
