"""Emit body paragraphs from the located segment run, dropping the furniture portals put inside it."""

from __future__ import annotations

from .content import Layout, Located, Segment
from .patterns import patterns

#: Lines longer than this are prose even when they mention 版权/来源/电话 somewhere.
_MAX_DROPPABLE = 120


def emit_paragraphs(layout: Layout, located: Located, title: str | None = None) -> tuple[str, ...]:
    """Body paragraphs in reading order: no headline, meta lines, share bars, disclaimers or lists."""
    pats = patterns()
    title_key = _key(title) if title else ""
    out: list[str] = []
    for seg in layout.segments[located.first : located.last + 1]:
        text = seg.text
        if seg.noise or _is_link_line(seg):
            continue
        short = seg.chars <= _MAX_DROPPABLE
        if out and short and pats.stop_line.search(text):
            break
        if (short and pats.drop_line.search(text)) or pats.drop_any.search(text):
            continue
        if not out and title_key and (seg.heading or seg.punct == 0) and _key(text) in title_key:
            continue  # the headline repeated at the top of the content block
        out.append(text)
    while out and pats.credit_line.match(out[-1]):
        out.pop()
    return tuple(out)


def _is_link_line(seg: Segment) -> bool:
    return seg.link_chars * 2 > seg.chars and not (seg.punct >= 2 and seg.chars >= 30)


def _key(text: str) -> str:
    return "".join(text.split())
