"""The metadata stage's text lines: block boundaries, inline joins, skipped subtrees, the content span."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborNode

from article_extract.metadata.textlines import _BLOCK_TAGS, _SKIP_TAGS, PageLines, collect_lines
from article_extract.parse import parse_html


def _lines(html: str, content: str | None = None) -> PageLines:
    tree = parse_html(html).tree
    return collect_lines(tree.body, tree.css_first(content) if content else None)


def test_inline_text_stays_on_one_line_and_blocks_split() -> None:
    html = (
        "<body><div>来源：<a href='/'>新华网</a>\n  <span>作者：</span><b>张三</b></div>"
        "<p>第一段<br>第二行</p>尾巴<table><tr><td>甲</td><td>乙</td></tr></table></body>"
    )
    assert _lines(html).lines == ["来源：新华网 作者：张三", "第一段", "第二行", "尾巴", "甲", "乙"]


def test_white_space_is_collapsed_and_blank_lines_dropped() -> None:
    html = "<body><p>\n\t  a\u3000\u3000b\xa0 c\u200b </p><div>  \n </div><p>\n</p><p>d</p></body>"
    assert _lines(html).lines == ["a b c", "d"]


def test_text_after_a_nested_block_ends_starts_a_new_line() -> None:
    html = "<body><div>前<div><p>中</p></div>后<span>文</span></div>末</body>"
    assert _lines(html).lines == ["前", "中", "后文", "末"]


def test_form_controls_and_images_are_skipped_without_breaking_the_line() -> None:
    html = (
        "<body><div>上<select><option>选项一</option></select>下</div>"
        "<div>图<img src='x.png' alt='说明'>文</div><textarea>输入</textarea></body>"
    )
    # a skipped element is no boundary (as before): 上 and 下 join; <img> neither breaks nor adds text
    assert _lines(html).lines == ["上下", "图文"]


def test_a_skipped_subtree_at_the_end_of_the_page_ends_the_walk() -> None:
    assert _lines(
        "<body><p>正文</p><select><option>甲</option><option>乙</option></select></body>"
    ).lines == ["正文"]


def test_custom_elements_are_inline() -> None:
    html = "<body><div><my-tag>甲</my-tag><my-tag>乙</my-tag></div><x-block>丙</x-block>丁</body>"
    assert _lines(html).lines == ["甲乙", "丙丁"]


def test_bare_label_joins_the_next_line_and_shifts_the_span() -> None:
    html = (
        "<body><table><tr><td>来源：</td><td>人民网</td></tr></table>"
        "<div id='c'><p>第一段</p><p>第二段</p></div><div>页脚</div></body>"
    )
    lines = _lines(html, "#c")
    assert lines.lines == ["来源：人民网", "第一段", "第二段", "页脚"]
    assert lines.body_span == (1, 3)


def test_content_node_at_the_end_of_the_page() -> None:
    lines = _lines(
        "<body><div>导航</div><div id='c'><p>第一段</p><div><p>第二段</p></div></div></body>", "#c"
    )
    assert lines.lines == ["导航", "第一段", "第二段"]
    assert lines.body_span == (1, 3)


def test_inline_content_node_still_bounds_its_lines() -> None:
    lines = _lines("<body><div>导航<span id='c'>正文一句</span>尾</div></body>", "#c")
    assert lines.lines == ["导航", "正文一句", "尾"]
    assert lines.body_span == (1, 2)


def test_walk_does_not_change_the_tree() -> None:
    html = "<body><div>来源：<a>新华网</a></div><select><option>甲</option></select><p>正文</p></body>"
    tree = parse_html(html).tree
    before = tree.html
    collect_lines(tree.body, tree.css_first("p"))
    assert tree.html == before


def _reference(root: LexborNode, target: LexborNode | None) -> tuple[list[str], tuple[int, int] | None]:
    """A plain recursive walk with the same rules, to check the fast iterative one against."""
    out: list[str] = []
    parts: list[str] = []
    span: list[int] = []
    target_id = target.mem_id if target is not None else None

    def flush() -> None:
        text = " ".join("".join(parts).split())
        parts.clear()
        if text:
            out.append(text)

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            if child.is_text_node:
                parts.append(child.text_content or "")
                continue
            tag = child.tag or "-"
            if not child.is_element_node or tag in _SKIP_TAGS or tag == "img":
                continue
            boundary = tag in _BLOCK_TAGS or child.mem_id == target_id
            if boundary:
                flush()
                if child.mem_id == target_id:
                    span.append(len(out))
            walk(child)
            if boundary:
                flush()
                if child.mem_id == target_id:
                    span.append(len(out))

    walk(root)
    flush()
    return out, (span[0], span[1]) if len(span) == 2 else None


_TAGS = ["div", "p", "span", "a", "b", "br", "img", "td", "li", "x-y", "select", "textarea", "h1", "font"]
_TEXTS = ["甲", "乙 ", " ", "\n\t", "丙丁", "\u3000", "戊"]


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    items = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            items.append(draw(st.sampled_from(_TEXTS)))
        else:
            tag = draw(st.sampled_from(_TAGS))
            inner = draw(_html(depth + 1)) if tag not in ("br", "img") else ""
            ident = f" id='n{draw(st.integers(0, 3))}'"
            items.append(f"<{tag}{ident}>{inner}</{tag}>" if tag not in ("br", "img") else f"<{tag}{ident}>")
    return "".join(items)


@settings(max_examples=300, deadline=None)
@given(_html(), st.integers(0, 3))
def test_walk_agrees_with_a_plain_recursive_walk(html: str, target: int) -> None:
    tree = parse_html(f"<html><body>{html}</body></html>").tree
    assert tree.body is not None
    content = tree.css_first(f"#n{target}")
    lines = collect_lines(tree.body, content)
    want, span = _reference(tree.body, content)
    assert lines.lines == want  # no colons in the texts, so no bare-label joins
    assert lines.body_span == span
