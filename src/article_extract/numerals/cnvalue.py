"""Values of numeral strings: Chinese numerals, Arabic digits and mixtures (1.2万, 3万4000, 一万五)."""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1, "弌": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "俩": 2, "弍": 2,
    "三": 3, "叁": 3, "參": 3, "弎": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
TENS: dict[str, int] = {"廿": 20, "卅": 30, "卌": 40}

DIGIT_CHARS = "".join(DIGITS)
SMALL_CHARS = "".join(SMALL_UNITS)
LARGE_CHARS = "".join(LARGE_UNITS)

_TOKEN_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|点[" + DIGIT_CHARS + r"]+|.", re.S)


def _decimal_digits(chars: str) -> float:
    """Value of the Chinese digits after 点 (点零五 → 0.05)."""
    return float("0." + "".join(str(DIGITS[c]) for c in chars))


def parse_numeral(text: str) -> float:
    """Value of a numeral string such as ``一万五千亿``, ``11.25亿``, ``3万4000`` or ``二〇二五``.

    Raises ``ValueError`` on characters that are not part of a numeral.
    """
    tokens = _TOKEN_RE.findall(text)
    if not tokens:
        raise ValueError(f"not a numeral: {text!r}")
    if len(tokens) > 1 and all(t in DIGITS for t in tokens):
        # positional digit string: 二〇二五, 一八五
        return float("".join(str(DIGITS[t]) for t in tokens))
    total = 0.0  # everything at or above 亿
    section = 0.0  # the part below the last 亿 (may include 万)
    current = 0.0  # digits waiting for a unit
    have_current = False
    last_unit = 0  # magnitude of the unit just before a trailing digit
    after_unit = False  # the current digit directly follows a unit (一万五)
    zero_seen = False
    current_is_single = False
    for tok in tokens:
        if tok[0].isdigit():
            current = float(tok.replace(",", ""))
            have_current = True
            current_is_single = len(tok) == 1
            continue
        if tok.startswith("点"):
            current += _decimal_digits(tok[1:])
            have_current = True
            current_is_single = False
            after_unit = False
            continue
        if tok in DIGITS:
            d = DIGITS[tok]
            if d == 0:
                zero_seen = True
                after_unit = False
            if have_current and not after_unit and current_is_single:
                current = current * 10 + d  # 三零万 → 30万
                current_is_single = False
            else:
                current = float(d)
                current_is_single = True
            have_current = True
            continue
        if tok in TENS:
            section += TENS[tok]
            last_unit, after_unit, have_current, current = 10, True, False, 0.0
            continue
        if tok in SMALL_UNITS:
            u = SMALL_UNITS[tok]
            section += (current if have_current else 1.0) * u
            current, have_current = 0.0, False
            last_unit, after_unit, zero_seen = u, True, False
            continue
        if tok in LARGE_UNITS:
            u = LARGE_UNITS[tok]
            base = section + current
            if not have_current and section == 0:
                base = 1.0 if total == 0 else base
            if u == 100_000_000:
                total = (total + base) * u
                section = 0.0
            else:
                section = base * u
            current, have_current = 0.0, False
            last_unit, after_unit, zero_seen = u, True, False
            continue
        raise ValueError(f"not a numeral: {text!r}")
    if have_current and after_unit and current_is_single and not zero_seen and last_unit >= 100:
        current *= last_unit / 10  # 一万五 → 15000, 两百五 → 250
    return total + section + current
