"""The page's visible text as lines, collected once per page and shared by every field reader.

A line is the inline text between two block boundaries (``<p>``, ``<div>``, ``<br>``, ``<td>`` …),
so ``来源：<a>新华网</a>`` stays on one line. A line holding only a label (``来源：``) is joined
with the line after it, as gov-portal tables put label and value in neighbouring cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..segments import LINE_BLOCK_TAGS, LINE_SKIP_TAGS, line_text

#: The line rules (shared with the walk in :mod:`..segments`, which collects these lines for the
#: pipeline; :func:`collect_lines` walks a tree on its own).
_BLOCK_TAGS = LINE_BLOCK_TAGS
_SKIP_TAGS = LINE_SKIP_TAGS
_SPACE_RE = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_BARE_LABEL_RE = re.compile(r"^[\w（）()【】\[\] ]{1,8}[:：]$")
_MAX_BARE_LABEL = 9
#: Without a headline, how much further above the content node the metadata window reaches.
_NO_HEADLINE_REACH = 10
_DATE_HINT_RE = re.compile(r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")


def clean(text: str) -> str:
    """Collapse every run of (also non-breaking / ideographic) white space to one space and trim."""
    return _SPACE_RE.sub(" ", text).strip()


@dataclass
class PageLines:
    """The text lines of a page in reading order, with the headline's line index once known."""

    lines: list[str] = field(default_factory=list)
    headline: int | None = None
    #: Line range ``[start, end)`` of the main content node, when the boilerplate stage found one.
    body_span: tuple[int, int] | None = None

    def find_headline(self, title: str | None) -> None:
        """Set ``headline`` to the line that is ``title`` (the first one with a date soon below it, when the
        headline is repeated), else the first line starting with ``title``."""
        if not title:
            return
        hits = [i for i, line in enumerate(self.lines) if line == title]
        if hits:
            dated = [i for i in hits if any(_DATE_HINT_RE.search(ln) for ln in self.lines[i + 1 : i + 7])]
            self.headline = (dated or hits)[0]
            return
        for i, line in enumerate(self.lines):
            if line.startswith(title) and len(line) < len(title) + 20:
                self.headline = i
                return

    @property
    def anchor(self) -> int | None:
        """Where the article starts: the headline, else the first line of the content node."""
        if self.headline is not None:
            return self.headline
        return self.body_span[0] if self.body_span is not None else None

    def window(self, before: int, after: int) -> list[tuple[int, str]]:
        """Lines around the anchor (from ``before`` lines above to ``after`` below); all lines if none.

        Anchored on the content node (no headline found), the window reaches further up, where the
        headline and its credit lines would be."""
        anchor = self.anchor
        if anchor is None:
            return list(enumerate(self.lines))
        if self.headline is None:
            before += _NO_HEADLINE_REACH
        lo = max(0, anchor - before)
        hi = min(len(self.lines), anchor + after + 1)
        return [(i, self.lines[i]) for i in range(lo, hi)]

    def text_head(self, limit: int) -> str:
        """The first ``limit`` characters or so of the page text (whole lines, newline-joined)."""
        taken: list[str] = []
        size = 0
        for line in self.lines:
            taken.append(line)
            size += len(line) + 1
            if size >= limit:
                break
        return "\n".join(taken)

    def lines_after(self, start: int, stop: int) -> list[tuple[int, str]]:
        """Lines ``headline+start`` .. ``headline+stop`` (empty when no headline is known)."""
        if self.headline is None:
            return []
        lo, hi = self.headline + start, min(len(self.lines), self.headline + stop + 1)
        return [(i, self.lines[i]) for i in range(lo, hi)]

    def after_headline(self) -> list[tuple[int, str]]:
        """Every line from the headline on (from the content node, or all lines, when none was found)."""
        start = self.anchor or 0
        return [(i, self.lines[i]) for i in range(start, len(self.lines))]


def collect_lines(root: LexborNode | None, content: LexborNode | None = None) -> PageLines:
    """Walk ``root`` once (in document order, without mutating it) and return its text lines.

    When ``content`` (the main content node) lies inside ``root``, the lines it produced are noted
    as ``body_span``."""
    out: list[str] = []
    if root is None:
        return PageLines(out)
    target = content.mem_id if content is not None and content.mem_id != root.mem_id else -1
    target_tag = content.tag_id if content is not None and target != -1 else -1
    root_id = root.mem_id
    span: list[int] = []
    parts: list[str] = []
    kinds = dict(_kind_cache())  # copied: custom elements get per-document tag ids, added as met
    text_id = _text_tag_id()
    # Lexbor's own pre-order traversal shows where elements start, not where they end: a block's end is
    # the first node after its subtree, noted on entry as (tag id, mem id). Those ends nest, so they
    # form a stack whose top comes first; the cheap tag id is compared before the mem id.
    ends: list[tuple[int, int]] = []
    top_tag, top = -1, -1  # the nearest pending end; -1 when none (ids are never negative)
    target_end: int | None = -1
    skip_tag, skip_end = -1, -1  # while inside a skipped subtree: the first node after it
    nodes = root.traverse(include_text=True)
    next(nodes)  # the root itself
    for node in nodes:
        tag_id = node.tag_id
        if skip_end != -1:
            if tag_id != skip_tag or node.mem_id != skip_end:
                continue
            skip_end = -1
        if tag_id == top_tag:
            mem = node.mem_id
            if mem == top:
                while ends and ends[-1][1] == mem:
                    ends.pop()
                top_tag, top = ends[-1] if ends else (-1, -1)
                if parts:
                    _flush(parts, out)
                if mem == target_end:
                    span.append(len(out))
                    target_end = -1
        if tag_id == text_id:
            text = node.text_content
            if text and (parts or not text.isspace()):  # blank text at a line start adds nothing
                parts.append(text)
            continue
        kind = kinds.get(tag_id)
        if kind is None:
            kind = kinds[tag_id] = _kind_of(node.tag or "-")
        if kind == _SKIP:
            if node.first_child is not None:
                after = _end_of(node, root_id)
                if after is None:
                    break  # the skipped subtree runs to the end of the page
                skip_tag, skip_end = after
            continue
        is_target = tag_id == target_tag and node.mem_id == target
        if kind == _INLINE and not is_target:
            continue
        # a block element (or the content node): a line ends where it starts and where it ends
        if parts:
            _flush(parts, out)
        following = node.next
        after = (following.tag_id, following.mem_id) if following is not None else _end_of(node, root_id)
        if is_target:
            span.append(len(out))
            target_end = after[1] if after is not None else None
        if after is not None:
            ends.append(after)
            top_tag, top = after
    _flush(parts, out)
    if target_end is None:  # the content node ran to the end of the page
        span.append(len(out))
    return page_lines(out, (span[0], span[1]) if len(span) == 2 else None)


def page_lines(lines: list[str], span: tuple[int, int] | None = None) -> PageLines:
    """The page's lines from the collected ``lines`` (bare labels not yet joined) and the content
    node's line range ``span`` in them."""
    joined, where = _join_bare_labels(lines)
    page = PageLines(joined)
    if span is not None:
        page.body_span = (where[span[0]], where[span[1]])
    return page


def _flush(parts: list[str], out: list[str]) -> None:
    """End the current line: its cleaned text (when not blank) goes to ``out``."""
    if parts:
        text = line_text("".join(parts))
        parts.clear()
        if text:
            out.append(text)


def _end_of(node: LexborNode, root_id: int) -> tuple[int, int] | None:
    """``(tag_id, mem_id)`` of the first node after ``node``'s subtree in document order (None: the
    page's end)."""
    current: LexborNode | None = node
    while current is not None and current.mem_id != root_id:
        following = current.next
        if following is not None:
            return following.tag_id, following.mem_id
        current = current.parent
    return None


_TEXT, _SKIP, _BLOCK, _INLINE = 0, 1, 2, 3


def _kind_of(tag: str) -> int:
    """How the walk treats an element (or text/comment node) of this tag name."""
    if tag == "-text":
        return _TEXT
    if tag[0] in "-_" or tag in _SKIP_TAGS or tag == "img":
        return _SKIP  # comments, doctypes, never-text elements; an <img> is no line boundary
    return _BLOCK if tag in _BLOCK_TAGS else _INLINE


@cache
def _kind_cache() -> dict[int, int]:
    """Walk kind by Lexbor tag id for text, comments and the standard tags named in the tables.

    Standard tags have small fixed ids; custom elements get per-document ids (large numbers), which are
    never cached here."""
    tree = LexborHTMLParser("<p>text<!--c--></p>")
    nodes = list(tree.root.traverse(include_text=True)) if tree.root is not None else []
    nodes += [tree.create_node(tag) for tag in sorted(_BLOCK_TAGS | _SKIP_TAGS | _KNOWN_INLINE)]
    return {node.tag_id: _kind_of(node.tag or "-") for node in nodes if node.tag_id < _MAX_STANDARD_ID}


_MAX_STANDARD_ID = 1 << 16


@cache
def _text_tag_id() -> int:
    """Lexbor's tag id of text nodes."""
    return next(tag_id for tag_id, kind in _kind_cache().items() if kind == _TEXT)


#: Common inline elements, given fixed kinds up front (others are looked up once per page).
_KNOWN_INLINE = frozenset(
    [
        *("a", "span", "b", "strong", "em", "i", "u", "font", "small", "big", "sub", "sup", "abbr"),
        *("cite", "code", "time", "var", "s", "q", "mark", "ins", "del", "html", "body"),
    ]
)


def _join_bare_labels(lines: list[str]) -> tuple[list[str], list[int]]:
    """Join each bare label line (``来源：``) with the short line after it.

    Also returns where each line index (and the end, ``len(lines)``) lands among the joined lines; a
    value line joined to its label counts as after the joined line."""
    joined: list[str] = []
    where = [0] * (len(lines) + 1)
    i = 0
    while i < len(lines):
        line = lines[i]
        where[i] = len(joined)
        if (
            len(line) <= _MAX_BARE_LABEL
            and line[-1] in ":："
            and _BARE_LABEL_RE.match(line)
            and i + 1 < len(lines)
            and len(lines[i + 1]) <= 60
        ):
            joined.append(line + lines[i + 1])
            where[i + 1] = len(joined)
            i += 2
            continue
        joined.append(line)
        i += 1
    where[len(lines)] = len(joined)
    return joined, where
