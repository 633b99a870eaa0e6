"""Records the pipeline emits: :class:`Article` and :class:`Claim` (see SCHEMA.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Claim:
    """One numeric claim found in a text."""

    value: float
    unit: str
    kind: str
    bound: str
    raw: str
    start: int
    end: int
    sentence: str
    subject: str | None = None
    value_max: float | None = None
    qualifier: str | None = None
    as_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The claim as a JSON-ready dict in SCHEMA.md field order."""
        return {
            "subject": self.subject,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "kind": self.kind,
            "bound": self.bound,
            "qualifier": self.qualifier,
            "as_of": self.as_of,
            "raw": self.raw,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Article:
    """The article extracted from one page (or the reason there is none, in ``error``)."""

    url: str | None = None
    page_type: str = "article"
    error: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    title: str | None = None
    published_at: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    category: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    lang: str = "zh-Hans"
    encoding: str = ""
    claims: tuple[Claim, ...] = ()
    title_claims: tuple[Claim, ...] = ()

    @property
    def text(self) -> str:
        """The body: paragraphs joined by newlines; claim offsets index into it."""
        return "\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """The article as a JSON-ready dict in SCHEMA.md field order."""
        return {
            "url": self.url,
            "page_type": self.page_type,
            "error": self.error,
            "canonical_url": self.canonical_url,
            "site_name": self.site_name,
            "title": self.title,
            "published_at": self.published_at,
            "source": self.source,
            "authors": list(self.authors),
            "editor": self.editor,
            "category": list(self.category),
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "lang": self.lang,
            "encoding": self.encoding,
            "claims": [c.to_dict() for c in self.claims],
            "title_claims": [c.to_dict() for c in self.title_claims],
        }


@dataclass(frozen=True)
class PageRecord:
    """What was fetched for one URL: the row of the ``pages`` table."""

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None  # ISO 8601, UTC
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # sha256 hex of the raw body
    content_type: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict."""
        return asdict(self)
