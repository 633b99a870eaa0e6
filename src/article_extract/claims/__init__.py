"""Claims layer: numeric claims with subjects, bounds, signs and reference times.

``extract_claims(text)`` finds the numbers of a text (on top of :mod:`article_extract.numerals`), drops those
that are not claims (dates, ordinals, codes, idioms …) and gives each the subject it is about.
"""

from __future__ import annotations

from ..numerals import cnvalue
from . import subject
from .assembly import extract_claims


def clear_caches(dictionary: bool = False) -> None:
    """Empty the caches of the claim stage (segmentations, subjects, numeral readings): cold timings.

    ``dictionary`` also empties the segmenter's lazily filled table of dictionary word costs.
    """
    subject.clear_caches(dictionary)
    cnvalue.clear_cache()


__all__ = ["clear_caches", "extract_claims"]
