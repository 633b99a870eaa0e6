"""Page type: ``article`` when a substantial prose block was found, else ``list`` or ``other``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .content import Located
from .segments import Layout, Segment

#: Prose characters a body needs to count as an article even on a link-heavy page.
MIN_ARTICLE_CHARS = 200
#: No article body is shorter than this.
MIN_SHORT_CHARS = 50
#: An article has at least one paragraph of running prose this long.
MIN_LONGEST_PARAGRAPH = 50
#: ... or several sentences in paragraphs this long on average.
MIN_MEAN_PARAGRAPH = 30
#: Pages that never end a sentence still separate clauses: this many commas stand for one sentence.
COMMAS_PER_SENTENCE = 5
#: A content block this many levels inside one of at least MIN_ITEMS same-class siblings is a list item.
ITEM_LEVELS = 6
MIN_ITEMS = 5
#: ... and holds at most this share of the prose under their parent.
ITEM_SHARE = 0.5
#: Link lines that make a page without a body a list page.
MIN_LIST_LINKS = 15
#: Item titles (link lines) among the body's lines that make it a list of teasers (when there are at
#: least half as many of them as body lines of MIN_PROSE_LINE characters or more).
MIN_BLOCK_LINK_LINES = 8
MIN_PROSE_LINE = 10

_SENTENCE_ENDS = "。！？!?"
_HOME_PATH = re.compile(r"/(index|default|home|main)\.(s?html?|php|aspx?|jsp)", re.IGNORECASE)


def _count_chars(paragraphs: tuple[str, ...], chars: str) -> int:
    """How many of ``chars`` occur in ``paragraphs`` (each character counted by ``str.count``)."""
    return sum(p.count(ch) for p in paragraphs for ch in chars)


def _is_link_line(seg: Segment) -> bool:
    """A list item: a linked title, perhaps with a date or source beside it."""
    return seg.link_chars >= 5 and seg.link_chars * 5 >= seg.chars * 2


def _prose(positive: list[tuple[int, float]], i: int, hi: int) -> float:
    """Positive segment weight inside the subtree ``range(i, hi)`` (``positive``: owner and weight of
    the segments of positive weight, in reading order)."""
    return sum([w for owner, w in positive if i <= owner < hi])


def _repeated_item(layout: Layout, container: int) -> bool:
    """Whether the container sits in one of many same-class siblings (a thread or teaser list) that
    share the prose between them (a page-wide wrapper class repeated on header, main and footer
    does not count: the main block holds nearly all the prose)."""
    tags, parents, end, classes = layout.tags, layout.parents, layout.end, layout.classes
    positive = [(s.owner, s.weight) for s in layout.segments if s.weight > 0]
    memo: dict[int, float] = {}  # each level's parent is the next level's node

    def prose(i: int) -> float:
        if i not in memo:
            memo[i] = _prose(positive, i, end[i])
        return memo[i]

    node = container
    for _ in range(ITEM_LEVELS):
        parent = parents[node]
        if parent < 0:
            return False
        cls = classes[node] or ""
        if cls.strip() and prose(node) <= ITEM_SHARE * prose(parent):
            tag = tags[node]
            same = 0
            for j in range(parent + 1, end[parent]):
                if parents[j] == parent and tags[j] == tag and classes[j] == cls:
                    same += 1
                    if same >= MIN_ITEMS:
                        return True
        node = parent
    return False


def _is_site_root(url: str | None) -> bool:
    """Whether ``url`` is a site's home page (``/``, ``/index.html`` …): a portal, not a list."""
    if not url:
        return False
    path = urlsplit(url.strip()).path
    return path in ("", "/") or _HOME_PATH.fullmatch(path) is not None


def classify(
    layout: Layout, located: Located | None, paragraphs: tuple[str, ...], url: str | None = None
) -> str:
    """Classify the page as ``article``, ``list`` (index/channel/forum list) or ``other`` (portal
    home page, login page, empty or error page)."""
    segs = layout.segments
    body_chars = sum(len(p) for p in paragraphs)
    link_chars = sum(s.link_chars for s in segs)
    sentences = _count_chars(paragraphs, _SENTENCE_ENDS)
    longest = max((len(p) for p in paragraphs), default=0)
    block_links = 0
    if located is not None:
        block_links = sum(1 for s in segs[located.first : located.last + 1] if _is_link_line(s))
    prose_lines = sum(1 for p in paragraphs if len(p) >= MIN_PROSE_LINE)
    teaser_list = block_links >= MIN_BLOCK_LINK_LINES and block_links * 2 >= prose_lines
    if located is not None and not teaser_list:
        teaser_list = _repeated_item(layout, located.container)
    many_lines = body_chars >= MIN_ARTICLE_CHARS and len(paragraphs) >= 5
    sentences_lines = sentences >= 2 and body_chars >= 2 * MIN_SHORT_CHARS
    full_lines = body_chars >= MIN_MEAN_PARAGRAPH * max(len(paragraphs), 1)
    long_enough = longest >= MIN_LONGEST_PARAGRAPH or many_lines or (sentences_lines and full_lines)
    if sentences == 0 and body_chars >= 2 * MIN_ARTICLE_CHARS:
        sentences = _count_chars(paragraphs, "，,") // COMMAS_PER_SENTENCE
    prose = sentences >= 1 and long_enough and not teaser_list
    if prose and body_chars >= MIN_ARTICLE_CHARS and body_chars * 12 >= link_chars:
        return "article"
    if prose and body_chars >= MIN_SHORT_CHARS and (sentences >= 2 or body_chars * 20 >= link_chars):
        return "article"
    if layout.password_inputs or _is_site_root(url):
        return "other"
    link_lines = sum(1 for s in segs if _is_link_line(s))
    return "list" if link_lines >= MIN_LIST_LINKS else "other"
