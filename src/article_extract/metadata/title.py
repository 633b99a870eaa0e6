"""Headline: the ``<h1>``/``og:title``/``ArticleTitle`` candidate that agrees with ``<title>``, or the
``<title>`` with its site suffix (`` - 站名``, ``_网易财经``, ``|``) stripped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .resources import words
from .textlines import clean
from .validators import valid_title

#: Suffix segments longer than this are part of the headline, not a site or channel name.
_MAX_SUFFIX = 16


@dataclass(frozen=True)
class TitleResult:
    """The chosen headline and the site name the ``<title>`` suffix suggests."""

    title: str | None
    title_site: str | None


def split_suffix(title_tag: str) -> tuple[str, list[str]]:
    """Split ``<title>`` into the headline part and the short suffix segments (nearest first)."""
    head = title_tag.strip()
    removed: list[str] = []
    seps = words("title_separators")
    while True:
        best: tuple[int, str] | None = None
        for sep in seps:
            pos = head.rfind(sep)
            if pos > 0 and (best is None or pos + len(sep) > best[0] + len(best[1])):
                best = (pos, sep)
        if best is None:
            break
        pos, sep = best
        tail = head[pos + len(sep):].strip(" -_|｜—")
        rest = head[:pos].strip()
        if len(tail) > _MAX_SUFFIX or len(rest) < 4 or sep == "-" and not _looks_like_name(tail):
            break
        if tail:
            removed.append(tail)
        head = rest
    return head, removed


def _looks_like_name(tail: str) -> bool:
    # A bare hyphen splits 1-10月 or 新冠-19 too; accept it only before a name-like tail (no digits).
    return not re.search(r"\d", tail)


def _candidates(tree: LexborHTMLParser, meta: dict[str, str], json_ld: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for node in tree.css("h1")[:3]:
        out.append(clean(node.text(deep=True)))
    for key in words("meta_title_keys"):
        if meta.get(key):
            out.append(clean(meta[key]))
    for obj in json_ld:
        headline = obj.get("headline") or obj.get("name") if obj.get("@type") in _ARTICLE_TYPES else None
        if isinstance(headline, str):
            out.append(clean(headline))
    for node in tree.css("h2")[:2]:
        out.append(clean(node.text(deep=True)))
    return [c for c in out if valid_title(c)]


_ARTICLE_TYPES = ("NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage")


def pick_title(tree: LexborHTMLParser, title_tag: str | None, meta: dict[str, str],
               json_ld: list[dict[str, Any]]) -> TitleResult:
    """Choose the headline (see module docstring) and the ``<title>`` suffix's site name."""
    tag = clean(title_tag or "")
    head, suffixes = split_suffix(tag) if tag else ("", [])
    site = suffixes[-1] if suffixes else None
    best: tuple[int, int, str] | None = None
    for rank, cand in enumerate(_candidates(tree, meta, json_ld)):
        score = _agreement(cand, tag, head)
        if score == 0:
            continue
        key = (score, -rank, cand)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None:
        title = best[2]
        if best[0] == 1:  # the candidate contains <title>'s head: strip its own suffix too
            title, _ = split_suffix(title)
        return TitleResult(title, site)
    if valid_title(head):
        return TitleResult(head, site)
    cands = _candidates(tree, meta, json_ld)
    return TitleResult(cands[0] if cands else (head or None), site)


def _agreement(cand: str, tag: str, head: str) -> int:
    """3: ``<title>`` starts with it; 2: ``<title>`` holds it; 1: it holds ``<title>``'s head; else 0."""
    if not tag:
        return 2
    norm_c, norm_t = _norm(cand), _norm(tag)
    if norm_t.startswith(norm_c):
        return 3
    if len(norm_c) >= 6 and norm_c in norm_t:
        return 2
    if head and len(head) >= 6 and _norm(head) in norm_c:
        return 1
    return 0


_NORM_RE = re.compile(r"[\s\"'“”‘’]+")


def _norm(text: str) -> str:
    return _NORM_RE.sub("", text)
