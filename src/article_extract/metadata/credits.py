"""Credits: source (来源/稿源/出处), authors (记者/作者/文/), editor (编辑/责任编辑/责编).

Read in this order: labelled lines near the headline, a ``name/outlet`` byline under it, a bracketed
reporter credit at the start of the body, then credit lines down to just after the content node. The
last-resort readers (outlet beside the date, outlet before 记者, names bracketed at the body's end,
JSON-LD people) are used by the stage only when these found nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .dates import strip_dates
from .labels import OPEN, TRIM, has_colon_label, hint_regex, label_regex, segments
from .names import editor_from, is_outlet, looks_like_person, names_from, source_from, split_names
from .resources import words
from .textlines import PageLines
from .validators import valid_source

_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_UP_TO_ROLE_RE = re.compile(r"^.*?(?:记者|記者|通讯员|实习生)")
_PAREN_CREDIT_RE = re.compile(r"[（(]([^（()）]{0,20}?(?:记者|通讯员|实习生|記者)[^（()）]{1,40})[)）]")
_SLASH_AUTHOR_RE = re.compile(
    r"^[（(【\[]?\s*(?:文|文字|撰文|图文|作者|执笔|编译)\s*[/／|｜丨︱]\s*(.{2,40}?)\s*[)）】\]]?$"
)
#: 本报记者 张三 / 新京报记者 彭冲 山东冠县报道 / 记者 刘涛 — a line that is a reporter credit.
_LEAD_REPORTER_RE = re.compile(r"^[（(【\[]?\s*[\u4e00-\u9fff·]{0,10}?(?:记者|記者)\s*(.{2,40})$")
#: 新华社北京5月19日电（刘艺、杨吉）: the names bracketed right after a dispatch line's 电.
_DISPATCH_RE = re.compile(r"电\s*[（(]([^（()）]{2,30})[)）]")
#: 石佳/中国青年报: names, a slash, an outlet.
_NAME_SLASH_OUTLET_RE = re.compile(
    r"^([\u4e00-\u9fff·]{2,4}(?:[ 、][\u4e00-\u9fff·]{2,4}){0,3})\s*[/／]\s*([\u4e00-\u9fff·《》\-]{2,20})$"
)
_OUTLET_REPORTER_RE = re.compile(r"(?:^|[（(\s])([\u4e00-\u9fff·]{2,12}?)(?:特约|实习|见习|首席)?记者")
_TRAILING_CREDIT_RE = re.compile(r"[（(]([^（()）]{2,30})[)）]\s*$")
_CREDIT_ROLE_RE = re.compile(
    r"^(?:.{0,8}?(?:记者|記者|通讯员|实习生))?\s*(?:文/图|图/文|文／图|图／文|文图|图文|文|图|摄)?\s*[/／:：]?\s*"
)
_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")
#: What else stands on a date line besides the outlet: 原创, counters, IP places, 京港台时间 …
_RESIDUE_DROP_RE = re.compile(
    r"原创|转载|企鹅号|百家号|头条号|网易号|举报|评论|参与|阅读|浏览|更新|(?:来自|发布于|IP属地)[:：]?\S*|\S*时间"
    r"|(?<![\w\u4e00-\u9fff])[\d:：/|｜·\-]+(?![\d:：/|｜·\-\u4e00-\u9fff])"
)
#: A breadcrumb or menu line (首页 > 新闻 > …) is never a credit line.
_PATH_RE = re.compile(r"(?:[>＞»›｜|].*){2,}")
_MAX_CREDIT_LINE = 150
_MAX_OWN_LINE = 60
#: How many lines after the main content node may still hold its credits (编辑：…, 来源：…).
_AFTER_BODY = 50


@dataclass
class Credits:
    """What the credit lines say."""

    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    authors_done: bool = False
    editor_rank: int = 9  # 0: 责任编辑/责编, 1: a plain 编辑
    editor_line: str = ""


def _read_line(line: str, credits: Credits, strict_authors: bool) -> None:
    """Fill what is still missing from the labelled segments of one line."""
    for seg in segments(line):
        if seg.kind == "source" and credits.source is None:
            credits.source = source_from(seg.value)
            tail = seg.value.strip(TRIM).split()[1:]
            if credits.source and not credits.authors and 1 <= len(tail) <= 2:
                names = names_from(" ".join(tail), strict=True)  # 来源：中国新闻网 王帆
                if len(names) == len(tail):
                    credits.authors = names
        elif seg.kind == "editor" and seg.label in words("editor_kept_roles"):
            rank = 0 if seg.label in words("responsible_editor_labels") else 1
            # 责任编辑 outranks a plain 编辑 on the same line
            if credits.editor is None or (rank < credits.editor_rank and credits.editor_line == line):
                name = editor_from(seg.value)
                if name is not None:
                    credits.editor, credits.editor_rank, credits.editor_line = name, rank, line
        elif seg.kind == "author" and not credits.authors_done:
            for name in names_from(seg.value, strict=strict_authors and not seg.colon):
                if name not in credits.authors:
                    credits.authors.append(name)
    if credits.authors:
        credits.authors_done = True


def _credit_line(line: str) -> bool:
    """A short line that is a credit on its own: ``编辑:X``, ``(记者 A B)``, ``【责任编辑：X】``, ``文/X``."""
    if len(line) > _MAX_OWN_LINE or not hint_regex().search(line):
        return False
    regex, _ = label_regex()
    if regex.match(line.lstrip(OPEN + " ")) is not None or has_colon_label(line):
        return True
    return bool(
        _PAREN_CREDIT_RE.fullmatch(line.strip())
        or _SLASH_AUTHOR_RE.match(line)
        or _LEAD_REPORTER_RE.match(line)
    )


def read_credits(lines: PageLines) -> Credits:
    """Read source, authors and editor from the lines near the headline, then credit lines further on."""
    credits = Credits()
    for _, line in lines.window(2, 15):
        if len(line) <= _MAX_CREDIT_LINE and not _PATH_RE.search(line):
            _read_line(line, credits, strict_authors=True)
    for _, line in lines.lines_after(1, 3):
        m = _NAME_SLASH_OUTLET_RE.match(line)
        if m and not credits.authors:  # 石佳/中国青年报 under the headline
            names = names_from(m.group(1), strict=True)
            if names and is_outlet(m.group(2)):
                credits.authors = names
                credits.source = credits.source or m.group(2)
    after = lines.after_headline()
    if not credits.authors:
        credits.authors = _lead_authors(after[1:16])
    if lines.body_span is not None and lines.headline is not None and lines.body_span[1] > lines.headline:
        # credits sit in or just after the article body; related lists, comments and footers come later
        stop = lines.body_span[1] + _AFTER_BODY
        after = [(i, line) for i, line in after if i < stop]
    for _, line in after:
        if credits.source and credits.authors and credits.editor:
            break
        if not _credit_line(line):
            continue
        _read_line(line, credits, strict_authors=True)
        if not credits.authors:
            m = _SLASH_AUTHOR_RE.match(line)
            if m:
                credits.authors = names_from(m.group(1), strict=False)
            m = _LEAD_REPORTER_RE.match(line)
            if m and not credits.authors:
                credits.authors = names_from(m.group(1), strict=True)
    return credits


def _lead_authors(lines: list[tuple[int, str]]) -> list[str]:
    """``新京报快讯（记者 裴剑飞）今日…``: a bracketed reporter credit at the start of the body."""
    for _, line in lines:
        m = _PAREN_CREDIT_RE.search(line[:80])
        if m:
            names = names_from(_UP_TO_ROLE_RE.sub("", m.group(1)), strict=True)
            # keep every credited name: 记者 A 通讯员 B
            more = [
                n for seg in segments(m.group(1)) if seg.kind == "author" for n in names_from(seg.value, True)
            ]
            merged = [*names, *[n for n in more if n not in names]]
            if merged:
                return merged
        m = _DISPATCH_RE.search(line[:60])
        if m:
            names = names_from(m.group(1), strict=True)
            if names:
                return names
    return []


def trailing_credit(paragraphs: tuple[str, ...]) -> list[str]:
    """``…掌声肯定。（郭旭）`` / ``（总台记者 张倩）``: names bracketed at the end of the last paragraphs.

    Every bracketed word must look like a person's name (common surname, 2-3 characters)."""
    for para in reversed(paragraphs[-3:]):
        m = _TRAILING_CREDIT_RE.search(para)
        if not m:
            continue
        tokens = split_names(_CREDIT_ROLE_RE.sub("", m.group(1).strip()))
        if tokens and len(tokens) <= 5 and all(looks_like_person(t) for t in tokens):
            return tokens
    return []


def outlet_of_reporter(lines: PageLines) -> str | None:
    """``顶端新闻·河南商报记者马俊峰``: the outlet named before 记者 in a credit (last resort for source)."""
    for _, line in lines.after_headline()[:60]:
        if len(line) > _MAX_OWN_LINE:
            continue
        m = _OUTLET_REPORTER_RE.search(line)
        if m and not m.group(1).startswith(words("self_outlets")):
            outlet = m.group(1).split(" ")[-1]
            if (is_outlet(outlet) or "·" in outlet) and valid_source(outlet):
                return outlet
    return None


def source_beside_date(lines: PageLines) -> str | None:
    """``2019-09-26 10:56:28 证券时报网``: an unlabelled outlet name on the date line under the headline."""
    if lines.headline is None:
        return None
    for _, line in lines.lines_after(1, 6):
        if len(line) > _MAX_OWN_LINE or not _DATE_RE.search(line):
            continue
        if segments(line):
            return None  # a labelled line: the labels have spoken
        rest = _RESIDUE_DROP_RE.sub(" ", strip_dates(line)).split()
        names = [w for w in rest if 2 <= len(w) <= 20 and _HAN_RE.search(w)]
        if len(names) != 1:
            return None
        source = source_from(names[0])
        if source is None or (looks_like_person(source) and not is_outlet(source)):
            return None  # 冀勇庆 2015-06-25 08:46:42: a byline, not an outlet
        if source in words("region_prefixes") or source.endswith(("市", "省", "区", "县")):
            return None  # 2024-05-20 10:00 北京: a dateline place
        return source
    return None


def meta_credit(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    """The first non-empty, non-numeric value among ``keys`` in ``<meta>``."""
    for key in keys:
        value = meta.get(key, "").strip()
        if value and not value.isdigit():
            return value
    return None


def json_ld_authors(json_ld: list[dict[str, Any]]) -> list[str]:
    """``author`` of a JSON-LD article when it names people (``@type: Person``), names only."""
    out: list[str] = []
    for obj in json_ld:
        authors = obj.get("author")
        for item in authors if isinstance(authors, list) else [authors]:
            if isinstance(item, dict) and item.get("@type") == "Person" and isinstance(item.get("name"), str):
                for name in names_from(item["name"], strict=False):
                    if name not in out:
                        out.append(name)
    return out
