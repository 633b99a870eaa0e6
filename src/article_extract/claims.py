"""Claims layer: numeric claims with subjects. (Stub.)"""

from __future__ import annotations

from .model import Claim


def extract_claims(text: str) -> list[Claim]:
    """Every numeric claim stated in ``text``."""
    return []
