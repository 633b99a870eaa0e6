"""Page type: ``article`` when a substantial prose block was found, else ``list`` or ``other``."""

from __future__ import annotations

from .content import Layout, Located

#: Prose characters a body needs to count as an article on its own.
MIN_ARTICLE_CHARS = 200
#: Shorter bodies still count when they are a real share of the page's text.
MIN_SHORT_CHARS = 40
#: Link lines that make a page without a body a list page.
MIN_LIST_LINKS = 15


def classify(layout: Layout, located: Located | None, paragraphs: tuple[str, ...]) -> str:
    """Classify the page as ``article``, ``list`` or ``other``."""
    body_chars = sum(len(p) for p in paragraphs)
    link_lines = sum(1 for s in layout.segments if s.link_chars * 2 > s.chars and 4 <= s.chars)
    link_chars = sum(s.link_chars for s in layout.segments)
    sentences = sum(1 for p in paragraphs for ch in p if ch in "。！？!?")
    if body_chars >= MIN_ARTICLE_CHARS and body_chars * 12 >= link_chars:
        return "article"
    if body_chars >= MIN_SHORT_CHARS and sentences >= 1 and body_chars * 20 >= link_chars:
        return "article"
    if layout.password_inputs:
        return "other"
    return "list" if link_lines >= MIN_LIST_LINKS else "other"
