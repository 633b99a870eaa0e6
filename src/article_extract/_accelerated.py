"""The C walk (``_lexwalk``): whether it may read this selectolax's trees, and its results for Python.

``_lexwalk`` reads Lexbor's node structures directly (selectolax gives their addresses). Before it
walks a page, :func:`attribute_ids` checks on a probe page, through selectolax's own API, every field
it reads: node links, tag ids, node types, text data, attribute chains and values, and the names
behind per-document tag and attribute ids. Any disagreement, a missing extension, or
``ARTICLE_EXTRACT_PURE_PYTHON=1`` leaves the Python walk in charge.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, overload

from selectolax.lexbor import LexborHTMLParser, LexborNode

try:
    from . import _lexwalk
except ImportError:  # built without a C compiler: the Python walk does the work
    _lexwalk = None  # type: ignore[assignment]

_log = logging.getLogger(__name__)

#: A tag's kind for the walk: its name, role bits and the flags of the bare tag.
Kind = tuple[str, int, int]
#: Tag and attribute ids below this are Lexbor's fixed ones; others point at a per-document entry.
MAX_STATIC_ID = 1 << 16
_TEXT, _ELEMENT, _COMMENT = 3, 1, 8
#: The attribute the walk reads besides the flag attributes (``<input type=password>``).
TYPE_ATTR = "type"


@dataclass(frozen=True)
class Tables:
    """What the walk's rules say, handed to the C walk (it decides nothing itself)."""

    text_id: int
    kinds: dict[int, Kind]
    flag_cache: dict[tuple[str, str, str], int]
    name_flags: Callable[[str, str, str], int]
    attr_flags: Callable[[int, dict[str, str | None]], int]
    kind_of: Callable[[str], Kind]
    #: the attributes the walk reads: those that set flags, and :data:`TYPE_ATTR`
    attr_names: frozenset[str]


class RawLayout(NamedTuple):
    """The C walk's arrays; segments and lines hold their text as found (cleaned by the caller)."""

    tags: list[str]
    parents: list[int]
    positions: list[int]
    classes: list[str | None]
    segments: list[tuple[str, int, int]]  # text, owning element, link characters
    end: list[int]
    lines: list[str] | None
    line_spans: dict[int, tuple[int, int]]
    hints: list[int]
    noise: list[int]
    password_inputs: int


@dataclass(frozen=True)
class AttributeIds:
    """How Lexbor names the attributes the walk reads: fixed ids, or names behind per-document ids."""

    fixed: dict[int, str]
    by_name: dict[bytes, str]


def available() -> bool:
    """Whether the C walk is built and not switched off (``ARTICLE_EXTRACT_PURE_PYTHON=1``)."""
    return _lexwalk is not None and os.environ.get("ARTICLE_EXTRACT_PURE_PYTHON", "") in ("", "0")


def walk(root: LexborNode, tables: Tables) -> tuple[RawLayout, Sequence[LexborNode]] | None:
    """Walk ``root`` in C; ``None`` when the C walk cannot be used here or met a tag it has no kind for."""
    ids = attribute_ids(tables.attr_names)
    if _lexwalk is None or ids is None:
        return None
    out = _lexwalk.walk(
        root.mem_id,
        tables.text_id,
        tables.kinds,
        tables.flag_cache,
        tables.name_flags,
        tables.attr_flags,
        tables.kind_of,
        ids.fixed,
        ids.by_name,
        TYPE_ATTR,
    )
    if out is None:
        return None
    raw = RawLayout(*out)
    return raw, NodesByPath(root, raw.parents, raw.positions)


class NodesByPath(Sequence[LexborNode]):
    """The walk's elements, found again from the root by their child positions when asked for."""

    def __init__(self, root: LexborNode, parents: list[int], positions: list[int]) -> None:
        self._root, self._parents, self._positions = root, parents, positions
        self._found: dict[int, LexborNode] = {0: root}

    def __len__(self) -> int:
        return len(self._parents)

    @overload
    def __getitem__(self, index: int) -> LexborNode: ...

    @overload
    def __getitem__(self, index: slice) -> list[LexborNode]: ...

    def __getitem__(self, index: int | slice) -> LexborNode | list[LexborNode]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = index + len(self) if index < 0 else index
        if not 0 <= i < len(self):
            raise IndexError(index)
        path: list[int] = []  # from i up to the nearest element found before (the root at least)
        while i not in self._found:
            path.append(i)
            i = self._parents[i]
        node = self._found[i]
        for j in reversed(path):
            node = next(itertools.islice(node.iter(True), self._positions[j], None))
            self._found[j] = node
        return node

    def __iter__(self) -> Iterator[LexborNode]:
        return (self[i] for i in range(len(self)))


@cache
def attribute_ids(names: frozenset[str]) -> AttributeIds | None:
    """The ids of ``names`` for the C walk, if every field it reads checks out on a probe page."""
    if _lexwalk is None:
        return None
    try:
        return _probe(names)
    except Exception as exc:  # a selectolax whose trees look otherwise: walk in Python
        _log.debug("C walk disabled: %s", exc)
        return None


class _LayoutMismatch(Exception):
    pass


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise _LayoutMismatch(what)


def _probe(names: frozenset[str]) -> AttributeIds:
    assert _lexwalk is not None
    wanted = sorted(names)
    attrs = " ".join(f'{name}="v{k}"' for k, name in enumerate(wanted))
    html = (
        f'<div id="i" class="c d" {attrs} data-a-rather-long-attribute-name="w">text 中文 '
        "<o:p>x</o:p><my-rather-long-custom-element-name>y</my-rather-long-custom-element-name>"
        '<!--c--><span hidden>z</span><br></div><p class="">tail\u3000</p>'
    )
    tree = LexborHTMLParser(html)
    body = tree.body
    _expect(body is not None, "no body")
    assert body is not None
    fixed: dict[int, str] = {}
    by_name: dict[bytes, str] = {}
    seen_dynamic_tag = False
    for node in body.traverse(include_text=True):
        address = node.mem_id
        local, node_type, following, parent, first = _lexwalk.probe_node(address)
        _expect(local == node.tag_id, "tag id")
        _expect(following == _address(node.next), "next sibling")
        _expect(parent == _address(node.parent), "parent")
        _expect(first == _address(node.first_child), "first child")
        if node.tag == "-text":
            _expect(node_type == _TEXT, "text node type")
            _expect(_lexwalk.probe_text(address) == (node.text_content or "").encode(), "text data")
        elif node.tag == "-comment":
            _expect(node_type == _COMMENT, "comment node type")
        else:
            _expect(node_type == _ELEMENT, "element node type")
            if local >= MAX_STATIC_ID:
                _expect(_lexwalk.probe_entry(local) == (node.tag or "").encode(), "custom tag name")
                seen_dynamic_tag = True
            _probe_attributes(node, names, fixed, by_name)
    _expect(seen_dynamic_tag, "custom tags")
    _expect(set(fixed.values()) | set(by_name.values()) == names, "attribute names")
    return AttributeIds(fixed, by_name)


def _probe_attributes(
    node: LexborNode, names: frozenset[str], fixed: dict[int, str], by_name: dict[bytes, str]
) -> None:
    assert _lexwalk is not None
    address = node.mem_id
    first, last, id_attr, class_attr = _lexwalk.probe_element(address)
    attributes = node.attributes
    chain: list[tuple[int, int, bytes | None]] = []
    current = first
    while current and len(chain) <= len(attributes):
        local, value, owner, following = _lexwalk.probe_attr(current)
        _expect(owner == address, "attribute owner")
        chain.append((current, local, value))
        current = following
    _expect(len(chain) == len(attributes), "attribute count")
    _expect(last == (chain[-1][0] if chain else 0), "last attribute")
    for (pointer, local, value), (name, text) in zip(chain, attributes.items(), strict=True):
        _expect(value == (None if text is None else text.encode()), "attribute value")
        if name == "id":
            _expect(pointer == id_attr, "id attribute")
        if name == "class":
            _expect(pointer == class_attr, "class attribute")
        if local >= MAX_STATIC_ID:
            _expect(_lexwalk.probe_entry(local) == name.encode(), "attribute name")
            if name in names:
                by_name[name.encode()] = name
        elif name in names:
            fixed[local] = name
    if "id" not in attributes:
        _expect(id_attr == 0, "no id attribute")
    if "class" not in attributes:
        _expect(class_attr == 0, "no class attribute")


def _address(node: LexborNode | None) -> int:
    return 0 if node is None else node.mem_id
