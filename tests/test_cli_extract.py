"""The ``extract`` sub-command: output shape, inputs, --url, per-item errors, exit codes, --db."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from article_extract.cli import main

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "yjzk-cnnic57.html"
SHARED = Path(__file__).resolve().parents[2] / "shared"

#: The record fields of SCHEMA.md, in order.
SCHEMA_FIELDS = [
    "url", "page_type", "error", "canonical_url", "site_name", "title", "published_at", "source",
    "authors", "editor", "category", "paragraphs", "text", "lang", "encoding", "claims", "title_claims",
]  # fmt: skip

_BODY = (
    "截至2025年12月，我国网民规模达11.25亿人，较2024年12月增长2480万人，互联网普及率达79.8%。",
    "报告显示，我国5G基站总数达到425万个，比上年末净增87万个，占移动基站总数的33.6%。",
    "在农村地区，互联网普及率为67.4%，较上年提升3.6个百分点，城乡差距进一步缩小。",
    "专家认为，数字经济的快速发展为经济增长提供了新动能，相关产业规模持续扩大。",
    "下一步，有关部门将继续推进网络基础设施建设，提升公共服务的数字化水平。",
)
#: A small but complete article page (navigation, headline, five paragraphs, footer).
ARTICLE = (
    "<html><head><meta charset='utf-8'><title>我国网民规模达11.25亿人 - 新闻网</title></head><body>"
    "<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a> <a href='/tech'>科技</a></div>"
    "<div class='article'><h1>我国网民规模达11.25亿人</h1>"
    + "".join(f"<p>{p}</p>" for p in _BODY)
    + "</div><div class='footer'>版权所有 京ICP备12345678号</div></body></html>"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _jsonl(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_fixture_page_jsonl_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["extract", str(FIXTURE)], capsys)
    assert code == 0, err
    [record] = _jsonl(out)
    assert list(record) == SCHEMA_FIELDS
    assert record["encoding"] == "gb18030"
    assert record["error"] is None and record["page_type"] == "article"
    assert record["url"] is None
    assert record["text"] == "\n".join(record["paragraphs"])
    assert "网民" in record["text"] and "\ufffd" not in out
    assert "豫经智库" in out  # GB2312 bytes came out as real characters
    assert "\\u" not in out  # ensure_ascii=False


def test_url_option_and_json_single_object(capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://www.example.cn/news/2026/57.html"
    code, out, _ = _run(["extract", str(FIXTURE), "--url", url, "--format", "json"], capsys)
    assert code == 0
    record = json.loads(out)
    assert isinstance(record, dict) and record["url"] == url
    assert out.startswith("{\n  ")  # pretty-printed


def test_folder_and_file_jsonl_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "c.htm").write_bytes(ARTICLE.replace("utf-8", "gbk").encode("gbk"))
    (tmp_path / "sub" / "skip.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "sub" / "z.html.gz").write_bytes(gzip.compress(ARTICLE.encode("gb18030")))
    code, out, _ = _run(["extract", str(FIXTURE), str(tmp_path)], capsys)
    assert code == 0
    records = _jsonl(out)
    assert len(records) == 4
    assert [r["encoding"] for r in records] == ["gb18030", "utf-8", "gb18030", "gb18030"]
    assert "11.25亿人" in records[1]["text"]
    assert records[1]["text"] == records[2]["text"] == records[3]["text"]


def test_json_format_with_several_pages_is_an_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(["extract", str(tmp_path), "--format", "json"], capsys)
    assert code == 0
    records = json.loads(out)
    assert isinstance(records, list) and len(records) == 2
    assert all(list(r) == SCHEMA_FIELDS for r in records)


def test_some_failed_gives_error_records_and_exit_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.html"
    good.write_text(ARTICLE, encoding="utf-8")
    png = tmp_path / "image.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "missing.html"
    code, out, err = _run(["extract", str(missing), str(png), str(good)], capsys)
    assert code == 0
    records = _jsonl(out)
    assert len(records) == 3
    assert "no such file" in records[0]["error"] and records[0]["paragraphs"] == []
    assert "PNG" in records[1]["error"] and records[1]["page_type"] == "other"
    assert records[2]["error"] is None
    assert all(list(r) == SCHEMA_FIELDS for r in records)
    lines = err.splitlines()
    assert len(lines) == 2
    assert str(missing) in lines[0] and str(png) in lines[1]


def test_all_failed_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.html"
    binary.write_bytes(os.urandom(4096))
    code, out, err = _run(["extract", str(empty), str(binary), str(tmp_path / "nope.html")], capsys)
    assert code == 1
    records = _jsonl(out)
    assert len(records) == 3 and all(r["error"] for r in records)
    assert len(err.splitlines()) == 3


def test_no_pages_found_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["extract", str(tmp_path), "--format", "json"], capsys)
    assert code == 1
    assert json.loads(out) == []
    assert "no input pages" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--url", "http://x.cn/", "{dir}"],
        ["--url", "http://x.cn/", "{file}", "{file}"],
        ["--url", "http://x.cn/", "--warc", "{file}"],
        ["--url", "http://x.cn/", "--warc", "-"],
        ["--jobs", "0", "{file}"],
        ["-", "-"],
    ],
)
def test_usage_errors_exit_two(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [a.format(dir=tmp_path, file=FIXTURE) for a in argv]
    code, out, err = _run(["extract", *args], capsys)
    assert code == 2 and out == "" and "error" in err


def test_output_file_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = _run(["extract", str(FIXTURE), "-o", str(target)], capsys)
    assert code == 0 and out == ""
    [record] = _jsonl(target.read_text(encoding="utf-8"))
    assert record["encoding"] == "gb18030"


def _warc(path: Path) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        pages = [
            ("http://news.example.cn/a.html", "text/html; charset=utf-8", ARTICLE.encode()),
            (
                "http://news.example.cn/tw.html",
                "text/html; charset=big5",
                "<p>臺灣新聞報導</p>".encode("big5"),
            ),
            ("http://news.example.cn/x.css", "text/css", b"p { color: red }"),
        ]
        for url, ctype, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )


def test_warc_records_carry_url_and_http_charset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    code, out, _ = _run(["extract", str(path)], capsys)
    assert code == 0
    records = _jsonl(out)
    assert [r["url"] for r in records] == ["http://news.example.cn/a.html", "http://news.example.cn/tw.html"]
    assert "11.25亿人" in records[0]["text"]
    # Without the HTTP charset these short Big5 bytes also decode (wrongly) as GB18030.
    assert records[1]["encoding"] == "big5hkscs"


def test_jobs_give_the_same_records_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(6):
        (tmp_path / f"p{i}.html").write_text(
            ARTICLE.replace("截至2025年12月", f"截至2025年{i + 1}月"), encoding="utf-8"
        )
    (tmp_path / "z.html").write_bytes(b"\x00" * 100)
    code1, out1, _ = _run(["extract", str(tmp_path)], capsys)
    code2, out2, _ = _run(["extract", str(tmp_path), "--jobs", "2"], capsys)
    assert code1 == code2 == 0
    assert out1 == out2
    records = _jsonl(out1)
    assert len(records) == 7
    assert [f"截至2025年{n + 1}月" in r["text"] for n, r in enumerate(records[:6])] == [True] * 6
    assert records[6]["error"] is not None


def _subprocess(args: list[str], stdin: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "article_extract", "extract", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )


def test_stdin_with_url_writes_utf8_even_under_c_locale() -> None:
    proc = _subprocess(
        ["-", "--url", "http://x.cn/a"], FIXTURE.read_bytes(), LC_ALL="C", PYTHONIOENCODING="ascii"
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.decode("utf-8"))
    assert record["url"] == "http://x.cn/a" and record["encoding"] == "gb18030"
    assert "网民" in record["text"]


def test_stdin_garbage_exits_one_with_error_record() -> None:
    proc = _subprocess(["-"], b"\x89PNG\r\n\x1a\n\x00\x00")
    assert proc.returncode == 1
    record = json.loads(proc.stdout)
    assert "PNG" in record["error"]
    assert b"<stdin>" in proc.stderr


def test_db_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_mod = pytest.importorskip("article_extract.store", reason="store module not available yet")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "pages" / "bad.html").write_bytes(b"")
    (tmp_path / "pages" / "comment.html").write_bytes(b"<!-- no article here -->")
    db = tmp_path / "news.db"
    url = f"sqlite:///{db}"
    code, out, _ = _run(["extract", str(tmp_path / "pages"), str(FIXTURE), "--db", url], capsys)
    assert code == 0
    records = _jsonl(out)
    assert len(records) == 4
    assert records[2]["page_type"] != "article" and records[2]["error"] is None  # comment.html: not stored
    with store_mod.open_store(url) as store:
        stored = list(store.iter_articles())
    assert len(stored) == 2
    assert {a["text"] for a in stored} == {
        r["text"] for r in records if r["error"] is None and r["page_type"] == "article"
    }


def test_db_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_mod = pytest.importorskip("article_extract.store", reason="store module not available yet")
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3).close()
    except psycopg.Error as exc:
        pytest.skip(f"local PostgreSQL not reachable: {exc}")
    schema = f"cli_extract_{uuid.uuid4().hex[:10]}"
    url = f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
    try:
        code, _, err = _run(
            ["extract", str(FIXTURE), "--url", "http://www.example.cn/a.html", "--db", url], capsys
        )
        assert code == 0, err
        with store_mod.open_store(url) as store:
            stored = list(store.iter_articles())
        assert len(stored) == 1 and stored[0]["url"] == "http://www.example.cn/a.html"
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_db_unopenable_store_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("article_extract.store", reason="store module not available yet")
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    url = f"sqlite:///{tmp_path}/plain-file/news.db"  # a file stands where a folder must be
    code, out, err = _run(["extract", str(FIXTURE), "--db", url], capsys)
    assert code == 1 and out == "" and "cannot open store" in err


@pytest.mark.skipif(
    not (SHARED / "corpus" / "_nonarticle").is_dir(), reason=f"shared corpus not found at {SHARED}"
)
def test_nonarticle_pages_pass_through(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["extract", str(SHARED / "corpus" / "_nonarticle")], capsys)
    assert code == 0
    records = _jsonl(out)
    assert len(records) == len(list((SHARED / "corpus" / "_nonarticle").glob("*.html")))
    assert all(r["error"] is None for r in records)
    for r in records:  # the page-type decision belongs to the boilerplate stage; only its shape is checked
        assert r["page_type"] in ("article", "list", "other")
        assert r["page_type"] == "article" or r["paragraphs"] == []


@pytest.mark.timeout(60)
def test_slow_page_times_out_and_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import time

    from article_extract import pipeline

    real_extract = pipeline.extract

    def slow_on_marker(html: bytes | str, url: str | None = None, **kw: Any) -> Any:
        if b"SLOW" in (html if isinstance(html, bytes) else html.encode()):
            time.sleep(30)
        return real_extract(html, url, **kw)

    real_extract(ARTICLE)  # load the lazy resources (word lists, tokenizer) outside the limit
    monkeypatch.setattr(pipeline, "extract", slow_on_marker)
    (tmp_path / "a.html").write_text("<!-- SLOW -->" + ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(ARTICLE, encoding="utf-8")
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    code, out, err = _run(["extract", str(tmp_path), "--timeout", "3"], capsys)
    assert code == 0, err
    first, second = _jsonl(out)
    assert first["error"] == "timed out after 3 s"
    assert second["error"] is None and "11.25亿人" in second["text"]
    assert "timed out" in err
    if outer:  # pytest-timeout's own alarm is still armed afterwards
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0


@pytest.mark.timeout(120)
def test_worker_crash_is_isolated_to_its_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import signal

    from article_extract import pipeline

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs fork workers to inherit the patched pipeline")
    parent = os.getpid()
    real_extract = pipeline.extract

    def crash_on_marker(html: bytes | str, url: str | None = None, **kw: Any) -> Any:
        data = html if isinstance(html, bytes) else html.encode()
        if b"CRASH" in data and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # like a segfault in C code
        return real_extract(html, url, **kw)

    monkeypatch.setattr(pipeline, "extract", crash_on_marker)
    for i in range(8):
        marker = "<!-- CRASH -->" if i == 3 else ""
        page = marker + ARTICLE.replace("截至2025年12月", f"截至2025年{i + 1}月")
        (tmp_path / f"p{i}.html").write_text(page, encoding="utf-8")
    code, out, err = _run(["extract", str(tmp_path), "--jobs", "2"], capsys)
    assert code == 0
    records = _jsonl(out)
    assert len(records) == 8
    assert records[3]["error"] == "worker process crashed on this page"
    for n, record in enumerate(records):
        if n != 3:
            assert record["error"] is None and f"截至2025年{n + 1}月" in record["text"]
    assert len(err.splitlines()) == 1 and "p3.html" in err


def test_db_sqlite_keeps_warc_page_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_mod = pytest.importorskip("article_extract.store", reason="store module not available yet")
    import hashlib

    warc = tmp_path / "crawl.warc.gz"
    _warc(warc)
    url = f"sqlite:///{tmp_path / 'news.db'}"
    code, out, err = _run(["extract", str(warc), "--db", url], capsys)
    assert code == 0, err
    short = _jsonl(out)[1]  # the few-word Big5 page: not an article, but its fetch is recorded
    assert short["url"] == "http://news.example.cn/tw.html" and short["page_type"] != "article"
    with store_mod.open_store(url) as store:
        assert store.get_page("http://news.example.cn/tw.html") is not None
        assert store.article_id_for_page("http://news.example.cn/tw.html") is None
        assert store.counts()["articles"] == 1
        page = store.get_page("http://news.example.cn/a.html")
        assert page is not None
        assert page.status == 200 and page.warc_file == str(warc) and isinstance(page.warc_offset, int)
        assert page.content_type == "text/html; charset=utf-8"
        assert page.content_hash == hashlib.sha256(ARTICLE.encode()).hexdigest()
        assert page.fetched_at and page.headers.get("Content-Type") == "text/html; charset=utf-8"
        assert store.article_id_for_page("http://news.example.cn/a.html") is not None
