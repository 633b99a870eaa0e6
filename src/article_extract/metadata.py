"""Metadata stage: title, time, source, authors, editor, category, site … (Stub.)"""

from __future__ import annotations

from dataclasses import dataclass

from .boilerplate import Body
from .parse import ParsedPage


@dataclass(frozen=True)
class Metadata:
    """Article fields other than the body."""

    title: str | None = None
    published_at: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    category: tuple[str, ...] = ()
    site_name: str | None = None
    canonical_url: str | None = None
    lang: str = "zh-Hans"


def extract_metadata(page: ParsedPage, body: Body) -> Metadata:
    """Read the article's metadata from the parsed page and its located body."""
    return Metadata(title=page.title_tag)
