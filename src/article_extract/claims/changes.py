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
# a short object noun between a change verb and the number: up to 6 such characters, none of these words
_NOT_OBJECT = frozenset("的为是达至到占")
_NOUN_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z“”\"]")


def change_sign(text: str, start: int, floor: int) -> int:
    """+1 / -1 when the number at ``start`` is the amount of a change, 0 when it is a level.

    The change verb must come right before the number (a few fillers or a short object noun between:
    增长约5%, 节省能耗2.8%); a verb followed by 至/到/为 (降至5%, 削减为21亿) states a level.
    """
    lex = lexicon()
    seg = text[floor:start]
    stripped = text[max(floor, start - 16) : start]  # the verb sits within a few characters
    changed = True
    while changed and stripped.endswith(_GAP_WORDS):
        changed = False
        for gap in _GAP_WORDS:
            if stripped.endswith(gap) and len(stripped) > len(gap):
                if gap == "为" and not stripped[:-1].endswith(
                    ("增长", "提高", "上升", "下降", "减少", "降低")
                ):
                    break
                stripped = stripped[: -len(gap)]
                changed = True
                break
    if stripped.endswith(_level_markers()):
        return 0
    sign = _verb_at_end(stripped, lex.weak_change_verbs, seg)
    if sign:
        return sign
    # verb + short object noun + number: 增加投资5亿元, 节省能耗2.8%
    for i in range(1, min(7, len(stripped) + 1)):  # the noun: the last i characters
        ch = stripped[-i]
        if ch in _NOT_OBJECT or not _NOUN_CHAR.match(ch):
            break  # a longer tail holds the same character: no object noun either
        sign = _verb_at_end(stripped[:-i], frozenset(), seg, strong_only=True)
        if sign:
            return sign
    return 0


@cache
def _level_markers() -> tuple[str, ...]:
    return tuple(lexicon().level_markers)


@cache
def _verb_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()

    def at_end(words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")

    return at_end(lex.change_up), at_end(lex.change_down)


def _verb_at_end(s: str, weak: frozenset[str], clause: str, strong_only: bool = False) -> int:
    """+1 / -1 when ``s`` ends with a change verb (weak one-character verbs only after 比/较)."""
    up_re, down_re = _verb_res()
    lex = lexicon()
    best: tuple[int, int] | None = None  # (verb length, sign): the longest verb ending ``s`` wins
    for pattern, sign, words in ((up_re, 1, lex.change_up), (down_re, -1, lex.change_down)):
        m = pattern.search(s) if s.endswith(words) else None  # endswith: a quick test first
        if m is None:
            continue
        verb = m.group()
        if len(verb) == 1 and (strong_only or (verb in weak and "比" not in clause and "较" not in clause)):
            continue
        if len(verb) == 1 and s[-2:-1] in "不最较更很新":
            continue
        if best is None or len(verb) > best[0]:
            best = (len(verb), sign)
    return best[1] if best else 0


def is_multiple(unit: str) -> bool:
    """倍 claims are changes (增长2倍, 是…的3倍)."""
    return unit == "倍"
