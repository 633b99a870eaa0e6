"""Publication date: fast regex rules over meta, JSON-LD, text lines and URL; dateparser as fallback.

Extractors here propose :class:`FoundDate` values; :mod:`.validators` rejects impossible ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from .textlines import PageLines
from .validators import CHINA_TZ, valid_date_parts, valid_datetime

#: A date written on the page: 2026-02-05, 2026/02/05, 2026.02.05, 2026年2月5日, with an optional time.
_TEXT_DATE_RE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*([-/.年])\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"
    r"(?:\s*[(（]?\s*(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][)）]?)?"
    r"(?:[\sT,，]*(上午|下午|凌晨|早上|中午|晚上|傍晚)?\s*(\d{1,2})\s*[:：时](\d{2}|\d(?!\d))\s*分?"
    r"(?:\s*[:：]\s*(\d{2}|\d(?!\d))\s*秒?)?)?"
)
#: Machine-written timestamps (meta, JSON-LD): ISO 8601 with optional fraction and offset.
_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_EPOCH_RE = re.compile(r"^\s*(\d{10})(\d{3})?\s*$")
#: Dates inside URLs: /2026/0205/, /2026-02/05/, t20260205_, /20260205/, /2026/02/05/, doc-2026-02-05.
_URL_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
)
_TIME_LABEL_RE = re.compile(
    r"发布时间|发表时间|发稿时间|时间|日期|发表于|发布于|發佈|發布|時間|Published|Posted", re.I
)
_FOOTER_RE = re.compile(r"copyright|©|版权|all rights|icp|备案", re.I)
_MAX_BARE_DATE_LINE = 80
_EN_DATE_HINT_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\b.*\b(?:19|20)\d{2}\b"
    r"|\b(?:19|20)\d{2}\b.*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b",
    re.I,
)
_PM_WORDS = ("下午", "晚上", "傍晚")
_URL_HOST_RE = re.compile(r"^[a-z]+://[^/]+")
_CLOCK_RE = re.compile(r"\d{1,2}\s*[:：时]\s*\d{2}")
#: Where the value after a time label ends: a wide gap, the next label, a bar.
_LABEL_CUT_RE = re.compile(r"\s{2,}|来源|作者|编辑|[|｜]")
#: What any date dateparser could read is written with: digits, Chinese date numerals, month names,
#: relative words (昨天, 3小时前, yesterday).
_DATE_MATERIAL_RE = re.compile(
    r"\d|[〇零一二三四五六七八九十两][年月日号]|[今昨前]天|[今昨]日|刚刚|刚才"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:today|yesterday|now|ago)\b",
    re.I,
)


@dataclass(frozen=True)
class FoundDate:
    """A date (and maybe time) read from somewhere on the page."""

    when: datetime
    has_time: bool
    origin: str = "text"

    def iso(self) -> str:
        """ISO 8601: date only when no time was given; else with seconds, in +08:00."""
        if not self.has_time:
            return self.when.date().isoformat()
        aware = self.when if self.when.tzinfo is not None else self.when.replace(tzinfo=CHINA_TZ)
        return aware.astimezone(CHINA_TZ).isoformat(timespec="seconds")

    def china(self) -> datetime:
        """The moment in China time (naive values are taken as China time)."""
        if self.when.tzinfo is None:
            return self.when.replace(tzinfo=CHINA_TZ)
        return self.when.astimezone(CHINA_TZ)


def dates_in_text(text: str, origin: str = "text") -> list[FoundDate]:
    """Every plausible written date in ``text``, in order."""
    found: list[FoundDate] = []
    for m in _TEXT_DATE_RE.finditer(text):
        year, sep, month, day = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        # 2019.1.2 alone is too easily a version number: dotted dates need 2-digit parts or a time.
        if sep == "." and not m.group(6) and (len(m.group(3)) != 2 or len(m.group(4)) != 2):
            continue
        hour = minute = second = 0
        has_time = m.group(6) is not None
        if has_time:
            hour, minute = int(m.group(6)), int(m.group(7))
            second = int(m.group(8)) if m.group(8) else 0
            if m.group(5) in _PM_WORDS and hour < 12:
                hour += 12
        if not valid_date_parts(year, month, day, hour, minute, second):
            continue
        when = datetime(year, month, day, hour, minute, second)
        if valid_datetime(when):
            found.append(FoundDate(when, has_time, origin))
    return found


def parse_machine_date(value: str, origin: str = "meta") -> FoundDate | None:
    """Read a timestamp written for machines (ISO 8601, epoch seconds) or failing that, for people."""
    value = value.strip()
    if not value:
        return None
    return _rule_date(value, origin) or parse_with_dateparser(value, origin)


def _rule_date(value: str, origin: str) -> FoundDate | None:
    """A timestamp read by rule: epoch seconds (or milliseconds), ISO 8601, or a written date."""
    m = _EPOCH_RE.match(value)
    if m:
        when = datetime.fromtimestamp(int(m.group(1)), tz=timezone.utc)
        return FoundDate(when, True, origin) if valid_datetime(when) else None
    m = _ISO_RE.match(value)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        has_time = m.group(4) is not None
        hour = int(m.group(4) or 0)
        minute = int(m.group(5) or 0)
        second = int(m.group(6) or 0)
        if not valid_date_parts(year, month, day, hour, minute, second):
            return None
        when = datetime(year, month, day, hour, minute, second)
        offset = m.group(7)
        if offset:
            when = when.replace(tzinfo=_tz(offset))
        return FoundDate(when, has_time, origin) if valid_datetime(when) else None
    found = dates_in_text(value, origin)
    return found[0] if found else None


def _tz(offset: str) -> timezone:
    """``Z``, ``+08:00`` or ``-0500`` as a fixed-offset zone."""
    if offset == "Z":
        return timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def date_from_url(url: str | None) -> FoundDate | None:
    """A date embedded in the URL path (date only)."""
    if not url:
        return None
    path = _URL_HOST_RE.sub("", url)
    for regex in _URL_DATE_RES:
        for m in regex.finditer(path):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if valid_date_parts(year, month, day):
                when = datetime(year, month, day)
                if valid_datetime(when):
                    return FoundDate(when, False, "url")
    return None


@cache
def _dateparser() -> Any:
    import dateparser  # heavy: imported on first use only

    return dateparser


_DATEPARSER_SETTINGS = {
    "TIMEZONE": "Asia/Shanghai",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DATES_FROM": "past",
}


def parse_with_dateparser(text: str, origin: str = "dateparser") -> FoundDate | None:
    """Fallback: let dateparser read a short date string (zh/en). Slow; use only when rules failed.

    Text with nothing a date could be written with (no digit, no Chinese date numeral, no relative
    date word) is rejected without asking dateparser; a plain English date (:func:`english_date`) is
    read by rule."""
    text = text.strip()
    if not text or len(text) > 60 or not _DATE_MATERIAL_RE.search(text):
        return None
    english = english_date(text, origin)
    if english is not None:
        return english
    try:
        when = _dateparser().parse(text, languages=["zh", "en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # a fallback parser: whatever it trips over just means "no date here"
        return None
    if when is None or not valid_datetime(when):
        return None
    has_time = _CLOCK_RE.search(text) is not None
    if not has_time:
        when = when.replace(hour=0, minute=0, second=0, tzinfo=None)
    return FoundDate(when, has_time, origin)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?"
#: ``Dec 28 Sat 2013 00:28``, ``May 20, 2024 2:05 PM``, ``20 May 2024``, ``Saturday, December 28, 2013``.
_EN_DATE_RE = re.compile(
    rf"(?:{_WEEKDAY}\s+)?(?:(?P<mon>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTH}),?)"
    rf"(?:\s+{_WEEKDAY})?\s+(?P<year>(?:19|20)\d{{2}})"
    r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?m\.?)?)?",
    re.I,
)


def english_date(text: str, origin: str = "text") -> FoundDate | None:
    """A whole string that is an English date with the year (and maybe a clock time), read by rule."""
    m = _EN_DATE_RE.fullmatch(text.strip())
    if m is None:
        return None
    month = _MONTHS[(m.group("mon") or m.group("mon2")).rstrip(".").lower()]
    day, year = int(m.group("day") or m.group("day2")), int(m.group("year"))
    has_time = m.group("hour") is not None
    hour, minute, second = (int(m.group(k) or 0) for k in ("hour", "minute", "second"))
    half = (m.group("half") or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    if not valid_date_parts(year, month, day, hour, minute, second):
        return None
    when = datetime(year, month, day, hour, minute, second)
    return FoundDate(when, has_time, origin) if valid_datetime(when) else None


def meta_dates(meta: dict[str, str], json_ld: list[dict[str, Any]], keys: tuple[str, ...]) -> list[FoundDate]:
    """Dates the page states for machines: ``<meta>`` keys in priority order, then JSON-LD."""
    found: list[FoundDate] = []
    for key in keys:
        value = meta.get(key)
        if value:
            date = parse_machine_date(value, "meta")
            if date is not None:
                found.append(date)
    for obj in json_ld:
        value = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(value, str):
            date = parse_machine_date(value, "jsonld")
            if date is not None:
                found.append(date)
    return found


@cache
def _script_date_re(keys: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(
        rf"""(?<![\w$.])["']?(?:{names})["']?\s*[:=]\s*["']?"""
        r"""((?:19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}[^"',;}<>\n]{0,24}|\d{10}(?:\d{3})?)(?!\d)""",
        re.IGNORECASE,
    )


def script_date(scripts: list[str], keys: tuple[str, ...]) -> FoundDate | None:
    """The first time a page's inline scripts give a known key (``var ct = "1581517074"``,
    ``"pubtime": "2019-09-07 19:02:26"``): for pages that write their date with JavaScript only.

    Scanning scripts costs about a millisecond on a typical page, so it is done only when neither the
    text nor meta/JSON-LD gave a date."""
    if not keys:
        return None
    regex = _script_date_re(keys)
    for text in scripts:
        for m in regex.finditer(text):
            found = _rule_date(m.group(1).strip(), "script")
            if found is not None:
                return found
    return None


def text_date(lines: PageLines) -> FoundDate | None:
    """The date written near the headline: a labelled one first, then the first one after the headline.

    Without a known headline, only lines with a time label count (related lists and footers are full
    of other dates).
    """
    if lines.headline is None:
        for _, line in lines.window(0, 0):
            if len(line) <= 120 and _TIME_LABEL_RE.search(line) and not _FOOTER_RE.search(line):
                found = dates_in_text(line)
                if found:
                    return found[0]
        return None
    near = lines.window(3, 15)
    ordered = [x for x in near if x[0] > lines.headline] + [x for x in near if x[0] < lines.headline]
    first: FoundDate | None = None
    for _, line in ordered:
        if len(line) > 200 or _FOOTER_RE.search(line):
            continue
        found = dates_in_text(line)
        if not found:
            continue
        if _TIME_LABEL_RE.search(line):
            return found[0]
        if first is None and len(line) <= _MAX_BARE_DATE_LINE:
            first = found[0]  # an unlabelled date counts on a short line only, not inside prose
    return first


def fallback_date(lines: PageLines) -> FoundDate | None:
    """dateparser over short labelled lines near the headline, when no rule matched."""
    for _, line in lines.window(3, 15):
        m = _TIME_LABEL_RE.search(line)
        if m and len(line) <= 80:
            rest = line[m.end() :].lstrip(":： ")
            rest = _LABEL_CUT_RE.split(rest)[0]
            date = parse_with_dateparser(rest)
            if date is not None:
                return date
    for _, line in lines.window(3, 6):
        if len(line) <= 40 and _EN_DATE_HINT_RE.search(line):  # Dec 28 Sat 2013 00:28
            date = parse_with_dateparser(line)
            if date is not None:
                return date
    return None


def pick_published(
    lines: PageLines,
    meta: dict[str, str],
    json_ld: list[dict[str, Any]],
    urls: list[str],
    keys: tuple[str, ...],
    scripts: list[str] | None = None,
    script_keys: tuple[str, ...] = (),
) -> str | None:
    """Publication time: the text near the headline, refined or replaced by meta/JSON-LD; else a time
    the page's scripts give (when the URL's date, if any, is the same day); else the URL's date."""
    written = text_date(lines)
    machine = meta_dates(meta, json_ld, keys)
    chosen: FoundDate | None = written
    if written is not None:
        for cand in machine:
            # A date-only page stays date-only unless a zoned machine timestamp (ISO with offset) agrees;
            # otherwise meta only adds the seconds the page did not show.
            zoned = cand.when.tzinfo is not None
            refines = cand.when.second > 0 if written.has_time else zoned
            if cand.has_time and refines and _agrees(written, cand):
                chosen = cand
                break
    elif machine:
        chosen = machine[0]
    if chosen is None:
        in_url = next((d for d in map(date_from_url, urls) if d is not None), None)
        scripted = script_date(scripts or [], script_keys)
        if scripted is not None and (in_url is None or scripted.china().date() == in_url.when.date()):
            chosen = scripted
        else:
            chosen = in_url
    if chosen is None:
        chosen = fallback_date(lines)
    return chosen.iso() if chosen is not None else None


def _agrees(written: FoundDate, cand: FoundDate) -> bool:
    a, b = written.china(), cand.china()
    if not written.has_time:
        return a.date() == b.date()
    return a.replace(second=0) == b.replace(second=0)


def strip_dates(text: str) -> str:
    """``text`` with every written date (and its time) removed."""
    return _TEXT_DATE_RE.sub(" ", text)
