"""Main-content location: one iterative walk of the Lexbor tree, then a bottom-up density score.

The walk cuts the page's text into *segments* (maximal runs of inline text between block
boundaries or ``<br>``), each owned by its nearest block element. Every segment gets a weight:
sentence-like text (Chinese punctuation, length) is positive, link text and short fragments are
negative, text inside navigation/footer/share/comment/related containers is negative. Weights
are summed bottom-up once (reverse pre-order, O(n)); the element with the highest sum is the
content container. Within it, a maximum-sum run of segments gives the body boundaries.
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
#: Page-level wrappers whose class names say nothing about their content.
_NEVER_NOISE = frozenset(("html", "body", "main", "article"))
#: A furniture-named element is a wrapper when it (or a content container inside it) holds this share
#: of the prose around it ...
NOISE_WRAPPER_SHARE = 0.5
#: ... in long paragraphs (prose weight per line; comment threads are many short lines).
PROSE_PER_LINE = 30.0

#: Sentence punctuation that marks running prose (full-width and ASCII).
_PUNCT = re.compile(r"[，。！？；：、“”‘’,!?;（）《》…]")
_SENT_END = re.compile(r"[。！？!?…”」』]")
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
    cls = attrs.get("class") or ""
    ident = attrs.get("id") or ""
    key = (tag, cls, ident)
    flags = _flag_cache.get(key)
    if flags is None:
        pats = patterns()
        flags = 0
        low_cls, low_id = cls.lower(), ident.lower()
        if (
            tag in pats.content_tags
            or (low_id and low_id in pats.content_ids)
            or any(c in pats.content_classes for c in low_cls.split())
        ):
            flags |= _HINT
        elif tag not in _NEVER_NOISE and (
            tag in pats.noise_tags or pats.noise_class_id.search(low_cls + " " + low_id) is not None
        ):
            flags |= _NOISE
        if len(_flag_cache) < 50_000:
            _flag_cache[key] = flags
    for name, value in patterns().content_attrs.items():
        if (attrs.get(name) or "").lower() == value:
            flags = (flags | _HINT) & ~_NOISE
    if "hidden" in attrs:
        flags |= _HIDDEN
    style = attrs.get("style")
    if style and "none" in style and patterns().hidden_style.search(style):
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
                    punct=len(_PUNCT.findall(text)),
                    heading=tags[seg_owner] in HEADING_TAGS,
                )
            )
        parts.clear()
        seg_link = 0

    # Iterative pre-order walk with an explicit stack of (next node, parent element index):
    # no recursion, no parent lookups; hidden and never-content subtrees are not entered.
    stack: list[tuple[LexborNode | None, int]] = [(root, -1)]
    while stack:
        node, p = stack.pop()
        if node is None:
            continue
        stack.append((node.next, p))
        tag = node.tag
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
        if tag is None or tag[0] in "-_":
            continue
        attrs = node.attributes
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


def segment_weight(seg: Segment) -> float:
    """Evidence that ``seg`` is article prose (positive) or page furniture (negative)."""
    n = seg.chars
    if n == 0:
        return 0.0
    if seg.noise:
        return -1.0 * n
    if seg.stop:
        return -STOP_PENALTY
    text_chars = n - seg.link_chars
    if seg.link_chars * 2 > n:
        return -1.0 * n
    if seg.heading:
        return -0.2 * n
    if seg.punct >= 1 and text_chars >= 10:
        gain = float(text_chars)
    elif seg.punct >= 1 and text_chars >= 4 and _SENT_END.search(seg.text[-2:]):
        gain = 0.5 * text_chars  # a short complete sentence (dialogue, a closing line)
    elif text_chars >= 20:
        gain = 0.3 * text_chars
    else:
        gain = -0.2 * text_chars
    return gain - 1.0 * seg.link_chars


@dataclass(frozen=True)
class Located:
    """The content container (element index) and the segment range chosen as body."""

    container: int
    first: int
    last: int  # inclusive
    score: float


def locate(layout: Layout) -> Located | None:
    """Find the content container and the body's segment range, or ``None`` if there is no text."""
    segs = layout.segments
    if not segs:
        return None
    n = len(layout.tags)
    _mark_noise(layout)
    stop_line = patterns().stop_line
    for seg in segs:
        seg.stop = seg.chars <= _STOP_MAX_CHARS and stop_line.search(seg.text) is not None
    score = [0.0] * n
    positive = [0.0] * n
    last_link = -10  # index of the latest link line (a teaser title) ...
    link_run = 0  # ... and how many link lines came in a row up to it
    for k, seg in enumerate(segs):
        seg.weight = segment_weight(seg)
        if seg.chars >= 6 and seg.link_chars * 2 > seg.chars:
            link_run = link_run + 1 if last_link == k - 1 else 1
            last_link = k
        elif seg.weight > 0 and k - last_link <= _TEASER_GAP and link_run == 1:
            # A blurb under a single linked title is a feed item; prose after a box of links is not.
            seg.weight *= TEASER_FACTOR
        score[seg.owner] += seg.weight
        if seg.weight > 0:
            positive[seg.owner] += seg.weight
    parents = layout.parents
    for i in range(n - 1, 0, -1):
        p = parents[i]
        if p >= 0:
            score[p] += score[i]
            positive[p] += positive[i]
    best = max(range(n), key=score.__getitem__)
    best = _tighten(layout, best, score, positive)
    lo, hi = best, layout.end[best]
    idx = [k for k, seg in enumerate(segs) if lo <= seg.owner < hi]
    run = _max_run(segs, idx) if idx else None
    # Flat layouts put the paragraphs beside related lists in one cell: a run of segments in
    # reading order can then beat every element's total by far.
    g_first, g_last, g_total = _max_run(segs, list(range(len(segs))))
    if run is None or g_total > GLOBAL_RUN_FACTOR * max(run[2], 0.0):
        container = _common_ancestor(layout, [segs[k].owner for k in range(g_first, g_last + 1)])
        first, last = _widen(layout, g_first, g_last, container)
        return Located(container, first, last, g_total)
    first, last = _widen(layout, run[0], run[1], best)
    return Located(best, first, last, run[2])


#: At most this many short lines beside the run's ends are taken back in (datelines, credits).
_WIDEN_LINES = 8


def _widen(layout: Layout, first: int, last: int, container: int) -> tuple[int, int]:
    """Take back short plain lines that sit beside the run's end paragraphs in the same parent, and
    a lead/summary paragraph (核心提示 …) kept in a sibling just before the content container."""
    segs, parents = layout.segments, layout.parents

    def plain(k: int, ref: int) -> bool:
        seg = segs[k]
        return (
            parents[seg.owner] == parents[segs[ref].owner]
            and not (seg.noise or seg.stop or seg.heading)
            and seg.link_chars * 2 <= seg.chars
        )

    for _ in range(_WIDEN_LINES):
        if first > 0 and plain(first - 1, first):
            first -= 1
        else:
            break
    for _ in range(_WIDEN_LINES):
        if last + 1 < len(segs) and plain(last + 1, last):
            last += 1
        else:
            break
    if first > 0 and container > 0:
        lead = segs[first - 1]
        if (
            lead.weight > 0
            and lead.punct >= 2
            and not (lead.noise or lead.stop or lead.heading)
            and parents[lead.owner] == parents[container]
        ):
            first -= 1
    return first, last


#: Weight of a 相关阅读-style heading: long runs of teasers must not bridge it.
STOP_PENALTY = 400.0
#: Only lines up to this long are checked against the stop patterns.
_STOP_MAX_CHARS = 24

#: Prose right after a linked title (within this many lines) is a teaser blurb ...
_TEASER_GAP = 2
#: ... and counts this much.
TEASER_FACTOR = 0.25

#: How much a document-order run must beat the best element before it is preferred.
GLOBAL_RUN_FACTOR = 1.25


def _common_ancestor(layout: Layout, owners: list[int]) -> int:
    """The deepest element whose subtree holds every index in ``owners``."""
    lo, hi = min(owners), max(owners)
    node = lo
    while node > 0 and layout.end[node] <= hi:
        node = layout.parents[node]
    return max(node, 0)


def _mark_noise(layout: Layout) -> None:
    """Flag segments under furniture-named elements, unless such an element wraps a content container."""
    if not layout.noise_roots:
        return
    n = len(layout.tags)
    raw = [0.0] * n
    lines = [0] * n
    for seg in layout.segments:
        seg.noise = False
        w = segment_weight(seg)
        lines[seg.owner] += 1
        if w > 0:
            raw[seg.owner] += w
    parents, end = layout.parents, layout.end
    for i in range(n - 1, 0, -1):
        if parents[i] >= 0:
            raw[parents[i]] += raw[i]
            lines[parents[i]] += lines[i]
    roots = set(layout.noise_roots)
    for r in layout.noise_roots:
        wrapper = raw[r] >= NOISE_WRAPPER_SHARE * raw[0] and raw[r] >= PROSE_PER_LINE * lines[r]
        if wrapper or any(
            r < h < end[r] and raw[h] >= NOISE_WRAPPER_SHARE * raw[r] > 0 for h in layout.content_hint
        ):
            roots.discard(r)  # e.g. <div class="js_img_share_area"> around the article body
    noisy = [False] * n
    for i in range(n):
        p = parents[i]
        noisy[i] = (p >= 0 and noisy[p]) or i in roots
    for seg in layout.segments:
        seg.noise = noisy[seg.owner]


def _tighten(layout: Layout, best: int, score: list[float], positive: list[float]) -> int:
    """Prefer a known content container inside ``best`` that holds nearly all of its prose."""
    end = layout.end[best]
    candidates = [h for h in layout.content_hint if best < h < end and positive[h] >= 0.85 * positive[best]]
    if candidates:
        return max(candidates, key=score.__getitem__)
    return best


def _max_run(segs: list[Segment], idx: list[int]) -> tuple[int, int, float]:
    """Maximum-sum contiguous run (Kadane) over the segments ``idx``; returns segment indices."""
    best_sum, best_lo, best_hi = float("-inf"), idx[0], idx[0]
    cur_sum, cur_lo = 0.0, idx[0]
    for k in idx:
        w = segs[k].weight
        if cur_sum <= 0:
            cur_sum, cur_lo = w, k
        else:
            cur_sum += w
        if cur_sum > best_sum:
            best_sum, best_lo, best_hi = cur_sum, cur_lo, k
    return best_lo, best_hi, best_sum
