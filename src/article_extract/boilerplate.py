"""Boilerplate stage: find the main content block and emit body paragraphs. (Stub.)"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from .parse import ParsedPage


@dataclass(frozen=True)
class Body:
    """The page's type and, for articles, its body paragraphs and main content node."""

    page_type: str  # article | list | other
    paragraphs: tuple[str, ...] = ()
    node: LexborNode | None = None


def extract_body(page: ParsedPage) -> Body:
    """Classify the page and return its clean body paragraphs in reading order."""
    body = page.tree.body
    if body is None:
        return Body("other")
    lines = [ln.strip() for ln in body.text(separator="\n").split("\n") if ln.strip()]
    return Body("article", tuple(lines), body)
