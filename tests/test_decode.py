"""Decode stage: BOMs, transport and in-page charsets, mislabeled pages, detection, garbage."""

from __future__ import annotations

import codecs
import csv
import os
from pathlib import Path

import pytest

from article_extract.decode import (
    Decoded,
    charset_from_content_type,
    decode_html,
    normalize_charset,
    sniff_meta_charset,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ZH = "中国网民规模达11.25亿人，互联网普及率为79.8%。"
PAGE = f"<html><head><title>新闻</title></head><body><p>{ZH}</p><p>记者 张三 报道</p></body></html>"


def _page(meta: str = "", text: str = ZH, title: str = "新闻") -> str:
    return f"<html><head>{meta}<title>{title}</title></head><body><p>{text}</p></body></html>"


# -- str input -----------------------------------------------------------------------------------
def test_str_input_is_returned_unchanged_with_unicode_encoding() -> None:
    assert decode_html(PAGE) == Decoded(PAGE, "unicode")


# -- byte-order marks ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (b"\x84\x31\x95\x33", "gb18030", "gb18030"),
    ],
)
def test_bom_wins_over_declarations(bom: bytes, codec: str, expected: str) -> None:
    html = _page('<meta charset="gbk">')
    got = decode_html(bom + html.encode(codec), http_charset="iso-8859-1")
    assert got.encoding == expected
    assert got.text == html  # BOM stripped, no mojibake


# -- declared charsets ---------------------------------------------------------------------------
def test_http_charset_decides_for_gbk_bytes() -> None:
    html = _page()
    got = decode_html(html.encode("gbk"), http_charset="GBK")
    assert got == Decoded(html, "gb18030")


def test_http_charset_beats_meta_charset() -> None:
    html = _page('<meta charset="big5">', "中文新聞網站的正文內容")
    got = decode_html(html.encode("gb18030"), http_charset="gb2312")
    assert got.encoding == "gb18030"
    assert got.text == html


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="gb2312">',
        "<meta charset=GBK>",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<META HTTP-EQUIV=content-type CONTENT='text/html;charset=x-gbk'>",
        '<meta content="text/html; charset=cp936" http-equiv="Content-Type">',
    ],
)
def test_meta_charset_and_http_equiv(meta: str) -> None:
    html = _page(meta)
    assert decode_html(html.encode("gbk")) == Decoded(html, "gb18030")


def test_meta_charset_after_a_long_head_is_found() -> None:
    html = "<html><head>" + "<!-- padding -->" * 200 + '<meta charset="gbk"></head><body>中文正文</body>'
    assert len(html) > 1024
    assert sniff_meta_charset(html.encode("gbk")) == "gbk"
    assert decode_html(html.encode("gbk")).text == html


def test_xml_declaration_encoding() -> None:
    html = '<?xml version="1.0" encoding="GB2312"?><html><body><p>中文正文</p></body></html>'
    assert decode_html(html.encode("gbk")) == Decoded(html, "gb18030")


def test_declared_gb2312_but_utf8_bytes_is_read_as_utf8() -> None:
    html = _page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    got = decode_html(html.encode("utf-8"), http_charset="gb2312")
    assert got == Decoded(html, "utf-8")


def test_declared_utf8_but_gbk_bytes_is_read_as_gb18030() -> None:
    html = _page('<meta charset="utf-8">')
    got = decode_html(html.encode("gbk"))
    assert got == Decoded(html, "gb18030")


def test_raw_gbk_without_any_declaration() -> None:
    html = _page()
    assert decode_html(html.encode("gbk")) == Decoded(html, "gb18030")


def test_gb18030_only_characters() -> None:
    # € and a CJK Extension B character exist in GB18030 but not in GB2312/GBK.
    html = _page('<meta charset="gb2312">', "欧元符号€与罕用字𠀀、㐀都在正文中。")
    with pytest.raises(UnicodeEncodeError):
        html.encode("gbk")
    assert decode_html(html.encode("gb18030")) == Decoded(html, "gb18030")


def test_big5_declared_maps_to_big5hkscs() -> None:
    html = _page('<meta charset="big5">', "臺灣新聞網站的正文內容，這是一個測試。", title="新聞")
    assert decode_html(html.encode("big5")) == Decoded(html, "big5hkscs")


def test_big5_without_declaration_is_detected() -> None:
    text = "臺灣新聞網站的正文內容，這是一個關於經濟發展與產業轉型的報導。" * 4
    html = _page("", text, title="新聞")
    got = decode_html(html.encode("big5"))
    assert got.encoding == "big5hkscs"
    assert got.text == html


def test_unknown_declared_charset_falls_back() -> None:
    html = _page('<meta charset="no-such-charset">')
    assert decode_html(html.encode("gbk"), http_charset="bogus") == Decoded(html, "gb18030")


def test_ascii_page_keeps_declared_ascii_compatible_codec() -> None:
    html = '<html><head><meta charset="gbk"></head><body>plain</body></html>'
    assert decode_html(html.encode()) == Decoded(html, "gb18030")
    assert decode_html(b"<p>plain</p>").encoding == "utf-8"


def test_utf16_without_bom_is_sniffed() -> None:
    html = _page()
    assert decode_html(html.encode("utf-16-le")) == Decoded(html, "utf-16-le")
    assert decode_html(html.encode("utf-16-be")) == Decoded(html, "utf-16-be")


# -- damaged bytes -------------------------------------------------------------------------------
def test_utf8_cut_off_mid_character_keeps_utf8() -> None:
    data = _page().encode("utf-8") + "中".encode()[:2]
    got = decode_html(data, http_charset="gb2312")
    assert got.encoding == "utf-8"
    assert got.text.startswith(_page())


def test_mostly_utf8_with_a_stray_byte_is_utf8_with_one_replacement() -> None:
    body = ZH * 20
    data = _page('<meta charset="gb2312">', body).encode() + b"\xff" + "结尾".encode()
    got = decode_html(data)
    assert got.encoding == "utf-8"
    assert got.text.count("\ufffd") == 1
    assert body in got.text and got.text.endswith("结尾")


def test_gbk_with_a_broken_sequence_is_gb18030_with_replacement() -> None:
    body = ZH * 20
    data = _page('<meta charset="gbk">', body).encode("gbk") + b"\xff" + "结尾".encode("gbk")
    got = decode_html(data)
    assert got.encoding == "gb18030"
    assert body in got.text
    assert 1 <= got.text.count("\ufffd") <= 2


def test_text_that_decodes_nowhere_is_decoded_with_replacement() -> None:
    got = decode_html(b"<p>" + bytes(range(0x80, 0x100)) + b"</p>")
    assert got.text.startswith("<p>") and got.text.endswith("</p>")
    assert got.encoding


# -- not text at all -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
        (b"%PDF-1.7\n" + b"x" * 100, "PDF"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 50, "gzip"),
        (b"\x00" * 4096, "NUL"),
        (bytes(range(256)) * 64, "binary"),
    ],
)
def test_binary_input_raises_clear_value_error(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode_html(data)


def test_random_bytes_are_rejected_as_binary() -> None:
    with pytest.raises(ValueError, match="binary"):
        decode_html(os.urandom(20000))


def test_stray_nul_bytes_do_not_make_a_page_binary() -> None:
    html = _page()
    data = html.encode("gbk").replace(b"<p>", b"<p>\x00\x00")
    got = decode_html(data)
    assert got.encoding == "gb18030"
    assert ZH in got.text


def test_empty_bytes_give_empty_text() -> None:
    assert decode_html(b"").text == ""


# -- helpers -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("GB_2312-80", "gb18030"),
        ("big5", "big5hkscs"),
        ("UTF8", "utf-8"),
        ("utf-16", "utf-8"),
        ("ISO-8859-1", "cp1252"),
        ("shift_jis", "shift_jis"),
        ("nonsense", None),
        ("UU", None),  # codecs.lookup knows it, but it is a bytes transform, not a charset
        ("base64", None),
        ("rot13", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_charset(label: str | None, codec: str | None) -> None:
    assert normalize_charset(label) == codec


@pytest.mark.parametrize("label", ["uu", "base64", "zlib", "hex", "rot13"])
def test_transform_codec_declared_as_charset_is_ignored(label: str) -> None:
    page = ("<p>" + "全国网民规模达11.25亿人，较上年增长。" * 5).encode("gb18030") + b"\x80"
    assert decode_html(page, http_charset=label).text.startswith("<p>全国网民规模")
    meta = f'<meta charset="{label}"><p>网民规模</p>'.encode()
    assert "网民规模" in decode_html(meta).text


def test_charset_from_content_type() -> None:
    assert charset_from_content_type('text/html; charset="GBK"') == "GBK"
    assert charset_from_content_type("text/html;charset=utf-8") == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


# -- real pages ----------------------------------------------------------------------------------
def test_seed_fixture_gb2312_page() -> None:
    data = (FIXTURES / "yjzk-cnnic57.html").read_bytes()
    got = decode_html(data)
    assert got.encoding == "gb18030"
    assert got.text == data.decode("gb18030")
    assert "豫经智库" in got.text and "\ufffd" not in got.text


def _manifest() -> list[dict[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("row", _manifest(), ids=lambda row: row["file"])
def test_corpus_page_decodes_exactly(row: dict[str, str]) -> None:
    """Every corpus page decodes to exactly the text of its actual byte encoding (no U+FFFD added)."""
    data = (CORPUS / row["file"]).read_bytes()
    actual = "gb18030" if "bytes=gbk" in row["encoding"] else "utf-8"
    assert "bytes=utf-8" in row["encoding"] or actual == "gb18030"
    got = decode_html(data)
    assert got.encoding == actual
    expected = data.decode("utf-8-sig" if actual == "utf-8" else actual)  # strict: the bytes are clean
    assert got.text == expected


def test_short_gbk_that_is_valid_utf8_follows_the_declared_charset() -> None:
    html = _page('<meta charset="gb2312">', "一一", title="news")
    data = html.encode("gbk")
    data.decode("utf-8")  # D2 BB D2 BB is also valid UTF-8 ("һһ")
    assert decode_html(data) == Decoded(html, "gb18030")
    assert decode_html(data, http_charset="gbk") == Decoded(html, "gb18030")


def test_valid_utf8_with_cjk_beats_a_legacy_declaration() -> None:
    html = _page('<meta charset="gb2312">', "一一")
    assert decode_html(html.encode("utf-8")) == Decoded(html, "utf-8")


def test_gzip_compressed_page_is_inflated() -> None:
    import gzip

    html = _page('<meta charset="gbk">')
    got = decode_html(gzip.compress(html.encode("gbk")))
    assert got == Decoded(html, "gb18030")


def test_gzip_bomb_and_nested_gzip_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from article_extract import decode

    monkeypatch.setattr(decode, "MAX_INFLATED_BYTES", 1000)
    with pytest.raises(ValueError, match="inflating beyond 1000"):
        decode_html(gzip.compress(b"<p>" + b"a" * 5000 + b"</p>"))
    with pytest.raises(ValueError, match="inside gzip"):
        decode_html(gzip.compress(gzip.compress(b"<p>x</p>")))


def test_western_server_default_charset_does_not_hide_a_gbk_meta() -> None:
    html = _page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    assert decode_html(html.encode("gbk"), http_charset="ISO-8859-1") == Decoded(html, "gb18030")


def test_western_server_default_charset_with_undeclared_gbk_page() -> None:
    html = _page()
    assert decode_html(html.encode("gbk"), http_charset="iso-8859-1") == Decoded(html, "gb18030")


def test_western_header_charset_still_decodes_western_pages() -> None:
    html = "<html><body><p>Le café est très bon, à côté de la gare. Ça coûte 3 €.</p></body></html>"
    assert decode_html(html.encode("cp1252"), http_charset="iso-8859-1") == Decoded(html, "cp1252")


def test_meta_charset_is_tried_when_the_header_charset_fails() -> None:
    html = _page('<meta charset="gbk">')
    data = html.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("shift_jis")
    assert decode_html(data, http_charset="shift_jis") == Decoded(html, "gb18030")


def test_chinese_heavy_utf16_without_bom_is_sniffed() -> None:
    # These characters' UTF-16 code units hold control bytes (U+4E01 -> 01 4E) and no NUL at all.
    html = _page("", "丁七万丈下与丑专且世业东丝" * 40 + "。")
    data = html.encode("utf-16-le")
    assert data[1::2].count(0) < 0.2 * len(data[1::2])
    assert decode_html(data) == Decoded(html, "utf-16-le")
    assert decode_html(html.encode("utf-16-be")) == Decoded(html, "utf-16-be")
