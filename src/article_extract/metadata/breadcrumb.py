"""Category: the breadcrumb path (``当前位置：首页 > 政策动态 > 正文`` → ``[首页, 政策动态]``)."""

from __future__ import annotations

import re
from functools import cache

from selectolax.lexbor import LexborHTMLParser

from .resources import words
from .textlines import PageLines, clean

_SEP_RE = re.compile(r"\s*(?:>>|->|-&gt;|&gt;|>|›|»|＞|→|/|\\|＼|》|｜)\s*")
_LINE_SEP_RE = re.compile(r"(?:>>|->|>|›|»|＞|→)")
_MAX_ITEM = 24
_MAX_ITEMS = 8


@cache
def _label_re() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in sorted(words("breadcrumb_labels"), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{labels})\s*[:：]?\s*")


def split_path(text: str, title: str | None) -> list[str]:
    """Items of a breadcrumb text, without the 当前位置 label, 正文 and the headline."""
    stripped = _label_re().sub("", text.strip())
    if stripped != text.strip() and not _SEP_RE.search(stripped):
        # 您所在的位置 首页 专题频道 国内专题: a labelled path set apart by spaces only
        stripped = " > ".join(stripped.split())
    text = stripped
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
    if len(items) > 1 and title and len(items[-1]) >= 4 and title.startswith(items[-1]):
        items.pop()  # a cut-off headline at the end of the path
    return items


def _plausible(items: list[str]) -> bool:
    return 1 <= len(items) <= _MAX_ITEMS and all(len(i) <= _MAX_ITEM for i in items)


@cache
def _combined_selector() -> str:
    """All breadcrumb selectors as one query: the tree is walked once, matches come in document order."""
    return ", ".join(words("breadcrumb_selectors"))


def pick_category(tree: LexborHTMLParser, lines: PageLines, title: str | None) -> tuple[str, ...]:
    """The breadcrumb from a breadcrumb-classed container, else a 当前位置/``a > b`` line near the top."""
    for node in tree.css(_combined_selector())[:12]:
        raw = node.text(deep=True, separator=" > ")
        flat = clean(node.text(deep=True, separator=" "))
        if not flat or len(flat) > 200:
            continue
        has_path = bool(_LINE_SEP_RE.search(flat)) or _label_re().match(flat) or len(node.css("a")) >= 2
        if not has_path:
            continue
        items = split_path(raw, title)
        anchors = node.css("a")
        if len(items) == 1 and " " in items[0] and len(anchors) >= 2:
            # links set apart only by spaces or images: the link texts are the items
            items = split_path(" > ".join(a.text(deep=True) for a in anchors), title)
        if _plausible(items):
            return tuple(items)
    near = _near_headline(lines, title)
    if near:
        return near
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


#: Separators of a short path line right above the headline (`` / `` only with spaces around it).
_NEAR_SEP_RE = re.compile(r">>|->|>|›|»|＞|→| / ")
_DATE_RE = re.compile(r"\d{4}\s*[-/年]\s*\d{1,2}")
_NEAR_ITEM = 12


def _near_headline(lines: PageLines, title: str | None) -> tuple[str, ...]:
    """A short path line (``评论 > 海外观察``, ``首页 / 其他 / 正文``) within ten lines above the headline."""
    if lines.headline is None:
        return ()
    label = _label_re()
    for i in range(lines.headline - 1, max(-1, lines.headline - 11), -1):
        line = lines.lines[i]
        if len(line) > 80 or _DATE_RE.search(line):
            continue
        seps = len(_NEAR_SEP_RE.findall(line))
        labelled = bool(label.match(line))
        if not seps and not labelled:
            continue
        items = split_path(line.replace(" / ", " > "), title)
        if not items or len(items) > 6 or any(len(item) > _NEAR_ITEM for item in items):
            continue
        if labelled or len(items) >= 2 or seps >= 2:
            return tuple(items)
    return ()
