"""Input readers: folder recursion and suffix filter, stdin, WARC (plain and gzip), errors."""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from article_extract.inputs import InputDoc, iter_html_files, iter_inputs, iter_warc

GBK_PAGE = '<html><head><meta charset="gbk"></head><body><p>中文正文内容</p></body></html>'.encode("gbk")
UTF8_PAGE = "<html><body><p>另一篇文章</p></body></html>".encode()
ZIPPED_PAGE = gzip.compress(UTF8_PAGE, mtime=0)


def _tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "top.html").write_bytes(UTF8_PAGE)
    (root / "a" / "one.HTM").write_bytes(GBK_PAGE)
    (root / "a" / "b" / "deep.shtml").write_bytes(UTF8_PAGE)
    (root / "a" / "notes.txt").write_bytes(b"not a page")
    (root / "a" / "style.css").write_bytes(b"p{}")
    (root / "a" / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "a" / "b" / "zipped.html.gz").write_bytes(ZIPPED_PAGE)
    (root / "a" / "b" / "data.json.gz").write_bytes(gzip.compress(b"{}"))


def test_folder_recursion_and_suffix_filter(tmp_path: Path) -> None:
    _tree(tmp_path)
    names = [p.relative_to(tmp_path).as_posix() for p in iter_html_files(tmp_path)]
    assert names == ["top.html", "a/one.HTM", "a/b/deep.shtml", "a/b/zipped.html.gz"]


def test_iter_inputs_reads_folder_lazily_with_bytes(tmp_path: Path) -> None:
    _tree(tmp_path)
    docs = iter_inputs([str(tmp_path)])
    assert isinstance(docs, Iterator)
    first = next(docs)
    assert first == InputDoc(str(tmp_path / "top.html"), None, UTF8_PAGE)
    rest = list(docs)
    assert [d.data for d in rest] == [GBK_PAGE, UTF8_PAGE, ZIPPED_PAGE]
    assert all(d.error is None and d.url is None for d in rest)


def test_folder_that_vanishes_mid_walk_gives_an_error_item(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "sub1").mkdir()
    (tmp_path / "sub2").mkdir()
    (tmp_path / "root.html").write_bytes(UTF8_PAGE)
    (tmp_path / "sub1" / "a.html").write_bytes(UTF8_PAGE)
    (tmp_path / "sub2" / "b.html").write_bytes(UTF8_PAGE)
    docs = iter_inputs([str(tmp_path)])
    assert next(docs).name == str(tmp_path / "root.html")
    shutil.rmtree(tmp_path / "sub2")  # listed already, gone before it is walked
    rest = list(docs)
    assert [d.name for d in rest] == [str(tmp_path / "sub1" / "a.html"), str(tmp_path / "sub2")]
    assert rest[0].error is None
    assert rest[1].error is not None and rest[1].error.startswith("cannot list folder")


def test_single_file_with_url(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(GBK_PAGE)
    [doc] = iter_inputs([str(page)], url="https://example.com/a.html")
    assert doc.url == "https://example.com/a.html" and doc.data == GBK_PAGE and doc.http_charset is None


def test_missing_and_unreadable_inputs_become_error_items(tmp_path: Path) -> None:
    page = tmp_path / "ok.html"
    page.write_bytes(UTF8_PAGE)
    docs = list(iter_inputs([str(tmp_path / "missing.html"), str(page)]))
    assert docs[0].error is not None and "no such file" in docs[0].error
    assert docs[1].error is None and docs[1].data == UTF8_PAGE


def test_oversized_file_is_an_error_item(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(b"x" * 2000)
    [doc] = iter_inputs([str(page)], max_bytes=1000)
    assert doc.data == b"" and doc.error is not None and "too large" in doc.error


def test_stdin_page() -> None:
    [doc] = iter_inputs(["-"], stdin=io.BytesIO(GBK_PAGE), url="http://x.cn/1")
    assert doc == InputDoc("<stdin>", "http://x.cn/1", GBK_PAGE)


# -- WARC ----------------------------------------------------------------------------------------
def _http(
    writer: WARCWriter, url: str, content_type: str | None, body: bytes, status: str = "200 OK"
) -> None:
    headers = [("Content-Length", str(len(body)))]
    if content_type is not None:
        headers.insert(0, ("Content-Type", content_type))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(record)


def _write_warc(stream: io.BytesIO | io.BufferedWriter, gzip: bool) -> None:
    writer = WARCWriter(stream, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True)
    writer.write_record(writer.create_warc_record("http://news.example.cn/a", "request", http_headers=req))
    _http(writer, "http://news.example.cn/a", "text/html; charset=GBK", GBK_PAGE)
    _http(writer, "http://news.example.cn/logo.png", "image/png", b"\x89PNG\r\n\x1a\n")
    _http(writer, "http://news.example.cn/b", "text/html", UTF8_PAGE)
    xhtml = "application/xhtml+xml;charset=utf-8"
    _http(writer, "http://news.example.cn/c", xhtml, UTF8_PAGE, "404 Not Found")
    _http(writer, "http://news.example.cn/d.js", None, b"var a = 1;")
    _http(writer, "http://news.example.cn/e", None, b"\n<!DOCTYPE html><html><body>e</body></html>")
    resource = writer.create_warc_record(
        "http://news.example.cn/f", "resource", payload=io.BytesIO(UTF8_PAGE), warc_content_type="text/html"
    )
    writer.write_record(resource)
    meta = writer.create_warc_record("http://news.example.cn/a", "metadata", payload=io.BytesIO(b"k: v"))
    writer.write_record(meta)


#: The HTML records of the test WARC, in order.
WARC_URLS = [f"http://news.example.cn/{x}" for x in "abcef"]


def _check_warc_docs(docs: list[InputDoc], name: str) -> None:
    assert [d.url for d in docs] == WARC_URLS
    a, b, c, e, f = docs
    assert a.data == GBK_PAGE and a.http_charset == "GBK" and a.status == 200
    assert a.headers is not None and a.headers["Content-Type"] == "text/html; charset=GBK"
    assert b.data == UTF8_PAGE and b.http_charset is None
    assert c.http_charset == "utf-8" and c.status == 404
    assert e.content_type is None and e.data.startswith(b"\n<!DOCTYPE html>")
    assert f.data == UTF8_PAGE and f.status is None and f.headers is None and f.content_type == "text/html"
    assert all(d.error is None and d.warc_file == name for d in docs)
    assert all(d.fetched_at and d.fetched_at.endswith("Z") for d in docs)
    offsets = [d.warc_offset for d in docs]
    assert all(isinstance(o, int) for o in offsets) and offsets == sorted(offsets) and len(set(offsets)) == 5
    assert all(d.name == f"{name}@{d.warc_offset}" for d in docs)


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_file_html_records_only(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    with path.open("wb") as fh:
        _write_warc(fh, gzip)
    docs = list(iter_inputs([str(path)]))
    _check_warc_docs(docs, str(path))


def test_warc_recognised_by_content_and_by_flag(tmp_path: Path) -> None:
    path = tmp_path / "crawl.bin"
    with path.open("wb") as fh:
        _write_warc(fh, True)
    _check_warc_docs(list(iter_inputs([str(path)])), str(path))
    _check_warc_docs(list(iter_inputs([str(path)], force_warc=True)), str(path))


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_on_stdin(gzip: bool) -> None:
    buf = io.BytesIO()
    _write_warc(buf, gzip)
    raw = buf.getvalue()

    class Pipe(io.RawIOBase):  # not seekable, like a real pipe
        def __init__(self) -> None:
            self._data = io.BytesIO(raw)

        def readable(self) -> bool:
            return True

        def readinto(self, b: memoryview) -> int:  # type: ignore[override]
            chunk = self._data.read(len(b))
            b[: len(chunk)] = chunk
            return len(chunk)

    docs = list(iter_inputs(["-"], stdin=io.BufferedReader(Pipe())))
    _check_warc_docs(docs, "<stdin>")


def test_damaged_warc_yields_records_then_one_error(tmp_path: Path) -> None:
    buf = io.BytesIO()
    _write_warc(buf, False)
    path = tmp_path / "broken.warc"
    path.write_bytes(buf.getvalue() + b"this is not a WARC record\r\n\r\n" + b"\xff" * 100)
    docs = list(iter_inputs([str(path)]))
    assert [d.url for d in docs[:5]] == WARC_URLS
    assert len(docs) == 6 and docs[5].error is not None and "damaged WARC" in docs[5].error


def test_truncated_gzip_warc_does_not_raise(tmp_path: Path) -> None:
    buf = io.BytesIO()
    _write_warc(buf, True)
    raw = buf.getvalue()
    for cut in (len(raw) // 3, len(raw) // 2, len(raw) - 7):
        path = tmp_path / f"cut{cut}.warc.gz"
        path.write_bytes(raw[:cut])
        docs = list(iter_inputs([str(path)]))
        good = [d for d in docs if d.error is None]
        assert all(d.url and d.url.startswith("http://news.example.cn/") for d in good)
        assert len(docs) - len(good) <= 1


def test_non_warc_file_given_warc_flag_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(UTF8_PAGE)
    docs = list(iter_inputs([str(path)], force_warc=True))
    assert len(docs) == 1 and docs[0].error is not None


def test_missing_warc_is_an_error_item(tmp_path: Path) -> None:
    [doc] = iter_inputs([str(tmp_path / "nope.warc.gz")])
    assert doc.error is not None and "cannot read" in doc.error


def test_warc_is_streamed_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    page = b"<html><body>" + b"<p>" + "正文".encode() * 3000 + b"</p></body></html>"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(300):
            _http(writer, f"http://news.example.cn/{i}", "text/html", page + os.urandom(2000))
    total = path.stat().st_size

    class Counting(io.BufferedReader):
        consumed = 0

        def read(self, size: int | None = -1) -> bytes:
            data = super().read(size)
            Counting.consumed += len(data)
            return data

    with Counting(io.FileIO(path)) as stream:
        docs = iter_warc(stream, str(path))
        first = next(docs)
        assert first.url == "http://news.example.cn/0" and first.data.startswith(page)
        assert Counting.consumed < total // 10  # the first record came before the archive was read
        assert sum(1 for _ in docs) == 299


def test_gzip_warc_on_stdin_whose_first_block_starts_with_long_tables() -> None:
    """A first gzip member whose deflate block spends its first bytes on Huffman tables (a long,
    varied warcinfo record) is still recognised as a WARC on stdin."""
    lines = (f"note-{i}: 第{i}条说明，内容各不相同 {i * 7919 % 1000:03d} 甲乙丙丁戊己庚辛" for i in range(60))
    info = "\r\n".join(lines)
    plain = io.BytesIO()
    writer = WARCWriter(plain, gzip=False)
    writer.write_record(writer.create_warc_record("", "warcinfo", payload=io.BytesIO(info.encode())))
    first = gzip.compress(plain.getvalue(), mtime=0)
    # its first 64 bytes decompress to nothing yet
    assert zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(first[:64]) == b""
    rest = io.BytesIO()
    _http(WARCWriter(rest, gzip=True), "http://news.example.cn/a", "text/html", UTF8_PAGE)
    docs = list(iter_inputs(["-"], stdin=io.BytesIO(first + rest.getvalue())))
    assert [(d.url, d.error) for d in docs] == [("http://news.example.cn/a", None)]
