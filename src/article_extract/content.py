"""Main-content location: a bottom-up density score over the segments of :mod:`.segments`.

Every segment gets a weight: sentence-like text (Chinese punctuation, length) is positive, link
text and short fragments are negative, text inside navigation/footer/share/comment/related
containers is negative, 相关阅读-style headings are strongly negative. Weights are summed bottom-up
once (reverse pre-order, O(n)); the element with the highest sum is the content container.
Within it, a maximum-sum run of segments gives the body boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from .patterns import patterns
from .segments import SENT_END, Layout, Segment

#: A furniture-named element is a wrapper when it (or a content container inside it) holds this share
#: of the prose around it ...
NOISE_WRAPPER_SHARE = 0.5
#: ... in long paragraphs (prose weight per line; comment threads are many short lines).
PROSE_PER_LINE = 30.0
#: A furniture-named element spanning this share of all elements is the page wrapper (blq-int-nav …).
PAGE_WRAPPER_SHARE = 0.5
#: At most this many short lines beside the run's ends are taken back in (datelines, credits).
_WIDEN_LINES = 8
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
    elif seg.punct >= 1 and text_chars >= 4 and SENT_END.search(seg.text[-2:]):
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
    stop_line = patterns().stop_line
    for seg in segs:
        seg.stop = seg.chars <= _STOP_MAX_CHARS and stop_line.found(seg.text)
        seg.noise = False
        seg.weight = segment_weight(seg)  # before furniture is known
    _mark_noise(layout)
    score = [0.0] * n
    positive = [0.0] * n
    last_link = -10  # index of the latest link line (a teaser title) ...
    link_run = 0  # ... and how many link lines came in a row up to it
    for k, seg in enumerate(segs):
        if seg.noise:
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
    _add_up(layout.parents, score, positive)
    best = score.index(max(score))  # the first of the highest
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


def _common_ancestor(layout: Layout, owners: list[int]) -> int:
    """The deepest element whose subtree holds every index in ``owners``."""
    lo, hi = min(owners), max(owners)
    node = lo
    while node > 0 and layout.end[node] <= hi:
        node = layout.parents[node]
    return max(node, 0)


def _add_up(parents: list[int], first: list[float], second: list[float]) -> None:
    """Add every element's two values into its parent's, bottom-up (reverse pre-order): each value
    becomes its subtree's total. Zeros (subtrees without segments) are passed over."""
    for i in range(len(parents) - 1, 0, -1):
        x, y = first[i], second[i]
        if x or y:
            p = parents[i]
            if p >= 0:
                first[p] += x
                second[p] += y


def _mark_noise(layout: Layout) -> None:
    """Flag segments under furniture-named elements, unless such an element wraps a content container.

    Segment weights are those without the furniture flag."""
    if not layout.noise_roots:
        return
    n = len(layout.tags)
    raw = [0.0] * n
    lines = [0.0] * n
    for seg in layout.segments:
        lines[seg.owner] += 1
        if seg.weight > 0:
            raw[seg.owner] += seg.weight
    parents, end = layout.parents, layout.end
    _add_up(parents, raw, lines)
    roots = set(layout.noise_roots)
    for r in layout.noise_roots:
        wrapper = end[r] - r >= PAGE_WRAPPER_SHARE * n or (
            raw[r] >= NOISE_WRAPPER_SHARE * raw[0] and raw[r] >= PROSE_PER_LINE * lines[r]
        )
        if wrapper or (
            raw[r] > 0
            and any(r < h < end[r] and raw[h] >= NOISE_WRAPPER_SHARE * raw[r] for h in layout.content_hint)
        ):
            roots.discard(r)  # e.g. <div class="js_img_share_area"> around the article body
    noisy = bytearray(n)
    for r in roots:
        noisy[r : end[r]] = b"\x01" * (end[r] - r)  # the subtree of r
    for seg in layout.segments:
        seg.noise = noisy[seg.owner] == 1


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
