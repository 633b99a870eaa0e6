"""The page's visible text as lines, collected once per page and shared by every field reader.

A line is the inline text between two block boundaries (``<p>``, ``<div>``, ``<br>``, ``<td>`` …),
so ``来源：<a>新华网</a>`` stays on one line. A line holding only a label (``来源：``) is joined
with the line after it, as gov-portal tables put label and value in neighbouring cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "center",
        "option",
        "select",
        "button",
        "title",
        "img",
        "input",
        "textarea",
        "label",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "select", "option", "textarea"})
_SPACE_RE = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_BARE_LABEL_RE = re.compile(r"^[\w（）()【】\[\] ]{1,8}[:：]$")
_MAX_LINE = 2000
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
    """Walk ``root`` once (iteratively, without mutating it) and return its text lines.

    When ``content`` (the main content node) lies inside ``root``, the lines it produced are noted
    as ``body_span``."""
    out: list[str] = []
    if root is None:
        return PageLines(out)
    target = content.mem_id if content is not None and content.mem_id != root.mem_id else None
    span: list[int] = []
    parts: list[str] = []

    def flush() -> None:
        if parts:
            text = clean("".join(parts))
            parts.clear()
            if text:
                out.append(text[:_MAX_LINE])

    # Stack of (node, leaving) pairs; ``leaving`` marks the end of a block element.
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            if target is not None and node.mem_id == target:
                span.append(len(out))
            continue
        if node.is_text_node:
            parts.append(node.text_content or "")
            continue
        tag = node.tag
        if not node.is_element_node or tag in _SKIP_TAGS:
            continue
        if tag == "img":
            continue
        is_content = target is not None and node.mem_id == target
        if is_content or tag in _BLOCK_TAGS:
            flush()
            if is_content:
                span.append(len(out))
            stack.append((node, True))
        child = node.last_child  # pushed last to first, so they pop in reading order
        while child is not None:
            stack.append((child, False))
            child = child.prev
    flush()
    joined = _join_bare_labels(out)
    page = PageLines(joined)
    if len(span) == 2 and len(joined) == len(out):
        page.body_span = (span[0], span[1])
    elif len(span) == 2:  # bare-label joins shifted the indexes: map them through the join
        page.body_span = (_joined_index(out, span[0]), _joined_index(out, span[1]))
    return page


def _joined_index(lines: list[str], index: int) -> int:
    """Where line ``index`` of ``lines`` ends up after :func:`_join_bare_labels`."""
    return len(_join_bare_labels(lines[:index]))


def _join_bare_labels(lines: list[str]) -> list[str]:
    joined: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _BARE_LABEL_RE.match(line) and i + 1 < len(lines) and len(lines[i + 1]) <= 60:
            joined.append(line + lines[i + 1])
            i += 2
            continue
        joined.append(line)
        i += 1
    return joined
