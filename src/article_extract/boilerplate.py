"""Boilerplate stage: find the main content block, emit clean body paragraphs, classify the page.

The work is split into :mod:`.segments` (one iterative walk that flattens the tree into text
lines), :mod:`.content` (bottom-up density score, body run), :mod:`.paragraphs` (line-level
furniture removal) and :mod:`.pagetype`; Chinese portal patterns live in ``data/boilerplate.json``.
The tree is read, never mutated; ``Body.node`` is the content container for the metadata stage.
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
        return Body("other")
    titles = tuple(t for t in (page.meta.get("og:title"), page.title_tag) if t)
    paragraphs = emit_paragraphs(layout, located, titles)
    page_type = classify(layout, located, paragraphs, page.url)
    if page_type != "article":
        return Body(page_type)
    return Body("article", paragraphs, layout.nodes[located.container])
