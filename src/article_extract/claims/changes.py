"""Changes: signed differences (增长5% → 5, 下降3.2% → -3.2), multiples (倍) and levels reached (降至5%)."""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon

# words that may stand between a change verb and its number: 下降约0.39, 上调了0.6, 增长超过10%
_GAP_WORDS = (
    "了",
    "约",
    "近",
    "超过",
    "超",
    "逾",
    "达",
    "将近",
    "接近",
    "不到",
    "不足",
    "大约",
    "分别",
    "均",
    "为",
    "幅",
)
_CHANGE_BEFORE_WEI = ("增长", "提高", "上升", "下降", "减少", "降低")  # 增长为: 为 is a gap word after these
# a short object noun between a change verb and the number: up to 6 CJK ideographs, Latin letters or quotation
# marks, none of them one of 的为是达至到占 (searched from 6 characters before the end: \Z, not $)
_OBJECT_MAX = 6
_OBJECT_TAIL = re.compile(r"(?:(?![的为是达至到占])[\u4e00-\u9fffA-Za-z“”\"]){1,6}\Z")
_WEAK_STOPS = "不最较更很新"  # 不高, 最低, 更多: a one-character verb after these is no change


@cache
def _gaps_by_last_char() -> dict[str, tuple[str, ...]]:
    """The gap words grouped by their last character, in the order of ``_GAP_WORDS``."""
    groups: dict[str, list[str]] = {}
    for gap in _GAP_WORDS:
        groups.setdefault(gap[-1], []).append(gap)
    return {ch: tuple(gaps) for ch, gaps in groups.items()}


@cache
def _verb_signs() -> tuple[dict[str, int], tuple[int, ...], frozenset[str], frozenset[str]]:
    """(change verb → +1 rising / -1 falling, their lengths longest first, the characters that end one,
    the characters that end one of two characters or more)."""
    lex = lexicon()
    signs = dict.fromkeys(lex.change_down, -1) | dict.fromkeys(lex.change_up, 1)  # a word in both rises
    lengths = tuple(sorted({len(v) for v in signs}, reverse=True))
    return signs, lengths, frozenset(v[-1] for v in signs), frozenset(v[-1] for v in signs if len(v) > 1)


def _strip_gaps(text: str, lo: int, end: int) -> int:
    """The end of ``text[lo:end]`` without the gap words (了, 约, 超过 …) at its end."""
    groups = _gaps_by_last_char()
    while end > lo:
        gaps = groups.get(text[end - 1])
        if gaps is None:
            return end
        for gap in gaps:
            if end - lo > len(gap) and text.endswith(gap, lo, end):
                if gap == "为" and not text.endswith(_CHANGE_BEFORE_WEI, lo, end - 1):
                    return end
                end -= len(gap)
                break
        else:
            return end
    return end


def change_sign(text: str, start: int, floor: int) -> int:
    """+1 / -1 when the number at ``start`` is the amount of a change, 0 when it is a level.

    The change verb must come right before the number (a few fillers or a short object noun between:
    增长约5%, 节省能耗2.8%); a verb followed by 至/到/为 (降至5%, 削减为21亿) states a level. Only the last 16
    characters of the clause before the number are read (as index ranges of ``text``: no substrings made).
    """
    lo = max(floor, start - 16)
    end = _strip_gaps(text, lo, start)
    if text.endswith(_level_markers(), lo, end):
        return 0
    sign = _verb_at_end(text, lo, end, lexicon().weak_change_verbs, floor, start)
    if sign:
        return sign
    # verb + short object noun + number: 增加投资5亿元, 节省能耗2.8%
    tail = _OBJECT_TAIL.search(text, max(lo, end - _OBJECT_MAX), end)
    if tail is None:
        return 0
    strong_ends = _verb_signs()[3]
    for e in range(end - 1, max(tail.start(), lo + 1) - 1, -1):  # the noun: text[e:end], shortest first
        if text[e - 1] in strong_ends:  # a verb of two characters or more may end before the noun
            sign = _verb_at_end(text, lo, e, frozenset(), floor, start, strong_only=True)
            if sign:
                return sign
    return 0


@cache
def _level_markers() -> tuple[str, ...]:
    return tuple(lexicon().level_markers)


def _verb_at_end(
    text: str, lo: int, end: int, weak: frozenset[str], floor: int, start: int, strong_only: bool = False
) -> int:
    """+1 / -1 when ``text[lo:end]`` ends with a change verb, the longest one (a one-character verb only when
    strong, a weak one only after 比/较 in the clause ``text[floor:start]``)."""
    signs, lengths, last_chars, _ = _verb_signs()
    if end <= lo or text[end - 1] not in last_chars:
        return 0
    for k in lengths:
        sign = signs.get(text[end - k : end]) if end - k >= lo else None
        if sign is not None:
            break
    else:
        return 0
    if k == 1:
        verb = text[end - 1]
        if strong_only or (
            verb in weak and text.find("比", floor, start) < 0 and text.find("较", floor, start) < 0
        ):
            return 0
        if end - lo < 2 or text[end - 2] in _WEAK_STOPS:
            return 0
    return sign


def is_multiple(unit: str) -> bool:
    """倍 claims are changes (增长2倍, 是…的3倍)."""
    return unit == "倍"
