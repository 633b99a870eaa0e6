"""Values of numeral strings: Chinese numerals, Arabic digits and mixtures (1.2万, 3万4000, 一万五)."""

from __future__ import annotations

import re
from functools import lru_cache

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1, "弌": 1,
    "二": 2, "贰": 2, "两": 2, "俩": 2, "弍": 2,
    "三": 3, "叁": 3, "弎": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
TENS: dict[str, int] = {"廿": 20, "卅": 30, "卌": 40}

DIGIT_CHARS = "".join(DIGITS)
SMALL_CHARS = "".join(SMALL_UNITS)
LARGE_CHARS = "".join(LARGE_UNITS)

_ARABIC_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TOKEN_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|点(?:[" + DIGIT_CHARS + r"]+|\d+)|.", re.S)


class NumeralError(ValueError):
    """``text`` is not one well-formed numeral; ``offset`` is where the first bad token starts."""

    def __init__(self, text: str, offset: int) -> None:
        super().__init__(f"not a numeral: {text!r} (at {offset})")
        self.offset = offset


def _decimal_part(chars: str) -> float:
    """Value of the digits after 点 (点零五 → 0.05, 点123 → 0.123)."""
    return float("0." + "".join(c if c.isdigit() else str(DIGITS[c]) for c in chars))


def _positional(tokens: list[str]) -> float | None:
    """二〇二五 → 2025, 一二点三零 → 12.3; None unless the tokens are bare digits (+ decimal)."""
    decimal = tokens[-1] if tokens[-1].startswith("点") else ""
    body = tokens[:-1] if decimal else tokens
    if len(body) < 2 or not all(t in DIGITS for t in body):
        return None
    value = float("".join(str(DIGITS[t]) for t in body))
    return value + _decimal_part(decimal[1:]) if decimal else value


def parse_numeral(text: str) -> float:
    """Value of a numeral string such as ``一万五千亿``, ``11.25亿``, ``3万4000`` or ``二〇二五``.

    Raises :class:`NumeralError` (a ``ValueError``) when ``text`` is not one well-formed numeral
    (十一十二, 10.1万零100); its ``offset`` tells where the longest valid prefix may end.
    """
    if _ARABIC_RE.fullmatch(text):
        return float(text.replace(",", ""))
    value, offset = _parse_cached(text)
    if offset >= 0:
        raise NumeralError(text, offset)  # a fresh error each time (a cached one would grow its traceback)
    return value


@lru_cache(maxsize=16384)
def _parse_cached(text: str) -> tuple[float, int]:
    """(value, -1), or (0.0, error offset); numeral strings repeat a lot (一万, 一亿, 十二)."""
    try:
        return _parse(text), -1
    except NumeralError as err:
        return 0.0, err.offset


def clear_cache() -> None:
    """Forget cached numeral readings (for cold-cache timings)."""
    _parse_cached.cache_clear()


def _parse(text: str) -> float:
    """The token-by-token reading behind :func:`parse_numeral`."""
    spans = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text)]
    tokens = [tok for _, tok in spans]
    if not tokens:
        raise NumeralError(text, 0)
    positional = _positional(tokens)
    if positional is not None:
        return positional
    total = section = current = frac = 0.0
    have_current = False  # a digit is waiting for its unit
    single = False  # current is one digit (may be concatenated: 三零万 → 30万)
    abbrev = False  # current directly follows a unit (一万五 → 15000)
    last_unit = 0  # magnitude of the last unit seen
    last_small = 0  # last small unit in this section (must decrease: 十一十二 is invalid)
    zero_seen = decimal_seen = closed = False
    for offset, tok in spans:
        if closed and tok not in LARGE_UNITS:
            raise NumeralError(text, offset)  # 10.1万零100
        if tok[0].isdigit():
            if (have_current and not (current == 0 and single)) or decimal_seen:
                raise NumeralError(text, offset)
            current, have_current = float(tok.replace(",", "")), True
            single = False
            abbrev = abbrev and len(tok) == 1 and not zero_seen
            decimal_seen = "." in tok
        elif tok.startswith("点"):
            if decimal_seen:
                raise NumeralError(text, offset)
            frac, decimal_seen = _decimal_part(tok[1:]), True
        elif tok in DIGITS:
            d = DIGITS[tok]
            if decimal_seen:
                raise NumeralError(text, offset)
            if have_current and single and current != 0 and not last_unit:
                current = current * 10 + d  # 三零万 → 30万
                single = abbrev = False
            elif have_current and not (current == 0 and single):
                raise NumeralError(text, offset)
            else:
                abbrev = abbrev and d != 0 and not have_current
                current, have_current, single = float(d), True, True
            if d == 0:
                zero_seen, abbrev = True, False
        elif tok in TENS:
            section += TENS[tok]
            last_unit, last_small, abbrev, have_current, current = 10, 10, True, False, 0.0
        elif tok in SMALL_UNITS:
            u = SMALL_UNITS[tok]
            if (last_small and u >= last_small) or frac or current >= 1000:
                raise NumeralError(text, offset)  # 十一十二, 2005十大
            mult = current if have_current and current != 0 else 1.0
            section += mult * u
            current, have_current, single, decimal_seen = 0.0, False, False, False
            last_unit, last_small, abbrev, zero_seen = u, u, True, False
        elif tok in LARGE_UNITS:
            u = LARGE_UNITS[tok]
            base = section + current + frac
            if base == 0 and total == 0:
                raise NumeralError(text, offset)
            if u == 100_000_000:
                total = (total + base) * u
                section = 0.0
            else:
                section = base * u
            closed = closed or decimal_seen
            current = frac = 0.0
            have_current = single = decimal_seen = False
            last_unit, last_small, abbrev, zero_seen = u, 0, True, False
        else:
            raise NumeralError(text, offset)
    if have_current and abbrev and last_unit >= 100 and current < 10:
        current *= last_unit / 10  # 一万五 → 15000, 两千三点一 → 2300.1
    return total + section + current + frac
