"""``find_numbers``: scan text for numeric expressions (see the package docstring for kinds)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cnvalue import DIGIT_CHARS, DIGITS, LARGE_CHARS, parse_numeral
from .lexicon import (
    CJK_UNIT_PATTERN,
    CURRENCY_PREFIXES,
    LATIN_UNIT_PATTERN,
    NUMERAL_WORDS_RE,
    UNIT_ALIASES,
    UNITS,
)
from .match import NumberMatch

# Full-width digits and signs → ASCII; the mapping keeps string length, so spans stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

_D = DIGIT_CHARS
_L = LARGE_CHARS
_AR = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)"
_CNTOK = (
    rf"[{_D}]|[十拾佰仟廿卅]|百(?!分[之点])|千(?![米克瓦焦卡])|[亿億]|[万萬](?!分之)"
    rf"|(?<=[{_D}十拾百佰千仟])点[{_D}]+"
)
CORE = rf"(?:{_AR}|[{_D}十拾廿卅])(?:{_AR}|{_CNTOK})*"
_CORE_RE = re.compile(CORE)
_UNIT = rf"(?:{CJK_UNIT_PATTERN})"
_CHENG = r"成(?:半|[一二三四五六七八九\d](?![\d十百千万亿点.]))?(?![为立功长本交绩员果就熟型都效])"

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
_YEAR = r"(?:[12]\d{3}|[〇零○一二三四五六七八九]{4})"
_DATE = (
    rf"{_YEAR}年(?:{_MONTH}月(?:{_DAY}[日号])?)?(?:第?[一二三四1-4]季度)?"
    rf"|[12]\d{{3}}[-/.](?:1[0-2]|0?[1-9])[-/.](?:[12]\d|3[01]|0?[1-9])(?!\d)"
    rf"|(?<![\d.])(?:{_MONTH}(?:月份?)?[-－—~～至到])?{_MONTH}月(?:份|{_DAY}[日号])?"
    rf"|(?<![\d.])(?:[12]\d|3[01]|0?[1-9])日(?![内游以])"
    rf"|第?[一二三四1-4]季度"
)
_TIME = (
    r"(?<![\d.])(?:[01]?\d|2[0-4])"
    r"(?:[:：][0-5]\d(?:[:：][0-5]\d)?(?!\d)|时(?:[0-5]?\d分)?(?![间期代候刻尚])|点(?:[0-5]?\d分|半|钟))"
)
_CODE = (
    r"ICP[备证]?字?第?[:：]?\s*\d+号?(?:-\d+)?"
    r"|公网安备\s*\d+号?"
    r"|[〔\[【(（]\d{4}[〕\]】)）]\s*第?\d+\s*号"
    r"|(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3}[-－])\s?\d{7,8}(?:[-－]\d{1,4})?(?!\d)"
    r"|(?<![\d.])(?:1[3-9]\d{9}|400[-－]?\d{3}[-－]?\d{4})(?!\d)"
    r"|(?<![\d.])\d{4,6}\.(?:HK|SH|SZ|SS|BJ|hk|sh|sz)(?![A-Za-z])"
    r"|(?<![\d.])\d{11,}(?!\d)"
)
_SKIP = r"https?://[^\s<>\"，。；]+|www\.[^\s<>\"，。；]+|[\w.+-]+@[\w-]+\.[A-Za-z.]+"
_FRAC_CORE = rf"(?:{_AR}|[{_D}十拾])(?:{_AR}|[{_D}十拾百佰千仟万萬亿億]|(?<=[{_D}十])点[{_D}]+)*"

_MASTER_RE = re.compile(
    rf"(?P<skip>{_SKIP})"
    rf"|(?P<code>{_CODE})"
    rf"|(?P<date>{_DATE})"
    rf"|(?P<time>{_TIME})"
    rf"|(?P<pct>(?P<pp>百分之|千分之|万分之)(?P<pn>百|{CORE}))"
    rf"|(?P<frac>(?:(?P<fw>{_FRAC_CORE})又)?(?P<fd>{_FRAC_CORE})分之(?P<fn>{_FRAC_CORE}))"
    r"|(?P<afrac>(?<![\d/.])(?P<an>\d+)/(?P<ad>\d+)(?![\d/]))"
    r"|(?P<halfc>半成)(?!品)"
    rf"|(?P<ord>第)(?=[\d{_D}十])"
    rf"|(?P<adj>(?P<adjt>(?:[一二三四五六七八九]?十)?)(?P<a1>[一二两三四五六七八九])(?P<a2>[二两三四五六七八九])"
    rf"(?P<adjs>[十拾百佰千仟万萬亿億]*))"
    rf"|(?P<vague>[数几上](?=[十百千万亿]))"
    rf"|(?P<core>{CORE})"
)
_SUFFIX_RE = re.compile(
    rf"(?P<apx>[多余几])?(?P<sc>[{_L}]+)?(?P<apx2>[多余])?"
    rf"(?:(?P<cheng>{_CHENG})|\s?(?P<pc>[%‰])|(?P<unit>{_UNIT})|\s?(?P<lunit>{LATIN_UNIT_PATTERN}))?"
    r"(?P<cur2>人民币)?(?P<post>左右|上下)?"
)
_UNIT_AHEAD_RE = re.compile(rf"[十拾百佰千仟万萬亿億]|{_CHENG}|{_UNIT}")
_SCALE_TAIL_RE = re.compile(rf"[{_L}]+$")
_RANGE_SEP_RE = re.compile(r"\s?(?:至|到|~|～|-|－|—|–|〜|——)\s?")
_LATIN_BEFORE_RE = re.compile(r"[A-Za-z]+[-_]?$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_NUMERAL_CHARS = set(_D) | set("十拾百佰千仟万萬亿億点廿卅")


@dataclass
class _Item:
    """A match under construction."""

    start: int
    end: int
    value: float
    kind: str = "number"
    unit: str = ""
    value_max: float | None = None
    approx: bool = False
    modifier: str = ""
    scale: float = 1.0  # trailing 万/亿 multiplier
    base: float = 0.0  # value before that multiplier
    body_end: int = 0  # end of the numeral itself (before modifiers and units)


def _split_scale(core: str) -> tuple[float, float]:
    """(value before the trailing 万/亿 run, that run's multiplier) of a numeral string."""
    m = _SCALE_TAIL_RE.search(core)
    if not m or m.start() == 0:
        return parse_numeral(core), 1.0
    head = core[: m.start()]
    try:
        return parse_numeral(head), parse_numeral("一" + m.group())
    except ValueError:
        return parse_numeral(core), 1.0


def _apply_suffix(text: str, item: _Item, allow_units: bool = True) -> None:
    """Extend ``item`` over approximation words, scales, units and 左右/上下 after it."""
    m = _SUFFIX_RE.match(text, item.end)
    if m is None or m.end() == item.end:
        return
    apx = m.group("apx") or m.group("apx2")
    if m.group("sc"):
        mult = parse_numeral("一" + m.group("sc"))
        item.value *= mult
        item.scale *= mult
    if apx:
        item.approx, item.modifier = True, apx
    end = m.end("apx2") if m.group("apx2") else (m.end("sc") if m.group("sc") else m.end("apx"))
    end = max(end, item.end)
    if allow_units:
        if m.group("cheng"):
            item.value = _cheng_value(item.value, m.group("cheng"))
            item.unit, end = "%", m.end("cheng")
            if item.kind == "number":
                item.kind = "percent"
        elif m.group("pc"):
            item.value = item.value / 10 if m.group("pc") == "‰" else item.value
            item.unit, end = "%", m.end("pc")
        elif m.group("unit") or m.group("lunit"):
            word = m.group("unit") or m.group("lunit")
            item.unit = UNIT_ALIASES.get(word, word)
            end = m.end("unit") if m.group("unit") else m.end("lunit")
        if m.group("cur2") and item.unit in ("元", ""):
            item.unit, end = item.unit or "元", m.end("cur2")
    if m.group("post") and (m.start("post") == end):
        item.approx, item.modifier, end = True, m.group("post"), m.end("post")
    item.end = end


def _cheng_value(value: float, word: str) -> float:
    """六成 → 60, 三成半 → 35, 六成四 → 64."""
    pct = value * 10
    rest = word[1:]
    if rest == "半":
        pct += 5
    elif rest:
        pct += DIGITS[rest] if rest in DIGITS else float(rest)
    return pct


def _kind_for_unit(unit: str) -> str:
    category = UNITS.get(unit, "")
    if unit == "%" or category == "points":
        return "percent"
    if category == "currency" or unit in ("元", "美元", "港元"):
        return "money"
    if category == "multiple":
        return "multiple"
    return "number"


def _latin_glued_before(text: str, start: int) -> str:
    """Latin word glued to the number's left (iPhone15 → 'iPhone'), else ''."""
    m = _LATIN_BEFORE_RE.search(text, max(0, start - 12), start)
    return m.group().rstrip("-_") if m else ""


def _scan(text: str) -> list[_Item]:
    items: list[_Item] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _MASTER_RE.search(text, pos)
        if m is None:
            break
        group = m.lastgroup
        item: _Item | None = None
        if group == "skip":
            pos = m.end()
            continue
        if group in ("code", "date", "time"):
            digits = re.search(r"\d+|[" + _D + "十]+", m.group())
            value = 0.0
            if digits:
                try:
                    value = parse_numeral(digits.group())
                except ValueError:
                    value = 0.0
            items.append(_Item(m.start(), m.end(), value, kind=group or "code"))
            pos = m.end()
            continue
        if m.group("pct") is not None:
            num = m.group("pn")
            value = 100.0 if num == "百" else parse_numeral(num)
            divisor = {"百分之": 1.0, "千分之": 10.0, "万分之": 100.0}[m.group("pp")]
            item = _Item(m.start(), m.end(), value / divisor, kind="percent", unit="%")
            item.body_end = m.end()
            _apply_suffix(text, item, allow_units=False)
        elif m.group("frac") is not None:
            den, num = parse_numeral(m.group("fd")), parse_numeral(m.group("fn"))
            whole = parse_numeral(m.group("fw")) if m.group("fw") else 0.0
            value = whole + (num / den if den else 0.0)
            item = _Item(m.start(), m.end(), value, kind="fraction")
        elif m.group("afrac") is not None:
            den = float(m.group("ad"))
            value = float(m.group("an")) / den if den else 0.0
            item = _Item(m.start(), m.end(), value, kind="fraction")
            _apply_suffix(text, item)
            if item.unit:
                item.kind = "fraction" if item.unit != "%" else "percent"
        elif m.group("halfc") is not None:
            item = _Item(m.start(), m.end(), 5.0, kind="percent", unit="%")
        elif m.group("ord") is not None:
            cm = _CORE_RE.match(text, m.end())
            if cm is None:
                pos = m.end()
                continue
            item = _Item(m.start(), cm.end(), _split_scale(cm.group())[0] * _split_scale(cm.group())[1])
            _apply_suffix(text, item)
            item.kind, item.approx, item.modifier = "ordinal", False, ""
        elif m.group("adj") is not None:
            item = _adjacent_range(text, m)
        elif m.group("vague") is not None:
            cm = re.compile(r"[十百千万亿]+").match(text, m.end())
            assert cm is not None
            value = parse_numeral("一" + cm.group())
            item = _Item(m.start(), cm.end(), value, approx=True, modifier=m.group("vague"))
            item.base, item.scale = _split_scale("一" + cm.group())
            _apply_suffix(text, item)
            item.kind = _kind_for_unit(item.unit)
        if item is None:
            cm = m if m.group("core") is not None else _CORE_RE.match(text, m.start())
            if cm is None:
                pos = m.start() + 1
                continue
            item = _core_item(text, cm.start(), cm.group())
        if item is not None:
            items.append(item)
            pos = max(item.end, m.start() + 1)
        else:
            pos = m.start() + 1
    return items


def _core_item(text: str, start: int, core: str) -> _Item | None:
    """A plain number (with units) starting at ``start``; kind ``code`` when glued to Latin letters."""
    try:
        base, scale = _split_scale(core)
    except ValueError:
        return None
    end = start + len(core)
    item = _Item(start, end, base * scale, base=base, scale=scale, body_end=end)
    glued = _latin_glued_before(text, start) if start and text[start - 1].isascii() else ""
    if glued and glued.upper() not in CURRENCY_PREFIXES:
        item.kind = "code"
        return item
    _apply_suffix(text, item)
    if not item.unit and item.end < len(text) and text[item.end].isascii() and text[item.end].isalpha():
        item.kind = "code"
        return item
    item.kind = _kind_for_unit(item.unit)
    _currency_prefix(text, item, glued)
    return item


def _currency_prefix(text: str, item: _Item, glued: str) -> None:
    """人民币5000 / ¥5000 / US$5: money with the implied currency unit when no suffix names one."""
    if item.unit and item.kind != "number":
        return
    before = text[max(0, item.start - 4) : item.start].rstrip()
    for prefix, unit in CURRENCY_PREFIXES.items():
        if before.endswith(prefix) or (glued and glued.upper() == prefix):
            if item.unit and UNITS.get(item.unit) != "currency":
                return
            item.unit = item.unit or unit
            item.kind = "money"
            item.start = text.rindex(prefix[-1], 0, item.start) - len(prefix) + 1
            return


def _adjacent_range(text: str, m: re.Match[str]) -> _Item | None:
    """三五百 → 300–500, 七八十万, 两三个, 十七八岁; None when the form is not such a range."""
    a, b = DIGITS[m.group("a1")], DIGITS[m.group("a2")]
    tens = m.group("adjt")
    scales = m.group("adjs")
    if a >= b:
        return None
    if not (scales or tens or _UNIT_AHEAD_RE.match(text, m.end())):
        return None
    if tens and scales:
        return None
    mult = parse_numeral("一" + scales) if scales else 1.0
    offset = parse_numeral(tens) if tens else 0.0
    item = _Item(m.start(), m.end(), offset + a * mult, value_max=offset + b * mult, kind="range")
    item.base, item.scale = item.value, 1.0
    _apply_suffix(text, item)
    if item.unit == "%" and m.group("adjs") == "" and text[m.end() : m.end() + 1] == "成":
        item.value, item.value_max = a * 10.0, b * 10.0
    item.kind = "range"
    return item


def _is_noise(text: str, item: _Item) -> bool:
    """Chinese numerals that are words, not numbers (一方面, 三农, 一是, 两会)."""
    if item.kind in ("code",):
        return False
    s = text[item.start : item.end]
    if any(c.isdigit() for c in s):
        return False
    for w in NUMERAL_WORDS_RE.finditer(text, max(0, item.start - 6), min(len(text), item.end + 6)):
        if w.start() <= item.start and item.end <= w.end():
            return True
    if item.kind not in ("number",) or item.unit or item.approx:
        return False
    body = s
    positional = all(c in DIGITS for c in body) and "零" not in body and "〇" not in body
    if len(body) == 1 or (positional and len(body) <= 3):
        left = text[item.start - 1] if item.start else ""
        right = text[item.end] if item.end < len(text) else ""
        return bool(_CJK_RE.match(left) and left not in _NUMERAL_CHARS) or bool(
            _CJK_RE.match(right) and right not in _NUMERAL_CHARS
        )
    return False


def _apply_sign(text: str, item: _Item) -> None:
    if item.kind in ("code", "date", "time", "ordinal") or item.start == 0:
        return
    prev = text[item.start - 1]
    if prev == "负" or (prev in "-−" and (item.start < 2 or not text[item.start - 2].isalnum())):
        item.start -= 1
        item.value = -item.value
        if item.value_max is not None:
            item.value_max = -item.value_max


_MERGEABLE = ("number", "money", "percent", "multiple")


def _merge_ranges(text: str, items: list[_Item]) -> list[_Item]:
    """Join ``A sep B`` pairs (3至5万, 3%-5%, 两到三万港元) into one ``range`` item."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        a = items[i]
        if i + 1 < len(items):
            b = items[i + 1]
            sep = _RANGE_SEP_RE.fullmatch(text, a.end, b.start)
            if sep and a.kind == "number" and b.kind == "date" and a.end - a.start == 4:
                a.kind = "date"
            if sep and a.kind in _MERGEABLE and b.kind in _MERGEABLE and (not a.unit or a.unit == b.unit):
                lo = a.value
                if not a.unit and a.scale == 1.0 and b.scale > 1.0 and not a.approx and a.value <= b.base:
                    lo = a.value * b.scale
                if lo <= b.value:
                    out.append(
                        _Item(a.start, b.end, lo, kind="range", unit=b.unit, value_max=b.value,
                              approx=a.approx or b.approx, modifier=a.modifier or b.modifier)
                    )
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def find_numbers(text: str) -> list[NumberMatch]:
    """Every numeric expression in ``text`` in order of position."""
    norm = text.translate(_FULLWIDTH)
    items = _scan(norm)
    for item in items:
        _apply_sign(norm, item)
    items = _merge_ranges(norm, items)
    items = [it for it in items if not _is_noise(norm, it)]
    return [
        NumberMatch(
            text=text[it.start : it.end],
            start=it.start,
            end=it.end,
            value=it.value,
            value_max=it.value_max,
            unit=it.unit,
            kind=it.kind,
            approx=it.approx,
            modifier=it.modifier,
        )
        for it in items
    ]
