"""``find_numbers``: scan text for numeric expressions (see the package docstring for kinds)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from . import patterns as P
from .cnvalue import DIGIT_CHARS, DIGITS, NumeralError, parse_numeral
from .items import Item, kind_for_unit
from .lexicon import CURRENCY_BEFORE_YUAN, CURRENCY_PREFIXES, UNIT_ALIASES, UNIT_BLOCKERS, UNITS
from .match import NumberMatch
from .postprocess import NUMERAL_CHARS, RANGE_GAP_FIRST, apply_sign, is_cjk, is_noise, merge_ranges


def _normalize(text: str) -> str:
    """Same-length normalization: full-width digits, traditional numeral characters."""
    if not P.NORMALIZE_NEEDED_RE.search(text):
        return text  # the common case: nothing to change (full-width digits are in NORMALIZE too)
    if "，" in text:
        text = P.FULLWIDTH_THOUSANDS_RE.sub(",", text)
    # replaced where found: a few characters in a long text (str.translate would look up every character)
    return P.NORMALIZE_NEEDED_RE.sub(_normalized_char, text)


def _normalized_char(m: re.Match[str]) -> str:
    """The replacement of one character found by ``NORMALIZE_NEEDED_RE``."""
    return P.NORMALIZE_CHARS[m.group()]


def _split_scale(core: str) -> tuple[float, float]:
    """(value before the trailing 万/亿 run, that run's multiplier) of a numeral string."""
    if core[-1:] not in ("万", "亿"):
        return parse_numeral(core), 1.0
    m = P.SCALE_TAIL_RE.search(core)
    if m and m.start() > 0 and "万" not in core[: m.start()] and "亿" not in core[: m.start()]:
        try:
            return parse_numeral(core[: m.start()]), parse_numeral("一" + m.group())
        except ValueError:
            pass
    return parse_numeral(core), 1.0


_MAX_NUMERAL = 48  # no real numeral is longer; bounds the work on pathological input


def _longest_numeral(core: str) -> str | None:
    """The longest prefix of ``core`` that is one well-formed numeral (五十千 → 五十)."""
    if len(core) > _MAX_NUMERAL and not core.isdigit():
        core = core[:_MAX_NUMERAL]
    while core:
        try:
            parse_numeral(core)
        except NumeralError as err:
            core = core[: err.offset] if 0 < err.offset < len(core) else core[:-1]
            continue
        return core
    return None


@lru_cache(maxsize=64)
def _scale_of(run: str) -> float | None:
    """The multiplier of a 万/亿 run (万亿 → 1e12); None when the run is no numeral."""
    try:
        return parse_numeral("一" + run)
    except ValueError:
        return None


def _read_core(core: str) -> tuple[str, float, float] | None:
    """(longest well-formed numeral prefix of ``core``, its value before the trailing 万/亿 run, that run's
    multiplier); None when no prefix is a numeral.

    One digit character and an Arabic number without thousands separators (1069.8, with a 万/亿 run at
    most: 1069.8亿) are read directly: the latter is always one numeral when its value is not 0.
    """
    if len(core) == 1 and core in DIGITS:
        return core, float(DIGITS[core]), 1.0  # 一 (of 下一步): one digit character
    body = core.rstrip("万亿")
    whole, dot, fraction = body.partition(".")
    if len(core) <= _MAX_NUMERAL and whole.isdecimal() and (not dot or fraction.isdecimal()):
        value = float(body)
        if len(body) == len(core):
            return core, value, 1.0
        scale = _scale_of(core[len(body) :])
        if value > 0 and scale is not None:
            return core, value, scale
    numeral = _longest_numeral(core)
    if numeral is None:
        return None
    base, scale = _split_scale(numeral)
    return numeral, base, scale


def _cheng_value(value: float, word: str) -> float:
    """六成 → 60, 三成半 → 35, 六成四 → 64."""
    rest = word[1:]
    extra = 5.0 if rest == "半" else float(DIGITS.get(rest, rest)) if rest else 0.0
    return value * 10 + extra


_SUFFIX_GROUPS = ("apx", "sc", "apx2", "sc2", "cheng", "pc", "unit", "lunit")


def _apply_suffix(text: str, item: Item, allow_units: bool = True) -> None:
    """Extend ``item`` over 多/余/几, trailing scales, the unit, 半, 角分, 整 and 左右/上下."""
    if allow_units and text[item.end : item.end + 1] == "%":
        item.unit, item.end = "%", item.end + 1  # 42.8%, the commonest suffix: as the pattern reads it
        _after_unit(text, item)
        return
    m = P.SUFFIX_RE.match(text, item.end) if text[item.end : item.end + 1] in P.SUFFIX_FIRST else None
    if m is None or m.end() == item.end:  # nothing follows (every part of the pattern is optional)
        if item.unit:
            _after_unit(text, item)
        return
    end = item.end
    apx, sc, apx2, sc2, cheng, pc, unit, lunit = m.group(*_SUFFIX_GROUPS)
    if apx or sc or apx2 or sc2:
        for name, word in (("apx", apx), ("sc", sc), ("apx2", apx2), ("sc2", sc2)):
            if not word:
                continue
            if name.startswith("sc"):
                mult = parse_numeral("一" + word)
                item.value *= mult
                item.scale *= mult
            else:
                item.approx, item.modifier = True, word
            end = m.end(name)
    if allow_units:
        if cheng:
            item.value = _cheng_value(item.value, cheng)
            item.unit, end = "%", m.end("cheng")
            item.kind = "percent" if item.kind == "number" else item.kind
        elif pc:
            item.value = item.value / 10 if pc == "‰" else item.value
            item.unit, end = "%", m.end("pc")
        elif (unit or lunit) and _unit_fits(text, item, unit or "", m.end("unit" if unit else "lunit")):
            group = "unit" if unit else "lunit"
            word = unit or lunit
            item.unit, end = UNIT_ALIASES.get(word, word), m.end(group)
            more = P.GE_MORE_RE.match(text, end) if word == "个" else None
            if more:  # 3个多月 → 3 个月 approx; 一个半小时 → 1.5 个小时
                item.unit, end = "个" + more.group("rest"), more.end()
                if more.group("w") == "半":
                    item.value += 0.5
                else:
                    item.approx, item.modifier = True, more.group("w")
    item.end = end
    if item.unit:
        _after_unit(text, item)


def _unit_fits(text: str, item: Item, word: str, unit_end: int) -> bool:
    """Whether ``word`` after the number is really its unit.

    Not when the next character makes it another word (一部分, 一年龄段: data/unit_blockers.txt);
    点 is an index-point unit only after an Arabic number with decimals or above 24 (上涨53.16点).
    """
    blockers = UNIT_BLOCKERS.get(word)
    if blockers and unit_end < len(text) and text[unit_end] in blockers:
        return False
    if UNITS.get(word) != "index":
        return True
    body = text[item.start : item.body_end or item.end]
    return body[-1:].isdigit() and ("." in body or item.value > 24)


def _after_unit(text: str, item: Item) -> None:
    """一吨半, 五元三毛 / 壹拾壹元壹角壹分, 元整, 元人民币, 左右/上下."""
    category = UNITS.get(item.unit, "")
    nxt = text[item.end : item.end + 1]
    if category in ("count", "measure", "time", "latin"):
        h = P.HALF_RE.match(text, item.end) if nxt == "半" else None
        if h:
            item.value += 0.5 * item.scale if item.scale > 1 else 0.5
            item.end = h.end()
            nxt = text[item.end : item.end + 1]
    elif item.unit == "元" and nxt and (nxt in DIGIT_CHARS or nxt.isdecimal()):  # 元 + 角/分 digits
        y = P.YUAN_FRACTION_RE.match(text, item.end)
        if y and y.end() > item.end:
            jiao, fen = y.group("jiao"), y.group("fen")
            item.value += (_digit(jiao) / 10 if jiao else 0.0) + (_digit(fen) / 100 if fen else 0.0)
            item.end = y.end()
            nxt = text[item.end : item.end + 1]
    if nxt not in P.AFTER_UNIT_FIRST:
        return  # none of 整/人民币/多/左右 … follows
    a = P.AFTER_UNIT_RE.match(text, item.end)
    if a and a.group("zheng") and UNITS.get(item.unit) == "currency":
        word = a.group("zheng")
        if item.unit == "元" and word not in ("整", "正", "人民币"):
            item.unit = UNIT_ALIASES.get(word, word)  # 7万元美金 → 美元
        item.end = a.end("zheng")
        a = P.AFTER_UNIT_RE.match(text, item.end)
    if a and a.group("more") and category in ("measure", "latin", "time", "multiple"):
        item.approx, item.modifier, item.end = True, a.group("more"), a.end("more")  # 一公里多
    if a and a.group("post"):
        item.approx, item.modifier, item.end = True, a.group("post"), a.end("post")


def _digit(ch: str) -> float:
    return float(ch) if ch.isdigit() else float(DIGITS[ch])


def _approx_post(text: str, item: Item) -> None:
    """左右/上下 directly after a unit-less number (50左右)."""
    if text[item.end : item.end + 1] not in ("左", "上", "多", "余"):
        return  # neither 左右/上下 nor 多/余 before them: nothing to read
    a = P.AFTER_UNIT_RE.match(text, item.end)
    if a and a.group("post") and not a.group("zheng"):
        item.approx, item.modifier, item.end = True, a.group("post"), a.end("post")


_LATIN_GLUE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")  # ASCII letters, - and _


def _latin_glued_before(text: str, start: int) -> str:
    """Latin word glued to the number's left (iPhone15 → 'iPhone'), else ''."""
    prev = text[start - 1] if start else ""
    if not (prev.isascii() and (prev.isalpha() or prev in "-_")):
        return ""
    m = P.LATIN_BEFORE_RE.search(text, max(0, start - 12), start)
    return m.group().rstrip("-_") if m else ""


def _core_item(text: str, start: int, core: str) -> Item | None:
    """A plain number (with units) at ``start``; kind ``code`` when glued to Latin letters."""
    read = _read_core(core)
    if read is None:
        return None
    numeral, base, scale = read
    end = start + len(numeral)
    item = Item(start, end, base * scale, base=base, scale=scale, body_end=end)
    glued = _latin_glued_before(text, start) if start and text[start - 1] in _LATIN_GLUE else ""
    if glued and glued.upper() not in CURRENCY_PREFIXES:
        item.kind = "code"
        return item
    _apply_suffix(text, item)
    if (
        not item.unit
        and start >= 3
        and text[start - 1] == " "
        and P.LATIN_WORD_SPACE_RE.search(text, max(0, start - 16), start)
    ):
        item.kind = "code"  # iPhone 15, Windows 11
        return item
    if not item.unit:
        nxt = text[end] if end < len(text) else ""
        if nxt.isascii() and nxt.isalpha() and text[end - 1].isdigit() and item.end == end:
            item.kind = "code"  # 5G, 4D
            return item
        _approx_post(text, item)
    item.kind = kind_for_unit(item.unit)
    if len(numeral) >= 7 and all(c in DIGITS for c in numeral):
        item.kind = "code"  # 一八五四四一三九一二一: a digit string read out, not a quantity
    _currency_prefix(text, item, glued)
    return item


_PREFIX_ENDS = tuple(CURRENCY_BEFORE_YUAN) + tuple(CURRENCY_PREFIXES)
_PREFIX_LAST_CHARS = frozenset(p[-1] for p in _PREFIX_ENDS)


def _currency_prefix(text: str, item: Item, glued: str) -> None:
    """人民币5000 / ¥5000 / US$5: money with the implied currency unit when no suffix names one."""
    if not glued:
        prev = text[item.start - 1] if item.start else ""
        if not prev or (prev not in _PREFIX_LAST_CHARS and not prev.isspace()):
            return  # no currency word or symbol ends right before the amount (the common case)
    before = text[max(0, item.start - 4) : item.start].rstrip()
    if not before.endswith(_PREFIX_ENDS) and not glued:
        return  # no currency word or symbol before the amount
    if item.unit == "元":
        for prefix, unit in CURRENCY_BEFORE_YUAN.items():
            if before.endswith(prefix):
                item.unit = unit  # 新台币6735亿元
                return
    if item.unit:
        return
    for prefix, unit in CURRENCY_PREFIXES.items():
        if before.endswith(prefix) or (glued and glued.upper() == prefix):
            item.unit, item.kind = unit, "money"
            item.start = text.rindex(prefix[-1], 0, item.start) - len(prefix) + 1
            return


def _adjacent_range(text: str, m: re.Match[str]) -> Item | None:
    """三五百 → 300–500, 七八十万, 两三个, 十七八岁, 一万六七; None when the form is no such range."""
    a, b = DIGITS[m.group("a1")], DIGITS[m.group("a2")]
    prefix, small, large = m.group("adjp") or "", m.group("adjs") or "", m.group("adjl") or ""
    if a >= b or (prefix and m.group("a1") == "两"):
        return None
    ahead = P.UNIT_AHEAD_RE.match(text, m.end())
    if not (prefix or small or large or (ahead and UNITS.get(ahead.group()) != "index")):
        return None
    try:
        head = parse_numeral(prefix) if prefix else 0.0
        step = float(parse_numeral("一" + small)) if small else 1.0
        if prefix and not small:
            last = prefix[-1]
            step = parse_numeral("一" + last) / 10 if last != "十" else 1.0
        mult = parse_numeral("一" + large) if large else 1.0
    except ValueError:
        return None
    lo, hi = (head + a * step) * mult, (head + b * step) * mult
    item = Item(m.start(), m.end(), lo, value_max=hi, kind="range", base=lo / mult, scale=mult)
    _apply_suffix(text, item)
    if item.unit == "%" and text.startswith("成", m.end()):
        item.value, item.value_max = a * 10.0, b * 10.0
    elif item.scale != mult:
        item.value_max = hi * item.scale / mult
    item.kind = "range"
    return item


def _simple_item(text: str, m: re.Match[str]) -> Item:
    """Dates, times and codes: value is the first number inside."""
    value = 0.0
    digits = P.DIGIT_IN_RE.search(m.group())
    if digits:
        try:
            value = parse_numeral(digits.group())
        except ValueError:
            value = 0.0
    return Item(m.start(), m.end(), value, kind=m.lastgroup or "code")


def _pct_item(text: str, m: re.Match[str]) -> Item | None:
    """百分之五, 千分之三 → 0.3, 万分之五 → 0.05, 百万分之五 (all in percent units)."""
    num = m.group("pn")
    numeral = "百" if num == "百" else _longest_numeral(num)
    if numeral is None:
        return None
    value = 100.0 if numeral == "百" else parse_numeral(numeral)
    per = m.group("pp").rstrip("分之")  # 百 → %, 千 → ‰, 万 → ‱, 百万 → ppm
    divisor = parse_numeral("一" + per.replace("仟", "千").replace("佰", "百")) / 100
    end = m.start("pn") + len(numeral)
    item = Item(m.start(), end, value / divisor, kind="percent", unit="%", pct_form=True)
    _apply_suffix(text, item, allow_units=False)
    return item


def _frac_item(text: str, m: re.Match[str]) -> Item | None:
    """三分之二, 一又三分之一, 负3分之负157 as a ratio."""
    try:
        den, num = parse_numeral(m.group("fd")), parse_numeral(m.group("fn"))
        whole = parse_numeral(m.group("fw")) if m.group("fw") else 0.0
    except ValueError:
        return None
    num = -num if m.group("fneg") else num
    return Item(m.start(), m.end(), whole + (num / den if den else 0.0), kind="fraction")


def _afrac_item(text: str, m: re.Match[str]) -> Item | None:
    """2/3, 1 3/5 as a ratio."""
    den = float(m.group("ad"))
    whole = float(m.group("aw")) if m.group("aw") else 0.0
    item = Item(m.start(), m.end(), whole + (float(m.group("an")) / den if den else 0.0), kind="fraction")
    _apply_suffix(text, item)
    if item.unit == "%":
        item.kind = "percent"
    return item


def _half_cheng_item(text: str, m: re.Match[str]) -> Item | None:
    return Item(m.start(), m.end(), 5.0, kind="percent", unit="%")


def _ordinal_item(text: str, m: re.Match[str]) -> Item | None:
    """第57次, 第一: the number after 第, kind ordinal."""
    cm = P.CORE_RE.match(text, m.end())
    inner = _core_item(text, m.end(), cm.group()) if cm else None
    if inner is None:
        return None
    inner.start, inner.kind, inner.approx, inner.modifier = m.start(), "ordinal", False, ""
    return inner


def _vague_item(text: str, m: re.Match[str]) -> Item | None:
    """数十, 几百, 上千, 数亿: the magnitude, approx."""
    tail = P.VAGUE_TAIL_RE.match(text, m.end())
    if tail is None or text[tail.end() : tail.end() + 1] in DIGITS:
        return None  # 搭上十二帐: 上 is a verb there
    try:
        base, scale = _split_scale("一" + tail.group())
    except ValueError:
        return None
    item = Item(m.start(), tail.end(), base * scale, approx=True, modifier=m.group("vague"))
    item.base, item.scale = base, scale
    _apply_suffix(text, item)
    item.kind = kind_for_unit(item.unit)
    return item


def _bare_item(text: str, m: re.Match[str]) -> Item | None:
    """近百万人, 超千万元 (after a bound word), 千余名, 百多家: a magnitude word without a digit."""
    try:
        base, scale = _split_scale("一" + (m.group("bare") or m.group("bareapx")))
    except ValueError:
        return None
    item = Item(m.start(), m.end(), base * scale, base=base, scale=scale, body_end=m.end())
    _apply_suffix(text, item)
    if not item.unit:
        return None
    item.kind = kind_for_unit(item.unit)
    return item


def _plain_item(text: str, m: re.Match[str]) -> Item | None:
    return _core_item(text, m.start(), m.group("core"))


_HANDLERS: dict[str, Callable[[str, re.Match[str]], Item | None]] = {
    "code": _simple_item,
    "date": _simple_item,
    "time": _simple_item,
    "ratio": _simple_item,
    "pct": _pct_item,
    "frac": _frac_item,
    "afrac": _afrac_item,
    "halfc": _half_cheng_item,
    "ord": _ordinal_item,
    "adj": _adjacent_range,
    "vague": _vague_item,
    "bare": _bare_item,
    "bareapx": _bare_item,
    "core": _plain_item,
}


def _lone_numeral_in_word(text: str, start: int) -> bool:
    """Whether the one-character numeral at ``start`` (一 of 下一步, 三 of 长三角) would come out as noise.

    Then it is dropped before its record is built: nothing reads it on the way. The tests mirror the later
    steps: no 负/零下 sign and no currency word before it, no suffix, 左右/多 or range separator after it and
    none before it (so no range merge), and a word character on its left (:func:`is_noise`'s first test).
    """
    if text[start] not in DIGITS or text[start].isdigit():
        return False
    left = text[start - 1] if start else ""
    if not left or left in NUMERAL_CHARS or left in RANGE_GAP_FIRST or left in _PREFIX_LAST_CHARS:
        return False
    if left == "负" or not is_cjk(left) or text.endswith(("负的", "零下"), 0, start):
        return False
    right = text[start + 1 : start + 2]
    if right and (right in RANGE_GAP_FIRST or right.isspace() or right in "左上多余"):
        return False
    if right not in P.SUFFIX_FIRST:
        return True  # no suffix can start after it
    return P.SUFFIX_RE.match(text, start + 1).end() == start + 1  # type: ignore[union-attr]


def _scan(text: str) -> list[Item]:
    items: list[Item] = []
    pos, n = 0, len(text)
    search, handlers = P.MASTER_RE.search, _HANDLERS
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        start = m.start()
        group = m.lastgroup or "core"
        if group == "core":  # the common case, without the handler call
            core = m.group("core")
            if len(core) == 1 and _lone_numeral_in_word(text, start):
                pos = start + 1
                continue
            item = _core_item(text, start, core)
        elif group == "skip":
            pos = m.end()
            continue
        else:
            item = handlers[group](text, m)
            if item is None and group not in ("code", "date", "time"):
                cm = P.CORE_RE.match(text, start)
                item = _core_item(text, start, cm.group()) if cm else None
        if item is None:
            pos = start + 1
            continue
        items.append(item)
        pos = max(item.end, start + 1)
    return items


def find_items(text: str) -> list[Item]:
    """The records behind :func:`find_numbers` (no public copies made: the claims layer reads these)."""
    if not isinstance(text, str):
        raise TypeError(f"find_numbers expects str, got {type(text).__name__}")
    norm = _normalize(text)
    items = _scan(norm)
    for item in items:
        apply_sign(norm, item)
    items = merge_ranges(norm, items)
    return [it for it in items if not is_noise(norm, it)]


def find_numbers(text: str) -> list[NumberMatch]:
    """Every numeric expression in ``text`` in order of position."""
    return [it.to_match(text) for it in find_items(text)]
