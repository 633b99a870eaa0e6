"""The reference time a sentence states for its numbers: 2025-12, 2025-Q1, 2023-H1, 2022, 2025-12-31."""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import lexicon

_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?P<y>(?:19|20)\d{2})\s*年"
_TIME = re.compile(  # the lookahead lets the scan skip characters that start neither 截 nor a year
    r"(?=截|[\s12])(?P<jz>截至|截止到?|截止至)?\s*" + _Y + r"(?:"
    r"(?:仅|的)?(?P<q>(?:第|前)?[一二三四1-4])季度"
    r"|(?P<h>上|下)半年"
    r"|(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*日)?(?P<me>底|末)?"
    r"|(?P<ye>年?底|年?末|年终)"
    r")?"
)
_RELATIVE_WORDS = (
    "去年",
    "今年",
    "明年",
    "前年",
    "上年",
    "当年",
    "本年",
    "目前",
    "当前",
    "现在",
    "当天",
    "近日",
    "今天",
    "日前",
)
# (截至|截止到?|到)? + a relative time word, written out as one alternation of words (each starts with a
# literal character: the regex engine scans for their first characters in its fast loop), in the order the
# optional prefix is tried
_RELATIVE_HEAD = re.compile(
    "|".join(prefix + word for prefix in ("截至", "截止到", "截止", "到", "") for word in _RELATIVE_WORDS)
)


# 2019年1月1日到 / 2005和 / 2011年至: a year (with month and day at most) followed by a range word
_PERIOD_START = re.compile(
    r"(?:19|20)\d{2}\s*年?(?:\d{1,2}月(?:\d{1,2}日)?|[^，。；,;\d]){0,4}?(?:和|、|至|到|-|—|－|~|～)\s*$"
)
# 和2006年 / 至2021年: the year is the first of a period
_PERIOD_END = re.compile(r"\s*(?:和|、|至|到|-|—|－|~|～)\s*(?:19|20)\d{2}")


class TimeRef(NamedTuple):
    """A time expression: span, normalized value ('' if relative), whether it is a comparison base."""

    start: int
    end: int
    value: str
    baseline: bool
    cutoff: bool  # 截至 …


def time_refs(text: str, start: int, end: int) -> list[TimeRef]:
    """Time expressions in ``text[start:end]``: absolute ones normalized, relative ones with value ''."""
    refs: list[TimeRef] = []
    years = _TIME.finditer(text, start, end) if text.find("年", start, end) >= 0 else ()  # a year has 年
    for m in years:
        y = m.group("y")
        if m.start("y") > 0 and text[m.start("y") - 1].isdigit():
            continue
        if m.group("q"):
            q = m.group("q")
            value = f"{y}-Q{_CN_DIGIT[q[-1]]}"
        elif m.group("h"):
            value = f"{y}-H{1 if m.group('h') == '上' else 2}"
        elif m.group("m"):
            mo = int(m.group("m"))
            value = f"{y}-{mo:02d}"
            if m.group("d"):
                value += f"-{int(m.group('d')):02d}"
        elif m.group("ye"):
            value = f"{y}-12"
        else:
            value = y
        if _is_span_part(text, m.start("y"), m.end()):
            value = ""
        refs.append(
            TimeRef(m.start("y"), m.end(), value, _is_baseline(text, m.start(), start), bool(m.group("jz")))
        )
    for m in _RELATIVE_HEAD.finditer(text, start, end):
        if not any(r.start <= m.start() < r.end for r in refs):
            refs.append(TimeRef(m.start(), m.end(), "", _is_baseline(text, m.start(), start), False))
    if len(refs) > 1:
        refs.sort(key=lambda r: r.start)
    return refs


def _is_baseline(text: str, pos: int, floor: int) -> bool:
    before = text[max(floor, pos - 3) : pos]
    return before.endswith(lexicon().baseline_markers)


def _is_span_part(text: str, ystart: int, yend: int) -> bool:
    """2005和2006年, 2019年至2021年, 2011年至2023年: a period of several years states no single time."""
    before = text[max(0, ystart - 14) : ystart]
    after = text[yend : yend + 7]
    if _PERIOD_START.search(before):
        return True
    return bool(_PERIOD_END.match(after))
