"""Link discovery for ``--follow``: ``<a href>`` targets of a page, resolved and normalized."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser

from ..urls import UrlError, normalize_url, same_site

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
#: ``<meta name=…>`` addressed to this crawler in particular (besides ``robots``).
AGENT_NAME = "article-extract"
#: Links to files that are never articles.
_BINARY_PATH = re.compile(
    r"\.(?:jpe?g|png|gif|webp|bmp|svg|ico|pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|mp[34]|avi|mov|flv|wmv|apk|exe)$",
    re.IGNORECASE,
)


def extract_links(html: str, base_url: str) -> list[str]:
    """Normalized absolute http(s) URLs of the page's ``<a href>`` links, in page order, no duplicates.

    A page with ``<meta name="robots" content="nofollow">`` (or ``none``) gives no links, nor do
    links marked ``rel="nofollow"``.
    """
    tree = LexborHTMLParser(html)
    for meta in tree.css("meta[name]"):
        name = (meta.attributes.get("name") or "").strip().lower()
        content = (meta.attributes.get("content") or "").lower()
        if name in ("robots", AGENT_NAME) and ({"nofollow", "none"} & set(re.split(r"[\s,]+", content))):
            return []
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        href = (base_node.attributes.get("href") or "").strip()
        if href:
            with contextlib.suppress(UrlError):
                base = normalize_url(href, base=base_url)
    seen: set[str] = set()
    links: list[str] = []
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        if "nofollow" in (node.attributes.get("rel") or "").lower().split():
            continue
        try:
            url = normalize_url(href, base=base)
        except UrlError:
            continue
        if url in seen or _BINARY_PATH.search(url.split("?", 1)[0]):
            continue
        seen.add(url)
        links.append(url)
    return links


class UrlFilter:
    """``--include``/``--exclude`` regular expressions (searched anywhere in the normalized URL)."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> None:
        self.include = [re.compile(p) for p in include]
        self.exclude = [re.compile(p) for p in exclude]

    def __call__(self, url: str) -> bool:
        """True when ``url`` passes both lists."""
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)


def in_scope(url: str, page_host: str) -> bool:
    """Same-site scope of ``--follow``: the page's site or its subdomains."""
    return same_site(url, page_host)
