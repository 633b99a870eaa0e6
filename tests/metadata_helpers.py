"""Helpers for the metadata tests: run the metadata stage on an HTML snippet or a fixture page."""

from __future__ import annotations

from pathlib import Path

from article_extract.boilerplate import Body
from article_extract.metadata import Metadata, extract_metadata
from article_extract.parse import parse_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def meta_of(html: str, url: str | None = None) -> Metadata:
    """Metadata of ``html`` with no body located (the metadata stage must not depend on it)."""
    page = parse_html(html, url=url)
    return extract_metadata(page, Body("article", (), page.tree.body))


def fixture_meta(name: str, url: str | None = None) -> Metadata:
    """Metadata of ``fixtures/meta/<name>`` (UTF-8)."""
    return meta_of((FIXTURES / "meta" / name).read_text(encoding="utf-8"), url=url)
