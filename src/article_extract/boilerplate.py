"""Boilerplate stage: find the main content block, emit clean body paragraphs, classify the page.

The work is split into :mod:`.content` (one walk + bottom-up density score), :mod:`.paragraphs`
(line-level furniture removal) and :mod:`.pagetype`; the patterns live in ``data/boilerplate.json``.
The tree is read, never mutated.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from .content import locate
from .pagetype import classify
from .paragraphs import emit_paragraphs
from .parse import ParsedPage
from .segments import walk


@dataclass(frozen=True)
class Body:
    """The page's type and, for articles, its body paragraphs and main content node."""

    page_type: str  # article | list | other
    paragraphs: tuple[str, ...] = ()
    node: LexborNode | None = None


def extract_body(page: ParsedPage) -> Body:
    """Classify the page and return its clean body paragraphs in reading order."""
    layout = walk(page.tree)
    located = locate(layout)
    if located is None:
        return Body("list" if layout.segments else "other")
    title = page.meta.get("og:title") or page.title_tag
    paragraphs = emit_paragraphs(layout, located, title)
    page_type = classify(layout, located, paragraphs, page.url)
    if page_type != "article":
        return Body(page_type)
    return Body("article", paragraphs, layout.nodes[located.container])
