"""Parse stage: decoded HTML text -> one Lexbor tree plus the head facts later stages need.

The page is parsed exactly once. Head facts (``<title>``, ``<meta>``, JSON-LD, canonical link,
``<html lang>``) are read before scripts and styles are removed, so later stages never need the
raw markup again. Later stages read ``tree``; they must not mutate it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Elements that never hold article text; removed right after the head facts are read.
_NEVER_CONTENT = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed")


#: Lexbor's tree builder is quadratic in the depth of unclosed block elements (20,000 nested ``<div>`` take
#: over a second, 100,000 about forty); no real page nests deeper than a few hundred.
MAX_NESTING = 5000
_DEPTH_SCAN_FROM = 2 * MAX_NESTING  # tag count below which no page can be that deep
_BLOCK_TAG = re.compile(
    r"<(/?)(?:div|section|article|table|blockquote|ul|ol|dl|form|fieldset)\b", re.IGNORECASE
)


#: One query for the head facts and the elements to remove: the tree is searched once.
_QUERY = ", ".join(("title", "meta", "link[rel]", *_NEVER_CONTENT))
_JSON_LD = "application/ld+json"  # matched as CSS does: ASCII case-insensitive
#: Inline script text kept for the metadata stage (some pages state their date only there), in all.
SCRIPT_BUDGET = 300_000


class NestingTooDeep(ValueError):
    """The page nests block elements deeper than :data:`MAX_NESTING`; it is not parsed."""


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
    #: The text of inline scripts (not JSON-LD), in document order, up to :data:`SCRIPT_BUDGET` characters.
    scripts: list[str] = field(default_factory=list)


def parse_html(text: str, url: str | None = None) -> ParsedPage:
    """Parse ``text`` once with Lexbor and return the cleaned tree with its head facts.

    Raises :class:`NestingTooDeep` for pathological nesting instead of spending minutes in the parser.
    """
    _check_nesting(text)
    tree = LexborHTMLParser(text.replace("\x00", "") if "\x00" in text else text)
    page = ParsedPage(tree=tree, url=url)
    # Document order keeps "first wins" for <title> and <meta>.
    removed: list[LexborNode] = []
    for node in tree.css(_QUERY):
        tag = node.tag
        if tag == "meta":
            _read_meta(node.attributes, page.meta)
        elif tag == "title":
            if page.title_tag is None:
                page.title_tag = " ".join(node.text(deep=True).split()) or None
        elif tag == "link":
            if page.canonical_href is None:
                _read_canonical(node.attributes, page)
        else:
            if tag == "script":
                _read_script(node, page)
            removed.append(node)
    html = tree.root
    if html is not None and html.tag == "html":
        page.html_lang = html.attributes.get("lang") or html.attributes.get("xml:lang") or None
    for node in removed:  # detached, not destroyed: a removed element may hold another
        node.decompose(recursive=False)
    return page


def _read_script(node: LexborNode, page: ParsedPage) -> None:
    """JSON-LD objects; else the text of an inline script, while the budget lasts."""
    attrs = node.attributes
    if _is_json_ld(attrs.get("type")):
        page.json_ld.extend(_json_ld_objects(node.text(deep=True)))
    elif "src" not in attrs:
        budget = SCRIPT_BUDGET - sum(map(len, page.scripts))
        if budget > 0:
            text = node.text(deep=True)
            if text.strip():
                page.scripts.append(text[:budget])


def _is_json_ld(script_type: str | None) -> bool:
    return script_type is not None and script_type.isascii() and script_type.lower() == _JSON_LD


def _read_canonical(attrs: dict[str, str | None], page: ParsedPage) -> None:
    rel = (attrs.get("rel") or "").lower().split()
    href = attrs.get("href")
    if "canonical" in rel and href:
        page.canonical_href = href.strip()


def _read_meta(attrs: dict[str, str | None], meta: dict[str, str]) -> None:
    content = attrs.get("content")
    if content is None:
        return
    for key in ("name", "property", "itemprop", "http-equiv"):
        name = attrs.get(key)
        if name:
            meta.setdefault(name.strip().lower(), content.strip())


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


def _check_nesting(text: str) -> None:
    if text.count("<") < _DEPTH_SCAN_FROM:
        return
    depth = deepest = 0
    for match in _BLOCK_TAG.finditer(text):
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                raise NestingTooDeep(f"page nests block elements deeper than {MAX_NESTING} levels")
