"""The C walk (``article_extract._lexwalk``) gives exactly the Python walk's layout, and steps aside
where it cannot be trusted: no extension, a tree that does not look as it expects, a tag it has no
kind for, or ``ARTICLE_EXTRACT_PURE_PYTHON=1``."""

from __future__ import annotations

import html as html_lib
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from article_extract import _accelerated, segments
from article_extract.decode import decode_html
from article_extract.parse import parse_html
from article_extract.segments import Layout, same_layout, walk, walk_in_python

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

needs_c = pytest.mark.skipif(
    not segments._c_walk_agrees(), reason="the C walk is not built here (no C compiler at install time)"
)


def _c_walk(tree: LexborHTMLParser) -> Layout | None:
    root = tree.body or tree.root
    assert root is not None
    return segments._walk_in_c(root)


def _assert_same(tree: LexborHTMLParser, where: str) -> None:
    fast = _c_walk(tree)
    assert fast is not None, f"the C walk gave up on {where}"
    slow = walk_in_python(tree)
    differs = [name for name in vars(slow) if getattr(fast, name) != getattr(slow, name) and name != "nodes"]
    assert same_layout(fast, slow), f"{where}: {differs or 'nodes'} differ"


@pytest.fixture()
def fresh_caches() -> Iterator[None]:
    """Forget what was decided about the C walk, before and after the test."""
    _accelerated.attribute_ids.cache_clear()
    segments._c_walk_agrees.cache_clear()
    yield
    _accelerated.attribute_ids.cache_clear()
    segments._c_walk_agrees.cache_clear()


def test_the_c_walk_is_built_and_used_where_the_install_requires_it() -> None:
    if os.environ.get("ARTICLE_EXTRACT_REQUIRE_C_WALK") != "1":
        pytest.skip("ARTICLE_EXTRACT_REQUIRE_C_WALK=1 is set where a C compiler is known (.ci/run)")
    assert _accelerated.available()
    assert segments._c_walk_agrees()


@needs_c
def test_fixture_pages_walk_the_same_in_c_and_python() -> None:
    pages = sorted((ROOT / "fixtures").rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        text = decode_html(page.read_bytes()).text
        _assert_same(parse_html(text).tree, page.name)
        _assert_same(LexborHTMLParser(text), f"{page.name} (scripts kept)")


@needs_c
def test_corpus_pages_walk_the_same_in_c_and_python() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it sits beside the repository clone)")
    pages = sorted(CORPUS.rglob("*.html"))
    assert len(pages) >= 130
    for page in pages:
        text = decode_html(page.read_bytes()).text
        _assert_same(parse_html(text).tree, page.name)
        _assert_same(LexborHTMLParser(text), f"{page.name} (scripts kept)")


_TAG_NAMES = (
    "div p span a b br img h1 h3 li ul table tr td nav footer article section button select option "
    "textarea input label title center hr font noscript template script head iframe o:p my-widget "
    "x-a-rather-long-custom-element-name summary details pre wbr"
)
_TAGS = _TAG_NAMES.split()
_ATTRS = (
    "",
    ' class="nav"',
    ' class="content main"',
    ' class=""',
    " class",
    ' id="share"',
    ' id="article"',
    " hidden",
    ' style="display:none"',
    ' style="color: red"',
    ' itemprop="articleBody"',
    ' type="password"',
    ' type="PassWord"',
    ' data-some-long-attribute-name="1"',
    ' CLASS="Footer" ID="x"',
    ' href="/x"',
)
_TEXT = st.text(
    alphabet=st.sampled_from(list("文字。，！“”ab1 \n\t\u3000\xa0\u200b\ufeff\u200d😀<&")), max_size=10
)


def _element(parts: tuple[str, str, list[str]]) -> str:
    tag, attrs, children = parts
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


_HTML = st.recursive(
    st.one_of(_TEXT.map(html_lib.escape), st.just("<!--注释-->"), st.just("<br>")),
    lambda inner: st.tuples(st.sampled_from(_TAGS), st.sampled_from(_ATTRS), st.lists(inner, max_size=4)).map(
        _element
    ),
    max_leaves=40,
)


@needs_c
@settings(
    max_examples=int(os.environ.get("WALK_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(body=st.lists(_HTML, min_size=1, max_size=5))
def test_random_pages_walk_the_same_in_c_and_python(body: list[str]) -> None:
    page = "<html><body>" + "".join(body) + "</body></html>"
    _assert_same(LexborHTMLParser(page), page)
    _assert_same(parse_html(page).tree, page)


@needs_c
def test_deep_nesting_walks_in_c_without_recursion() -> None:
    page = "<div>" + "<span>字" * 100_000 + "</span>" * 100_000 + "</div>"
    layout = walk(LexborHTMLParser(page))
    assert len(layout.tags) == 100_002  # body, div and the spans
    assert layout.segments[0].chars == 100_000
    deepest = layout.nodes[-1]  # found again from the root without recursion
    assert deepest.tag == "span" and deepest.first_child is not None and deepest.first_child.tag == "-text"
    assert deepest.parent is not None and deepest.parent.mem_id == layout.nodes[-2].mem_id


@needs_c
def test_an_unknown_fixed_tag_id_hands_the_page_to_the_python_walk() -> None:
    tree = LexborHTMLParser("<p>正文。<b>粗体</b></p>")
    root = tree.body
    assert root is not None
    tables = segments._walk_tables()
    b_id = next(n.tag_id for n in root.traverse() if n.tag == "b")
    without_b = {k: v for k, v in tables.kinds.items() if k != b_id}
    assert _accelerated.walk(root, tables) is not None
    assert _accelerated.walk(root, _replace(tables, kinds=without_b)) is None


def _replace(tables: _accelerated.Tables, **changes: Any) -> _accelerated.Tables:
    return _accelerated.Tables(**{**vars(tables), **changes})


@needs_c
def test_custom_elements_get_their_kind_by_name() -> None:
    tree = LexborHTMLParser("<div><o:p>词</o:p><my-footer-widget>尾</my-footer-widget></div>")
    layout = _c_walk(tree)
    assert layout is not None
    assert layout.tags == ["body", "div", "o:p", "my-footer-widget"]
    _assert_same(tree, "custom elements")


@needs_c
def test_nodes_are_found_again_by_their_positions() -> None:
    tree = LexborHTMLParser("<div>甲<!--c--><p class='x'>乙<b>丙</b></p> <ul><li>丁</li></ul></div>")
    layout = _c_walk(tree)
    assert layout is not None
    nodes = layout.nodes
    assert isinstance(nodes, _accelerated.NodesByPath)
    assert [n.tag for n in nodes] == layout.tags == ["body", "div", "p", "b", "ul", "li"]
    assert nodes[-1].tag == "li" and [n.tag for n in nodes[2:4]] == ["p", "b"]
    assert layout.classes == [None, None, "x", None, None, None]
    with pytest.raises(IndexError):
        nodes[len(nodes)]


def test_pure_python_switch_turns_the_c_walk_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLE_EXTRACT_PURE_PYTHON", "1")
    assert not _accelerated.available()
    monkeypatch.setenv("ARTICLE_EXTRACT_PURE_PYTHON", "0")
    assert _accelerated.available() == (_accelerated._lexwalk is not None)


@needs_c
@pytest.mark.parametrize("field", ["next", "tag id", "text", "attribute value", "custom tag name"])
def test_a_tree_that_does_not_look_as_expected_keeps_the_python_walk(
    field: str, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    real = _accelerated._lexwalk
    assert real is not None

    def probe_node(address: int) -> tuple[int, int, int, int, int]:
        local, node_type, following, parent, first = real.probe_node(address)
        if field == "next" and following:
            following += 8
        if field == "tag id":
            local += 1
        return local, node_type, following, parent, first

    def probe_attr(address: int) -> tuple[int, bytes | None, int, int]:
        local, value, owner, following = real.probe_attr(address)
        return local, (value + b"?" if field == "attribute value" and value else value), owner, following

    liar = SimpleNamespace(
        walk=real.walk,
        probe_node=probe_node,
        probe_element=real.probe_element,
        probe_attr=probe_attr,
        probe_text=lambda a: (real.probe_text(a) or b"") + (b"x" if field == "text" else b""),
        probe_entry=lambda a: (real.probe_entry(a) or b"") + (b"-" if field == "custom tag name" else b""),
    )
    monkeypatch.setattr(_accelerated, "_lexwalk", liar)
    assert _accelerated.attribute_ids(frozenset({"style", "hidden", "itemprop", "type"})) is None
    assert not segments._c_walk_agrees()
    tree = parse_html("<div class='content'><p>正文第一段，内容。</p></div>").tree
    assert [s.text for s in walk(tree).segments] == ["正文第一段，内容。"]


def test_without_the_extension_pages_are_walked_in_python(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    monkeypatch.setattr(_accelerated, "_lexwalk", None)  # as installed without a C compiler
    assert not _accelerated.available()
    assert _accelerated.attribute_ids(frozenset({"style"})) is None
    tree = parse_html("<div class='content'><p>正文第一段，内容。</p></div>").tree
    layout = walk(tree)
    assert isinstance(layout.nodes, list)  # the Python walk's own node list
    assert [s.text for s in layout.segments] == ["正文第一段，内容。"]
