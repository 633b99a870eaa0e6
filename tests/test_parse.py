"""Parse stage: head facts read before scripts go, one tree, pathological nesting refused quickly."""

from __future__ import annotations

import pytest

from article_extract import extract
from article_extract.parse import MAX_NESTING, NestingTooDeep, parse_html

PAGE = """<html lang="zh-CN"><head><title>标题 - 站名</title>
<meta property="og:title" content="OG 标题"><meta name="PubDate" content="2026-02-05 16:45">
<link rel="canonical" href="/a/1.html">
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "LD"}]}</script>
<script>var x = "脚本文字";</script><style>p {color: red}</style></head>
<body><p>正文。</p><noscript>请开启脚本</noscript></body></html>"""


def test_head_facts_are_read_and_scripts_removed() -> None:
    page = parse_html(PAGE, url="http://example.cn/")
    assert page.title_tag == "标题 - 站名"
    assert page.meta["og:title"] == "OG 标题"
    assert page.meta["pubdate"] == "2026-02-05 16:45"
    assert page.canonical_href == "/a/1.html"
    assert page.json_ld == [{"@type": "NewsArticle", "headline": "LD"}]
    assert page.html_lang == "zh-CN"
    body_text = page.tree.body.text() if page.tree.body is not None else ""
    assert "正文" in body_text
    assert "脚本文字" not in body_text and "请开启脚本" not in body_text and "color" not in body_text


def test_broken_json_ld_is_ignored() -> None:
    page = parse_html('<script type="application/ld+json">{not json</script><p>x</p>')
    assert page.json_ld == []


@pytest.mark.timeout(10)
@pytest.mark.parametrize("tag", ["div", "section", "DIV"])
def test_pathological_nesting_is_refused_not_parsed(tag: str) -> None:
    html = "<html><body>" + f"<{tag}>" * 100_000 + "深" + "</body></html>"
    with pytest.raises(NestingTooDeep):
        parse_html(html)
    article = extract(html)
    assert article.error is not None and "deeper than" in article.error
    assert article.paragraphs == ()


def test_nesting_below_the_limit_parses() -> None:
    depth = MAX_NESTING - 10
    html = "<html><body>" + "<div>" * depth + "<p>深层正文。</p>" + "</div>" * depth + "</body></html>"
    page = parse_html(html)
    assert page.tree.css_first("p") is not None


def test_many_sibling_blocks_are_not_mistaken_for_nesting() -> None:
    html = "<html><body>" + "<div><p>段落。</p></div>" * 20_000 + "</body></html>"
    page = parse_html(html)
    assert len(page.tree.css("div")) == 20_000


def test_inline_script_text_is_kept_for_the_metadata_stage_within_a_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scripts = '<script src="/a.js">var y = 1;</script><script>  </script><script>var z;</script>'
    page = parse_html(PAGE + scripts)
    assert page.scripts == ['var x = "脚本文字";', "var z;"]  # not JSON-LD, not src=, not blank
    monkeypatch.setattr("article_extract.parse.SCRIPT_BUDGET", 20)
    page = parse_html("<script>var a = 12345;</script><script>var b = 1;</script><script>c</script>")
    assert page.scripts == ["var a = 12345;", "var b "]
