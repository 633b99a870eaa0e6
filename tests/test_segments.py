"""The body walk (segments) also collects the metadata stage's text lines: the same lines and content
spans as :func:`article_extract.metadata.textlines.collect_lines`, which walks the tree on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article_extract.boilerplate import extract_body
from article_extract.decode import decode_html
from article_extract.metadata.textlines import PageLines, collect_lines, page_lines
from article_extract.parse import parse_html
from article_extract.segments import Layout, walk

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _walked(html: str) -> tuple[Layout, PageLines]:
    """The walk's layout, and the lines ``collect_lines`` gives for the whole page."""
    tree = parse_html(html).tree
    return walk(tree), collect_lines(tree.body or tree.root)


def _agree(html: str) -> None:
    """The walk's lines, and the span of every element that bounds lines, match ``collect_lines``."""
    tree = parse_html(html).tree
    root = tree.body or tree.root
    layout = walk(tree)
    assert layout.lines is not None
    assert page_lines(layout.lines).lines == collect_lines(root).lines
    for i in range(1, len(layout.tags)):
        span = layout.line_span(i)
        if span is not None:
            want = collect_lines(root, layout.nodes[i])
            assert page_lines(layout.lines, span).body_span == want.body_span, layout.tags[i]


def test_hidden_text_and_buttons_are_lines_but_not_segments() -> None:
    layout, lines = _walked(
        "<body><div>正文第一段。</div><div style='display:none'>隐藏<p>段落</p>文字</div>"
        "<button>分享</button><div hidden>甲<span>乙</span></div><p>尾段。</p></body>"
    )
    assert [s.text for s in layout.segments] == ["正文第一段。", "尾段。"]
    assert layout.lines == lines.lines == ["正文第一段。", "隐藏", "段落", "文字", "分享", "甲乙", "尾段。"]


def test_line_rules_differ_from_segment_rules() -> None:
    # <label> ends a line but not a segment; <summary>, <img> and <select> end a segment but not a
    # line; both skip the text of form controls
    layout, lines = _walked(
        "<body><div>作者<label>张三</label>编辑<summary>摘要</summary>图<img src=a>文"
        "<select><option>选项</option></select>完</div></body>"
    )
    assert [s.text for s in layout.segments] == ["作者张三编辑", "摘要", "图", "文", "完"]
    assert layout.lines == lines.lines == ["作者", "张三", "编辑摘要图文完"]


def test_hidden_subtree_at_the_end_of_the_page() -> None:
    layout, lines = _walked("<body><p>正文。</p><div hidden><p>甲</p><span>乙</span><b>丙</b></div></body>")
    assert [s.text for s in layout.segments] == ["正文。"]
    assert layout.lines == lines.lines == ["正文。", "甲", "乙丙"]


def test_zero_width_space_and_long_lines_follow_the_line_rules() -> None:
    layout, lines = _walked(f"<body><p>甲\u200b乙\n丙</p><p>{'长' * 2500}</p></body>")
    assert layout.lines == lines.lines == ["甲 乙 丙", "长" * 2000]
    assert layout.segments[0].text == "甲 乙丙"  # segments drop a source line break between CJK


def test_text_the_lines_skip_but_segments_keep_gives_no_lines() -> None:
    from selectolax.lexbor import LexborHTMLParser

    layout = walk(LexborHTMLParser("<body><p>正文<script>var a = 1;</script></p></body>"))
    assert layout.lines is None  # an unstripped tree: the metadata stage collects its lines itself


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.htm*")), ids=lambda p: p.name)
def test_fixture_pages_have_the_same_lines_and_spans(path: Path) -> None:
    _agree(decode_html(path.read_bytes()).text)


def test_body_hands_its_lines_and_span_to_the_metadata_stage() -> None:
    page = parse_html((PAGES / "xinhua_style.html").read_text("utf-8"))
    body = extract_body(page)
    assert body.page_type == "article" and body.lines is not None
    want = collect_lines(page.tree.body, body.node)
    got = page_lines(list(body.lines), body.lines_span)
    assert (got.lines, got.body_span) == (want.lines, want.body_span)


def test_an_inline_container_leaves_the_lines_to_the_metadata_stage() -> None:
    prose = "会议指出，要抓好落实，推动高质量发展取得新成效。" * 4
    body = extract_body(
        parse_html(f"<body><div>导航</div><font class='content'><p>{prose}</p><p>{prose}</p></font></body>")
    )
    assert body.page_type == "article" and body.node is not None and body.node.tag == "font"
    assert body.lines is None


_TAGS = [
    *("div", "p", "span", "a", "b", "br", "img", "td", "li", "x-y", "select", "option", "textarea"),
    *("h1", "font", "button", "label", "summary", "input", "nav", "datalist", "caption"),
]
_ATTRS = [
    "",
    "",
    " hidden",
    " style='display:none'",
    " class='content'",
    " class='nav'",
    " aria-hidden='true'",
]
_TEXTS = ["甲", "乙 ", " ", "\n\t", "丙丁", "\u3000", "\xa0", "戊\u200b", "来源：", "<!--c-->"]


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    items = []
    for _ in range(draw(st.integers(0, 4 if depth < 5 else 0))):
        if draw(st.booleans()):
            items.append(draw(st.sampled_from(_TEXTS)))
        else:
            tag = draw(st.sampled_from(_TAGS))
            attrs = draw(st.sampled_from(_ATTRS))
            closed = draw(st.integers(0, 9)) > 0  # sometimes left open for the parser to close
            items.append(f"<{tag}{attrs}>{draw(_html(depth + 1))}" + (f"</{tag}>" if closed else ""))
    return "".join(items)


@settings(max_examples=300, deadline=None)
@given(_html())
def test_walk_lines_agree_with_collect_lines(html: str) -> None:
    _agree(f"<html><body>{html}</body></html>")
