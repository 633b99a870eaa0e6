"""Flatten a Lexbor tree into element arrays and text *segments* with one iterative walk.

A segment is a maximal run of inline text between block boundaries or ``<br>``, owned by its
nearest block element, with the statistics the content scorer needs (characters, link
characters, punctuation). Hidden subtrees and form controls are skipped; elements whose
class/id/tag name furniture or a known content container are flagged for the scorer.

The same walk collects the page's text *lines* for the metadata stage (:mod:`.metadata.textlines`
defines them): lines follow their own block rules and keep the text of hidden subtrees and buttons,
which segments skip, so the page is walked once for both.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import _accelerated
from .patterns import patterns


def _tags(names: str) -> frozenset[str]:
    """A set of tag names written as one white-space separated string."""
    return frozenset(names.split())


#: Elements that start a new line of text.
BLOCK_TAGS = _tags(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul option select textarea title text"
)
#: Elements whose text is never article prose (form controls, editor sources).
SKIP_TAGS = frozenset(("textarea", "select", "option", "button", "datalist", "noscript", "template"))
#: Elements whose own position in the tree marks a line break without owning text.
BREAK_TAGS = frozenset(("br", "img", "input", "button", "hr"))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: Empty elements whose attributes never matter here (``input`` is kept: password fields count).
VOID_TAGS = frozenset(("br", "img", "hr", "wbr", "source", "meta", "link", "area", "col", "track"))
_NO_ATTRS: dict[str, str | None] = {}
#: Elements that end a metadata text line where they start and where they end (the ``<img>`` listed
#: here is no boundary: the line rules skip it).
LINE_BLOCK_TAGS = _tags(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td th ul center "
    "option select button title img input textarea label"
)
#: Elements whose text no metadata line holds (their subtree is skipped, and they are no boundary).
LINE_SKIP_TAGS = _tags("script style noscript template head select option textarea")
#: A metadata line is cut to this many characters.
MAX_LINE = 2000
_LINE_WS = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
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
    if text.isprintable():  # the common case: no line break, tab, NBSP or zero-width character
        return " ".join(text.split())
    if "\n" in text or "\r" in text:
        text = text.strip()  # a line break at either end has no CJK character on its far side
        if "\n" in text or "\r" in text:
            text = _NL_WS.sub("\n", text)
            text = _CJK_NL_GAP.sub("", text)
    if "\u200b" not in text and "\u200c" not in text and "\u200d" not in text and "\ufeff" not in text:
        return " ".join(text.split())  # str.split() splits at exactly the white space ``\s`` knows
    return _WS.sub(" ", text).strip()


def line_text(text: str) -> str:
    """A metadata line's text: white space (also zero-width) collapsed and trimmed, cut to ``MAX_LINE``."""
    # str.split() knows the same white space as ``\s``; only zero-width spaces need the regex (a
    # printable text has none)
    if not text.isprintable() and ("\u200b" in text or "\ufeff" in text):
        return _LINE_WS.sub(" ", text).strip()[:MAX_LINE]
    return " ".join(text.split())[:MAX_LINE]


#: Lines mostly of link text are this long at least to have their punctuation counted.
LINK_LINE_COUNTED = 30


@dataclass(slots=True)
class Segment:
    """One line of text: its cleaned text, owning block element and character statistics."""

    text: str
    owner: int
    chars: int
    link_chars: int
    #: Sentence punctuation marks; not counted (0) on a line under ``LINK_LINE_COUNTED`` characters
    #: that is mostly link text, where no reader asks.
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
    nodes: Sequence[LexborNode] = field(default_factory=list)
    #: Per element: its ``class`` attribute as written (``None``: none, or one without a value).
    classes: list[str | None] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    #: Per element: index one past its last descendant (subtree = ``range(i, end[i])``).
    end: list[int] = field(default_factory=list)
    content_hint: set[int] = field(default_factory=set)
    #: Elements whose class/id/tag marks navigation, footer, share, comment or related furniture.
    noise_roots: set[int] = field(default_factory=set)
    password_inputs: int = 0
    #: The metadata text lines (before bare labels are joined), or ``None`` when the walk cannot give
    #: them exactly (an element the line rules skip holds text the segments keep).
    lines: list[str] | None = field(default_factory=list)
    #: For each element that is a line boundary and holds text: how many lines were complete at its
    #: start and at its end.
    line_spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    def line_span(self, i: int) -> tuple[int, int] | None:
        """Lines ``[start, end)`` of element ``i``'s text, when it is a line boundary holding text."""
        return self.line_spans.get(i)


_HIDDEN, _NOISE, _HINT = 1, 2, 4
_flag_cache: dict[tuple[str, str, str], int] = {}


def _cached_name_flags(tag: str, cls: str, ident: str) -> int:
    """Flags from the tag, class and id, remembered (up to a bound) across pages."""
    flags = _name_flags(tag, cls, ident)
    if len(_flag_cache) < 50_000:
        _flag_cache[(tag, cls, ident)] = flags
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
    """Flatten the tree into element arrays and text segments with one iterative traversal (in C
    where the accelerated walk is available and agrees with the tree, else in Python)."""
    root = tree.body or tree.root
    if root is not None and _c_walk_agrees():
        with _gc_paused():
            layout = _walk_in_c(root)
        if layout is not None:
            return layout
    return walk_in_python(tree)


def _walk_in_c(root: LexborNode) -> Layout | None:
    """The accelerated walk, or ``None`` where it cannot walk this page."""
    found = _accelerated.walk(root, _walk_tables())
    return None if found is None else _layout_from_raw(*found)


#: A page with every feature the walk handles, walked both ways once per process.
_AGREEMENT_PAGE = (
    '<div class="nav"><a href="/">首页</a> <a href="/n">新闻</a></div><article><h1>标题</h1>'
    '<p style="color:red">正文，第一段。<a href="/x">链接</a><br>下一行\u3000</p><o:p>词</o:p>'
    '<div hidden>隐藏<b>文字</b></div><button>按钮</button><!--注释--><p itemprop="articleBody">'
    '第二段。</p><input type="Password"><img src="x.png"><span>\u200b</span></article>'
    "<footer>版权所有</footer><script>var x = 1;</script>"
)


@cache
def _c_walk_agrees() -> bool:
    """Whether the C walk is usable and gives the Python walk's layout on :data:`_AGREEMENT_PAGE`."""
    if not _accelerated.available():
        return False
    root = LexborHTMLParser(_AGREEMENT_PAGE).body
    if root is None:
        return False
    with _gc_paused():
        fast = _walk_in_c(root)
        return fast is not None and same_layout(fast, _walk(root))


def same_layout(a: Layout, b: Layout) -> bool:
    """Whether two walks of one tree agree in everything they found (the same nodes included)."""
    return (
        a.tags == b.tags
        and a.parents == b.parents
        and a.classes == b.classes
        and a.segments == b.segments
        and a.end == b.end
        and a.content_hint == b.content_hint
        and a.noise_roots == b.noise_roots
        and a.password_inputs == b.password_inputs
        and a.lines == b.lines
        and a.line_spans == b.line_spans
        and [n.mem_id for n in a.nodes] == [n.mem_id for n in b.nodes]
    )


@cache
def _walk_tables() -> _accelerated.Tables:
    """What the accelerated walk needs from this module: tag kinds and the flag rules (the kinds table
    and the flag cache are the module's own, which grow as pages are walked)."""
    return _accelerated.Tables(
        text_id=_text_tag_id(),
        kinds=_standard_kinds(),
        flag_cache=_flag_cache,
        name_flags=_cached_name_flags,
        attr_flags=_attr_flags,
        kind_of=_kind_of,
        attr_names=patterns().flag_attrs | {_accelerated.TYPE_ATTR},
    )


def _layout_from_raw(raw: _accelerated.RawLayout, nodes: Sequence[LexborNode]) -> Layout:
    """A :class:`Layout` from the accelerated walk's arrays: its raw lines of text are cleaned here, by
    the same rules as in :func:`walk_in_python`."""
    layout = Layout(
        tags=raw.tags,
        parents=raw.parents,
        nodes=nodes,
        classes=raw.classes,
        end=raw.end,
        content_hint=set(raw.hints),
        noise_roots=set(raw.noise),
        password_inputs=raw.password_inputs,
        lines=[line_text(text) for text in raw.lines] if raw.lines is not None else None,
        line_spans=raw.line_spans,
    )
    segments, tags, punct = layout.segments, raw.tags, PUNCT.findall
    for text, owner, seg_link in raw.segments:
        segment = _segment(clean_text(text), owner, seg_link, tags, punct)
        if segment is not None:
            segments.append(segment)
    return layout


def _segment(
    text: str, owner: int, seg_link: int, tags: list[str], punct: Callable[[str], list[str]]
) -> Segment | None:
    """The segment of a cleaned line of text owned by element ``owner`` (``None`` for no text)."""
    if not text:
        return None
    chars = len(text) - text.count(" ")
    link = seg_link if seg_link < chars else chars
    heading = tags[owner] in HEADING_TAGS
    marks = len(punct(text)) if link * 2 <= chars or chars >= LINK_LINE_COUNTED else 0
    return Segment(text, owner, chars, link, marks, heading)


def walk_in_python(tree: LexborHTMLParser) -> Layout:
    """The walk in Python: the reference for the accelerated one, and its stand-in."""
    root = tree.body or tree.root
    if root is None:
        return Layout()
    with _gc_paused():
        return _walk(root)


def _walk(root: LexborNode) -> Layout:
    layout = Layout()
    tags, parents, classes = layout.tags, layout.parents, layout.classes
    nodes: list[LexborNode] = []
    layout.nodes = nodes
    parts: list[str] = []
    seg_owner = -1
    seg_link = 0
    segments = layout.segments
    punct = PUNCT.findall
    lines: list[str] = []
    lparts: list[str] = []  # the metadata line being collected
    line_spans = layout.line_spans

    def flush() -> None:
        nonlocal seg_link
        segment = _segment(clean_text("".join(parts)), seg_owner, seg_link, tags, punct)
        if segment is not None:
            segments.append(segment)
        parts.clear()
        seg_link = 0

    def line_flush() -> None:
        text = line_text("".join(lparts))
        lparts.clear()
        if text:
            lines.append(text)

    # An explicit stack of child iterators (Lexbor's, C level) walks the tree depth first: an element
    # ends when its children run out. The stack holds, per open element, its parent's iterator and
    # the state inside the parent: (index, owning block, inside a link, lines complete at its start
    # if it is a line boundary, else -1).
    kinds = _kinds()
    flag_cache, flag_attrs = _flag_cache, patterns().flag_attrs
    text_id = _text_tag_id()
    stack: list[tuple[Iterator[LexborNode], int, int, bool, int]] = []
    children: Iterator[LexborNode] = iter((root,))
    p, block, link, ls = -1, -1, False, -1  # the innermost open element
    while True:
        for node in children:
            tag_id = node.tag_id
            if tag_id == text_id:
                # Most text nodes are layout white space: Lexbor tells (ASCII white space only)
                # without making a string; NBSP and U+3000 runs are caught by isspace().
                if node.is_empty_text_node or not (s := node.text_content) or s.isspace():
                    if parts:
                        parts.append(" ")
                    if lparts:
                        lparts.append(" ")
                    continue
                if block != seg_owner:
                    if parts:
                        flush()
                    seg_owner = block
                parts.append(s)
                lparts.append(s)
                if link:
                    seg_link += len(s) - s.count(" ")
                continue
            kind = kinds.get(tag_id)
            if kind is None:  # a custom element (its id holds for this document only) or an unlisted tag
                kind = kinds[tag_id] = _kind_of(node.tag or "-")
            tag, role, flags = kind  # flags: those of the bare tag (<nav>, <footer>, <article> …)
            if role == _COMMENT:
                continue
            attrs = node.attributes
            cls = attrs.get("class")
            if role & _VOID:  # no attribute of an empty element sets a flag
                attrs = _NO_ATTRS
            if attrs:  # hidden / furniture / content-container flags (cached by tag, class and id)
                ident = attrs.get("id")
                if cls or ident:
                    key = (tag, cls or "", ident or "")
                    cached = flag_cache.get(key)
                    flags = _cached_name_flags(*key) if cached is None else cached
                if not flag_attrs.isdisjoint(attrs):
                    flags = _attr_flags(flags, attrs)
            if flags & _HIDDEN or role & _SKIP:
                if role & _BLOCK and parts:
                    flush()
                if not role & _LSKIP:  # hidden text and buttons are still read by the metadata stage
                    if role & _LBLOCK and lparts:
                        line_flush()
                    _hidden_lines(node, kinds, lparts, line_flush)
                    if role & _LBLOCK and lparts:
                        line_flush()
                continue
            i = len(tags)
            tags.append(tag)
            parents.append(p)
            nodes.append(node)
            classes.append(cls)
            if flags:
                if flags & _HINT:
                    layout.content_hint.add(i)
                elif flags & _NOISE:
                    layout.noise_roots.add(i)
            if role & _VOID:  # no children: it ends where it starts, and the state stays
                if role & (_BLOCK | _BREAK) and parts:
                    flush()
                if role & _LBLOCK and lparts:
                    line_flush()
                continue
            stack.append((children, p, block, link, ls))
            children = node.iter(True)  # include_text (positional: a cheaper call)
            p = i
            link = link or tag == "a"
            if role & _BLOCK or i == 0:
                block = i
                if parts:
                    flush()
            elif role & _BREAK:
                if parts:
                    flush()
                if tag == "input" and (attrs.get("type") or "").lower() == "password":
                    layout.password_inputs += 1
            if role & _LBLOCK and i != 0:  # the root is no line boundary
                if lparts:
                    line_flush()
                ls = len(lines)
            else:
                ls = -1
                if role & _LSKIP and node.first_child is not None:
                    layout.lines = None  # text the segments keep but the lines skip (<head>, <script>)
            break
        else:  # the children of element p have run out: it ends
            if ls >= 0:
                if lparts:
                    line_flush()
                if len(lines) > ls:
                    line_spans[p] = (ls, len(lines))
            if not stack:
                break
            children, p, block, link, ls = stack.pop()
    if parts:
        flush()
    if lparts:
        line_flush()
    if layout.lines is not None:
        layout.lines = lines
    layout.end = _subtree_ends(parents)
    known = _standard_kinds()
    if len(kinds) > len(known):  # tags of fixed ids met here become known to the accelerated walk
        known.update((tag_id, kind) for tag_id, kind in kinds.items() if tag_id < _MAX_STANDARD_ID)
    return layout


def _subtree_ends(parents: list[int]) -> list[int]:
    """Per element (pre-order): index one past its last descendant."""
    end = list(range(1, len(parents) + 1))
    for i in range(len(parents) - 1, 0, -1):
        p = parents[i]
        if p >= 0 and end[i] > end[p]:
            end[p] = end[i]
    return end


def _hidden_lines(
    top: LexborNode, kinds: dict[int, tuple[str, int, int]], lparts: list[str], flush: Callable[[], None]
) -> None:
    """The metadata lines inside ``top``, a subtree the segments skip (hidden, or a button): the text
    goes to ``lparts`` and ``flush`` ends a line, by the same line rules as the main walk."""
    text_id = _text_tag_id()
    stack: list[tuple[Iterator[LexborNode], bool]] = []
    children: Iterator[LexborNode] = top.iter(True)  # with text nodes
    while True:
        for node in children:
            tag_id = node.tag_id
            if tag_id == text_id:
                if node.is_empty_text_node or not (s := node.text_content) or s.isspace():
                    if lparts:
                        lparts.append(" ")
                else:
                    lparts.append(s)
                continue
            kind = kinds.get(tag_id)
            if kind is None:
                kind = kinds[tag_id] = _kind_of(node.tag or "-")
            role = kind[1]
            if role == _COMMENT or role & _LSKIP:
                continue
            boundary = role & _LBLOCK != 0
            if boundary and lparts:
                flush()
            stack.append((children, boundary))
            children = node.iter(True)  # with text nodes
            break
        else:
            if not stack:
                return
            children, boundary = stack.pop()
            if boundary and lparts:
                flush()


#: Role bits; ``_LBLOCK``/``_LSKIP``: a line boundary / a subtree skipped by the metadata line rules.
_COMMENT, _BLOCK, _BREAK, _VOID, _SKIP, _LBLOCK, _LSKIP = -1, 1, 2, 4, 8, 16, 32
#: Custom elements get per-document tag ids at or above this; only standard ids are cached.
_MAX_STANDARD_ID = 1 << 16


def _kind_of(tag: str) -> tuple[str, int, int]:
    """The walk's view of a tag name: the name, its role bits (comment/doctype: ``_COMMENT``) and the
    flags of the bare tag.

    Names starting with ``_`` (Lexbor's unknown-tag marker) are skipped with their subtree, by both
    the segments and the lines."""
    if tag[0] == "-":
        return tag, _COMMENT, 0
    role = _SKIP if tag in SKIP_TAGS or tag[0] == "_" else 0
    if tag in BLOCK_TAGS:
        role |= _BLOCK
    if tag in BREAK_TAGS:
        role |= _BREAK
    if tag in VOID_TAGS:
        role |= _VOID
    if tag in LINE_SKIP_TAGS or tag[0] == "_":
        role |= _LSKIP
    elif tag in LINE_BLOCK_TAGS and tag != "img":  # an <img> holds no text and breaks no line
        role |= _LBLOCK
    return tag, role, _name_flags(tag, "", "")


#: Common inline elements, given kinds up front (others are looked up once per walk).
_INLINE = _tags(
    "a span b strong em i u font small big sub sup abbr cite code time var s q mark ins del input"
)


#: The other elements Lexbor gives fixed ids (HTML, obsolete HTML, SVG and MathML): known up front,
#: the accelerated walk never needs the Python walk to name them.
_OTHER_FIXED = _tags(
    "acronym applet audio base basefont bdi bdo bgsound blink canvas colgroup data dfn dir embed frame "
    "frameset head iframe image isindex kbd keygen legend link listing map marquee math meter multicol "
    "nextid nobr noembed noframes object optgroup output param picture plaintext progress rb rp rt rtc "
    "ruby samp script slot spacer strike style svg tt video xmp altglyph altglyphdef altglyphitem "
    "animatecolor animatemotion animatetransform annotation-xml clippath desc feblend fecolormatrix "
    "fecomponenttransfer fecomposite feconvolvematrix fediffuselighting fedisplacementmap "
    "fedistantlight fedropshadow feflood fefunca fefuncb fefuncg fefuncr fegaussianblur feimage "
    "femerge femergenode femorphology feoffset fepointlight fespecularlighting fespotlight fetile "
    "feturbulence foreignobject glyphref lineargradient malignmark mfenced mglyph mi mn mo ms mtext "
    "path radialgradient textpath search selectedcontent"
)


@cache
def _standard_kinds() -> dict[int, tuple[str, int, int]]:
    """Kinds by Lexbor tag id of the tags named in the tables and of Lexbor's other fixed-id tags
    (tags met later with fixed ids are added by the Python walk)."""
    tree = LexborHTMLParser("<p>text<!--c--></p>")
    names = sorted(BLOCK_TAGS | SKIP_TAGS | BREAK_TAGS | VOID_TAGS | HEADING_TAGS | _INLINE)
    names += sorted(LINE_BLOCK_TAGS | LINE_SKIP_TAGS | _OTHER_FIXED)
    found = list(tree.root.traverse(include_text=True)) if tree.root is not None else []
    found += [tree.create_node(name) for name in names]
    return {n.tag_id: _kind_of(n.tag or "-") for n in found if n.tag_id < _MAX_STANDARD_ID}


def _kinds() -> dict[int, tuple[str, int, int]]:
    """A per-walk copy of the standard kinds, to which the walk adds the tags it meets."""
    return dict(_standard_kinds())


@cache
def _text_tag_id() -> int:
    """Lexbor's tag id of text nodes."""
    return next(tag_id for tag_id, (tag, _, _) in _standard_kinds().items() if tag == "-text")
