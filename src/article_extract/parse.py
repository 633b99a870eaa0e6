"""Parse stage: decoded HTML text -> one Lexbor tree plus the head facts later stages need.

The page is parsed exactly once. Head facts (``<title>``, ``<meta>``, JSON-LD, canonical link,
``<html lang>``) are read before scripts and styles are removed, so later stages never need the
raw markup again. Later stages read ``tree``; they must not mutate it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

#: Elements that never hold article text; removed right after the head facts are read.
_NEVER_CONTENT = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed")


@dataclass
class ParsedPage:
    """A parsed page: the cleaned tree and the facts read from its head."""

    tree: LexborHTMLParser
    url: str | None = None
    title_tag: str | None = None
    #: ``<meta>`` content by lower-cased ``name``/``property``/``itemprop``/``http-equiv`` (first wins).
    meta: dict[str, str] = field(default_factory=dict)
    #: Parsed JSON-LD objects (``@graph`` members flattened in).
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    #: ``href`` of ``<link rel=canonical>`` as written (not resolved).
    canonical_href: str | None = None
    #: ``<html lang>`` as written.
    html_lang: str | None = None


def parse_html(text: str, url: str | None = None) -> ParsedPage:
    """Parse ``text`` once with Lexbor and return the cleaned tree with its head facts."""
    tree = LexborHTMLParser(text.replace("\x00", ""))
    page = ParsedPage(tree=tree, url=url)
    title = tree.css_first("title")
    if title is not None:
        page.title_tag = " ".join(title.text(deep=True).split()) or None
    for node in tree.css("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:
            continue
        for key in ("name", "property", "itemprop", "http-equiv"):
            name = attrs.get(key)
            if name:
                page.meta.setdefault(name.strip().lower(), content.strip())
    for node in tree.css('script[type="application/ld+json"]'):
        page.json_ld.extend(_json_ld_objects(node.text(deep=True)))
    for node in tree.css("link[rel]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        href = node.attributes.get("href")
        if "canonical" in rel and href:
            page.canonical_href = href.strip()
            break
    html = tree.css_first("html")
    if html is not None:
        page.html_lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or None)
    tree.strip_tags(list(_NEVER_CONTENT))
    return page


def _json_ld_objects(raw: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return []
    items = data if isinstance(data, list) else [data]
    out: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            out.extend(g for g in graph if isinstance(g, dict))
        else:
            out.append(item)
    return out
