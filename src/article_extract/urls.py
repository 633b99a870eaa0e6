"""URL normalization, validation and scope checks for the crawler (w3lib ``canonicalize_url``).

One normal form per page: scheme and host lower-cased (IDN hosts in punycode), default ports dropped,
dot-segments resolved, query arguments sorted, percent-encoding made uniform, fragment removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

#: Schemes the crawler can fetch.
SUPPORTED_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Characters that never appear in a usable URL line (whitespace inside, control characters).
_BAD_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")
_MAX_URL_LENGTH = 4096


class UrlError(ValueError):
    """A URL the crawler cannot fetch (malformed, unsupported scheme, no host …)."""


def normalize_url(url: str, base: str | None = None) -> str:
    """Return the normal form of ``url`` (resolved against ``base`` if given); raise :class:`UrlError`."""
    raw = url.strip()
    if not raw:
        raise UrlError("empty URL")
    if len(raw) > _MAX_URL_LENGTH:
        raise UrlError(f"URL longer than {_MAX_URL_LENGTH} characters")
    if _BAD_CHARS.search(raw):
        raise UrlError(f"URL contains whitespace or control characters: {raw!r}")
    if base is not None:
        raw = urljoin(base, raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"malformed URL {raw!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise UrlError(f"not an absolute URL (no scheme): {raw!r}")
    if scheme not in SUPPORTED_SCHEMES:
        raise UrlError(f"unsupported URL scheme {scheme + ':'!r} in {raw!r} (only http and https)")
    host = parts.hostname
    if not host:
        raise UrlError(f"URL has no host: {raw!r}")
    if "@" in parts.netloc:
        raise UrlError(f"URL with credentials is not crawled: {raw!r}")
    try:
        canonical = canonicalize_url(raw, keep_fragments=False)
    except (ValueError, UnicodeError) as exc:
        raise UrlError(f"malformed URL {raw!r}: {exc}") from None
    cparts = urlsplit(canonical)
    chost = (cparts.hostname or "").rstrip(".")
    if not chost:
        raise UrlError(f"URL has no host: {raw!r}")
    netloc = f"[{chost}]" if ":" in chost else chost
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, cparts.path or "/", cparts.query, ""))


def host_key(url: str) -> str:
    """The politeness key of a URL: ``scheme://host[:port]`` (one robots.txt, one pacing slot)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def hostname(url: str) -> str:
    """The lower-cased host name of ``url`` (no port)."""
    return (urlsplit(url).hostname or "").lower()


def site_of(host: str) -> str:
    """A rough registrable part of ``host``: the host without a leading ``www.``/``m.``/``wap.`` label."""
    for prefix in ("www.", "m.", "wap."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def same_site(url: str, seed_host: str) -> bool:
    """True when ``url``'s host is ``seed_host``'s site or a subdomain of it."""
    site = site_of(seed_host.lower())
    host = hostname(url)
    return host == site or host.endswith("." + site)


@dataclass(frozen=True)
class UrlLine:
    """One line of a URL list: the normalized URL, or the error that line produced."""

    lineno: int
    raw: str
    url: str | None = None
    error: str | None = None


def read_url_lines(lines: Iterable[str]) -> Iterator[UrlLine]:
    """Parse a URL list: blank lines and ``#`` comments skipped, duplicates and bad URLs reported.

    Yields one :class:`UrlLine` per non-blank, non-comment line; ``error`` is set for a malformed or
    unsupported URL and for a duplicate of an earlier line (after normalization).
    """
    seen: set[str] = set()
    for lineno, line in enumerate(lines, start=1):
        text = line.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        try:
            url = normalize_url(text)
        except UrlError as exc:
            yield UrlLine(lineno, text, error=str(exc))
            continue
        if url in seen:
            yield UrlLine(lineno, text, url=url, error=f"duplicate URL (same as an earlier line): {url}")
            continue
        seen.add(url)
        yield UrlLine(lineno, text, url=url)
