"""Site name and canonical URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from .resources import words
from .textlines import clean


def pick_site_name(meta: dict[str, str], json_ld: list[dict[str, Any]], title_site: str | None) -> str | None:
    """``og:site_name``/``application-name``-like meta, JSON-LD publisher, else the ``<title>`` suffix."""
    for key in words("meta_site_keys"):
        value = clean(meta.get(key, ""))
        if value and not value.startswith("@") and len(value) <= 40 and "://" not in value:
            return value
    for obj in json_ld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            name = clean(publisher["name"])
            if name:
                return name
    return title_site


def pick_canonical(canonical_href: str | None, meta: dict[str, str], url: str | None) -> str | None:
    """``<link rel=canonical>`` or ``og:url``, resolved against the page URL."""
    for href in (canonical_href, meta.get("og:url")):
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        if url:
            return urljoin(url, href)
        if href.startswith(("http://", "https://")):
            return href
        if href.startswith("//"):
            return "https:" + href
    return None
