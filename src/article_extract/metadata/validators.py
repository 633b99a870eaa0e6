"""Validators: reject implausible values the extractors propose (kept apart from the extractors)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .resources import words

CHINA_TZ = timezone(timedelta(hours=8))
MIN_YEAR = 1990

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_NAME_RE = re.compile(
    rf"^(?:[{_HAN}·•]{{2,12}}|[A-Za-z][A-Za-z0-9_.·' \-]{{1,30}}|[{_HAN}A-Za-z0-9_·\-]{{2,16}})$"
)
_DIGITS_RE = re.compile(r"\d")
_LETTER_RE = re.compile(rf"[{_HAN}A-Za-z]")
_LATIN_RE = re.compile(r"[_A-Za-z]")
#: Structural particles no Chinese name starts with: a "name" led by one is a cut sentence
#: (记者采访了原作者的家人 → 的家人).
_PARTICLE_FIRST = frozenset("的了着地得之")
_EDITOR_RE = re.compile(rf"[{_HAN}A-Za-z0-9_·.\-、 ]+")
_BAD_SOURCE_RE = re.compile(r"https?://|www\.|[<>{}=]|\d{4}[-年/]\d{1,2}")


def valid_datetime(value: datetime, now: datetime | None = None) -> bool:
    """True when ``value`` lies between 1990-01-01 and tomorrow (China time)."""
    now = now or datetime.now(CHINA_TZ)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=CHINA_TZ)
    if aware.year < MIN_YEAR:
        return False
    return aware <= now + timedelta(days=1)


def valid_date_parts(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> bool:
    """True when the parts form a real calendar date and clock time."""
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


def valid_title(title: str | None) -> bool:
    """A headline has 4 to 200 characters and is not a bare URL."""
    if not title:
        return False
    return 4 <= len(title) <= 200 and not title.startswith(("http://", "https://"))


def valid_person(name: str) -> bool:
    """A plausible person (or pen) name: short, no digits unless latin handle, not a placeholder."""
    if not name or len(name) > 30 or not _NAME_RE.match(name):
        return False
    if name.lower() in words("not_names") or not _LETTER_RE.search(name) or name[0] in _PARTICLE_FIRST:
        return False
    han = sum(1 for c in name if "\u3400" <= c <= "\u9fff")
    return not (han and _DIGITS_RE.search(name) and han > 1 and not _LATIN_RE.search(name))


def valid_editor(name: str) -> bool:
    """An editor is a name or a staff handle such as ``NF050``; placeholders are not."""
    if not name or len(name) > 30:
        return False
    if name.lower() in words("not_names") or not _LETTER_RE.search(name):
        return False
    return _EDITOR_RE.fullmatch(name) is not None


def valid_source(source: str) -> bool:
    """A source is a short outlet name, not a URL, date, or sentence."""
    if not source or len(source) > 40 or _BAD_SOURCE_RE.search(source):
        return False
    return not source.endswith(("。", "，", "！", "？"))


_NOT_SITE_NAMES = frozenset(
    {"title", "logo", "index", "home", "首页", "首頁", "主页", "网站首页", "返回首页", "null", "none"}
)


def valid_site_name(name: str | None) -> bool:
    """A site name: 2-40 characters, not a placeholder (title/logo/首页) and not only digits or a URL."""
    if not name or not 2 <= len(name) <= 40 or "://" in name:
        return False
    return name.strip().lower() not in _NOT_SITE_NAMES and not name.isdigit()
