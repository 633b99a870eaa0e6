"""Claims layer: numeric claims with subjects, bounds, signs and reference times.

``extract_claims(text)`` finds the numbers of a text (on top of :mod:`article_extract.numerals`), drops those
that are not claims (dates, ordinals, codes, idioms …) and gives each the subject it is about.
"""

from __future__ import annotations

from ..numerals import cnvalue
from . import subject
from .assembly import extract_claims


def clear_caches() -> None:
    """Empty every cache of the claim stage (segmentations, subjects, numeral readings): cold timings."""
    subject.clear_caches()
    cnvalue.clear_cache()


__all__ = ["clear_caches", "extract_claims"]
