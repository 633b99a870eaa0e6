"""Word lists behind the numeral finder, loaded once from ``article_extract/data``."""

from __future__ import annotations

import re
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data"

#: canonical spelling of some unit words
UNIT_ALIASES: dict[str, str] = {
    "％": "%",
    "百分点": "个百分点",
    "块钱": "元",
    "元钱": "元",
    "美金": "美元",
    "港币": "港元",
    "圆": "元",
    "美圆": "美元",
    "美刀": "美元",
    "个比特币": "比特币",
    "英磅": "英镑",
    "CM": "cm",
    "KM": "km",
    "Km": "km",
    "KG": "kg",
}

#: currency words that, written before an amount in 元, name its currency (新台币6735亿元 → 新台币)
CURRENCY_BEFORE_YUAN: dict[str, str] = {
    "新台币": "新台币",
    "台币": "新台币",
    "港币": "港元",
    "澳门币": "澳门币",
}

#: currency prefixes (symbol or word before the amount) and the unit they imply
CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "美元",
    "HK$": "港元",
    "$": "美元",
    "¥": "元",
    "￥": "元",
    "RMB": "元",
    "人民币": "元",
    "USD": "美元",
    "HKD": "港元",
    "EUR": "欧元",
    "€": "欧元",
    "£": "英镑",
}


def _lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [ln.strip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _load_units() -> dict[str, str]:
    units: dict[str, str] = {}
    for line in _lines("units.txt"):
        word, _, category = line.partition("\t")
        units[word.strip()] = category.strip() or "count"
    return units


#: unit word → category (currency, percent, points, multiple, count, measure, time, latin)
UNITS: dict[str, str] = _load_units()

def _load_blockers() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in _lines("unit_blockers.txt"):
        word, _, chars = line.partition("\t")
        out[word.strip()] = frozenset(chars.strip())
    return out


#: unit word → characters after it that make it part of another word (部 + 分 = 一部分)
UNIT_BLOCKERS: dict[str, frozenset[str]] = _load_blockers()

#: words containing numerals that are not numbers (一方面, 三农, 十四五 …)
NUMERAL_WORDS: tuple[str, ...] = tuple(_lines("numeral_words.txt"))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_chars(words: list[str]) -> str:
    """A lookahead for the first characters of ``words``: positions where none starts fail at once."""
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words}))) + "])"


_CJK_UNITS = [u for u, c in UNITS.items() if c != "latin"]
_LATIN_UNITS = [u for u, c in UNITS.items() if c == "latin"]
#: regex source matching a CJK (or symbol) unit word
CJK_UNIT_PATTERN = _first_chars(_CJK_UNITS) + "(?:" + _alternation(_CJK_UNITS) + ")"
#: regex source matching a Latin unit not followed by another letter
LATIN_UNIT_PATTERN = _first_chars(_LATIN_UNITS) + "(?:" + _alternation(_LATIN_UNITS) + ")(?![A-Za-z])"
#: regex matching any numeral word
NUMERAL_WORDS_RE = re.compile(
    _first_chars(list(NUMERAL_WORDS)) + "(?:" + _alternation(list(NUMERAL_WORDS)) + ")"
)
#: every two-character piece of a numeral word, and the one-character words: a word can only cover a
#: position whose character pairs with a neighbour into one of these (a quick test before the regex)
NUMERAL_WORD_BIGRAMS: frozenset[str] = frozenset(
    w[i : i + 2] for w in NUMERAL_WORDS for i in range(len(w) - 1)
) | frozenset(w for w in NUMERAL_WORDS if len(w) == 1)
