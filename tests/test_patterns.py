"""Line patterns: the split, gated searches answer exactly as one plain alternation would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article_extract.patterns import LinePattern

_DATA = json.loads(
    (Path(__file__).resolve().parent.parent / "src/article_extract/data/boilerplate.json").read_text("utf-8")
)
_LISTS = {
    "drop_line": _DATA["drop_line_patterns"],
    "drop_any": _DATA["drop_any_patterns"],
    "drop_short": _DATA["drop_line_patterns"] + _DATA["drop_any_patterns"],
    "stop_line": _DATA["stop_line_patterns"],
}
#: Literal pieces of the patterns, so random texts hit them; letters that match other letters when
#: case is ignored (long s, Kelvin sign, dotted and dotless i) and punctuation around them.
_PIECES = sorted(
    {
        piece
        for items in _LISTS.values()
        for p in items
        for piece in re.split(r"[\\\[\]()|?*+{}^$.]", p)
        if piece
    }
    | set("ſKİıkKsScCiIaAeEtT ：:（）()【】0123456789,年月日-/©\u3000\xa0")
    | {"Copyright", "ALL RIGHTS RESERVED", "ıcp备1", "E-mail：", "TRACKBACK", "THE END"}
)


def _plain(items: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in items), re.IGNORECASE)


@pytest.mark.parametrize("name", sorted(_LISTS))
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_gated_line_pattern_agrees_with_the_plain_alternation(name: str, pieces: list[str]) -> None:
    items = _LISTS[name]
    text = "".join(pieces)
    assert LinePattern(items, re.IGNORECASE).found(text) == (_plain(items).search(text) is not None)


def test_gates_pass_every_case_of_a_letter() -> None:
    pattern = LinePattern(["Copyright|ICP备\\d", "(联系电话|E-?mail)[:：]"], re.IGNORECASE)
    for text in ("©COPYRIGHT 2024", "copyright", "ıcp备1", "ICP备", "e-MAIL：x", "联系电话:1", "Kelvin"):
        assert pattern.found(text) == (
            _plain(["Copyright|ICP备\\d", "(联系电话|E-?mail)[:：]"]).search(text) is not None
        )
