"""Changes: signed differences (增长5% → 5, 下降3.2% → -3.2), multiples (倍) and levels reached (降至5%)."""

from __future__ import annotations

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
# a short object noun between a change verb and the number: up to 6 such characters, none of these words
_NOT_OBJECT = frozenset("的为是达至到占")
_NOUN_PUNCT = frozenset('“”"')
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


def _is_noun_char(ch: str) -> bool:
    """A CJK ideograph, a Latin letter or a quotation mark (part of a short object noun)."""
    return "\u4e00" <= ch <= "\u9fff" or ("A" <= ch <= "Z") or ("a" <= ch <= "z") or ch in _NOUN_PUNCT


def _strip_gaps(s: str) -> str:
    """``s`` without the gap words (了, 约, 超过 …) at its end."""
    groups = _gaps_by_last_char()
    while True:
        gaps = groups.get(s[-1:])
        if gaps is None:
            return s
        for gap in gaps:
            if s.endswith(gap) and len(s) > len(gap):
                if gap == "为" and not s.endswith(_CHANGE_BEFORE_WEI, 0, len(s) - 1):
                    return s
                s = s[: -len(gap)]
                break
        else:
            return s


def change_sign(text: str, start: int, floor: int) -> int:
    """+1 / -1 when the number at ``start`` is the amount of a change, 0 when it is a level.

    The change verb must come right before the number (a few fillers or a short object noun between:
    增长约5%, 节省能耗2.8%); a verb followed by 至/到/为 (降至5%, 削减为21亿) states a level.
    """
    stripped = _strip_gaps(text[max(floor, start - 16) : start])  # the verb sits within a few characters
    if stripped.endswith(_level_markers()):
        return 0
    weak = lexicon().weak_change_verbs
    sign = _verb_at_end(stripped, weak, text, floor, start)
    if sign:
        return sign
    # verb + short object noun + number: 增加投资5亿元, 节省能耗2.8%
    strong_ends = _verb_signs()[3]
    for i in range(1, min(7, len(stripped) + 1)):  # the noun: the last i characters
        ch = stripped[-i]
        if ch in _NOT_OBJECT or not _is_noun_char(ch):
            break  # a longer tail holds the same character: no object noun either
        if stripped[-i - 1 : -i] in strong_ends:  # a verb of two characters or more may end before the noun
            sign = _verb_at_end(stripped[:-i], frozenset(), text, floor, start, strong_only=True)
            if sign:
                return sign
    return 0


@cache
def _level_markers() -> tuple[str, ...]:
    return tuple(lexicon().level_markers)


def _verb_at_end(
    s: str, weak: frozenset[str], text: str, floor: int, start: int, strong_only: bool = False
) -> int:
    """+1 / -1 when ``s`` ends with a change verb, the longest one (a one-character verb only when strong,
    a weak one only after 比/较 in the clause ``text[floor:start]``)."""
    signs, lengths, last_chars, _ = _verb_signs()
    if s[-1:] not in last_chars:
        return 0
    n = len(s)
    for k in lengths:
        sign = signs.get(s[n - k :]) if k <= n else None
        if sign is not None:
            break
    else:
        return 0
    if k == 1:
        verb = s[-1]
        if strong_only or (
            verb in weak and text.find("比", floor, start) < 0 and text.find("较", floor, start) < 0
        ):
            return 0
        if s[-2:-1] in _WEAK_STOPS:
            return 0
    return sign


def is_multiple(unit: str) -> bool:
    """倍 claims are changes (增长2倍, 是…的3倍)."""
    return unit == "倍"
