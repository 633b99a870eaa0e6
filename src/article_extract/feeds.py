"""Seeds from sitemaps (``urlset``, ``sitemapindex``) and feeds (RSS 2.0, RSS 1.0/RDF, Atom).

XML is parsed with defusedxml: entity declarations (billion laughs, XXE reading local files) and
external references are refused with :class:`FeedError`; nothing is ever expanded or fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

import defusedxml
import defusedxml.ElementTree as SafeET

#: Largest decompressed size of a gzip sitemap (the sitemap protocol allows 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024
#: Media types that may carry a sitemap or feed.
XML_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-gzip",
        "application/gzip",
    }
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ROOT_MARKERS = (b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf:rdf")
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class FeedError(ValueError):
    """A sitemap or feed that cannot be used (unsafe, malformed, or not a sitemap/feed)."""


@dataclass(frozen=True)
class FeedDocument:
    """URLs listed by a sitemap or feed. ``sitemaps`` are the children of a sitemap index."""

    kind: str  # "urlset", "sitemapindex", "rss", "rdf", "atom"
    urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()


def sniff_kind(body: bytes, content_type: str | None) -> str | None:
    """``"feed"`` for a sitemap/feed, ``"html"`` for a web page, None for anything else.

    ``content_type`` is the media type without parameters (None if the server sent none).
    """
    head = _lstrip(_maybe_gunzip_head(body))[:4096].lower()
    markers = any(marker in head for marker in _ROOT_MARKERS)
    declares = b"<!entity" in head or (b"<!doctype" in head and b"<!doctype html" not in head)
    if content_type in HTML_TYPES:
        return "feed" if head.startswith(b"<?xml") and markers else "html"
    if content_type in XML_TYPES:
        if markers or declares or body[:2] == b"\x1f\x8b":
            return "feed"
        return "html" if b"<html" in head else "feed"
    if content_type is None or content_type == "text/plain" or content_type == "application/octet-stream":
        if markers and (head.startswith(b"<?xml") or head.startswith(b"<")):
            return "feed"
        if head.startswith(b"<") or b"<html" in head:
            return "html"
    return None


def parse_feed(body: bytes, base_url: str | None = None) -> FeedDocument:
    """Parse a sitemap, sitemap index, RSS or Atom document (gzip allowed); raise :class:`FeedError`."""
    data = gunzip(body) if body[:2] == b"\x1f\x8b" else body
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise FeedError(
            f"refused XML that declares entities ({exc.name!r}): possible entity expansion "
            "(billion laughs) or external entity (XXE) attack"
        ) from None
    except defusedxml.ExternalReferenceForbidden as exc:
        raise FeedError(
            f"refused XML with an external reference ({exc.sysid!r}): possible XXE attack"
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise FeedError(f"refused unsafe XML: {exc}") from None
    except ET.ParseError as exc:
        raise FeedError(f"malformed XML: {exc}") from None
    kind = _local(root.tag).lower()
    if kind == "urlset":
        return FeedDocument("urlset", urls=_locs(root, "url", base_url))
    if kind == "sitemapindex":
        return FeedDocument("sitemapindex", sitemaps=_locs(root, "sitemap", base_url))
    if kind == "rss":
        return FeedDocument("rss", urls=_rss_links(root, base_url))
    if kind == "rdf":
        return FeedDocument("rdf", urls=_rss_links(root, base_url))
    if kind == "feed":
        return FeedDocument("atom", urls=_atom_links(root, base_url))
    raise FeedError(f"not a sitemap or feed (root element <{_local(root.tag)}>)")


def gunzip(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Decompress a gzip body, refusing output beyond ``limit`` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit)
    except zlib.error as exc:
        raise FeedError(f"bad gzip data: {exc}") from None
    if inflater.unconsumed_tail:
        raise FeedError(f"gzip sitemap expands beyond {limit} bytes")
    return out


def _maybe_gunzip_head(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body[:8192]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[:65536], 8192)
    except zlib.error:
        return b""


def _lstrip(head: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            head = head[len(bom) :]
    return head.lstrip()


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in node if _local(child.tag).lower() == name]


def _resolve(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = re.sub(r"\s+", "", url)
    if not url:
        return None
    return urljoin(base, url) if base else url


def _locs(root: ET.Element, entry: str, base: str | None) -> tuple[str, ...]:
    found: list[str] = []
    for node in _children(root, entry):
        for loc in _children(node, "loc"):
            url = _resolve(loc.text, base)
            if url:
                found.append(url)
    return tuple(found)


def _rss_links(root: ET.Element, base: str | None) -> tuple[str, ...]:
    items = [node for node in root.iter() if _local(node.tag).lower() == "item"]
    found: list[str] = []
    for item in items:
        url = None
        for link in _children(item, "link"):
            url = _resolve(link.text, base)
            if url:
                break
        if url is None:
            for guid in _children(item, "guid"):
                if (guid.get("isPermaLink") or "true").lower() != "false":
                    url = _resolve(guid.text, base)
        if url:
            found.append(url)
    return tuple(found)


def _atom_links(root: ET.Element, base: str | None) -> tuple[str, ...]:
    base = _resolve(root.get(_XML_BASE), base) or base
    found: list[str] = []
    for entry in _children(root, "entry"):
        entry_base = _resolve(entry.get(_XML_BASE), base) or base
        chosen = None
        for link in _children(entry, "link"):
            rel = (link.get("rel") or "alternate").lower()
            if rel == "alternate" and link.get("href"):
                chosen = _resolve(link.get("href"), entry_base)
                break
        if chosen:
            found.append(chosen)
    return tuple(found)
