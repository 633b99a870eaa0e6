"""Emit body paragraphs from the located segment run, dropping the furniture portals put inside it."""

from __future__ import annotations

import re

from .content import Located
from .patterns import patterns
from .segments import LINK_LINE_COUNTED, Layout, Segment

#: Lines longer than this are prose even when they mention 版权/来源/电话 somewhere.
_MAX_DROPPABLE = 120
#: A bare date (and time) line; at the top of a body it is the page's dateline, not text (at the
#: bottom of a notice it is the signature date and stays).
_LEADING_DATE = re.compile(
    r"\s*\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?"
    r"(\s*(星期|周|週)[一二三四五六日天])?\s*(上午|下午|中午|晚上|凌晨)?"
    r"\s*([\d:：\s]*|[(（][^()（）]{0,12}[)）])\s*$"
)


def emit_paragraphs(layout: Layout, located: Located, titles: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Body paragraphs in reading order: no headline (any of ``titles`` repeated at the top), meta
    lines, share bars, disclaimers or lists."""
    pats = patterns()
    out: list[str] = []
    for seg in layout.segments[located.first : located.last + 1]:
        text = seg.text
        if seg.noise or _is_link_line(seg):
            continue
        short = seg.chars <= _MAX_DROPPABLE
        if out and short and pats.stop_line.found(text):
            break
        if (pats.drop_short if short else pats.drop_any).found(text):  # drop_line only for short lines
            continue
        if not out and _top_furniture(text, titles):
            continue
        out.append(text)
    while out and pats.credit_line.match(out[-1]):
        out.pop()
    return tuple(out)


def _top_furniture(text: str, titles: tuple[str, ...]) -> bool:
    """The headline or a bare date line repeated at the top of the content block."""
    return _LEADING_DATE.match(text) is not None or any(_is_headline(_key(text), t.strip()) for t in titles)


def _is_link_line(seg: Segment) -> bool:
    return seg.link_chars * 2 > seg.chars and not (seg.punct >= 2 and seg.chars >= LINK_LINE_COUNTED)


def _key(text: str) -> str:
    return "".join(text.split())


_TITLE_SEPARATORS = re.compile(r"\s[-–—|_]+\s|[_|｜]|[-–—]{1,2}(?=[^-–—]*$)")
#: A line counts as the headline when a piece of the <title> covers this much of it.
_HEADLINE_COVER = 0.8


def _is_headline(line: str, title: str) -> bool:
    """Whether ``line`` (whitespace removed) repeats the page title (site suffixes allowed)."""
    if len(line) < 4 or len(line) > 2 * len(title) + 10:
        return False
    if line in _key(title):
        return True
    pieces = [_key(p) for p in _TITLE_SEPARATORS.split(title)]
    return any(len(p) >= _HEADLINE_COVER * len(line) and p in line for p in pieces if p)
