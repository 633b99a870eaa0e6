"""Numeric spans for the claims layer.

Built on :func:`article_extract.numerals.find_numbers`; each match is completed with the measure word or
currency that follows it, and forms the numeral layer does not report (yet) are read by a small fallback
scanner (Chinese numerals, 成, 百分之/千分之/万分之, 三分之二, 2/3, 万/亿 multipliers). Where the two overlap
the longer span wins, so the fallback steps aside as the numeral layer grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..numerals import find_numbers
from .lexicon import lexicon

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_MULT = {"百万": 1e6, "千万": 1e7, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％／", "0123456789.%/")

_AR = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+"
_NUM = rf"(?:{_AR}|{_CN})"
_SCAN = re.compile(
    rf"(?P<pre>百分之|千分之|万分之)(?P<pn>{_NUM})"
    rf"|(?P<den>{_NUM})分之(?P<numr>{_NUM})"
    r"|(?<![\d/.])(?P<fa>\d{1,2})/(?P<fb>\d{1,3})(?![\d/])"
    rf"|(?P<cheng>{_AR}|[一二两三四五六七八九十]+)成(?P<cheng2>[一二三四五六七八九])?"
    rf"|(?P<num>{_NUM})(?P<more1>多|余)?(?P<mult>百万|千万|万亿|亿|万|千|百)?(?P<more2>多|余|几)?"
)
_CN_RANGE = re.compile(r"^([一二三四五六七八九])([一二三四五六七八九])([十百千万亿].*)$")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit: ``raw`` = text[start:end]; ``num_end`` ends the numeric part."""

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


def cn_number(s: str) -> float | None:
    """Read a Chinese numeral (一百二十, 两千, 三万五千, 二〇二四); None if unreadable."""
    if not s:
        return None
    if all(ch in _DIGITS for ch in s):
        if len(s) == 1:
            return float(_DIGITS[s])
        return float("".join(str(_DIGITS[ch]) for ch in s))
    for big, scale in (("亿", 1e8), ("万", 1e4)):
        if big in s:
            head, tail = s.split(big, 1)
            hv = cn_number(head) if head else 1.0
            if hv is None:
                return None
            if tail and len(tail) == 1 and tail in _DIGITS:
                return hv * scale + _DIGITS[tail] * scale / 10
            tv = cn_number(tail) if tail else 0.0
            return None if tv is None else hv * scale + tv
    total = 0.0
    num: int | None = None
    last_unit = 1
    for ch in s:
        if ch in _DIGITS:
            num = _DIGITS[ch]
        elif ch in _SMALL:
            last_unit = _SMALL[ch]
            total += (num if num is not None else 1) * last_unit
            num = None
        else:
            return None
    if num is not None:
        total += num * last_unit / 10 if last_unit >= 100 and s[-2] in _SMALL else num
    return total


def read_number(s: str) -> tuple[float, float | None] | None:
    """Value (and upper value for 七八十 style ranges) of an Arabic or Chinese numeral."""
    t = s.translate(_FULLWIDTH).replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t), None
    m = _CN_RANGE.match(s)
    if m and _DIGITS[m.group(2)] == _DIGITS[m.group(1)] + 1:
        lo, hi = cn_number(m.group(1) + m.group(3)), cn_number(m.group(2) + m.group(3))
        if lo is not None and hi is not None:
            return lo, hi
    v = cn_number(s)
    return None if v is None else (v, None)


def read_unit(text: str, pos: int) -> str:
    """The measure word, currency or unit written at ``text[pos:]`` ('' if none)."""
    if pos >= len(text):
        return ""
    if text[pos] in "%％":
        return "%"
    lex = lexicon()
    for unit in lex.units:
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


def _from_scan(text: str, m: re.Match[str]) -> Quantity | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    if g["pre"]:
        r = read_number(g["pn"])
        if r is None:
            return None
        scale = {"百分之": 1.0, "千分之": 0.1, "万分之": 0.01}[g["pre"]]
        return Quantity(start, end, end, r[0] * scale, "%", chinese=not g["pn"][0].isdigit())
    if g["den"]:
        d, n = read_number(g["den"]), read_number(g["numr"])
        if d is None or n is None or d[0] == 0:
            return None
        return Quantity(start, end, end, round(n[0] / d[0] * 100, 4), "%", chinese=True)
    if g["fa"]:
        a, b = int(g["fa"]), int(g["fb"])
        if not 0 < a < b:
            return None
        return Quantity(start, end, end, round(a / b * 100, 4), "%")
    if g["cheng"]:
        if not g["cheng2"] and text[end : end + 1] in lexicon().unit_blockers.get("成", ()):
            return None
        r = read_number(g["cheng"])
        if r is None:
            return None
        value = r[0] * 10 + (_DIGITS[g["cheng2"]] if g["cheng2"] else 0)
        return Quantity(start, end, end, value, "%", chinese=not g["cheng"][0].isdigit())
    num = g["num"]
    mult = g["mult"] or ""
    chinese = not num[0].isdigit() and num[0] not in "０１２３４５６７８９"
    bare = chinese and not any(ch in _DIGITS for ch in num) and num[0] != "十"
    if chinese and mult:  # 三百万 is read by cn_number as a whole
        num, mult = num + mult, ""
    r = read_number(num)
    if r is None:
        return None
    scale = _MULT.get(mult, 1.0)
    value, vmax = r[0] * scale, (r[1] * scale if r[1] is not None else None)
    unit = read_unit(text, end)
    return Quantity(
        start,
        end + len(unit),
        end,
        value,
        unit,
        value_max=vmax,
        approx=bool(g["more1"] or g["more2"]),
        chinese=chinese,
        bare_magnitude=bare,
    )


def _from_numeral_layer(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in find_numbers(text):
        kind = getattr(m, "kind", "number")
        skip = kind in {"ordinal", "date", "time", "year", "code", "phone"}
        value = m.value
        vmax = m.value_max
        unit = m.unit.translate(_FULLWIDTH) if m.unit else ""
        if kind == "fraction":
            value, unit = round(value * 100, 4), "%"
            vmax = round(vmax * 100, 4) if vmax is not None else None
        elif kind == "percent" and not unit:
            unit = "%"
        if unit == "％":
            unit = "%"
        end = m.end
        modifier = getattr(m, "modifier", "") or ""
        if modifier and len(modifier) > 1 and m.text.endswith(modifier):
            end -= len(modifier)  # 2500公里左右: the raw claim stops before 左右, which sets the bound
        num_end = end
        if unit and m.text[: end - m.start].endswith(unit):
            num_end = end - len(unit)
            if unit not in lexicon().units and "/" not in unit and "／" not in unit and unit != "%":
                mine = read_unit(text, num_end)  # 2000家企业: keep the measure word, not the noun after it
                if mine and unit.startswith(mine) and mine != unit:
                    unit, end = mine, num_end + len(mine)
        if not unit and not skip:
            unit = read_unit(text, end)
            end += len(unit)
        chinese = not any(ch.isdigit() for ch in m.text)
        approx = bool(getattr(m, "approx", False)) or any(ch in "多余几" for ch in m.text)
        out.append(Quantity(m.start, end, num_end, value, unit, vmax, approx, chinese, skip=skip))
    return out


def _from_fallback(text: str) -> list[Quantity]:
    out = []
    for m in _SCAN.finditer(text):
        q = _from_scan(text, m)
        if q is not None:
            out.append(q)
    return out


_RANGE_JOIN = re.compile(r"^\s*(?:至|到|～|~|—+|–|-|－|­*—|­+)\s*$")


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
            and _RANGE_JOIN.match(text[prev.end : q.start])
        ):
            lo = prev.value
            if not prev.unit and lo < q.value:
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
                out[-1] = replace(
                    prev,
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
    fallback = _from_fallback(text)
    tagged = [(q, 0) for q in layer] + [(q, 1) for q in fallback]
    ranked = [q for q, _ in sorted(tagged, key=lambda t: (-(t[0].end - t[0].start), t[1], t[0].start))]
    taken: list[Quantity] = []
    occupied: list[tuple[int, int]] = []
    for q in ranked:
        if any(q.start < e and s < q.end for s, e in occupied):
            continue
        taken.append(q)
        occupied.append((q.start, q.end))
    taken.sort(key=lambda q: q.start)
    return _merge_ranges(text, taken)
