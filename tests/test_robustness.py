"""Robustness: extraction never raises or hangs on arbitrary bytes/HTML or pathological pages.

Time is bounded by pytest-timeout marks (not timed asserts); memory of the 50 MB page is checked
in a child process through its peak RSS.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from article_extract import Article, extract
from article_extract.commands.extract import extract_doc
from article_extract.decode import Decoded, decode_html
from article_extract.inputs import InputDoc

PARAGRAPHS = [
    "截至2025年12月，我国网民规模达11.25亿人，较2024年12月增长2480万人，互联网普及率达79.8%。",
    "报告显示，我国5G基站总数达到425万个，比上年末净增87万个，占移动基站总数的33.6%。",
    "在农村地区，互联网普及率为67.4%，较上年提升3.6个百分点，城乡差距进一步缩小。",
    "专家认为，数字经济的快速发展为经济增长提供了新动能，相关产业规模持续扩大。",
    "下一步，有关部门将继续推进网络基础设施建设，提升公共服务的数字化水平。",
    "与此同时，网络安全和个人信息保护工作也在不断加强，用户权益得到更好保障。",
]


def _article_html(body_prefix: str = "", between: str = "") -> str:
    paragraphs = between.join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><meta charset='utf-8'><title>我国网民规模达11.25亿人 - 新闻网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a> <a href='/tech'>科技</a></div>"
        f"{body_prefix}<div class='article'><h1>我国网民规模达11.25亿人</h1>{paragraphs}</div>"
        "<div class='footer'>版权所有 京ICP备12345678号</div></body></html>"
    )


def _check(article: Article) -> None:
    """The record is well-formed and serializable whatever the input was."""
    assert isinstance(article, Article)
    record = article.to_dict()
    json.dumps(record, ensure_ascii=False)
    assert record["text"] == "\n".join(record["paragraphs"])
    assert article.page_type in ("article", "list", "other")
    assert article.error is None or (isinstance(article.error, str) and article.error)
    for claim in article.claims:
        assert 0 <= claim.start <= claim.end <= len(article.text)
        assert article.text[claim.start : claim.end] == claim.raw


# -- properties ----------------------------------------------------------------------------------
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_TAGS = ("html", "head", "body", "div", "p", "span", "a", "table", "tr", "td", "ul", "li", "h1", "br")
_TOKENS = st.one_of(
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]),
    st.sampled_from(
        ["<title>", "</title>", "<meta charset='gbk'>", "<!--", "-->", "<![CDATA[", "&nbsp;", "&#0;"]
    ),
    st.sampled_from(
        [*PARAGRAPHS, "来源：新华社", "记者 张三", "编辑：李四", "2025-12-31 10:00", "首页 > 新闻"]
    ),
    st.text(max_size=40),
)
_HTMLISH = st.lists(_TOKENS, max_size=60).map("".join)


@FUZZ
@given(st.binary(max_size=4096))
def test_extract_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    _check(extract(data))


@FUZZ
@given(_HTMLISH)
def test_extract_never_raises_on_html_like_text(html: str) -> None:
    _check(extract(html))


@FUZZ
@given(
    _HTMLISH,
    st.sampled_from(["utf-8", "gb18030", "utf-16"]),
    st.sampled_from([None, "gbk", "utf-8", "bogus"]),
)
def test_extract_never_raises_on_encoded_html(html: str, codec: str, http_charset: str | None) -> None:
    data = html.encode(codec, errors="replace")
    _check(extract(data, "http://news.example.cn/a.html", http_charset=http_charset))


@FUZZ
@given(st.binary(max_size=2048))
def test_extract_doc_turns_any_input_into_a_record(data: bytes) -> None:
    article = extract_doc(InputDoc("fuzz.html", None, data))
    _check(article)


@FUZZ
@given(st.binary(max_size=4096), st.one_of(st.none(), st.text(max_size=20)))
def test_decode_returns_text_or_raises_value_error(data: bytes, http_charset: str | None) -> None:
    try:
        got = decode_html(data, http_charset=http_charset)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(got, Decoded) and isinstance(got.text, str) and got.encoding


_READABLE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from("，。：；、“”（）《》\n\t"),
    ),
    min_size=1,
    max_size=300,
)


@FUZZ
@given(_READABLE)
def test_utf8_text_round_trips_exactly(text: str) -> None:
    data = text.encode("utf-8")
    assert decode_html(data) == Decoded(text, "utf-8")
    try:
        data.decode("gb18030")
        also_gbk = True
    except UnicodeDecodeError:
        also_gbk = False
    has_cjk = any("\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)
    if has_cjk or not also_gbk:  # else (e.g. "“@") GBK as declared is as good a reading, by design
        assert decode_html(data, http_charset="gb2312").text == text  # a wrong label does not matter


_DECODER_CJK = re.compile("[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@FUZZ
@given(_READABLE)
@example("鋩丮")  # its GBK bytes are valid UTF-8: 䀁M (U+4001, CJK Extension A)
def test_declared_gbk_text_round_trips_exactly(text: str) -> None:
    html = f'<meta charset="gbk"><p>{text}</p>'
    data = html.encode("gb18030")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # GBK bytes that are also valid UTF-8 *with CJK* (as the decoder counts it: Extension A,
        # punctuation and full-width forms too) are ambiguous; UTF-8 wins by design
        assume(not _DECODER_CJK.search(data.decode("utf-8")))
    assert decode_html(data) == Decoded(html, "gb18030")


# -- pathological pages --------------------------------------------------------------------------
@pytest.mark.timeout(300)
def test_100000_nested_elements() -> None:
    html = "<html><body>" + "<div>" * 100_000 + "<p>" + PARAGRAPHS[0] + "</p>" + "</div>" * 100_000
    _check(extract(html.encode("utf-8")))


@pytest.mark.timeout(120)
def test_100000_unclosed_inline_elements() -> None:
    html = _article_html(body_prefix="<span><b>" * 50_000)
    _check(extract(html))


_BIG_PAGE_SCRIPT = """
import base64, json, os, resource
from article_extract import extract
prose = "".join(f"<p>{p}</p>" for p in [
    "专家认为，数字经济的快速发展为经济增长提供了新动能，相关产业规模持续扩大。" * 3,
    "下一步，有关部门将继续推进网络基础设施建设，提升公共服务的数字化水平。" * 3,
    "与此同时，网络安全和个人信息保护工作也在不断加强，用户权益得到更好保障。" * 3,
])
image = base64.b64encode(os.urandom(3_000_000)).decode()  # a 4 MB inline image
parts = [
    "<html><head><title>大页面</title><script>var data = ", json.dumps(["新闻数据"] * 600_000),
    ";</script></head><body><div class='nav'><a href='/'>首页</a></div>",
    "<div class='article'><h1>大页面</h1>",
]
parts += [prose, f"<img src='data:image/png;base64,{image}'>"] * 10
parts.append(prose * 3000 + "</div></body></html>")
page = "".join(parts).encode()
article = extract(page)
print(json.dumps({
    "size": len(page),
    "error": article.error,
    "chars": len(article.text),
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


@pytest.mark.timeout(600)
def test_50_mb_page_in_bounded_memory() -> None:
    """A 50+ MB page (inline images, a script blob, 1 M characters of prose) is extracted in a
    child process whose peak RSS stays under 2 GB."""
    proc = subprocess.run(
        [sys.executable, "-c", _BIG_PAGE_SCRIPT], capture_output=True, timeout=590, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    result = json.loads(proc.stdout.decode().splitlines()[-1])
    assert result["size"] >= 50_000_000
    assert result["maxrss_kb"] < 2 * 1024 * 1024, result
    assert result["error"] is not None or result["chars"] > 900_000, result  # the body, or a clear error


@pytest.mark.timeout(180)
def test_number_dense_megabyte_of_text() -> None:
    """1 MB of body text that is nothing but numeric claims (about 30,000 of them)."""
    paragraph = "<p>" + "中国网民规模达11.25亿人，互联网普及率为79.8%。" * 20 + "</p>\n"
    html = _article_html(
        body_prefix="<div class='data'>" + paragraph * (1_000_000 // len(paragraph.encode())) + "</div>"
    )
    article = extract(html.encode("utf-8"))
    _check(article)


@pytest.mark.timeout(60)
def test_nul_bytes_everywhere() -> None:
    html = _article_html(between="\x00")
    data = html.encode("utf-8").replace(b"<p>", b"<p>\x00").replace(b"<div", b"\x00<div")
    article = extract(data)
    _check(article)
    assert "\x00" not in json.dumps(article.to_dict(), ensure_ascii=False)
    assert article.error is None
    assert "我国5G基站总数达到425万个" in article.text


@pytest.mark.timeout(60)
def test_broken_multibyte_sequences() -> None:
    raw = _article_html().encode("utf-8")
    cut = "新动能".encode()
    broken = raw.replace(cut, cut[:4] + b"\xff" + cut[5:]).replace("城乡".encode(), "城乡".encode()[:2])
    with pytest.raises(UnicodeDecodeError):
        broken.decode("utf-8")
    article = extract(broken)
    _check(article)
    assert article.encoding == "utf-8"
    assert article.error is None
    assert "我国5G基站总数达到425万个" in article.text


@pytest.mark.timeout(60)
def test_broken_gbk_sequences() -> None:
    raw = _article_html().replace("charset='utf-8'", "charset='gbk'").encode("gbk")
    broken = raw.replace("新动能".encode("gbk"), b"\x81\x20\xfe")
    article = extract(broken)
    _check(article)
    assert article.encoding == "gb18030"
    assert "我国5G基站总数达到425万个" in article.text


@pytest.mark.timeout(60)
def test_no_body_element() -> None:
    html = "<title>标题</title>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = extract(html.encode("utf-8"))
    _check(article)
    assert article.error is None


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "data",
    [
        b"<!-- \xe6\xb3\xa8\xe9\x87\x8a\xe5\x86\x85\xe5\xae\xb9 -->",
        b"<html><!-- only a comment --></html>",
        b"<!doctype html>",
        b"   \n\t  ",
        b"",
    ],
)
def test_pages_without_content(data: bytes) -> None:
    article = extract(data)
    _check(article)
    assert article.paragraphs == ()
    assert "注释" not in article.text


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "data",
    [
        os.urandom(100_000),
        b"\x89PNG\r\n\x1a\n" + os.urandom(5000),
        b"\x1f\x8b\x08\x00" + os.urandom(5000),
        b"\x00" * 10_000,
        bytes(range(32)) * 100,
    ],
    ids=["random", "png", "gzip", "nul", "controls"],
)
def test_binary_data_gives_a_clear_error(data: bytes) -> None:
    article = extract(data)
    _check(article)
    assert article.error is not None and "not HTML" in article.error
    assert article.paragraphs == ()


@pytest.mark.timeout(120)
def test_huge_attribute_and_single_long_line() -> None:
    html = _article_html(body_prefix=f"<div data-x='{'x' * 5_000_000}'></div><p>{'长' * 1_000_000}</p>")
    _check(extract(html.encode("utf-8")))


@pytest.mark.timeout(120)
def test_many_unclosed_paragraphs_and_table_cells() -> None:
    html = _article_html(body_prefix="<p>段落" * 30_000 + "<table>" + "<td>格" * 30_000)
    _check(extract(html))


@pytest.mark.timeout(300)
def test_cli_batch_of_pathological_pages_goes_on(tmp_path: Path) -> None:
    pages = {
        "a_binary.html": os.urandom(20_000),
        "b_empty.html": b"",
        "c_comment.html": b"<!-- nothing -->",
        "d_nul.html": _article_html(between="\x00").encode("utf-8"),
        "e_nested.html": ("<div>" * 20_000 + "正文" + "</div>" * 20_000).encode("utf-8"),
        "f_good.html": _article_html().encode("gb18030"),
    }
    for name, data in pages.items():
        (tmp_path / name).write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "article_extract", "extract", str(tmp_path)],
        capture_output=True,
        timeout=280,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(records) == len(pages)
    assert "not HTML" in records[0]["error"] and records[1]["error"]
    assert records[5]["error"] is None and "11.25亿人" in records[5]["text"]
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace")
