"""Claims layer: numeric claims with subjects, bounds, signs and reference times.

``extract_claims(text)`` finds the numbers of a text (on top of :mod:`article_extract.numerals`), drops those
that are not claims (dates, ordinals, codes, idioms …) and gives each the subject it is about.
"""

from __future__ import annotations

from .assembly import extract_claims

__all__ = ["extract_claims"]
