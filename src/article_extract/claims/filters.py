"""Which numbers are not claims: dates, years, ordinals, codes, names, idioms, durations, vague amounts."""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon
from .numbers import Quantity

_YEAR_UNITS = {""}
_CODE_WORDS = re.compile(
    r"(?:代码|编号|号码|代号|账号|帐号|邮编|电话|热线|传真|编码|型号|批号|尾号|QQ)\s*(?:为|是|：|:)?\s*$"
)
_ENUM_AFTER = re.compile(r"\s*[、.．)）]")  # used with match(text, pos): no ^
_SPACED_MEASURE = re.compile(r"\d\s+[^\d\s]")
_SCALE_AFTER = re.compile(r"\s*(?:万|亿|多|余)")
_CLOCK_AFTER = re.compile(r"\s*[:：]\d")
_NON_DIGIT = re.compile(r"\D")
_GE_DURATION = re.compile(r"(?:多|余|半)?(?:小时|月|钟头|星期|礼拜)")  # used with match(text, pos): no ^
_PER_MILLE = ("百分之", "千分之", "万分之")
_VAGUE = re.compile(r"(?:几|数|好几|上|成)[十百千万亿]")
_VAGUE_FIRST = frozenset("几数好上成")
_LATIN_SPACE_END = re.compile(r"[A-Za-z]\s$")


def reject_reason(text: str, q: Quantity) -> str | None:
    """Why ``q`` is not a claim (None when it is one).

    Each regular expression runs only where the characters it needs are present (a quick test first).
    """
    if q.skip:
        return "numeral layer: not an amount"
    lex = lexicon()
    start, unit, num_end = q.start, q.unit, q.num_end
    raw = text[start : q.end]
    before = text[max(0, start - 6) : start]
    end = q.end
    if (" " in raw or not raw.isprintable()) and _SPACED_MEASURE.search(raw) and not unit.isascii():
        return "measure word across a space (600 兩間)"  # (only white space is printable as a space)
    if before.endswith(("第", "第 ")):
        return "ordinal"
    if start > 0:
        prev = text[start - 1]
        if (prev.isascii() and prev.isalnum()) or prev in "/:-":
            return "code or name (glued to Latin/digits)"
    if not unit and text[end : end + 1].isascii() and text[end : end + 1].isalpha():
        return "code or name (glued to Latin)"
    if unit in lex.date_units or text.startswith(("号", "日"), num_end) or unit in ("年代", "世纪", "年级"):
        return "date"
    value = q.value
    if unit == "年":
        return "year" if value.is_integer() and 1000 <= value <= 2200 else "duration (optional)"
    if (
        unit in _YEAR_UNITS
        and value.is_integer()
        and 1900 <= value <= 2100
        and q.value_max is None
        and not _SCALE_AFTER.match(text, num_end, num_end + 6)
    ):
        return "year"
    if unit in lex.duration_units:
        return "duration or age (optional)"
    if unit == "点" and value.is_integer() and before.endswith(lex.time_of_day_prefixes):
        return "time of day"
    if _has_colon(text, num_end, num_end + 6) and _CLOCK_AFTER.match(text, num_end, num_end + 6):
        return "time of day"
    if not unit and _CODE_WORDS.search(before):
        return "code (代码/编号/电话 …)"
    if not unit and q.value_max is None:
        digits = _NON_DIGIT.sub("", raw)
        if len(digits) >= 6 and float(digits) == value:
            return "code or phone number"
    if raw[:1] == "0" and raw[1:2].isdigit() and len(_NON_DIGIT.sub("", raw)) > 1:
        return "code"
    if unit == "层":
        nxt = text[end : end + 1]
        if nxt and nxt not in "的高楼，。、；：）)”" and not nxt.isspace():
            return "floor number in a name"
        if before.endswith(("楼", "座", "厦", "栋", "幢")):
            return "floor of a building (a place, not an amount)"
    if unit in lex.name_suffixes or (not unit and text.startswith(_name_suffixes(), num_end)):
        return "number in a name"
    if not unit and (start == 0 or text[start - 1] in "\n（(") and _ENUM_AFTER.match(text, num_end):
        return "enumeration"
    if unit == "个" and _GE_DURATION.match(text, end):
        return "duration (optional)"
    if raw.startswith(_PER_MILLE) and text[end : end + 1] in "秒米克毫厘分":
        return "fraction of a unit (optional)"
    chinese = q.chinese
    if chinese and value == 0:
        return "零 inside a word"
    if q.bare_magnitude and before.endswith(lex.vague_prefixes):
        return "vague amount (optional)"
    if raw[:1] in _VAGUE_FIRST and _VAGUE.match(raw):
        return "vague amount (optional)"
    if chinese and unit == "度":
        return "两度 = twice (frequency, not an amount)"
    if _inside_numeral_word(text, q):
        return "numeral inside a word or idiom"
    if chinese:
        if not unit or unit in ("大",):
            return "Chinese numeral without a measure word"
        if value == 1 and unit not in ("%", "倍") and q.value_max is None and not q.bare_magnitude:
            return "incidental 一 + measure word"
        if before.endswith(lex.vague_prefixes) and value in (10, 100, 1000, 10000):
            return "vague amount (optional)"
    if q.bare_magnitude and unit not in lex.currencies and unit != "%":
        return "magnitude word used as a modifier"
    if not unit and value.is_integer() and not chinese and q.value_max is None:
        prefix = before.rstrip()
        qualified = prefix.endswith(lex.prefix_qualifier_words) or q.approx
        if not qualified and not text.startswith(("万", "亿"), num_end):
            return "bare integer (a name, model or code: 京东618, 骁龙 865)"
    if before[-1:].isspace() and _LATIN_SPACE_END.search(before):
        return "model number after a Latin name (Exynos 990)"
    if before.endswith("届") or (chinese and before.endswith(("第", "届"))):
        return "session number (五届二次全会)"
    return None


def _has_colon(text: str, start: int, end: int) -> bool:
    return text.find("：", start, end) >= 0 or text.find(":", start, end) >= 0


@cache
def _name_suffixes() -> tuple[str, ...]:
    return tuple(lexicon().name_suffixes)


def _inside_numeral_word(text: str, q: Quantity) -> bool:
    """The numeric part of ``q`` lies inside a word such as 一方面, 十四五, 标准普尔500."""
    lex = lexicon()
    pieces, pos = lex.numeral_word_pieces, q.start
    if not (
        text[pos : pos + 2] in pieces
        or (pos > 0 and text[pos - 1 : pos + 1] in pieces)
        or text[pos : pos + 1] in pieces
    ):
        return False  # no numeral word can cover the number's first character
    lo = max(0, q.start - 8)
    num_end = min(q.end, max(q.num_end, q.start + 1))
    for m in lex.numeral_words_re.finditer(text, lo, min(len(text), q.end + 8)):
        if m.start() > q.start:
            break  # later words start later still
        if num_end <= m.end():
            return True
    return False
