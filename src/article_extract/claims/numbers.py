"""Numeric spans for the claims layer, built on :func:`article_extract.numerals.find_numbers`.

Each match is completed on the claims side: compound units (元/平方米, 人次/公里·日), the measure
word kept apart from the noun after it (2000家企业 → 家), suffix modifiers (左右) left out of the raw
span so that they set the bound, fractions turned into percent, and two forms the numeral layer does
not report (千元, 七大类).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

from ..numerals.finder import find_items
from .lexicon import lexicon

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％／", "0123456789.%/")
_CN_DIGITS = dict(zip("一二两三四五六七八九十", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True))
# 千元 / 七大类 not inside a longer numeral; the numeral character is consumed first (a plain class: the regex
# engine's fast scan), what stands before it is looked at from behind
_EXTRA = re.compile(
    r"[百千一二两三四五六七八九十]"
    r"(?:(?<=[百千])(?<![0-9零〇一二两三四五六七八九十百千万亿几数].)(?=元)"
    r"|(?<=[一二两三四五六七八九十])(?<![0-9零〇一二两三四五六七八九十百千万亿].)(?=大类))"
)
_new_tuple = tuple.__new__
_SKIP_KINDS = {"ordinal", "date", "time", "ratio", "year", "code", "phone"}


class Quantity(NamedTuple):
    """A number with its unit: ``raw`` = text[start:end]; ``num_end`` ends the numeric part.

    (An immutable named tuple: made for every number of every text, and much cheaper to build than a
    frozen dataclass.)
    """

    start: int
    end: int
    num_end: int
    value: float
    unit: str
    value_max: float | None = None
    approx: bool = False  # 多/余/几 inside the number (30多种, 9100多万元)
    chinese: bool = False  # written with Chinese numerals only
    bare_magnitude: bool = False  # 千元, 百米: a magnitude word without a digit
    skip: bool = False  # the numeral layer says this is not an amount (ordinal, date …)


@cache
def _extendable_units() -> frozenset[str]:
    """Units that start a longer unit (个 → 个百分点): only these are re-read on our side."""
    units = lexicon().units
    return frozenset(u for u in units if any(v != u and v.startswith(u) for v in units))


@cache
def _units_by_first_char() -> dict[str, tuple[str, ...]]:
    """Units grouped by their first character, longest first within each group (as in the lexicon)."""
    groups: dict[str, list[str]] = {}
    for unit in lexicon().units:
        groups.setdefault(unit[0], []).append(unit)
    return {ch: tuple(units) for ch, units in groups.items()}


@cache
def _unit_set() -> frozenset[str]:
    return frozenset(lexicon().units)


@lru_cache(maxsize=512)
def _half_width(unit: str) -> str:
    """``unit`` with full-width digits, point, percent and slash made ASCII (units repeat: cached)."""
    return unit.translate(_FULLWIDTH)


def read_unit(text: str, pos: int) -> str:
    """The measure word, currency or unit written at ``text[pos:]`` ('' if none)."""
    if pos >= len(text):
        return ""
    if text[pos] in "%％":
        return "%"
    candidates = _units_by_first_char().get(text[pos])
    if candidates is None:
        return ""
    lex = lexicon()
    for unit in candidates:
        if not text.startswith(unit, pos):
            continue
        after = text[pos + len(unit) : pos + len(unit) + 1]
        if unit.isascii():
            if after.isascii() and after.isalpha():
                continue
        elif after and after in lex.unit_blockers.get(unit, ()):
            continue
        end = pos + len(unit)
        if end < len(text) and text[end] in "/／":
            for per in lex.per_units:
                if text.startswith(per, end + 1):
                    return text[pos : end + 1 + len(per)]
        return unit
    return ""


def _from_numeral_layer(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    unit_set, extendable = _unit_set(), _extendable_units()
    for m in find_items(text):
        kind = m.kind
        skip = kind in _SKIP_KINDS
        start = m.start
        m_text = text[start : m.end]
        value = m.value
        vmax = m.value_max
        unit = _half_width(m.unit) if m.unit else ""
        if kind == "range" and unit == "%" and m_text.endswith("成") and vmax and value * 5 < vmax:
            value *= 10  # 一到两成 read as 1–20: both ends are tenths
        if kind == "fraction":
            value, unit = round(value * 100, 4), "%"
            vmax = round(vmax * 100, 4) if vmax is not None else None
        elif kind == "percent" and not unit:
            unit = "%"
        if unit == "％":
            unit = "%"
        end = m.end
        modifier = m.modifier
        if modifier and len(modifier) > 1 and m_text.endswith(modifier):
            end -= len(modifier)  # 2500公里左右: the raw claim stops before 左右, which sets the bound
        num_end = end
        if unit and text.endswith(unit, start, end):
            num_end = end - len(unit)
            if unit not in unit_set and "/" not in unit and "／" not in unit and unit != "%":
                mine = read_unit(text, num_end)  # 2000家企业: keep the measure word, not the noun after it
                if mine and unit.startswith(mine) and mine != unit:
                    unit, end = mine, num_end + len(mine)
        if skip:
            pass
        elif not unit:
            unit = read_unit(text, end)
            end += len(unit)
        else:
            mine = read_unit(text, num_end) if unit in extendable else unit
            if len(mine) > len(unit) and mine.startswith(unit):  # 36个基点: a longer unit than 个
                unit, end = mine, num_end + len(mine)
            if unit in _EXTENDED or text[end : end + 1] in ("/", "／"):
                unit, end = _extend_unit(text, end, unit)
        chinese = not any(map(str.isdigit, m_text))
        approx = m.approx or "多" in m_text or "余" in m_text or "几" in m_text
        # (tuple.__new__: the same named tuple without running its Python-level __new__)
        out.append(
            _new_tuple(Quantity, (start, end, num_end, value, unit, vmax, approx, chinese, False, skip))
        )
    return out


def _extra_forms(text: str) -> list[Quantity]:
    """千元 (a magnitude word with a currency) and 七大类, which the numeral layer leaves out."""
    out: list[Quantity] = []
    for m in _EXTRA.finditer(text):
        ch = m.group()
        if ch in "百千":
            value = 100.0 if ch == "百" else 1000.0
            q = Quantity(m.start(), m.end() + 1, m.end(), value, "元", chinese=True, bare_magnitude=True)
            out.append(q)
        else:
            value = float(_CN_DIGITS[ch])
            out.append(Quantity(m.start(), m.end() + 2, m.end(), value, "大类", chinese=True))
    return out


_EXTENDED = frozenset({"元", "个"})  # units that _extend_unit may lengthen without a following /


def _extend_unit(text: str, end: int, unit: str) -> tuple[str, int]:
    """元 → 元/平方米, 人次 → 人次/公里·日, 元 → 元美金, 个 → 个人 when the text goes on that way."""
    lex = lexicon()
    if unit == "元" and text.startswith("美金", end):
        return "元美金", end + 2
    if unit == "个" and text.startswith("人", end) and not text.startswith(("人民", "人工", "人才"), end):
        return "个人", end + 1
    if text[end : end + 1] in ("/", "／") and unit:
        for per in lex.per_units:
            if text.startswith(per, end + 1):
                return unit + text[end] + per, end + 1 + len(per)
    return unit, end


_RANGE_JOIN = re.compile(r"^\s*(?:至|到|～|~|—+|–|-|－|­*—|­+)\s*$")
_RANGE_JOIN_FIRST = frozenset("至到～~—–-－\xad")  # what the gap can start with besides white space


def _merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.skip
            and not q.skip
            and prev.value_max is None
            and q.value_max is None
            and (not prev.unit or prev.unit == q.unit)
            and prev.end < q.start
            and (text[prev.end] in _RANGE_JOIN_FIRST or text[prev.end].isspace())
            and _RANGE_JOIN.match(text[prev.end : q.start])
        ):
            lo = prev.value
            if not prev.unit and text[q.start : q.end].endswith("成") and lo < 10:
                lo *= 10  # 一到两成: both ends are tenths
            elif not prev.unit and lo < q.value:
                # 15-18万元, 3至5万: the first number borrows the multiplier of the second
                for scale in (1e12, 1e8, 1e4, 1e3):
                    if (
                        q.value >= scale
                        and lo * scale <= q.value
                        and text[q.start : q.num_end][-1] in "万亿千"
                    ):
                        lo *= scale
                        break
            if lo < q.value:
                out[-1] = prev._replace(
                    end=q.end,
                    num_end=q.num_end,
                    value=lo,
                    value_max=q.value,
                    unit=q.unit,
                    approx=prev.approx or q.approx,
                )
                continue
        out.append(q)
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its unit, ranges merged, in text order (non-overlapping)."""
    layer = _from_numeral_layer(text)
    taken = list(layer)
    for q in _extra_forms(text):
        if not any(q.start < o.end and o.start < q.end for o in layer):
            taken.append(q)
    taken.sort(key=itemgetter(0))  # by start
    return _merge_ranges(text, taken)
