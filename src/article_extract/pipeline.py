"""The extraction pipeline: bytes/str -> decode -> parse -> body -> metadata -> claims -> Article."""

from __future__ import annotations

import logging
from dataclasses import replace

from .boilerplate import extract_body
from .claims import extract_claims
from .decode import decode_html
from .metadata import extract_metadata
from .model import Article
from .parse import NestingTooDeep, parse_html

_log = logging.getLogger(__name__)


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    http_charset: str | None = None,
    claims: bool = True,
) -> Article:
    """Extract the article (metadata, body paragraphs and numeric claims) from one page.

    ``html`` may be raw bytes (decoded with BOM, ``http_charset``, ``<meta charset>`` and detection)
    or already-decoded text. A page with no article gets ``page_type`` ``list``/``other`` and no body.
    Input that cannot be read, and any failure inside a stage, give an ``Article`` with ``error`` set
    instead of raising, so a batch goes on. ``claims=False`` skips the claims stage.
    """
    try:
        decoded = decode_html(html, http_charset=http_charset)
    except ValueError as exc:
        return Article(url=url, page_type="other", error=str(exc), encoding="")
    if not decoded.text.strip():
        return Article(url=url, page_type="other", error="empty document", encoding=decoded.encoding)
    try:
        return _extract_decoded(decoded.text, decoded.encoding, url, claims)
    except NestingTooDeep as exc:
        return Article(url=url, page_type="other", error=str(exc), encoding=decoded.encoding)
    except (RecursionError, MemoryError) as exc:
        return Article(url=url, page_type="other", error=f"page too complex: {type(exc).__name__}")
    except Exception as exc:  # a bug in a stage must cost one record, not the batch
        _log.exception("extraction failed for %s", url)
        return Article(
            url=url,
            page_type="other",
            error=f"extraction failed: {type(exc).__name__}: {exc}",
            encoding=decoded.encoding,
        )


def _extract_decoded(text: str, encoding: str, url: str | None, with_claims: bool) -> Article:
    page = parse_html(text, url=url)
    body = extract_body(page)
    meta = extract_metadata(page, body)
    error = None if body.page_type != "article" or body.paragraphs else "no article body found"
    article = Article(
        url=url,
        page_type=body.page_type,
        error=error,
        canonical_url=meta.canonical_url,
        site_name=meta.site_name,
        title=meta.title,
        published_at=meta.published_at,
        source=meta.source,
        authors=meta.authors,
        editor=meta.editor,
        category=meta.category,
        paragraphs=body.paragraphs,
        lang=meta.lang,
        encoding=encoding,
    )
    if with_claims and body.paragraphs:
        article = replace(
            article,
            claims=tuple(extract_claims(article.text)),
            title_claims=tuple(extract_claims(meta.title)) if meta.title else (),
        )
    return article
