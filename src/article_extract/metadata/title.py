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
_DIGIT_RE = re.compile(r"\d")
_PATH_MARK_RE = re.compile(r"[>＞»|｜]")


@dataclass(frozen=True)
class TitleResult:
    """The chosen headline and the site name the ``<title>`` suffix suggests."""

    title: str | None
    title_site: str | None
    suffixes: tuple[str, ...] = ()


def split_suffix(title_tag: str) -> tuple[str, list[str]]:
    """Split ``<title>`` into the headline part and the short suffix segments (nearest first)."""
    head = title_tag.strip().rstrip(":：|｜_- ")
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
        tail = head[pos + len(sep) :].strip(" -_|｜—")
        rest = head[:pos].strip()
        if len(tail) > _MAX_SUFFIX or len(rest) < 4 or (sep == "-" and not _looks_like_name(tail)):
            break
        if tail:
            removed.append(tail)
        head = rest
    return head, removed


def _looks_like_name(tail: str) -> bool:
    # A bare hyphen splits 1-10月 or 新冠-19 too; accept it only before a name-like tail (no digits).
    return _DIGIT_RE.search(tail) is None


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


def pick_title(
    tree: LexborHTMLParser,
    title_tag: str | None,
    meta: dict[str, str],
    json_ld: list[dict[str, Any]],
    lines: list[str] | None = None,
) -> TitleResult:
    """Choose the headline (see module docstring) and the ``<title>`` suffix's site name.

    ``lines`` (the page's text lines) add two weaker candidates: a line ``<title>`` starts with
    (followed there by a separator), and the short line just above a date/来源 line.
    """
    tag = clean(title_tag or "")
    head, suffixes = split_suffix(tag) if tag else ("", [])
    site = _site_suffix(suffixes)
    cands = _candidates(tree, meta, json_ld)
    if suffixes:  # a candidate that is the whole <title> tells nothing the <title> does not
        cands = [c for c in cands if _norm(c) != _norm(tag)]
    cands += [ln for ln in _prefix_lines(lines or [], tag) if ln not in cands]
    cands += [ln for ln in _ending_lines(lines or [], tag) if ln not in cands]
    best: tuple[int, int, str] | None = None
    for rank, cand in enumerate(cands):
        score = _agreement(cand, tag, head)
        if score == 0:
            continue
        key = (score, -rank, cand)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None:
        title = head if best[0] == 1 else best[2]  # score 1: the candidate holds the head and more
        if _norm(title) == _norm(head) and _spaces(head) < _spaces(title):
            title = head
        title = _tidiest_spelling(title, lines or [])
        lead = _site_prefix(tag, title)
        if lead is not None and not suffixes:  # 多维博客 » 播客热潮迅速蔓延: the site leads the <title>
            return TitleResult(title, lead, (lead,))
        return TitleResult(title, site, tuple(suffixes))
    above = _line_above_credit(lines or []) if len(head) < 8 else None
    if above is not None:
        # the <title> holds no headline: it is "site-channel", so its head is the site
        return TitleResult(above, head or site, (head, *suffixes) if head else tuple(suffixes))
    if valid_title(head):
        return TitleResult(_tidiest_spelling(head, lines or []), site, tuple(suffixes))
    return TitleResult(cands[0] if cands else (head or None), site, tuple(suffixes))


def _tidiest_spelling(title: str, lines: list[str]) -> str:
    """A page line that is the headline with fewer stray spaces (``2007　年末`` in <title>) replaces it."""
    if not _spaces(title):
        return title
    target = _norm(title)
    for line in lines[:400]:
        if len(line) <= len(title) and _norm(line) == target and _spaces(line) < _spaces(title):
            return line
    return title


def _spaces(text: str) -> int:
    return sum(1 for c in text if c.isspace())


def _site_suffix(suffixes: list[str]) -> str | None:
    """The outermost Chinese suffix segment (``财经网`` in ``_财经网 - CAIJING.COM.CN``)."""
    for seg in suffixes:
        if _HAN_RE.search(seg):
            return seg
    return suffixes[0] if suffixes else None


def _prefix_lines(lines: list[str], tag: str) -> list[str]:
    """Page lines that ``<title>`` starts with, followed in ``<title>`` by a separator or space."""
    if not tag:
        return []
    out: list[str] = []
    seps = words("title_separators")
    for line in lines[:400]:
        if 6 <= len(line) < len(tag) and tag.startswith(line):
            rest = tag[len(line) :].lstrip()
            if rest.startswith(seps) or (tag[len(line)].isspace() and _short_word_then_sep(rest, seps)):
                out.append(line)
    return out


def _ending_lines(lines: list[str], tag: str) -> list[str]:
    """Page lines that ``<title>`` ends with, after a separator (``站名 » 标题``)."""
    if not tag:
        return []
    seps = words("title_separators")
    return [
        line
        for line in lines[:400]
        if 6 <= len(line) < len(tag)
        and tag.endswith(line)
        and tag[: -len(line)].rstrip().endswith((*seps, " »"))
    ]


def _site_prefix(tag: str, title: str) -> str | None:
    """The short segment before the headline when ``<title>`` is ``站名 » 标题``."""
    if not tag.endswith(title) or tag == title:
        return None
    lead = tag[: -len(title)].strip().rstrip("»|｜-_—:：·@ ").strip()
    return lead if 2 <= len(lead) <= _MAX_SUFFIX and _HAN_RE.search(lead) else None


_HAN_RE = re.compile(r"[\u3400-\u9fff]")


def _short_word_then_sep(rest: str, seps: tuple[str, ...]) -> bool:
    """``东区办事处_中山网``: a few characters (a channel or outlet) and then a separator."""
    cut = min((rest.find(sep) for sep in seps if sep in rest), default=-1)
    return 0 < cut <= 8


_CREDIT_HINT_RE = re.compile(
    r"来源|來源|发布时间|时间[:：]|日期[:：]|(?:19|20)\d{2}[-年/.]\d{1,2}[-月/.]\d{1,2}"
)


def _line_above_credit(lines: list[str]) -> str | None:
    """The first short line directly above a 来源/date line (the headline of a page with a vague <title>)."""
    for i in range(1, min(len(lines), 400)):
        if len(lines[i]) <= 120 and _CREDIT_HINT_RE.search(lines[i]):
            prev = lines[i - 1]
            if (
                6 <= len(prev) <= 80
                and not _CREDIT_HINT_RE.search(prev)
                and not _PATH_MARK_RE.search(prev)
            ):
                return prev
    return None


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
