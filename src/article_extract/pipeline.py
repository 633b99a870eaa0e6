"""The extraction pipeline: bytes/str -> decode -> parse -> body -> metadata -> claims -> Article."""

from __future__ import annotations

from dataclasses import replace

from .boilerplate import extract_body
from .claims import extract_claims
from .decode import decode_html
from .metadata import extract_metadata
from .model import Article
from .parse import NestingTooDeep, parse_html


def extract(html: bytes | str, url: str | None = None, *, http_charset: str | None = None) -> Article:
    """Extract the article (metadata, body paragraphs and numeric claims) from one page.

    ``html`` may be raw bytes (decoded with BOM, ``http_charset``, ``<meta charset>`` and detection)
    or already-decoded text. A page with no article gets ``page_type`` ``list``/``other`` and no body;
    input that cannot be read at all gets an ``error`` instead of raising.
    """
    try:
        decoded = decode_html(html, http_charset=http_charset)
    except ValueError as exc:
        return Article(url=url, page_type="other", error=str(exc), encoding="")
    if not decoded.text.strip():
        return Article(url=url, page_type="other", error="empty document", encoding=decoded.encoding)
    try:
        page = parse_html(decoded.text, url=url)
    except NestingTooDeep as exc:
        return Article(url=url, page_type="other", error=str(exc), encoding=decoded.encoding)
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
        encoding=decoded.encoding,
    )
    if body.paragraphs:
        article = replace(
            article,
            claims=tuple(extract_claims(article.text)),
            title_claims=tuple(extract_claims(meta.title)) if meta.title else (),
        )
    return article
