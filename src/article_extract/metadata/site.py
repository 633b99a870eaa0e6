"""Site name and canonical URL."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .resources import words
from .textlines import clean

_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_LINK_HOST_RE = re.compile(r"^(?:https?:)?//[^/]+")
_OWNER_LEAD_RE = re.compile(r"^(?:所有内容|本站内容|本网内容|内容)?(?:为|归|属于?)?")
_MAX_SITE = 40
#: Title suffixes that name a section, never a site.
_GENERIC = frozenset({"新闻", "首页", "正文", "资讯", "频道", "文章", "详情", "内容页", "新闻中心"})
#: A lone <title> suffix ending like this is a channel, not the site.
_CHANNEL_ENDS = ("频道", "頻道", "首页", "栏目", "专栏", "专题")


def _meta_site(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = clean(meta.get(key, ""))
        if value and not value.startswith("@") and len(value) <= _MAX_SITE and "://" not in value:
            return value
    return None


def _site_like(segment: str) -> bool:
    return segment.endswith(words("site_suffixes"))


_HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.php", "/default.htm")


def _links_home(node: LexborNode) -> bool:
    """The node is (or sits in) a link to a site's home page, as logos are."""
    current: LexborNode | None = node
    for _ in range(4):
        if current is None:
            return False
        if current.tag == "a":
            href = (current.attributes.get("href") or "").strip()
            path = _LINK_HOST_RE.sub("", href).split("?")[0]
            return path in _HOME_PATHS
        current = current.parent
    return False


def logo_name(tree: LexborHTMLParser) -> str | None:
    """The site name written on the logo (``alt``/``title``), without 返回/首页 noise."""
    noise = words("logo_noise")
    for selector in words("logo_selectors"):
        for node in tree.css(selector)[:5]:
            if not _links_home(node):
                continue
            text = node.attributes.get("alt") or node.attributes.get("title") or ""
            if not text and node.parent is not None:
                text = node.parent.attributes.get("title") or ""
            for word in noise:
                text = text.replace(word, " ")
            first = clean(text).split(" ")[0] if clean(text) else ""
            if 2 <= len(first) <= 12 and _HAN_RE.search(first):
                return first
    return None


def pick_site_name(
    meta: dict[str, str],
    json_ld: list[dict[str, Any]],
    suffixes: list[str],
    tree: LexborHTMLParser | None = None,
    lines: list[str] | None = None,
) -> str | None:
    """``og:site_name``-like meta; a site-like ``<title>`` suffix (…网, …报); the logo's name;
    ``application-name``-like meta; JSON-LD publisher; the outermost ``<title>`` suffix; else the footer's
    copyright owner."""
    strong = _meta_site(meta, words("meta_site_keys_strong"))
    if strong:
        return strong
    han = [
        t for t in (s.strip("()（）【】[]《》") for s in suffixes) if _HAN_RE.search(t) and t not in _GENERIC
    ]
    logo = logo_name(tree) if tree is not None else None
    for seg in han:
        if _site_like(seg) or (len(han) == 1 and not seg.endswith(_CHANNEL_ENDS)):
            # the logo may spell the same name in full (电影网 → 1905电影网)
            return logo if logo and logo.endswith(seg) and len(logo) <= len(seg) + 6 else seg
    if logo:
        return logo
    weak = _meta_site(meta, words("meta_site_keys"))
    if weak:
        return weak
    for obj in json_ld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            name = clean(publisher["name"])
            if name:
                return name
    if han:
        return han[0]
    plain = [t for t in (s.strip("()（）【】[]《》") for s in suffixes) if t and t not in _GENERIC]
    if plain:
        return plain[0]
    return footer_site(lines or [])


_FOOTER_COMPANY_RES = (
    re.compile(r"版权所有\s*[©:：]?\s*(?:[\d\-－—]{4,9}\s*[,，]?\s*)?([\u4e00-\u9fff]{2,24})"),
    re.compile(r"([\u4e00-\u9fff]{2,24})\s*版权所有"),
)


def footer_site(lines: list[str]) -> str | None:
    """``版权所有 江苏扬子晚报有限公司`` → 扬子晚报: the owner named in the footer, without region and company
    words (a last resort)."""
    for line in reversed(lines[-40:]):
        if len(line) > 120 or "版权所有" not in line:
            continue
        for regex in _FOOTER_COMPANY_RES:
            m = regex.search(line)
            if m:
                name = _company_to_site(m.group(1))
                if name:
                    return name
    return None


_FOOTER_NOISE_RE = re.compile(r"不得|未经|转载|禁止|违者|授权|内容|所有|本站|本网")


def _company_to_site(name: str) -> str | None:
    name = _OWNER_LEAD_RE.sub("", name)
    if _FOOTER_NOISE_RE.search(name):
        return None
    for suffix in words("company_suffixes"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    for region in words("region_prefixes"):
        if name.startswith(region) and len(name) - len(region) >= 2:
            name = name[len(region) :]
            break
    return name if 2 <= len(name) <= 12 else None


def pick_canonical(canonical_href: str | None, meta: dict[str, str], url: str | None) -> str | None:
    """``<link rel=canonical>`` or ``og:url``, resolved against the page URL."""
    for href in (canonical_href, meta.get("og:url")):
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        if url:
            try:
                return urljoin(url, href)
            except ValueError:  # e.g. an invalid IPv6 host: not a usable canonical
                continue
        if href.startswith(("http://", "https://")):
            return href
        if href.startswith("//"):
            return "https:" + href
    return None
