"""The crawler end to end: a real HTTP server on 127.0.0.1, the real store (SQLite file; PostgreSQL
where available), WARC files read back with warcio, and a ``kill -9`` resume with a real subprocess."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

import article_extract
from article_extract.cli import main
from article_extract.crawl import CrawlConfig, CrawlSummary, crawl
from article_extract.store import open_store
from localserver import Hit, LocalServer, Reply, gzipped, html, redirect


def article_html(
    title: str, paragraphs: int = 4, charset_meta: str | None = None, links: str = "", nav: bool = True
) -> str:
    """A plain news page whose body the extractor finds (distinct text per title)."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "".join(
        f"<p>第{i + 1}段：据统计，{title}显示本地网民规模达到{i + 1}.25亿人，同比增长{i + 2}.5%，"
        "互联网普及率进一步提升，数字经济规模持续扩大。</p>"
        for i in range(paragraphs)
    )
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title} - 测试新闻网</title></head><body>"
        + ("<div class='nav'><a href='/'>首页</a> <a href='/news/'>新闻</a></div>" if nav else "")
        + f"<div class='article'><h1>{title}</h1>"
        "<div class='info'>2026-01-05 10:00 来源：新华社</div>"
        f"{body}</div><div class='links'>{links}</div>"
        "<div class='footer'>版权所有 测试新闻网</div></body></html>"
    )


def config(tmp_path: Path, **kw: Any) -> CrawlConfig:
    options: dict[str, Any] = {
        "per_host_delay": 0.0,
        "retries": 1,
        "backoff_base": 0.05,
        "backoff_max": 0.1,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "total_timeout": 10.0,
        "warc_dir": str(tmp_path / "warc"),
        "progress": False,
    }
    options.update(kw)
    return CrawlConfig(**options)


def run_crawl(urls: list[str], db: str, cfg: CrawlConfig) -> tuple[CrawlSummary, str]:
    log = io.StringIO()
    summary = crawl(urls, db=db, config=cfg, log=log)
    return summary, log.getvalue()


def query(db_file: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db_file)
    try:
        rows = con.execute(sql, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def store_query(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of a portable (``?``) query on the store at ``url`` (SQLite or PostgreSQL)."""
    with open_store(url) as store:
        return [tuple(row) for row in store.db.query(sql, params)]


def warc_record_at(path: str, offset: int) -> tuple[str, str, bytes]:
    """(target URI, status, payload) of the record at ``offset``."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return (
            record.rec_headers.get_header("WARC-Target-URI"),
            record.http_headers.get_statuscode(),
            record.content_stream().read(),
        )


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "news.db"
    return f"sqlite:///{path}", path


# -- storing -------------------------------------------------------------------------------------


def test_pages_articles_claims_and_warc_stored(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    pages = {
        "/gbk-header.html": html(article_html("郑州市数字经济报告"), charset="gbk", encoding="gbk"),
        "/gbk-meta.html": html(
            article_html("洛阳市网络发展统计", charset_meta="gbk"), charset=None, encoding="gbk"
        ),
        "/utf8.html": html(article_html("开封市互联网普及调查")),
        "/gzip.html": gzipped(article_html("新乡市宽带建设进展").encode()),
    }
    server.add_many(pages.items())
    url, path = db
    summary, log = run_crawl([server.url(p) for p in pages], url, config(tmp_path))
    assert (summary.done, summary.failed, summary.skipped) == (4, 0, 0), log
    assert server.count("/robots.txt") == 1
    rows = query(
        path,
        "SELECT p.url, p.status, p.content_hash, p.warc_file, p.warc_offset, a.title, a.encoding,"
        " (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id)"
        " FROM pages p JOIN articles a ON a.id = p.article_id ORDER BY p.url",
    )
    titles = {r[0].rsplit("/", 1)[1]: r[5] for r in rows}
    assert titles == {
        "gbk-header.html": "郑州市数字经济报告",
        "gbk-meta.html": "洛阳市网络发展统计",
        "utf8.html": "开封市互联网普及调查",
        "gzip.html": "新乡市宽带建设进展",
    }
    for page_url, status, content_hash, warc_file, warc_offset, _, _, n_claims in rows:
        served = pages["/" + page_url.rsplit("/", 1)[1]]
        decoded = (
            served.body
            if "Content-Encoding" not in served.headers
            else __import__("gzip").decompress(served.body)
        )
        assert status == 200 and n_claims > 0
        assert content_hash == hashlib.sha256(decoded).hexdigest()
        assert Path(warc_file).parent == tmp_path / "warc"
        assert warc_record_at(warc_file, warc_offset) == (page_url, "200", decoded)


def test_default_warc_dir_is_beside_the_sqlite_file(server: LocalServer, tmp_path: Path) -> None:
    server.add("/a.html", html(article_html("许昌市数据中心建设")))
    dbfile = tmp_path / "sub" / "n.db"
    cfg = config(tmp_path, warc_dir=None)
    summary, _ = run_crawl([server.url("/a.html")], f"sqlite:///{dbfile}", cfg)
    assert summary.done == 1
    assert [p.parent for p in summary.warc_files and map(Path, summary.warc_files)] == [
        tmp_path / "sub" / "warc"
    ]
    # robots.txt (404) and the page are both archived
    with open(summary.warc_files[0], "rb") as fh:
        uris = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        ]
    assert uris == [server.url("/robots.txt"), server.url("/a.html")]


def test_crawl_on_each_store_backend(server: LocalServer, db_url: str, tmp_path: Path) -> None:
    server.add("/one.html", html(article_html("周口市农业数字化")))
    server.add("/two.html", html(article_html("商丘市物流统计公报")))
    urls = [server.url("/one.html"), server.url("/two.html")]
    summary, log = run_crawl(urls, db_url, config(tmp_path))
    assert summary.done == 2, log
    again, _ = run_crawl(urls, db_url, config(tmp_path))
    assert again.processed == 0 and server.count("/one.html") == 1
    with open_store(db_url) as store:
        assert {a["title"] for a in store.iter_articles()} == {"周口市农业数字化", "商丘市物流统计公报"}
        assert store.queue.counts()["done"] == 2
        page = store.get_page(urls[0])
        assert page is not None and page.status == 200 and page.warc_offset is not None


# -- politeness ----------------------------------------------------------------------------------


def test_per_host_delay_spacing_and_hosts_in_parallel(db: tuple[str, Path], tmp_path: Path) -> None:
    with LocalServer() as one, LocalServer() as two:
        urls = []
        for srv, name in ((one, "甲"), (two, "乙")):
            for i in range(5):
                srv.add(f"/{i}.html", html(article_html(f"{name}地新闻第{i}号")))
                urls.append(srv.url(f"/{i}.html"))
        summary, log = run_crawl(urls, db[0], config(tmp_path, per_host_delay=0.3))
        assert summary.done == 10, log
        for srv in (one, two):
            times = [h.at for h in srv.hits]  # robots.txt and the pages, all paced
            assert len(times) == 6
            gaps = [b - a for a, b in itertools.pairwise(times)]
            # spacing is enforced at the client; arrival times logged by the server's threads jitter
            # (they share the GIL with the crawler), so one late arrival shortens the next gap a bit
            assert min(gaps) >= 0.25 and times[-1] - times[0] >= 5 * 0.3 - 0.02, gaps
        # the two hosts were crawled side by side, not one after the other
        assert two.hits[0].at < one.hits[-1].at and one.hits[0].at < two.hits[-1].at


def _in_flight_probe(label: str) -> tuple[Callable[[Hit], Reply], dict[str, int]]:
    """A slow page handler that records the most requests it saw in flight at once (``state["max"]``)."""
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def slow(hit: Hit) -> Reply:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return html(article_html(label + hit.path))

    return slow, state


def test_per_host_concurrency_limit(db: tuple[str, Path], tmp_path: Path) -> None:
    slow, state = _in_flight_probe("并发测试")

    with LocalServer() as srv:
        for i in range(8):
            srv.add(f"/{i}.html", slow)
        urls = [srv.url(f"/{i}.html") for i in range(8)]
        summary, _ = run_crawl(urls, db[0], config(tmp_path, per_host_concurrency=2, respect_robots=False))
    assert summary.done == 8
    assert state["max"] == 2


def test_robots_disallow_and_crawl_delay(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.4\n"))
    for i in range(3):
        server.add(f"/news/{i}.html", html(article_html(f"平顶山新闻{i}")))
    server.add("/private/x.html", html(article_html("不应抓取")))
    urls = [server.url(f"/news/{i}.html") for i in range(3)] + [server.url("/private/x.html")]
    summary, log = run_crawl(urls, db[0], config(tmp_path, per_host_delay=0.05))
    assert (summary.done, summary.skipped) == (3, 1)
    assert server.count("/private/x.html") == 0
    assert "disallowed by robots.txt" in log
    times = [h.at for h in server.hits]
    # Crawl-delay 0.4 beats the 0.05 s delay (arrivals logged by server threads jitter under load)
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.3
    assert query(db[1], "SELECT status, error FROM pages WHERE url LIKE '%private%'") == [
        (None, f"disallowed by robots.txt: {server.url('/private/x.html')}")
    ]


def test_no_robots_option(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    server.add("/a.html", html(article_html("漯河市食品产业")))
    summary, _ = run_crawl([server.url("/a.html")], db[0], config(tmp_path, respect_robots=False))
    assert summary.done == 1 and server.count("/robots.txt") == 0


def test_robots_unreachable_blocks_host(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    server.add("/robots.txt", Reply(500))
    server.add("/a.html", html(article_html("三门峡新闻")))
    summary, log = run_crawl([server.url("/a.html")], db[0], config(tmp_path))
    assert summary.deferred == 1 and server.count("/a.html") == 0  # tried again in a later run
    assert "robots.txt unavailable (HTTP 500)" in log
    assert query(db[1], "SELECT state, attempts FROM crawl_queue") == [("pending", 1)]
    server.add("/robots.txt", Reply(404))
    server.add("/a.html", html(article_html("三门峡新闻")))
    cfg = config(tmp_path, retry_later=0.0)
    query(db[1], "UPDATE crawl_queue SET next_attempt_at = '2000-01-01T00:00:00.000000Z'")  # make it due
    again, _ = run_crawl([server.url("/a.html")], db[0], cfg)
    assert again.done == 1 and server.count("/a.html") == 1


def test_transient_failures_deferred_at_most_max_attempts(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    server.add("/down.html", Reply(503))
    cfg = config(tmp_path, retries=0, retry_later=0.0, max_attempts=3)  # due again at once
    summary, log = run_crawl([server.url("/down.html")], db[0], cfg)
    assert server.count("/down.html") == 3  # three attempts in all, then failed for good
    assert (summary.failed, summary.deferred) == (1, 0)
    assert log.count("deferred to") == 2
    assert query(db[1], "SELECT state, attempts FROM crawl_queue") == [("failed", 3)]


def test_user_agent_with_contact(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    server.add("/a.html", html(article_html("鹤壁市新闻")))
    run_crawl([server.url("/a.html")], db[0], config(tmp_path, contact_url="https://example.org/bot"))
    agent = server.hits_for("/a.html")[0].headers["user-agent"]
    assert agent == f"article-extract/{article_extract.__version__} (+https://example.org/bot)"


# -- failures ------------------------------------------------------------------------------------


def test_failures_recorded_and_crawl_goes_on(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    server.add_many(
        [
            ("/ok.html", html(article_html("安阳市正常页面"))),
            ("/flaky.html", [Reply(503), html(article_html("焦作市重试成功"))]),
            ("/busy.html", [Reply(429, headers={"Retry-After": "1"}), html(article_html("濮阳市限流页面"))]),
            ("/missing.html", Reply(404, b"no")),
            ("/img.png", Reply(body=b"\x89PNG\r\n" + b"0" * 5000, headers={"Content-Type": "image/png"})),
            ("/big.html", Reply(body=b"<p>" + b"x" * 300_000, headers={"Content-Type": "text/html"})),
            ("/bomb.html", gzipped(b"<p>" + b"0" * 5_000_000)),
            ("/loop1", redirect("/loop2")),
            ("/loop2", redirect("/loop1")),
            ("/slow.html", Reply(body=b"<p>late</p>", delay=1.5)),
            ("/later.html", Reply(503, headers={"Retry-After": "7200"})),
        ]
    )
    names = [
        "ok.html", "flaky.html", "busy.html", "missing.html", "img.png",
        "big.html", "bomb.html", "loop1", "slow.html", "later.html",
    ]  # fmt: skip
    cfg = config(tmp_path, max_bytes=100_000, read_timeout=0.5, retries=1, max_retry_after=10)
    summary, log = run_crawl([server.url("/" + n) for n in names], db[0], cfg)
    rows = {
        r[0].rsplit("/", 1)[1]: r[1:]
        for r in query(db[1], "SELECT url, status, content_type, error, article_id FROM pages")
    }
    queue = dict(query(db[1], "SELECT url, state FROM crawl_queue"))
    state = {u.rsplit("/", 1)[1]: s for u, s in queue.items()}
    assert rows["ok.html"][3] is not None and rows["flaky.html"][3] is not None
    assert rows["busy.html"][3] is not None and server.count("/busy.html") == 2
    assert rows["missing.html"][:1] == (404,) and rows["missing.html"][2] == "HTTP 404 Not Found"
    assert (
        rows["img.png"][1] == "image/png" and "not HTML" in rows["img.png"][2] and rows["img.png"][3] is None
    )
    assert "size cap" in rows["big.html"][2] and "size cap" in rows["bomb.html"][2]
    assert rows["loop1"][2].startswith("redirect loop")
    assert "ReadTimeout" in rows["slow.html"][2] and server.count("/slow.html") == 2
    assert "Retry-After 7200" in rows["later.html"][2]
    assert state == {
        "ok.html": "done", "flaky.html": "done", "busy.html": "done", "img.png": "done",
        "missing.html": "failed", "big.html": "failed", "bomb.html": "failed", "loop1": "failed",
        "slow.html": "pending", "later.html": "pending",
    }  # fmt: skip
    # timeouts and 5xx are transient: deferred to a later run (the queue keeps them), not failed
    assert (summary.done, summary.skipped, summary.failed, summary.deferred) == (3, 1, 4, 2)
    assert "deferred to " in log
    assert "failed " + server.url("/missing.html") + ": HTTP 404 Not Found" in log


def test_bad_input_lines_reported_and_recorded(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    server.add("/a.html", html(article_html("驻马店新闻")))
    lines = [
        "# my seeds",
        "",
        server.url("/a.html"),
        "ftp://files.example.cn/a.txt",
        "   ",
        server.url("/a.html#comments"),
        "http://exa mple.cn/",
        "www.no-scheme.cn/page",
    ]
    summary, log = run_crawl(lines, db[0], config(tmp_path))
    assert summary.done == 1 and summary.bad_input == 4
    assert "line 4: unsupported URL scheme 'ftp:'" in log
    assert "line 6: duplicate URL" in log
    assert "line 7: URL contains whitespace" in log
    assert "line 8: not an absolute URL" in log
    errors = dict(query(db[1], "SELECT url, error FROM pages WHERE status IS NULL"))
    assert set(errors) == {"ftp://files.example.cn/a.txt", "http://exa mple.cn/", "www.no-scheme.cn/page"}


# -- de-duplication, redirects, conditional re-fetch ---------------------------------------------


def test_same_article_by_two_urls_stored_once(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    page = article_html("信阳市茶叶产量统计")
    server.add("/a.html?from=x&id=1", html(page))  # normalized: query arguments sorted
    server.add("/copy.html", html(page))
    server.add("/short", redirect("/a.html?id=1&from=x", 301))
    urls = [server.url("/a.html?id=1&from=x"), server.url("/copy.html"), server.url("/short")]
    summary, log = run_crawl(urls, db[0], config(tmp_path))
    assert summary.done == 3, log
    assert query(db[1], "SELECT COUNT(*) FROM articles") == [(1,)]
    links = query(db[1], "SELECT url, final_url, article_id FROM pages ORDER BY url")
    assert len(links) == 3 and len({r[2] for r in links}) == 1
    assert (server.url("/short"), server.url("/a.html?from=x&id=1")) in {(r[0], r[1]) for r in links}


def test_recrawl_sends_conditional_headers_and_keeps_article_on_304(
    server: LocalServer,
    db_url: str,
    tmp_path: Path,
) -> None:
    def etagged(hit: Hit) -> Reply:
        if hit.headers.get("if-none-match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return html(
            article_html("南阳市旅游收入"),
            headers={"ETag": '"v1"', "Last-Modified": "Mon, 05 Jan 2026 02:00:00 GMT"},
        )

    server.add("/e.html", etagged)
    url = server.url("/e.html")
    first, _ = run_crawl([url], db_url, config(tmp_path))
    assert first.done == 1
    assert store_query(db_url, "SELECT etag, last_modified FROM pages") == [
        ('"v1"', "Mon, 05 Jan 2026 02:00:00 GMT")
    ]
    resumed, _ = run_crawl([url], db_url, config(tmp_path))
    assert resumed.processed == 0 and server.count("/e.html") == 1  # stored: not fetched again
    columns = "status, etag, last_modified, content_hash, warc_file, warc_offset, article_id, error"
    [before] = store_query(db_url, f"SELECT {columns} FROM pages")
    with open_store(db_url) as store:  # checked long ago
        store.db.execute("UPDATE pages SET fetched_at = '2020-01-01T00:00:00Z'")
    again, _ = run_crawl([url], db_url, config(tmp_path, recrawl=True))
    assert again.not_modified == 1 and again.requeued == 1 and server.count("/e.html") == 2
    hit = server.hits_for("/e.html")[1]
    assert hit.headers["if-none-match"] == '"v1"'
    assert hit.headers["if-modified-since"] == "Mon, 05 Jan 2026 02:00:00 GMT"
    assert store_query(db_url, "SELECT a.title FROM pages p JOIN articles a ON a.id = p.article_id") == [
        ("南阳市旅游收入",)
    ]
    # the 304 recorded when the page was checked and kept the rest of the page row
    assert store_query(db_url, f"SELECT {columns} FROM pages") == [before]
    [(checked,)] = store_query(db_url, "SELECT fetched_at FROM pages")
    assert checked > "2026-" and checked.endswith("Z")
    assert store_query(db_url, "SELECT state, attempts FROM crawl_queue") == [("done", 0)]
    # a changed page is stored anew on the next re-crawl
    server.add("/e.html", html(article_html("南阳市旅游收入再创新高"), headers={"ETag": '"v2"'}))
    third, _ = run_crawl([url], db_url, config(tmp_path, recrawl=True))
    assert third.done == 1 and server.count("/e.html") == 3
    assert store_query(
        db_url, "SELECT p.etag, a.title FROM pages p JOIN articles a ON a.id = p.article_id"
    ) == [('"v2"', "南阳市旅游收入再创新高")]


def test_unasked_for_304_is_recorded_as_a_page_row(
    server: LocalServer,
    db_url: str,
    tmp_path: Path,
) -> None:
    server.add("/odd.html", Reply(304))
    summary, _ = run_crawl([server.url("/odd.html")], db_url, config(tmp_path))
    assert summary.not_modified == 1
    assert store_query(db_url, "SELECT status, article_id FROM pages") == [(304, None)]


def test_retry_failed_puts_permanent_failures_back(
    server: LocalServer,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.add("/gone.html", Reply(404, b"not found", {"Content-Type": "text/html"}))
    server.add("/ok.html", html(article_html("漯河市新闻")))
    urls = [server.url("/gone.html"), server.url("/ok.html")]
    first, _ = run_crawl(urls, db_url, config(tmp_path))
    assert (first.done, first.failed) == (1, 1)
    assert store_query(db_url, "SELECT state, attempts FROM crawl_queue WHERE url = ?", urls[0]) == [
        ("failed", 1)
    ]
    server.add("/gone.html", html(article_html("漯河市新闻续篇")))  # the page is back
    plain, _ = run_crawl(urls, db_url, config(tmp_path))
    assert plain.processed == 0 and server.count("/gone.html") == 1  # failed URLs stay failed
    args = ["crawl", "--retry-failed", "--db", db_url, "--delay", "0", "--no-robots",
            "--warc-dir", str(tmp_path / "warc"), "--no-progress"]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "1 done" in err and "1 URLs put back in the queue" in err
    assert server.count("/gone.html") == 2 and server.count("/ok.html") == 1
    assert store_query(db_url, "SELECT state, attempts FROM crawl_queue ORDER BY url") == [
        ("done", 0),
        ("done", 0),
    ]
    assert store_query(db_url, "SELECT COUNT(*) FROM articles") == [(2,)]


# -- discovery -----------------------------------------------------------------------------------


def test_follow_same_site_depth_and_patterns(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    other = f"http://localhost:{server.port}/elsewhere.html"  # another host name: out of scope
    index_links = (
        "<a href='/d1a.html'>a</a><a href='d1b.html#top'>b</a><a href='/skip/x.html'>skip</a>"
        f"<a href='{other}'>ext</a><a href='javascript:void(0)'>js</a><a href='mailto:a@b.cn'>m</a>"
        "<a href='/pic.jpg'>pic</a><a href='/d1a.html'>again</a>"
    )
    server.add("/index.html", html(article_html("首页导读", links=index_links, nav=False)))
    server.add(
        "/d1a.html", html(article_html("一级页面甲", links="<a href='/d2.html'>deeper</a>", nav=False))
    )
    server.add("/d1b.html", html(article_html("一级页面乙", nav=False)))
    server.add("/d2.html", html(article_html("二级页面", nav=False)))
    server.add("/skip/x.html", html(article_html("排除页面", nav=False)))
    cfg = config(tmp_path, follow=True, max_depth=1, exclude=(r"/skip/",))
    summary, log = run_crawl([server.url("/index.html")], db[0], cfg)
    assert summary.done == 3, log
    fetched = sorted(set(server.paths()) - {"/robots.txt"})
    assert fetched == ["/d1a.html", "/d1b.html", "/index.html"]
    depths = dict(query(db[1], "SELECT url, depth FROM crawl_queue"))
    assert depths == {server.url("/index.html"): 0, server.url("/d1a.html"): 1, server.url("/d1b.html"): 1}
    # deeper now: the queue resumes, /d1a.html's link is found again only when re-fetched, so use a fresh db
    deep, _ = run_crawl(
        [server.url("/index.html")],
        f"sqlite:///{tmp_path / 'deep.db'}",
        config(tmp_path, follow=True, max_depth=2, include=(r"/d\d",)),
    )
    assert deep.done == 4  # index + d1a + d1b + d2 (include applies to discovered links only)


def test_sitemap_index_and_feed_seeds(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    base = server.base
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>"""
    urlset = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/s1.html</loc></url><url><loc>{base}/s2.html</loc></url></urlset>"""
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><link>{base}/f1.html</link></item><item><link>{base}/s1.html</link></item></channel></rss>"""
    server.add("/sitemap.xml", Reply(body=index.encode(), headers={"Content-Type": "application/xml"}))
    server.add(
        "/sitemap-news.xml.gz",
        Reply(
            body=__import__("gzip").compress(urlset.encode()), headers={"Content-Type": "application/x-gzip"}
        ),
    )
    server.add("/rss.xml", Reply(body=rss.encode(), headers={"Content-Type": "text/xml; charset=utf-8"}))
    for name in ("s1", "s2", "f1"):
        server.add(f"/{name}.html", html(article_html(f"地图页面{name}")))
    summary, log = run_crawl([server.url("/sitemap.xml"), server.url("/rss.xml")], db[0], config(tmp_path))
    assert server.count("/s1.html") == 1  # listed twice, fetched once
    assert {"/s1.html", "/s2.html", "/f1.html"} <= set(server.paths())
    assert summary.done == 6 and summary.discovered == 4, log
    feeds = query(db[1], "SELECT url, article_id, error FROM pages WHERE url LIKE '%.xml%'")
    assert len(feeds) == 3 and all(r[1] is None and r[2] is None for r in feeds)
    assert query(db[1], "SELECT COUNT(*) FROM articles") == [(3,)]


def test_hostile_feeds_rejected(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-SECRET-4242")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + f"]><rss><channel><item><link>{server.base}/&i;</link></item></channel></rss>"
    )
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY s SYSTEM "file://{secret}">]>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{server.base}/&s;</loc></url></urlset>'
    )
    server.add("/laughs.xml", Reply(body=laughs.encode(), headers={"Content-Type": "application/rss+xml"}))
    server.add("/xxe.xml", Reply(body=xxe.encode(), headers={"Content-Type": "application/xml"}))
    summary, log = run_crawl([server.url("/laughs.xml"), server.url("/xxe.xml")], db[0], config(tmp_path))
    assert summary.failed == 2 and summary.discovered == 0
    errors = dict(query(db[1], "SELECT url, error FROM pages"))
    assert "billion laughs" in errors[server.url("/laughs.xml")]
    assert "XXE" in errors[server.url("/xxe.xml")]
    assert set(server.paths()) == {"/robots.txt", "/laughs.xml", "/xxe.xml"}
    dump = "\n".join(sqlite3.connect(db[1]).iterdump())
    assert "LOCAL-SECRET" not in dump and "LOCAL-SECRET" not in log


# -- extraction in worker processes, the CLI, kill -9 --------------------------------------------


def test_extract_workers_process_pool(server: LocalServer, db: tuple[str, Path], tmp_path: Path) -> None:
    for i in range(4):
        server.add(f"/{i}.html", html(article_html(f"进程池页面{i}")))
    summary, log = run_crawl(
        [server.url(f"/{i}.html") for i in range(4)], db[0], config(tmp_path, extract_workers=2)
    )
    assert summary.done == 4, log
    assert query(db[1], "SELECT COUNT(*) FROM articles WHERE title LIKE '进程池页面%'") == [(4,)]


def test_cli_crawl_command(server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.add("/a.html", html(article_html("许昌市工业统计")))
    server.add("/b.html", Reply(500))
    seeds = tmp_path / "urls.txt"
    seeds.write_text(
        f"# seeds\n{server.url('/a.html')}\n{server.url('/b.html')}\nftp://nope/\n", encoding="utf-8"
    )
    dbfile = tmp_path / "cli.db"
    args = ["crawl", str(seeds), "--db", f"sqlite:///{dbfile}", "--delay", "0", "--retries", "0",
            "--warc-dir", str(tmp_path / "w"), "--max-bytes", "1M", "--no-progress"]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "line 4: unsupported URL scheme 'ftp:'" in err
    assert "crawl finished" in err and "1 done" in err and "1 deferred" in err
    assert query(dbfile, "SELECT COUNT(*) FROM articles") == [(1,)]
    assert main(["crawl", "--db", f"sqlite:///{dbfile}"]) == 2


def test_cli_crawl_rejects_a_negative_extract_timeout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "urls.txt"
    seeds.write_text("http://example.test/a.html\n", encoding="utf-8")
    dbfile = tmp_path / "cli.db"
    for value in ("-1", "nan"):
        assert main(["crawl", str(seeds), "--db", f"sqlite:///{dbfile}", "--extract-timeout", value]) == 2
        assert "crawl: extract_timeout must not be negative" in capsys.readouterr().err
    assert not dbfile.exists()  # refused before anything started
    with pytest.raises(ValueError, match="extract_timeout"):
        CrawlConfig(extract_timeout=-0.5)


def test_extract_timeout_is_the_worker_pools_time_limit(tmp_path: Path) -> None:
    import asyncio

    from article_extract.crawl.engine import CrawlRun, _close_extractor
    from article_extract.crawl.procpool import ExtractPool

    limits: list[float | None] = []
    for timeout in (7.5, 0.0):
        run = CrawlRun(
            f"sqlite:///{tmp_path / 't.db'}", config(tmp_path, extract_workers=1, extract_timeout=timeout)
        )
        pool = run._extract_start.result(timeout=120)
        assert isinstance(pool, ExtractPool)
        limits.append(pool.time_limit)
        asyncio.run(_close_extractor(run._extract_start))
    assert limits == [7.5, None]


def test_kill_9_then_resume_finishes_without_refetching(server: LocalServer, tmp_path: Path) -> None:
    total = 16
    for i in range(total):
        server.add(f"/p{i}.html", html(article_html(f"断点续爬第{i}篇"), delay=0.25))
    seeds = tmp_path / "urls.txt"
    seeds.write_text("".join(server.url(f"/p{i}.html") + "\n" for i in range(total)))
    dbfile = tmp_path / "resume.db"
    cmd = [sys.executable, "-m", "article_extract", "crawl", str(seeds), "--db", f"sqlite:///{dbfile}",
           "--delay", "0", "--warc-dir", str(tmp_path / "warc"), "--no-progress"]  # fmt: skip
    package_root = str(Path(article_extract.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _stored(dbfile) < 3:  # kill once a few pages are stored
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    stored_before = {
        r[0] for r in query(dbfile, "SELECT url FROM pages WHERE status = 200 AND article_id IS NOT NULL")
    }
    hits_before = {p: server.count(p) for p in server.routes}
    states_before = query(dbfile, "SELECT state FROM crawl_queue")
    assert 2 <= len(stored_before) < total

    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert f"{total - len(stored_before)} done" in second.stderr
    interrupted = len(stored_before) - sum(1 for (s,) in states_before if s == "done")
    assert f"({interrupted} already stored)" in second.stderr  # stored, but killed before "done"

    for url in stored_before:  # what was stored is not fetched again
        path = url[len(server.base) :]
        assert server.count(path) == hits_before[path] == 1
    for i in range(total):  # nothing lost, nothing fetched more than once per run
        assert 1 <= server.count(f"/p{i}.html") <= 2
    # fetched but not yet stored at the kill (in flight or waiting for extraction): fetched once more
    unstored = sum(hits_before[f"/p{i}.html"] for i in range(total)) - len(stored_before)
    assert sum(server.count(f"/p{i}.html") for i in range(total)) == total + unstored
    assert query(dbfile, "SELECT state, COUNT(*) FROM crawl_queue GROUP BY state") == [("done", total)]
    assert query(dbfile, "SELECT COUNT(*) FROM pages WHERE status = 200 AND article_id IS NOT NULL") == [
        (total,)
    ]
    assert query(dbfile, "SELECT COUNT(DISTINCT id) FROM articles") == [(total,)]


def _stored(dbfile: Path) -> int:
    if not dbfile.exists():
        return 0
    try:
        return int(query(dbfile, "SELECT COUNT(*) FROM pages WHERE article_id IS NOT NULL")[0][0])
    except sqlite3.OperationalError:  # schema not created yet, or locked
        return 0


def test_second_crawl_on_the_same_store_refused(
    server: LocalServer,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from article_extract.crawl import CrawlLockedError
    from article_extract.crawl.lock import take_crawl_lock

    server.add("/a.html", html(article_html("济源市新闻")))
    url = server.url("/a.html")
    with open_store(db_url) as running:  # another crawl's store connection
        take_crawl_lock(running)
        with pytest.raises(CrawlLockedError, match="another crawl is running"):
            run_crawl([url], db_url, config(tmp_path))
        args = ["crawl", "--retry-failed", "--db", db_url, "--warc-dir", str(tmp_path / "w"), "--no-progress"]
        assert main(args) == 1
        assert "another crawl is running" in capsys.readouterr().err
        assert running.queue.counts() == {"pending": 0, "in_progress": 0, "done": 0, "failed": 0}
    assert server.count("/a.html") == 0
    summary, _ = run_crawl([url], db_url, config(tmp_path))  # released when its store closed
    assert summary.done == 1


def test_one_site_at_the_head_of_the_queue_does_not_starve_others(
    db: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from article_extract.crawl import engine

    monkeypatch.setattr(engine, "MIN_HELD", 12)  # claims of 12 URLs instead of >= 1000
    monkeypatch.setattr(engine, "HELD_PER_SLOT", 1)
    with LocalServer() as big, LocalServer() as small:
        for i in range(30):
            big.add(f"/{i}.html", html(f"<html><body>第{i}页</body></html>"))
        small.add("/only.html", html("<html><body>另一站</body></html>"))
        # another host name for the second site (the queue groups URLs by host name, not port)
        other = small.url("/only.html").replace("127.0.0.1", "localhost")
        urls = [big.url(f"/{i}.html") for i in range(30)] + [other]
        cfg = config(tmp_path, per_host_delay=0.05, concurrency=1, extract=False, respect_robots=False)
        summary, log = run_crawl(urls, db[0], cfg)
        assert summary.done == 31, log
        arrived = small.hits_for("/only.html")[0].at
        before = sum(1 for hit in big.hits if hit.at < arrived)
    # the first claim took at most claim_per_host() URLs of the big site and the small site's one
    # URL, and the host-fair buffer starts the small site next: it waits for one or two pages,
    # not for the 30 queued ahead of it
    assert engine.claim_per_host(cfg) < 12 and before <= 2, before


def test_quiet_progress_lines_when_not_a_terminal() -> None:
    from article_extract.crawl.progress import Progress

    stream = io.StringIO()
    progress = Progress(None, stream, interval=0.0)
    summary = CrawlSummary(done=3, failed=1)
    progress.update(summary, queued=5, elapsed=2.0)
    progress.note("failed http://a.cn/x: HTTP 404 Not Found")
    progress.close()
    assert stream.getvalue().splitlines() == [
        "crawl: 3 done, 1 failed, 0 skipped, 5 queued, 2.0 pages/s",
        "failed http://a.cn/x: HTTP 404 Not Found",
    ]
    silent = io.StringIO()
    Progress(False, silent, interval=0.0).update(summary, queued=5, elapsed=2.0)
    assert silent.getvalue() == ""


def test_link_extraction_rules() -> None:
    from article_extract.crawl.links import extract_links

    page = (
        "<html><head><base href='http://b.cn/news/'></head><body>"
        "<a href='2026/a.html'>rel</a><a href='/top.html#c'>frag</a><a href='/top.html'>dup</a>"
        "<a rel='nofollow noopener' href='/ad.html'>ad</a><a href='/file.PDF'>pdf</a>"
        "<a href='javascript:go()'>js</a><a href='ftp://b.cn/x'>ftp</a><a href=' '>blank</a>"
        "<a href='HTTP://B.CN:80/Up.html?b=2&a=1'>abs</a></body></html>"
    )
    assert extract_links(page, "http://a.cn/index.html") == [
        "http://b.cn/news/2026/a.html",
        "http://b.cn/top.html",
        "http://b.cn/Up.html?a=1&b=2",
    ]
    nofollow = "<meta name='robots' content='noindex,nofollow'><a href='/x.html'>x</a>"
    assert extract_links(nofollow, "http://a.cn/") == []


def test_retries_and_redirect_hops_are_paced_and_checked_against_robots(
    db: tuple[str, Path], tmp_path: Path
) -> None:
    with LocalServer() as one, LocalServer() as two:
        one.add("/flaky.html", [Reply(503), html(article_html("重试也要守间隔"))])
        one.add("/go.html", redirect(two.url("/blocked.html")))
        two.add("/robots.txt", Reply(body=b"User-agent: article-extract\nDisallow: /blocked\n"))
        two.add("/blocked.html", html(article_html("目标站禁止")))
        cfg = config(tmp_path, per_host_delay=0.3, backoff_base=0.01, backoff_max=0.01)
        summary, log = run_crawl([one.url("/flaky.html"), one.url("/go.html")], db[0], cfg)
        assert (summary.done, summary.skipped) == (1, 1), log
        first, second = (h.at for h in one.hits_for("/flaky.html"))
        assert second - first >= 0.25  # the retry waited for the host's turn, not just the backoff
        assert two.count("/blocked.html") == 0 and two.count("/robots.txt") == 1
        assert f"disallowed by robots.txt: {two.url('/blocked.html')}" in log


def test_warc_from_a_crawl_feeds_offline_extraction(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    titles = ["驻马店市粮食产量公报", "周口市物流枢纽建设"]
    server.add("/x.html", html(article_html(titles[0]), charset="gbk", encoding="gbk"))
    server.add("/y.html", gzipped(article_html(titles[1]).encode()))
    summary, _ = run_crawl([server.url("/x.html"), server.url("/y.html")], db[0], config(tmp_path))
    assert summary.done == 2 and len(summary.warc_files) == 1
    capsys.readouterr()
    assert main(["extract", "--warc", summary.warc_files[0]]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert {(r["url"], r["title"]) for r in records} == {
        (server.url("/x.html"), titles[0]),
        (server.url("/y.html"), titles[1]),
    }
    stored = {t for (t,) in query(db[1], "SELECT title FROM articles")}
    assert stored == set(titles)


def test_fair_buffer_round_robin_with_per_host_cap() -> None:
    from article_extract.crawl.scheduler import FairBuffer

    buffer: FairBuffer[str] = FairBuffer(per_host=2)
    for i in range(5):
        buffer.push("a", f"a{i}")
    buffer.push("b", "b0")
    buffer.push("b", "b1")
    buffer.push("c", "c0")
    assert buffer.take(4) == [("a", "a0"), ("b", "b0"), ("c", "c0"), ("a", "a1")]
    # a has 2 running (its cap), so only b can start; then nothing until something finishes
    assert buffer.take(10) == [("b", "b1")]
    assert buffer.take(10) == []
    buffer.finished("a")
    assert buffer.take(10) == [("a", "a2")]
    assert len(buffer) == 2


def test_page_without_article_keeps_only_the_page_row(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    server.add("/empty.html", html(""))
    server.add("/a.html", html(article_html("平顶山市新闻")))
    summary, _ = run_crawl([server.url("/empty.html"), server.url("/a.html")], db[0], config(tmp_path))
    assert (summary.done, summary.no_article, summary.failed) == (2, 1, 0)
    rows = dict(query(db[1], "SELECT url, error FROM pages WHERE article_id IS NULL"))
    assert rows == {server.url("/empty.html"): "no article: empty document"}
    assert query(db[1], "SELECT COUNT(*) FROM articles") == [(1,)]


def test_global_concurrency_limit_across_hosts(db: tuple[str, Path], tmp_path: Path) -> None:
    slow, state = _in_flight_probe("全局并发")

    with LocalServer() as one, LocalServer() as two:
        urls = []
        for srv in (one, two):
            for i in range(6):
                srv.add(f"/{i}.html", slow)
                urls.append(srv.url(f"/{i}.html"))
        cfg = config(tmp_path, per_host_concurrency=4, concurrency=3, respect_robots=False)
        summary, _ = run_crawl(urls, db[0], cfg)
    assert summary.done == 12
    assert state["max"] == 3


def test_canonical_url_not_fetched_again_when_linked(
    server: LocalServer, db: tuple[str, Path], tmp_path: Path
) -> None:
    canonical = "<link rel='canonical' href='/news/2026/a.html'>"
    page = article_html("鹤壁市冬季供暖", links="<a href='/news/2026/a.html'>本文</a>", nav=False)
    server.add("/a.html?from=home", html(page.replace("<head>", "<head>" + canonical)))
    server.add("/news/2026/a.html", html(page.replace("<head>", "<head>" + canonical)))
    cfg = config(tmp_path, follow=True, max_depth=1)
    summary, log = run_crawl([server.url("/a.html?from=home")], db[0], cfg)
    assert summary.done == 1, log
    assert server.count("/news/2026/a.html") == 0
    assert query(db[1], "SELECT canonical_url FROM articles") == [(server.url("/news/2026/a.html"),)]


def test_cli_reads_urls_from_stdin_and_takes_sitemap_seeds(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.base}/from-sitemap.html</loc></url></urlset>"
    )
    server.add("/sitemap.xml", Reply(body=sitemap.encode(), headers={"Content-Type": "application/xml"}))
    server.add("/from-sitemap.html", html(article_html("站点地图里的文章")))
    server.add("/from-stdin.html", html(article_html("标准输入里的文章")))
    monkeypatch.setattr(sys, "stdin", io.StringIO(server.url("/from-stdin.html") + "\n"))
    dbfile = tmp_path / "stdin.db"
    args = ["crawl", "-", "--sitemap", server.url("/sitemap.xml"), "--db", str(dbfile), "--delay", "0",
            "--warc-dir", str(tmp_path / "w"), "--no-progress", "--user-agent", "TestBot/2.0"]  # fmt: skip
    assert main(args) == 0
    assert "3 done (0 without article)" in capsys.readouterr().err  # the sitemap and two pages
    titles = {t for (t,) in query(dbfile, "SELECT title FROM articles")}
    assert titles == {"站点地图里的文章", "标准输入里的文章"}
    assert {h.headers["user-agent"] for h in server.hits} == {"TestBot/2.0"}


def test_forkserver_preload_loads_the_claims_dictionary_before_workers_fork() -> None:
    """The modules the extraction forkserver imports leave the segmenter's dictionary loaded."""
    from article_extract.crawl.engine import _WORKER_PRELOAD

    modules = [m for m in _WORKER_PRELOAD if m != "__main__"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from article_extract.claims import subject\n"
        "print(subject._ready)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "True"


def test_killed_extraction_worker_costs_one_page_and_a_new_worker_takes_over(tmp_path: Path) -> None:
    """A worker that dies (OOM killer, segfault) fails the page it held; later pages get a new worker."""
    import asyncio

    import psutil

    from article_extract.crawl.engine import CrawlRun, _close_extractor
    from article_extract.crawl.procpool import ExtractPool
    from article_extract.crawl.worker import PageWork

    run = CrawlRun(f"sqlite:///{tmp_path / 'w.db'}", config(tmp_path, extract_workers=1))
    page = PageWork(body=article_html("工人进程").encode(), url="http://example.test/a.html", kind="html")

    async def scenario() -> tuple[Any, Any, Any, list[int], list[int]]:
        try:
            first = await run._extract(page)  # the pool starts in the background; this waits for it
            pool = run._extract_exec
            assert isinstance(pool, ExtractPool)
            before = pool.pids
            workers = [psutil.Process(pid) for pid in before]
            for pid in before:
                os.kill(pid, signal.SIGKILL)
            psutil.wait_procs(workers, timeout=30)  # gone, not only signalled
            broken = await run._extract(page)  # sent before the event loop sees the worker's socket close
            again = await run._extract(page)
            return first, broken, again, before, pool.pids
        finally:
            await _close_extractor(run._extract_start)

    first, broken, again, before, after = asyncio.run(scenario())
    assert first.error is None and first.article is not None
    assert broken.error == "extraction worker crashed on this page"
    assert again.error is None and again.article is not None
    assert len(before) == len(after) == 1 and before != after


def test_postgresql_connection_dropped_mid_crawl_loses_no_page(server: LocalServer, tmp_path: Path) -> None:
    """The server ends the crawler's database session halfway (as a restart would): the crawl
    reconnects, takes its lock again and stores every page."""
    from pg_server import backend_url

    terminated: list[int] = []

    def drop_crawler_session(_: Hit) -> Reply:
        import psycopg

        from pg_server import PG_URL

        with psycopg.connect(PG_URL, autocommit=True) as admin:  # the crawler's session holds its lock
            rows = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"
            ).fetchall()
        terminated.append(len(rows))
        return html(article_html("连接中断后的页面"))

    pages = 20
    for i in range(pages):
        page = html(article_html(f"数据库重连页面{i}"))
        server.add(f"/{i}.html", drop_crawler_session if i == 10 else page)
    with backend_url("postgresql", tmp_path) as url:
        summary, log = run_crawl([server.url(f"/{i}.html") for i in range(pages)], url, config(tmp_path))
        assert terminated == [1]
        assert summary.done == pages and summary.failed == 0, log
        with open_store(url) as store:
            assert store.counts()["articles"] == pages
            assert store.queue.counts()["done"] == pages
