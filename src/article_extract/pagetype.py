"""Page type: ``article`` when a substantial prose block was found, else ``list`` or ``other``."""

from __future__ import annotations

from .content import Layout, Located, Segment

#: Prose characters a body needs to count as an article even on a link-heavy page.
MIN_ARTICLE_CHARS = 200
#: No article body is shorter than this.
MIN_SHORT_CHARS = 50
#: An article has at least one paragraph of running prose this long.
MIN_LONGEST_PARAGRAPH = 50
#: Link lines that make a page without a body a list page.
MIN_LIST_LINKS = 15
#: Item titles (link lines) among the body's lines that make it a list of teasers.
MIN_BLOCK_LINK_LINES = 8

_SENTENCE_ENDS = frozenset("。！？!?")


def _is_link_line(seg: Segment) -> bool:
    return seg.chars >= 6 and seg.link_chars * 2 > seg.chars


def classify(layout: Layout, located: Located | None, paragraphs: tuple[str, ...]) -> str:
    """Classify the page as ``article``, ``list`` or ``other``."""
    segs = layout.segments
    body_chars = sum(len(p) for p in paragraphs)
    link_chars = sum(s.link_chars for s in segs)
    sentences = sum(1 for p in paragraphs for ch in p if ch in _SENTENCE_ENDS)
    longest = max((len(p) for p in paragraphs), default=0)
    block_links = 0
    if located is not None:
        block_links = sum(1 for s in segs[located.first : located.last + 1] if _is_link_line(s))
    teaser_list = block_links >= MIN_BLOCK_LINK_LINES and block_links * 2 >= len(paragraphs)
    many_lines = body_chars >= MIN_ARTICLE_CHARS and len(paragraphs) >= 5
    long_enough = longest >= MIN_LONGEST_PARAGRAPH or many_lines
    prose = sentences >= 1 and long_enough and not teaser_list
    if prose and body_chars >= MIN_ARTICLE_CHARS and body_chars * 12 >= link_chars:
        return "article"
    if prose and body_chars >= MIN_SHORT_CHARS and (sentences >= 2 or body_chars * 20 >= link_chars):
        return "article"
    if layout.password_inputs:
        return "other"
    link_lines = sum(1 for s in segs if _is_link_line(s))
    return "list" if link_lines >= MIN_LIST_LINKS else "other"
