"""Sitemaps, sitemap indexes, RSS and Atom as crawl seeds, parsed safely (defusedxml)."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from article_extract.feeds import FeedError, gunzip, parse_feed, sniff_kind

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example.cn/2026/01/a.html</loc><lastmod>2026-01-05</lastmod></url>
  <url><loc>
     https://news.example.cn/2026/01/b.html
  </loc><news:news><news:title>\xe6\xa0\x87\xe9\xa2\x98</news:title></news:news></url>
  <url><lastmod>2026-01-05</lastmod></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.cn/sitemap-1.xml</loc></sitemap>
  <sitemap><loc>/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>要闻</title><link>https://news.example.cn/</link>
  <item><title>第一条</title><link>https://news.example.cn/a.html</link></item>
  <item><title>第二条</title><guid>https://news.example.cn/b.html</guid></item>
  <item><title>无链接</title><guid isPermaLink="false">tag-123</guid></item>
  <item><title>相对</title><link>/c.html</link></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.cn/feeds/">
  <title>t</title>
  <entry><link rel="self" href="https://news.example.cn/api/1"/><link href="../a.html"/></entry>
  <entry><link rel="alternate" type="text/html" href="https://news.example.cn/b.html"/></entry>
  <entry><title>none</title></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://news.example.cn/"><title>t</title></channel>
  <item rdf:about="https://news.example.cn/r1.html"><link>https://news.example.cn/r1.html</link></item>
</rdf:RDF>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title><link>https://x.cn/&lol9;</link></item></channel></rss>"""


def xxe_sitemap(secret_file: Path) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file://{secret_file}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.cn/&secret;</loc></url>
</urlset>""".encode()


def test_sitemap_urls() -> None:
    doc = parse_feed(SITEMAP, base_url="https://news.example.cn/sitemap.xml")
    assert doc.kind == "urlset"
    assert doc.urls == ("https://news.example.cn/2026/01/a.html", "https://news.example.cn/2026/01/b.html")
    assert doc.sitemaps == ()


def test_sitemap_index_lists_child_sitemaps_resolved() -> None:
    doc = parse_feed(SITEMAP_INDEX, base_url="https://news.example.cn/sitemap.xml")
    assert doc.kind == "sitemapindex"
    assert doc.sitemaps == (
        "https://news.example.cn/sitemap-1.xml",
        "https://news.example.cn/sitemap-2.xml.gz",
    )
    assert doc.urls == ()


def test_gzipped_sitemap() -> None:
    doc = parse_feed(gzip.compress(SITEMAP))
    assert len(doc.urls) == 2
    assert sniff_kind(gzip.compress(SITEMAP), "application/x-gzip") == "feed"


def test_gzip_expansion_limited() -> None:
    with pytest.raises(FeedError, match="expands beyond"):
        gunzip(gzip.compress(b" " * 200_000), limit=100_000)


def test_rss_links_guid_permalinks_and_relative() -> None:
    doc = parse_feed(RSS, base_url="https://news.example.cn/rss.xml")
    assert doc.kind == "rss"
    assert doc.urls == (
        "https://news.example.cn/a.html",
        "https://news.example.cn/b.html",
        "https://news.example.cn/c.html",
    )


def test_atom_alternate_links_with_xml_base() -> None:
    doc = parse_feed(ATOM, base_url="https://other.example.cn/atom")
    assert doc.kind == "atom"
    assert doc.urls == ("https://news.example.cn/a.html", "https://news.example.cn/b.html")


def test_rss1_rdf() -> None:
    assert parse_feed(RDF).urls == ("https://news.example.cn/r1.html",)


def test_billion_laughs_rejected_without_expansion() -> None:
    start = time.perf_counter()
    with pytest.raises(FeedError, match="entit") as info:
        parse_feed(BILLION_LAUGHS)
    assert time.perf_counter() - start < 1.0  # refused up front, never expanded (1e9 "lol"s otherwise)
    assert "billion laughs" in str(info.value)
    assert len(str(info.value)) < 300


def test_xxe_sitemap_cannot_read_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731")
    with pytest.raises(FeedError, match="XXE") as info:
        parse_feed(xxe_sitemap(secret))
    assert "TOP-SECRET" not in str(info.value)


def test_external_dtd_not_fetched(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "LEAKED-DTD">')
    doc = f"""<?xml version="1.0"?>
<!DOCTYPE urlset SYSTEM "file://{dtd}">
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.cn/x</loc></url></urlset>"""
    try:
        parsed = parse_feed(doc.encode())
    except FeedError as exc:
        assert "LEAKED" not in str(exc)
    else:
        assert parsed.urls == ("https://a.cn/x",)


@pytest.mark.parametrize(
    ("body", "ctype", "message"),
    [
        (b"<urlset><url><loc>x</loc>", "application/xml", "malformed XML"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "application/xml", "not a sitemap or feed"),
        (b"\x1f\x8bnot really gzip", "application/x-gzip", "bad gzip"),
    ],
)
def test_bad_documents_get_clear_errors(body: bytes, ctype: str, message: str) -> None:
    assert sniff_kind(body, ctype) == "feed"
    with pytest.raises(FeedError, match=message):
        parse_feed(body)


@pytest.mark.parametrize(
    ("body", "ctype", "kind"),
    [
        (SITEMAP, "text/xml", "feed"),
        (RSS, "application/rss+xml", "feed"),
        (ATOM, None, "feed"),
        (RSS, "text/html", "feed"),  # mislabeled feed
        (BILLION_LAUGHS, "application/xml", "feed"),  # parsed (and refused), never treated as a page
        (b"<!DOCTYPE html><html><body>x</body></html>", "text/html", "html"),
        (b"<!DOCTYPE html><html><body>x</body></html>", None, "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "text/xml", "html"),
        (b"\x89PNG\r\n", None, None),
        (b"{}", "application/json", None),
    ],
)
def test_sniff_kind(body: bytes, ctype: str | None, kind: str | None) -> None:
    assert sniff_kind(body, ctype) == kind
