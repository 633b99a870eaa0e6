"""Category: the breadcrumb path (``当前位置：首页 > 政策动态 > 正文`` → ``[首页, 政策动态]``)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from .resources import words
from .textlines import PageLines, clean

_SEP_RE = re.compile(r"\s*(?:>>|->|-&gt;|&gt;|>|›|»|＞|→|/|\\|＼|》)\s*")
_LINE_SEP_RE = re.compile(r"(?:>>|->|>|›|»|＞|→)")
_MAX_ITEM = 24
_MAX_ITEMS = 8


def _label_re() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in sorted(words("breadcrumb_labels"), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{labels})\s*[:：]?\s*")


def split_path(text: str, title: str | None) -> list[str]:
    """Items of a breadcrumb text, without the 当前位置 label, 正文 and the headline."""
    text = _label_re().sub("", text.strip())
    drop = set(words("breadcrumb_drop"))
    stop = set(words("breadcrumb_stop"))
    labels = set(words("breadcrumb_labels"))
    items: list[str] = []
    for piece in _SEP_RE.split(text):
        item = clean(piece).strip(":：|｜-—– ")
        if item.split(" ")[0] in stop:
            break
        if not item or item in drop or item in labels:
            continue
        if title and (item == title or (len(item) >= 8 and title.startswith(item))):
            continue
        items.append(item)
    if len(items) > 1 and title and len(items[-1]) >= 2 and items[-1] in title:
        items.pop()  # a cut-off headline at the end of the path
    return items


def _plausible(items: list[str]) -> bool:
    return 1 <= len(items) <= _MAX_ITEMS and all(len(i) <= _MAX_ITEM for i in items)


def pick_category(tree: LexborHTMLParser, lines: PageLines, title: str | None) -> tuple[str, ...]:
    """The breadcrumb from a breadcrumb-classed container, else a 当前位置/``a > b`` line near the top."""
    for selector in words("breadcrumb_selectors"):
        for node in tree.css(selector)[:3]:
            raw = node.text(deep=True, separator=" > ")
            flat = clean(node.text(deep=True, separator=" "))
            if not flat or len(flat) > 200:
                continue
            has_path = bool(_LINE_SEP_RE.search(flat)) or _label_re().match(flat) or len(node.css("a")) >= 2
            if not has_path:
                continue
            items = split_path(raw, title)
            if _plausible(items):
                return tuple(items)
    label = _label_re()
    limit = (lines.headline + 3) if lines.headline is not None else min(len(lines.lines), 80)
    for line in lines.lines[:limit]:
        if len(line) > 160:
            continue
        if label.match(line) or len(_LINE_SEP_RE.findall(line)) >= 2:
            items = split_path(line, title)
            if _plausible(items) and (label.match(line) or len(items) >= 2):
                return tuple(items)
    return ()
