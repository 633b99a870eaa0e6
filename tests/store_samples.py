"""Sample records for the store and export tests (claims whose offsets really index into the text)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from article_extract.model import Article, Claim, PageRecord

TEXT = ["截至2025年12月，我国网民规模达11.25亿人。", "互联网普及率突破80%，较上年提高1.5个百分点。"]


def make_claims(paragraphs: list[str]) -> tuple[Claim, ...]:
    """Claims whose offsets really index into the joined text (checked below)."""
    text = "\n".join(paragraphs)
    out = []
    for raw, value, unit, kind, bound, qualifier in (
        ("11.25亿人", 1.125e9, "人", "quantity", "eq", "达"),
        ("80%", 80.0, "%", "percent", "gt", "突破"),
        ("1.5个百分点", 1.5, "个百分点", "change", "eq", None),
    ):
        if raw not in text:
            continue
        start = text.index(raw)
        sentence = next(p for p in paragraphs if raw in p)
        out.append(
            Claim(
                value=value,
                unit=unit,
                kind=kind,
                bound=bound,
                raw=raw,
                start=start,
                end=start + len(raw),
                sentence=sentence,
                subject="网民规模" if unit == "人" else None,
                qualifier=qualifier,
                as_of="2025-12" if unit == "人" else None,
            )
        )
    return tuple(out)


def make_article(url: str = "https://news.example.cn/a/1.html", **changes: Any) -> Article:
    paragraphs = changes.pop("paragraphs", TEXT)
    title = changes.pop("title", "我国网民规模达11.25亿人")
    title_claim = Claim(
        value=1.125e9,
        unit="人",
        kind="quantity",
        bound="eq",
        raw="11.25亿人",
        start=7,
        end=14,
        sentence=title,
        subject="网民规模",
        qualifier="达",
    )
    base = Article(
        url=url,
        canonical_url=url,
        site_name="豫经智库",
        title=title,
        published_at="2026-02-05T10:30:00+08:00",
        source="央视新闻客户端",
        authors=("张三", "李四"),
        editor="王五",
        category=("首页", "政策动态"),
        paragraphs=tuple(paragraphs),
        encoding="gb18030",
        claims=make_claims(paragraphs),
        title_claims=(title_claim,),
    )
    return replace(base, **changes)


def make_page(url: str = "https://news.example.cn/a/1.html", **changes: Any) -> PageRecord:
    base = PageRecord(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=gbk", "ETag": '"x1"'},
        fetched_at="2026-02-05T03:00:00+00:00",
        etag='"x1"',
        last_modified="Thu, 05 Feb 2026 02:00:00 GMT",
        content_hash="ab" * 32,
        content_type="text/html",
        warc_file="crawl-00001.warc.gz",
        warc_offset=123456,
    )
    return replace(base, **changes)
