"""Steps after scanning: signs, ranges across separators, and dropping numerals that are words."""

from __future__ import annotations

from . import patterns as P
from .cnvalue import DIGITS
from .items import Item
from .lexicon import NUMERAL_WORD_BIGRAMS, NUMERAL_WORDS_RE, UNITS

NUMERAL_CHARS = frozenset(DIGITS) | frozenset("十拾百佰千仟万亿点廿卅")
_MINUS = "-−－"
_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"
_SLOGAN_MAX = 10  # longest slogan body looked at
FINANCIAL_DIGITS = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
_MERGEABLE = frozenset({"number", "money", "percent", "multiple"})
#: what a gap joining a range can start with (besides white space): RANGE_SEP_RE and BETWEEN_SEP_RE
RANGE_GAP_FIRST = frozenset("\xad至到~～-－—–〜与和及")


def apply_sign(text: str, item: Item) -> None:
    """负 / 负的 / 零下 / a minus sign not glued to a digit or Latin letter makes the value negative."""
    if item.kind in ("code", "date", "time", "ratio", "ordinal") or item.start == 0:
        return
    prev = text[item.start - 1]
    width = 0
    if prev == "负":
        width = 1
    elif text.endswith(("负的", "零下"), 0, item.start):
        width = 2  # 负的百分之二十, 零下15℃
    elif prev in _MINUS:
        before = text[item.start - 2] if item.start >= 2 else ""
        glued = before in _MINUS or (before.isascii() and (before.isalnum() or before == "."))
        width = 0 if before and glued else 1  # 3-5 is a range, COVID-19 a code; 同比-3.2% is negative
    if width:
        item.start -= width
        item.value = -item.value
        if item.value_max is not None:
            item.value_max = -item.value_max


def _range_between(text: str, a: Item, b: Item) -> int | None:
    """End of the range ``a … b`` when a range separator joins them (3至5, 20与30之间), else None."""
    first = text[a.end : a.end + 1] if a.end < b.start else ""
    if not first or (first not in RANGE_GAP_FIRST and not first.isspace()):
        return None  # the gap does not start like a separator (the common case: words between)
    if P.RANGE_SEP_RE.fullmatch(text, a.end, b.start):
        return b.end
    if P.BETWEEN_SEP_RE.fullmatch(text, a.end, b.start):
        if b.unit == "间" and text[b.end - 1] == "间":  # 10000与20000间: 间 closes the range
            b.unit, b.end = "", b.end - 1
        if P.BETWEEN_TAIL_RE.match(text, b.end):
            return b.end
    return None


def merge_ranges(text: str, items: list[Item]) -> list[Item]:
    """Join ``A sep B`` pairs (3至5万, 3%-5%, 两到三万港元, 百分之三十到四十一) into one ``range``."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        a = items[i]
        b = items[i + 1] if i + 1 < len(items) else None
        end = _range_between(text, a, b) if b is not None else None
        if b is not None and _year_pair(text, a, b, end is not None):
            if end is not None:  # 2024-2025年, 1987-2024: one date range
                last_year = float(text[b.start : b.start + 4])
                out.append(Item(a.start, end, a.value, kind="date", value_max=last_year))
                i += 2
                continue
            a.kind = "date"  # 2005和2006年
        if b is not None and end is not None:
            unit_ok = not a.unit or a.unit == b.unit or (a.pct_form and not b.unit)
            if a.kind in _MERGEABLE and b.kind in _MERGEABLE and unit_ok:
                lo = a.value
                if not a.unit and a.scale == 1.0 and b.scale > 1.0 and not a.approx and a.value <= b.base:
                    lo = a.value * b.scale  # 3至5万: both ends take the trailing scale
                if lo <= b.value:
                    out.append(
                        Item(
                            a.start,
                            end,
                            lo,
                            kind="range",
                            unit=b.unit or a.unit,
                            value_max=b.value,
                            approx=a.approx or b.approx,
                            modifier=a.modifier or b.modifier,
                        )
                    )
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _year_like(text: str, item: Item) -> bool:
    """A bare 4-digit year (1900–2100) or a date that starts with one."""
    s = text[item.start : item.end]
    if item.kind not in ("number", "date") or len(s) < 4 or not s[:4].isdigit():
        return False
    return 1900 <= int(s[:4]) <= 2100 and (len(s) == 4 or item.kind == "date")


def _year_pair(text: str, a: Item, b: Item, joined_as_range: bool) -> bool:
    """``a`` is a year listed or ranged with the year/date ``b``."""
    if a.kind != "number" or not _year_like(text, a) or not _year_like(text, b):
        return False
    if joined_as_range:
        return True
    return b.kind == "date" and bool(P.YEAR_LIST_SEP_RE.fullmatch(text, a.end, b.start))


def _is_enumeration(text: str, item: Item) -> bool:
    """一、 / （一） / 1. heading a line or list item."""
    if item.unit or item.kind != "number" or item.end - item.start > 3:
        return False
    i = item.start - 1
    while i >= 0 and text[i] in " \t\u3000\u00a0":
        i -= 1
    return (i < 0 or text[i] in P.ENUM_BEFORE) and bool(P.ENUM_AFTER_RE.match(text, item.end))


def _in_numeral_slogan(text: str, item: Item) -> bool:
    """Inside a short quotation that starts with a numeral: “两个确保”, “四个全面”, “两个一百年”.

    A quotation holding only the numeral (“一”和“五”) is not a slogan.
    """
    lo = max(0, item.start - _SLOGAN_MAX)
    before = text[lo : item.start]
    if "“" not in before and "「" not in before and "『" not in before:
        return False  # no opening quote (the common case)
    open_at = max(text.rfind(q, lo, item.start) for q in _OPEN_QUOTES)
    if open_at < 0 or open_at + 1 >= len(text) or text[open_at + 1] not in NUMERAL_CHARS:
        return False
    limit = min(len(text), open_at + _SLOGAN_MAX + 2)
    closes = [i for i in (text.find(q, open_at + 1, limit) for q in _CLOSE_QUOTES) if i >= 0]
    if not closes:
        return False
    close_at = min(closes)
    return close_at >= item.end and text[open_at + 1 : close_at] != text[item.start : item.end]


def _is_cjk_word_char(ch: str) -> bool:
    return is_cjk(ch) and ch not in NUMERAL_CHARS


def is_cjk(ch: str) -> bool:
    """Whether the one character ``ch`` is a CJK ideograph (U+4E00–U+9FFF, :data:`patterns.CJK_RE`; False
    for ''), compared directly: it is asked of the neighbours of most numbers."""
    return "\u4e00" <= ch <= "\u9fff"


def _may_be_in_numeral_word(text: str, pos: int) -> bool:
    """Whether a numeral word could cover ``text[pos]``: it then holds the pair of characters ending or
    starting there (or is that one character)."""
    return (
        text[pos : pos + 2] in NUMERAL_WORD_BIGRAMS
        or (pos > 0 and text[pos - 1 : pos + 1] in NUMERAL_WORD_BIGRAMS)
        or text[pos : pos + 1] in NUMERAL_WORD_BIGRAMS
    )


def _near_word(text: str, item: Item) -> bool:
    """A CJK word character (not a numeral) or a Latin letter touches the item."""
    left = text[item.start - 1] if item.start else ""
    right = text[item.end] if item.end < len(text) else ""
    return _is_cjk_word_char(left) or _is_cjk_word_char(right) or (right.isascii() and right.isalpha())


def is_noise(text: str, item: Item) -> bool:
    """Chinese numerals that are words, not numbers (一方面, 三农, 一是, 两会, 三四线)."""
    if item.kind == "code":
        return False
    if (
        item.end - item.start == 1
        and item.kind == "number"
        and not item.unit
        and not item.approx
        and not text[item.start].isdigit()
        and _near_word(text, item)
    ):
        return True  # 下一步, 长三角 (the common case): each test below finds a lone numeral in a word noise
    s = text[item.start : item.end]
    if not item.unit and item.kind == "number" and _is_enumeration(text, item):
        return True
    if s[:1].isdigit() or any(map(str.isdigit, s)):
        return False
    if _in_numeral_slogan(text, item):
        return True
    lo, hi = max(0, item.start - 8), min(len(text), item.end + 8)
    body_end = item.body_end or item.end
    if _may_be_in_numeral_word(text, item.start):
        for w in NUMERAL_WORDS_RE.finditer(text, lo, hi):
            if w.start() > item.start:
                break  # later words start later still
            if item.end <= w.end() or w.end() == body_end:
                return True  # inside 一件事, or the numeral ends the word (同一区间, 统一部署)
    left = text[item.start - 1] if item.start else ""
    right = text[item.end] if item.end < len(text) else ""
    near_word = _near_word(text, item)
    if item.body_end - item.start == 1 and s[0] in FINANCIAL_DIGITS and UNITS.get(item.unit) != "currency":
        return bool(item.unit) or near_word  # 登陆部队, 拾起, 入伍: a lone financial numeral is no number
    if s[0] in "零〇" and item.body_end - item.start == 1 and UNITS.get(item.unit) == "count":
        return True  # 零部件, 零售
    if item.kind != "number" or item.unit or item.approx:
        return False
    quoted = len(s) > 1 and bool(left) and bool(right) and left in _OPEN_QUOTES and right in _CLOSE_QUOTES
    if P.PLAN_AFTER_RE.match(text, item.end) or quoted:
        return True  # “十四五”规划, 十五时期: names, not quantities
    positional = len(s) == 2 and all(c in DIGITS for c in s) and not set(s) & {"零", "〇", "幺"}
    return (len(s) == 1 or positional) and near_word


__all__ = ["UNITS", "apply_sign", "is_cjk", "is_noise", "merge_ranges"]
