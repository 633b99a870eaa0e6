"""Boilerplate stage: find the main content block, emit clean body paragraphs, classify the page.

The work is split into :mod:`.segments` (one iterative walk that flattens the tree into text
lines), :mod:`.content` (bottom-up density score, body run), :mod:`.paragraphs` (line-level
furniture removal) and :mod:`.pagetype`; Chinese portal patterns live in ``data/boilerplate.json``.
The tree is read, never mutated; ``Body.node`` is the content container for the metadata stage, and
``Body.lines`` the page's text lines for it (collected by the same walk).
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
    #: The page's text lines as :func:`.metadata.textlines.collect_lines` gives them before bare labels
    #: are joined (``None``: not known, the metadata stage collects them itself) ...
    lines: tuple[str, ...] | None = None
    #: ... and the line range ``[start, end)`` of ``node`` in them.
    lines_span: tuple[int, int] | None = None


def extract_body(page: ParsedPage) -> Body:
    """Classify the page and return its clean body paragraphs in reading order."""
    layout = walk(page.tree)
    located = locate(layout)
    lines = tuple(layout.lines) if layout.lines is not None else None
    if located is None:
        return Body("other", lines=lines)
    titles = tuple(t for t in (page.meta.get("og:title"), page.title_tag) if t)
    paragraphs = emit_paragraphs(layout, located, titles)
    page_type = classify(layout, located, paragraphs, page.url)
    if page_type != "article":
        return Body(page_type, lines=lines)
    container = located.container
    node = layout.nodes[container]
    if container == 0:  # the page root: its lines are the whole page, no span
        return Body("article", paragraphs, node, lines)
    span = layout.line_span(container)
    if span is None:  # a container that breaks no line: the metadata stage walks for its span
        return Body("article", paragraphs, node)
    return Body("article", paragraphs, node, lines, span)
