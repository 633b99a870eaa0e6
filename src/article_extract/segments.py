"""Flatten a Lexbor tree into element arrays and text *segments* with one iterative walk.

A segment is a maximal run of inline text between block boundaries or ``<br>``, owned by its
nearest block element, with the statistics the content scorer needs (characters, link
characters, punctuation). Hidden subtrees and form controls are skipped; elements whose
class/id/tag name furniture or a known content container are flagged for the scorer.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .patterns import patterns

#: Elements that start a new line of text.
BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option",
        "select", "textarea", "title", "text",
    )
)
#: Elements whose text is never article prose (form controls, editor sources).
SKIP_TAGS = frozenset(("textarea", "select", "option", "button", "datalist", "noscript", "template"))
#: Elements whose own position in the tree marks a line break without owning text.
BREAK_TAGS = frozenset(("br", "img", "input", "button", "hr"))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: Empty elements whose attributes never matter here (``input`` is kept: password fields count).
VOID_TAGS = frozenset(("br", "img", "hr", "wbr", "source", "meta", "link", "area", "col", "track"))
_NO_ATTRS: dict[str, str | None] = {}
#: Page-level wrappers whose class names say nothing about their content.
_NEVER_NOISE = frozenset(("html", "body", "main", "article"))

#: Sentence punctuation that marks running prose (full-width and ASCII).
PUNCT = re.compile(r"[，。！？；：、“”‘’,!?;（）《》…「」『』]")
SENT_END = re.compile(r"[。！？!?…”」』]")
_WS = re.compile(r"[\s\u3000\xa0\u200b\u200c\u200d\ufeff]+")
_NL_WS = re.compile(r"[ \t\u3000\xa0]*[\r\n][\s\u3000\xa0]*")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2018-\u201d"
_CJK_NL_GAP = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Collapse whitespace (U+3000, NBSP, zero-width too); drop source line breaks between CJK characters."""
    if "\n" in text or "\r" in text:
        text = _NL_WS.sub("\n", text)
        text = _CJK_NL_GAP.sub("", text)
    return _WS.sub(" ", text).strip()


@dataclass(slots=True)
class Segment:
    """One line of text: its cleaned text, owning block element and character statistics."""

    text: str
    owner: int
    chars: int
    link_chars: int
    punct: int
    heading: bool
    noise: bool = False
    #: A heading such as 相关阅读 / 版权声明 after which no article text follows.
    stop: bool = False
    weight: float = 0.0


@dataclass
class Layout:
    """The flattened page: element arrays in pre-order and the text segments in reading order."""

    tags: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    nodes: list[LexborNode] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    #: Per element: index one past its last descendant (subtree = ``range(i, end[i])``).
    end: list[int] = field(default_factory=list)
    content_hint: set[int] = field(default_factory=set)
    #: Elements whose class/id/tag marks navigation, footer, share, comment or related furniture.
    noise_roots: set[int] = field(default_factory=set)
    password_inputs: int = 0


_HIDDEN, _NOISE, _HINT = 1, 2, 4
_flag_cache: dict[tuple[str, str, str], int] = {}


def _flags(tag: str, attrs: dict[str, str | None]) -> int:
    """Hidden / furniture / content-container flags of one element from its tag and attributes."""
    get = attrs.get
    key = (tag, get("class") or "", get("id") or "")
    flags = _flag_cache.get(key)
    if flags is None:
        flags = _name_flags(*key)
        if len(_flag_cache) < 50_000:
            _flag_cache[key] = flags
    if len(attrs) > 2 or "style" in attrs or "hidden" in attrs:
        flags = _attr_flags(flags, attrs)
    return flags


def _name_flags(tag: str, cls: str, ident: str) -> int:
    pats = patterns()
    low_cls, low_id = cls.lower(), ident.lower()
    if (
        tag in pats.content_tags
        or (low_id and low_id in pats.content_ids)
        or any(c in pats.content_classes for c in low_cls.split())
    ):
        return _HINT
    if tag not in _NEVER_NOISE and (
        tag in pats.noise_tags or pats.noise_class_id.search(low_cls + " " + low_id) is not None
    ):
        return _NOISE
    return 0


def _attr_flags(flags: int, attrs: dict[str, str | None]) -> int:
    pats = patterns()
    for name, value in pats.content_attrs.items():
        if (attrs.get(name) or "").lower() == value:
            flags = (flags | _HINT) & ~_NOISE
    if "hidden" in attrs:
        flags |= _HIDDEN
    style = attrs.get("style")
    if style and "none" in style and pats.hidden_style.search(style):
        flags |= _HIDDEN
    return flags


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the walk keeps one Python object per element alive, and
    repeated full collections over millions of them would make big pages quadratic. Nothing the
    walk allocates forms reference cycles, so no garbage is missed."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def walk(tree: LexborHTMLParser) -> Layout:
    """Flatten the tree into element arrays and text segments with one iterative traversal."""
    with _gc_paused():
        return _walk(tree)


def _walk(tree: LexborHTMLParser) -> Layout:
    root = tree.body or tree.root
    layout = Layout()
    if root is None:
        return layout
    tags, parents, nodes = layout.tags, layout.parents, layout.nodes
    in_link: list[bool] = []
    block_of: list[int] = []
    parts: list[str] = []
    seg_owner = -1
    seg_link = 0
    segments = layout.segments

    def flush() -> None:
        nonlocal seg_link
        text = clean_text("".join(parts))
        if text:
            chars = len(text) - text.count(" ")
            segments.append(
                Segment(
                    text=text,
                    owner=seg_owner,
                    chars=chars,
                    link_chars=min(seg_link, chars),
                    punct=len(PUNCT.findall(text)),
                    heading=tags[seg_owner] in HEADING_TAGS,
                )
            )
        parts.clear()
        seg_link = 0

    # Iterative pre-order walk with an explicit stack of (next node, parent element index):
    # no recursion, no parent lookups; hidden and never-content subtrees are not entered.
    # Tag names by Lexbor tag id, filled per walk (custom tags get per-document ids).
    names: dict[int, str] = {}
    stack: list[tuple[LexborNode | None, int]] = [(root, -1)]
    while stack:
        node, p = stack.pop()
        if node is None:
            continue
        stack.append((node.next, p))
        tag_id = node.tag_id
        tag = names.get(tag_id)
        if tag is None:
            tag = names[tag_id] = node.tag or "-"
        if tag == "-text":
            if p < 0:
                continue
            s = node.text_content
            if not s or s.isspace():
                if parts:
                    parts.append(" ")
                continue
            owner = block_of[p]
            if owner != seg_owner:
                if parts:
                    flush()
                seg_owner = owner
            parts.append(s)
            if in_link[p]:
                seg_link += len(s) - s.count(" ")
            continue
        if tag[0] in "-_":
            continue
        attrs = _NO_ATTRS if tag in VOID_TAGS else node.attributes
        flags = _flags(tag, attrs) if attrs else 0
        if flags & _HIDDEN or tag in SKIP_TAGS:
            if tag in BLOCK_TAGS and parts:
                flush()
            continue
        i = len(tags)
        tags.append(tag)
        parents.append(p)
        nodes.append(node)
        in_link.append(tag == "a" or (p >= 0 and in_link[p]))
        if flags & _HINT:
            layout.content_hint.add(i)
        elif flags & _NOISE:
            layout.noise_roots.add(i)
        if tag in BLOCK_TAGS or p < 0:
            block_of.append(i)
            if parts:
                flush()
        else:
            block_of.append(block_of[p])
            if tag in BREAK_TAGS:
                if parts:
                    flush()
                if tag == "input" and (attrs.get("type") or "").lower() == "password":
                    layout.password_inputs += 1
        stack.append((node.child, i))
    if parts:
        flush()
    end = list(range(1, len(tags) + 1))
    for i in range(len(tags) - 1, 0, -1):
        p = parents[i]
        if p >= 0 and end[i] > end[p]:
            end[p] = end[i]
    layout.end = end
    return layout
