"""CPU work on a fetched body, run in a worker thread or process: extract article, links or feed URLs."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from ..claims import extract_claims
from ..feeds import FeedDocument, FeedError, parse_feed
from ..model import Article
from ..pipeline import extract
from ..store import PreparedArticle, prepare_article
from .links import extract_links


@dataclass(frozen=True)
class PageWork:
    """What to do with one body: ``kind`` is ``html`` or ``feed``."""

    body: bytes
    url: str
    kind: str
    charset: str | None = None
    want_links: bool = False
    #: False: no article extraction (links and feeds are still read)
    want_article: bool = True


@dataclass(frozen=True)
class PageOutcome:
    """The result: an article (HTML), a feed document, or the error that stopped it.

    The article comes as its store rows (:func:`prepare_article`: computed here, in the worker,
    and cheap to send back); as the :class:`Article` only if it cannot be stored as it is.
    """

    article: Article | PreparedArticle | None = None
    links: tuple[str, ...] = ()
    feed: FeedDocument | None = None
    error: str | None = None


def process(work: PageWork) -> PageOutcome:
    """Run the shared extraction pipeline (HTML) or the safe feed parser (sitemaps/feeds)."""
    if work.kind == "feed":
        try:
            return PageOutcome(feed=parse_feed(work.body, base_url=work.url))
        except FeedError as exc:
            return PageOutcome(error=str(exc))
    article: Article | PreparedArticle | None = None
    if work.want_article:
        try:
            article = extract(work.body, url=work.url, http_charset=work.charset)
        except Exception as exc:  # one bad page must not stop the crawl
            return PageOutcome(error=f"extraction failed: {type(exc).__name__}: {exc}")
        with contextlib.suppress(ValueError):  # e.g. a non-finite claim: the store reports it
            article = prepare_article(article)
    links: tuple[str, ...] = ()
    if work.want_links:
        from ..decode import decode_html

        try:
            text = decode_html(work.body, http_charset=work.charset).text
            links = tuple(extract_links(text, work.url))
        except Exception:  # links are optional; the article is what matters
            links = ()
    return PageOutcome(article=article, links=links)


_WARM_UP_PAGE = (
    "<html><head><title>预热</title></head><body><article><p>2025年12月，全国网民规模达11.25亿人，"
    "较上年增长3.2%。</p><p>来源：新华社 记者 张三</p></article></body></html>"
)


#: a sentence with claims: reading it loads the claims segmenter's dictionary (~0.85 s CPU)
_WARM_UP_SENTENCE = "2025年12月，全国网民规模达11.25亿人，较上年增长3.2%。"


def warm_up() -> None:
    """Extract a tiny page and read claims once, so lazily loaded resources (date parser, the claims
    segmenter's dictionary) are ready before real pages arrive."""
    try:
        extract(_WARM_UP_PAGE, url="http://warm-up.invalid/")  # too short to be an article
        extract_claims(_WARM_UP_SENTENCE)
    except Exception:  # a real page will report the problem
        return
