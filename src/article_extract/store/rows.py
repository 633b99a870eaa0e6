"""Conversions between model records (:mod:`article_extract.model`) and table rows."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from ..model import Article, Claim, PageRecord

#: ``articles`` columns written from an :class:`Article`, in row order
ARTICLE_COLUMNS: tuple[str, ...] = (
    "url",
    "page_type",
    "error",
    "canonical_url",
    "site_name",
    "title",
    "published_at",
    "source",
    "authors",
    "editor",
    "category",
    "paragraphs",
    "lang",
    "encoding",
    "text_hash",
)

#: ``claims`` columns written from a :class:`Claim`, in row order (after article_id, in_title, position)
CLAIM_COLUMNS: tuple[str, ...] = (
    "subject",
    "value",
    "value_max",
    "unit",
    "kind",
    "bound",
    "qualifier",
    "as_of",
    "raw",
    "start_offset",
    "end_offset",
    "sentence",
)

#: ``pages`` columns written from a :class:`PageRecord`, in row order
PAGE_COLUMNS: tuple[str, ...] = (
    "url",
    "final_url",
    "status",
    "headers",
    "fetched_at",
    "etag",
    "last_modified",
    "content_hash",
    "content_type",
    "warc_file",
    "warc_offset",
    "error",
)

_SPACE = re.compile(r"\s+")  # the ideographic space U+3000 included
#: full-width ASCII forms (！ … ～, U+FF01-FF5E)
_FULLWIDTH = re.compile("[\uff01-\uff5e]")


def to_json(value: Any) -> str:
    """Compact UTF-8 JSON (no ASCII escaping), as stored in TEXT columns."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def text_hash(article: Article) -> str | None:
    """sha256 hex of the article text for de-duplication, or ``None`` when there is no text.

    Full-width ASCII forms become ASCII and all whitespace is dropped first, so copies that differ
    only in spacing, line breaks or full-width digits, letters and punctuation (mobile vs desktop
    pages) match.
    """
    text = _SPACE.sub("", article.text)
    for char in set(_FULLWIDTH.findall(text)):  # a few distinct ones (，：％ …): replace is fast
        text = text.replace(char, chr(ord(char) - 0xFEE0))
    if not text:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _finite(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"claim {name} must be a finite number, got {value!r}")
    return number


def article_row(article: Article, digest: str | None) -> tuple[Any, ...]:
    """The :data:`ARTICLE_COLUMNS` values of ``article`` (``digest``: its :func:`text_hash`)."""
    return (
        article.url,
        article.page_type,
        article.error,
        article.canonical_url,
        article.site_name,
        article.title,
        article.published_at,
        article.source,
        to_json(list(article.authors)),
        article.editor,
        to_json(list(article.category)),
        to_json(list(article.paragraphs)),
        article.lang,
        article.encoding,
        digest,
    )


def claim_row(claim: Claim) -> tuple[Any, ...]:
    """The :data:`CLAIM_COLUMNS` values of ``claim`` (``ValueError`` for a non-finite value)."""
    return (
        claim.subject,
        _finite(claim.value, "value"),
        None if claim.value_max is None else _finite(claim.value_max, "value_max"),
        claim.unit,
        claim.kind,
        claim.bound,
        claim.qualifier,
        claim.as_of,
        claim.raw,
        int(claim.start),
        int(claim.end),
        claim.sentence,
    )


def page_row(page: PageRecord) -> tuple[Any, ...]:
    """The :data:`PAGE_COLUMNS` values of ``page``."""
    return (
        page.url,
        page.final_url,
        page.status,
        to_json(dict(page.headers)),
        page.fetched_at,
        page.etag,
        page.last_modified,
        page.content_hash,
        page.content_type,
        page.warc_file,
        page.warc_offset,
        page.error,
    )


def page_from_row(row: Sequence[Any]) -> PageRecord:
    """A :class:`PageRecord` from the :data:`PAGE_COLUMNS` values."""
    values = dict(zip(PAGE_COLUMNS, row, strict=True))
    values["headers"] = json.loads(values["headers"]) if values["headers"] else {}
    return PageRecord(**values)


def claim_dict(row: Sequence[Any]) -> dict[str, Any]:
    """A SCHEMA.md Claim dict from the :data:`CLAIM_COLUMNS` values."""
    values = dict(zip(CLAIM_COLUMNS, row, strict=True))
    return Claim(
        value=values["value"],
        unit=values["unit"],
        kind=values["kind"],
        bound=values["bound"],
        raw=values["raw"],
        start=values["start_offset"],
        end=values["end_offset"],
        sentence=values["sentence"],
        subject=values["subject"],
        value_max=values["value_max"],
        qualifier=values["qualifier"],
        as_of=values["as_of"],
    ).to_dict()


def article_dict(
    article_id: int,
    key: str,
    row: Sequence[Any],
    claims: list[dict[str, Any]],
    title_claims: list[dict[str, Any]],
) -> dict[str, Any]:
    """A SCHEMA.md Article dict (plus ``id`` and ``key``) from the :data:`ARTICLE_COLUMNS` values."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    paragraphs = json.loads(values["paragraphs"])
    return {
        "id": article_id,
        "key": key,
        "url": values["url"],
        "page_type": values["page_type"],
        "error": values["error"],
        "canonical_url": values["canonical_url"],
        "site_name": values["site_name"],
        "title": values["title"],
        "published_at": values["published_at"],
        "source": values["source"],
        "authors": json.loads(values["authors"]),
        "editor": values["editor"],
        "category": json.loads(values["category"]),
        "paragraphs": paragraphs,
        "text": "\n".join(paragraphs),
        "lang": values["lang"],
        "encoding": values["encoding"],
        "claims": claims,
        "title_claims": title_claims,
    }
