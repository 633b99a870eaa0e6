"""Metadata stage: title, published_at, source, authors, editor, category, site_name, canonical_url, lang.

Each field has its own module (extractors); :mod:`.validators` holds the plausibility checks. The page's
text lines are collected once (by the body stage's walk, else :mod:`.textlines`) and shared by every
field reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..boilerplate import Body
from ..parse import ParsedPage
from .breadcrumb import pick_category
from .credits import (
    Credits,
    json_ld_authors,
    meta_credit,
    outlet_of_reporter,
    read_credits,
    source_beside_date,
    trailing_credit,
)
from .dates import pick_published
from .lang import pick_lang
from .names import source_from
from .resources import words
from .site import pick_canonical, pick_site_name
from .textlines import PageLines, collect_lines, page_lines
from .title import pick_title
from .validators import valid_editor, valid_site_name

__all__ = ["Metadata", "extract_metadata"]


@dataclass(frozen=True)
class Metadata:
    """Article fields other than the body."""

    title: str | None = None
    published_at: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    category: tuple[str, ...] = ()
    site_name: str | None = None
    canonical_url: str | None = None
    lang: str = "zh-Hans"


def extract_metadata(page: ParsedPage, body: Body) -> Metadata:
    """Read the article's metadata from the parsed page and its located body."""
    lines = _page_lines(page, body)
    picked = pick_title(page.tree, page.title_tag, page.meta, page.json_ld, lines.lines)
    lines.find_headline(picked.title)
    canonical = pick_canonical(page.canonical_href, page.meta, page.url)
    urls = [u for u in (page.url, canonical) if u]
    credits = read_credits(lines)
    if not credits.authors:
        credits.authors = trailing_credit(body.paragraphs) or json_ld_authors(page.json_ld)
    site_name = pick_site_name(page.meta, page.json_ld, list(picked.suffixes), page.tree, lines.lines)
    declared = [page.html_lang, page.meta.get("content-language"), page.meta.get("dc.language")]
    return Metadata(
        title=picked.title,
        published_at=pick_published(
            lines,
            page.meta,
            page.json_ld,
            urls,
            words("meta_date_keys"),
            page.scripts,
            words("script_date_keys"),
        ),
        source=_source(credits, lines, page.meta),
        authors=tuple(credits.authors),
        editor=_editor(credits, page.meta),
        category=pick_category(page.tree, lines, picked.title),
        site_name=site_name if valid_site_name(site_name) else None,
        canonical_url=canonical,
        lang=pick_lang(declared, lines.text_head(_LANG_SAMPLE)),
    )


_LANG_SAMPLE = 8000


def _page_lines(page: ParsedPage, body: Body) -> PageLines:
    """The lines the body stage collected in its walk, else the page walked for them."""
    if body.lines is not None:
        return page_lines(list(body.lines), body.lines_span)
    return collect_lines(page.tree.body or page.tree.root, body.node)


def _source(credits: Credits, lines: PageLines, meta: dict[str, str]) -> str | None:
    """Labelled source; else the outlet beside the date; else ``<meta>``; else the outlet before 记者."""
    source = credits.source or source_beside_date(lines)
    if source is None:
        meta_source = meta_credit(meta, words("meta_source_keys"))
        source = source_from(meta_source.split("来源", 1)[-1]) if meta_source else None
    return source or outlet_of_reporter(lines)


def _editor(credits: Credits, meta: dict[str, str]) -> str | None:
    """Labelled editor; else a ``<meta name=editor>`` that is a name (not a staff number)."""
    if credits.editor is not None:
        return credits.editor
    meta_editor = meta_credit(meta, words("meta_editor_keys"))
    return meta_editor if meta_editor and valid_editor(meta_editor) else None
