"""Fetcher, robots.txt, URL normalization and WARC archive, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from article_extract.fetch import (
    Fetcher,
    FetchPolicy,
    FetchResult,
    Response,
    backoff_delay,
    build_client,
    parse_retry_after,
)
from article_extract.robots import RobotsCache, RobotsFile, rules_from
from article_extract.urls import UrlError, normalize_url, read_url_lines, same_site
from article_extract.warc_archive import WarcArchive
from localserver import Hit, LocalServer, Reply, gzipped, html, redirect

T = TypeVar("T")
GBK_PAGE = "<html><head><title>郑州发布</title></head><body><p>全省网民规模达到九千万人。</p></body></html>"


def policy(**kw: Any) -> FetchPolicy:
    base: dict[str, Any] = {
        "user_agent": "article-extract-test/1.0 (+http://example.invalid/contact)",
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "total_timeout": 10.0,
        "retries": 2,
        "backoff_base": 0.05,
        "backoff_max": 0.2,
    }
    base.update(kw)
    return FetchPolicy(**base)


def run(coro_fn: Callable[[Fetcher], Awaitable[T]], **kw: Any) -> T:
    """Run ``coro_fn(fetcher)`` with a fresh client."""

    async def main() -> T:
        pol = policy(**kw)
        async with build_client(pol) as client:
            return await coro_fn(Fetcher(client, pol, rng=random.Random(7)))

    return asyncio.run(main())


def fetch(url: str, **kw: Any) -> FetchResult:
    options = {k: kw.pop(k) for k in ("etag", "last_modified", "body_filter") if k in kw}
    return run(lambda f: f.fetch(url, **options), **kw)


@pytest.fixture
def server() -> Any:
    with LocalServer() as srv:
        yield srv


# -- URLs ----------------------------------------------------------------------------------------


def test_normalize_url_forms() -> None:
    assert normalize_url("HTTP://News.Example.CN:80/a/../b.html?z=1&a=2#top") == (
        "http://news.example.cn/b.html?a=2&z=1"
    )
    assert normalize_url("https://example.cn:443") == "https://example.cn/"
    assert normalize_url("https://example.cn:8443/x") == "https://example.cn:8443/x"
    assert normalize_url("https://例子.中国/新闻") == "https://xn--fsqu00a.xn--fiqs8s/%E6%96%B0%E9%97%BB"
    assert normalize_url("../c.html", base="http://a.cn/x/y/z.html") == "http://a.cn/x/c.html"
    # the same page written two ways normalizes to one URL
    assert normalize_url("http://a.cn/p?id=1&b=2") == normalize_url("http://A.cn:80/p?b=2&id=1#frag")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("ftp://example.cn/file", "unsupported URL scheme 'ftp:'"),
        ("mailto:a@b.cn", "unsupported URL scheme"),
        ("example.cn/no-scheme", "no scheme"),
        ("http:///path-only", "no host"),
        ("http://exa mple.cn/", "whitespace"),
        ("http://example.cn:99999/", "malformed"),
        ("", "empty"),
    ],
)
def test_normalize_url_rejects(raw: str, message: str) -> None:
    with pytest.raises(UrlError, match=message):
        normalize_url(raw)


def test_read_url_lines_reports_each_bad_line() -> None:
    lines = [
        "# seeds\n",
        "\n",
        "http://a.cn/1.html\n",
        "ftp://a.cn/x\n",
        "   \n",
        "http://A.CN/1.html#again\n",
        "not a url\n",
        "https://b.cn/2.html\n",
    ]
    out = list(read_url_lines(lines))
    assert [(o.lineno, o.url is not None, o.error is None) for o in out] == [
        (3, True, True),
        (4, False, False),
        (6, True, False),
        (7, False, False),
        (8, True, True),
    ]
    assert "duplicate" in (out[2].error or "")
    assert "ftp" in (out[1].error or "")


def test_same_site_scope() -> None:
    assert same_site("http://news.example.cn/a", "www.example.cn")
    assert same_site("http://example.cn/a", "www.example.cn")
    assert not same_site("http://example.com/a", "www.example.cn")
    assert not same_site("http://badexample.cn/a", "example.cn")


# -- fetching ------------------------------------------------------------------------------------


def test_gbk_bytes_arrive_untouched_with_and_without_charset(server: LocalServer) -> None:
    server.add("/with", html(GBK_PAGE, charset="gbk", encoding="gbk"))
    server.add("/without", html(GBK_PAGE, charset=None, encoding="gbk"))
    with_cs = fetch(server.url("/with"))
    without = fetch(server.url("/without"))
    assert with_cs.ok and without.ok
    assert with_cs.response is not None and without.response is not None
    assert with_cs.response.body == GBK_PAGE.encode("gbk") == without.response.body
    assert with_cs.response.charset == "gbk"
    assert without.response.charset is None
    assert without.response.content_type == "text/html"


def test_user_agent_and_accept_headers_sent(server: LocalServer) -> None:
    server.add("/p", html("<p>x</p>"))
    assert fetch(server.url("/p")).ok
    hit = server.hits_for("/p")[0]
    assert hit.headers["user-agent"] == "article-extract-test/1.0 (+http://example.invalid/contact)"
    assert "text/html" in hit.headers["accept"]


def test_429_retry_after_seconds_is_honoured(server: LocalServer) -> None:
    server.add("/busy", [Reply(429, b"slow down", {"Retry-After": "1"}), html("<p>ok</p>")])
    result = fetch(server.url("/busy"))
    assert result.ok and result.attempts == 2
    first, second = server.hits_for("/busy")
    assert second.at - first.at >= 0.95
    assert [r.status for r in result.responses] == [429, 200]


def test_retry_after_http_date_and_seconds_parse() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(30)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_long_retry_after_defers_instead_of_waiting(server: LocalServer) -> None:
    server.add("/later", Reply(503, b"", {"Retry-After": "3600"}))
    result = fetch(server.url("/later"), max_retry_after=5)
    assert server.count("/later") == 1
    assert result.error is not None and "Retry-After 3600" in result.error
    assert result.retry_at is not None
    assert result.retry_at - datetime.now(timezone.utc) > timedelta(minutes=59)


def test_flaky_503_retried_until_success(server: LocalServer) -> None:
    server.add("/flaky", [Reply(503), Reply(503), html("<p>finally</p>")])
    result = fetch(server.url("/flaky"), retries=3)
    assert result.ok and server.count("/flaky") == 3
    assert result.response is not None and b"finally" in result.response.body


def test_retries_give_up_with_clear_error(server: LocalServer) -> None:
    server.add("/down", Reply(502))
    result = fetch(server.url("/down"), retries=2)
    assert server.count("/down") == 3
    assert result.error == "HTTP 502 (gave up after 3 attempts)"


def test_other_4xx_not_retried(server: LocalServer) -> None:
    server.add("/gone", Reply(410, b"gone"))
    result = fetch(server.url("/gone"), retries=3)
    assert server.count("/gone") == 1
    assert result.error is not None and result.error.startswith("HTTP 410")
    assert server.count("/missing") == 0
    assert fetch(server.url("/missing")).error == "HTTP 404 Not Found"
    assert server.count("/missing") == 1


def test_slow_response_times_out_and_is_retried(server: LocalServer) -> None:
    server.add("/slow", Reply(body=b"late", delay=1.0))
    result = fetch(server.url("/slow"), read_timeout=0.3, retries=1)
    assert server.count("/slow") == 2
    assert result.error is not None and "ReadTimeout" in result.error
    assert result.responses == []


def test_trickling_body_hits_total_timeout(server: LocalServer) -> None:
    server.add("/drip", Reply(body=b"x" * 20, chunk_size=1, chunk_delay=0.1))
    result = fetch(server.url("/drip"), total_timeout=0.5, retries=0)
    assert result.error is not None and "timed out" in result.error


def test_connection_refused_is_an_error_not_an_exception() -> None:
    result = fetch("http://127.0.0.1:9/", retries=1)
    assert result.error is not None and "gave up after 2 attempts" in result.error


def test_redirect_chain_followed(server: LocalServer) -> None:
    server.add("/r1", redirect("/r2", 301))
    server.add("/r2", redirect(server.url("/r3"), 302))
    server.add("/r3", redirect("/final.html", 307))
    server.add("/final.html", html("<p>here</p>"))
    result = fetch(server.url("/r1"))
    assert result.ok
    assert result.final_url == server.url("/final.html")
    assert [r.status for r in result.responses] == [301, 302, 307, 200]


def test_redirect_loop_detected(server: LocalServer) -> None:
    server.add("/a", redirect("/b"))
    server.add("/b", redirect("/a"))
    result = fetch(server.url("/a"))
    assert result.error is not None and result.error.startswith("redirect loop: ")
    assert server.count("/a") == 1 and server.count("/b") == 1


def test_redirect_limit(server: LocalServer) -> None:
    for i in range(5):
        server.add(f"/hop{i}", redirect(f"/hop{i + 1}"))
    result = fetch(server.url("/hop0"), max_redirects=2)
    assert result.error is not None and "too many redirects" in result.error
    assert server.count("/hop3") == 0


def test_redirect_to_unsupported_scheme(server: LocalServer) -> None:
    server.add("/ftp", redirect("ftp://example.cn/file"))
    result = fetch(server.url("/ftp"))
    assert result.error is not None and "unsupported URL scheme" in result.error


def test_oversized_declared_body_not_read(server: LocalServer) -> None:
    server.add("/big", Reply(body=b"a" * 300_000, headers={"Content-Type": "text/html"}))
    result = fetch(server.url("/big"), max_bytes=100_000)
    assert result.error == "response body larger than the 97.6562 KiB size cap"
    assert result.response is not None and result.response.truncated == "length"


def test_oversized_streamed_body_cut_at_cap(server: LocalServer) -> None:
    server.add("/stream", Reply(body=b"b" * 300_000, close_delimited=True, chunk_size=8192))
    result = fetch(server.url("/stream"), max_bytes=100_000)
    assert result.response is not None
    assert result.response.truncated == "length" and len(result.response.body) == 100_000
    assert result.error is not None and "size cap" in result.error


def test_gzip_bomb_cut_after_decompression(server: LocalServer) -> None:
    bomb = gzipped(b"<p>" + b"0" * 20_000_000)
    assert len(bomb.body) < 100_000  # small on the wire, 20 MB decoded
    server.add("/bomb", bomb)
    result = fetch(server.url("/bomb"), max_bytes=1_000_000)
    assert result.response is not None
    assert result.response.truncated == "length"
    assert len(result.response.body) == 1_000_000
    assert result.error is not None and "size cap" in result.error


def test_gzip_body_decoded(server: LocalServer) -> None:
    server.add("/gz", gzipped("<p>压缩正文</p>".encode()))
    result = fetch(server.url("/gz"))
    assert result.ok and result.response is not None
    assert result.response.body.decode() == "<p>压缩正文</p>"


def test_conditional_request_gets_304(server: LocalServer) -> None:
    def etagged(hit: Hit) -> Reply:
        if hit.headers.get("if-none-match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return html("<p>v1</p>", headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"})

    server.add("/e", etagged)
    first = fetch(server.url("/e"))
    assert first.response is not None and first.response.status == 200
    again = fetch(server.url("/e"), etag='"v1"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT")
    assert again.ok and again.response is not None and again.response.status == 304
    hit = server.hits_for("/e")[1]
    assert hit.headers["if-none-match"] == '"v1"'
    assert hit.headers["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"


def test_body_filter_skips_non_html_body(server: LocalServer) -> None:
    server.add(
        "/doc.pdf", Reply(body=b"%PDF-1.4" + b"x" * 50_000, headers={"Content-Type": "application/pdf"})
    )

    def only_html(http: Any) -> str | None:
        return None if http.headers.get("content-type", "").startswith("text/html") else "not html"

    result = fetch(server.url("/doc.pdf"), body_filter=only_html)
    assert result.response is not None
    assert result.response.truncated == "unspecified" and result.response.body == b""
    assert result.response.content_type == "application/pdf"


def test_backoff_grows_and_is_capped() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, 0.5, 4.0, rng) for n in range(1, 7)]
    assert 0.25 <= delays[0] <= 0.5
    assert 1.0 <= delays[2] <= 2.0
    assert all(2.0 <= d <= 4.0 for d in delays[3:])


# -- robots.txt ----------------------------------------------------------------------------------


def test_robots_rules_and_status_handling() -> None:
    text = b"User-agent: *\nDisallow: /private\nCrawl-delay: 0.5\n\nUser-agent: other\nDisallow: /\n"
    rules = rules_from(RobotsFile(200, text), "article-extract")
    assert not rules.allowed("http://a.cn/private/1.html")
    assert rules.allowed("http://a.cn/news/1.html")
    assert rules.crawl_delay == 0.5
    assert rules_from(RobotsFile(404), "article-extract").allowed("http://a.cn/private")
    blocked = rules_from(RobotsFile(503), "article-extract")
    assert not blocked.allowed("http://a.cn/news")
    assert "HTTP 503" in blocked.why_not("http://a.cn/news")
    assert not rules_from(RobotsFile(None, error="ConnectError"), "article-extract").allowed("http://a.cn/")


def test_robots_fetched_once_per_host_under_concurrency() -> None:
    calls: list[str] = []

    async def fake_fetch(url: str) -> RobotsFile:
        calls.append(url)
        await asyncio.sleep(0.05)
        return RobotsFile(200, b"User-agent: *\nDisallow: /x\n")

    async def main() -> list[bool]:
        cache = RobotsCache(fake_fetch, "article-extract")
        urls = [f"http://a.cn/{p}" for p in ("x/1", "y/2", "x/3")] + ["http://b.cn/x/4"]
        return [(await cache.rules(u)).allowed(u) for u in urls] + [
            r.allowed("http://a.cn/z")
            for r in await asyncio.gather(*(cache.rules("http://a.cn/") for _ in range(5)))
        ]

    allowed = asyncio.run(main())
    assert allowed == [False, True, False, False, True, True, True, True, True]
    assert calls == ["http://a.cn/robots.txt", "http://b.cn/robots.txt"]


# -- WARC ----------------------------------------------------------------------------------------


def _response(url: str, body: bytes, **kw: Any) -> Response:
    headers = kw.pop("headers", [("Content-Type", "text/html; charset=gbk")])
    return Response(
        url=url,
        status=kw.pop("status", 200),
        reason="OK",
        http_version="HTTP/1.1",
        headers=headers,
        body=body,
        **kw,
    )


def test_warc_records_readable_at_recorded_offsets(tmp_path: Path) -> None:
    bodies = [GBK_PAGE.encode("gbk"), b"<p>second</p>", b"x" * 1000]
    with WarcArchive(tmp_path / "warc") as archive:
        locs = [
            archive.write_response(
                _response(
                    f"http://a.cn/{i}.html",
                    body,
                    headers=[
                        ("Content-Type", "text/html; charset=gbk"),
                        ("Content-Encoding", "gzip"),
                        ("Content-Length", "17"),
                    ],
                )
            )
            for i, body in enumerate(bodies)
        ]
    assert len({path for path, _ in locs}) == 1
    for i, (path, offset) in enumerate(locs):
        with open(path, "rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == f"http://a.cn/{i}.html"
            assert record.http_headers.get_statuscode() == "200"
            assert record.http_headers.get_header("Content-Type") == "text/html; charset=gbk"
            assert record.http_headers.get_header("Content-Encoding") is None
            assert record.http_headers.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
            assert record.http_headers.get_header("Content-Length") == str(len(bodies[i]))
            assert record.content_stream().read() == bodies[i]


def test_warc_rotates_by_size_and_marks_truncation(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=2000) as archive:
        locs = [
            archive.write_response(_response(f"http://a.cn/{i}", random.randbytes(1500))) for i in range(3)
        ]
        cut = archive.write_response(_response("http://a.cn/cut", b"partial", truncated="length"))
    assert len({path for path, _ in locs}) == 3
    assert all(path.endswith(".warc.gz") for path, _ in locs)
    with open(cut[0], "rb") as fh:
        fh.seek(cut[1])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Truncated") == "length"
    every = []
    for path in sorted(tmp_path.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            every += [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    assert [uri for kind, uri in every if kind == "response"] == [
        "http://a.cn/0",
        "http://a.cn/1",
        "http://a.cn/2",
        "http://a.cn/cut",
    ]
    # each file starts with a warcinfo record; the 4th record went to a 4th file (the 3rd was full)
    assert sum(kind == "warcinfo" for kind, _ in every) == len(list(tmp_path.glob("*.warc.gz"))) == 4


def test_corrupt_gzip_is_a_final_error(server: LocalServer) -> None:
    server.add("/bad.gz", Reply(body=b"\x1f\x8bnot gzip at all", headers={"Content-Encoding": "gzip"}))
    result = fetch(server.url("/bad.gz"), retries=2)
    assert result.error is not None and result.error.startswith("DecodingError")
    assert server.count("/bad.gz") == 1


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(["http", "HTTP", "https"]),
    host=st.from_regex(r"[a-z][a-z0-9-]{0,10}\.(cn|com|中国)", fullmatch=True),
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    path=st.lists(st.text(alphabet="abc./%-_~ 新闻", max_size=6), max_size=4),
    query=st.lists(st.tuples(st.sampled_from("abz"), st.text(alphabet="1x&=新 ", max_size=3)), max_size=3),
    fragment=st.text(alphabet="abc#", max_size=3),
)
def test_normalize_url_is_idempotent(
    scheme: str, host: str, port: str, path: list[str], query: list[tuple[str, str]], fragment: str
) -> None:
    raw = f"{scheme}://{host}{port}/{'/'.join(path)}"
    if query:
        raw += "?" + "&".join(f"{k}={v}" for k, v in query)
    raw += "#" + fragment if fragment else ""
    try:
        once = normalize_url(raw.replace(" ", "%20"))
    except UrlError:
        return
    assert normalize_url(once) == once
    assert "#" not in once and once.split("://", 1)[0] in ("http", "https")
