"""Credit values: person names (authors), the editor's name, the source outlet's name."""

from __future__ import annotations

import re
from functools import cache

from .dates import strip_dates
from .labels import TRIM
from .resources import rules, words
from .validators import valid_editor, valid_person, valid_source

_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_SPLIT_NAMES_RE = re.compile(r"[\s、，,;；/|｜&＆]+")
_NOTE_RE = re.compile(r"[（(【\[][^（()）\]】]*[)）\]】]")
#: 《城市轨道交通2023年度统计和分析报告》: a document cited as a data source, not an outlet.
_REPORT_TITLE_RE = re.compile(r"《[^》]*(?:\d{4}|报告|统计|公报|白皮书|年鉴|数据)[^》]*》")
_STAFF_CODE_RE = re.compile(r"[_\-－]?[（(]?[A-Za-z]{1,4}\d{2,6}[)）]?$")
_HANDLE_MARK_RE = re.compile(r"[_·]")
_SPACE_RUN_RE = re.compile(r"\s+")
_SOURCE_LEAD_RE = re.compile(r"^(?:本文|文章)?(?:来源于|来自|转自|来源)")
#: 第一财经日报(上海), 游民星空[整理]: a short bracketed note at the end.
_SOURCE_NOTE_RE = re.compile(r"[(（\[【][^()（）\[\]【】]{1,8}[)）\]】]?$")
_SOURCE_TAIL_RE = re.compile(r"(原创稿|原创|转载|供稿)$")
_CLOSING_RE = re.compile(r"[】)）\]]")
_LIST_MARK_RE = re.compile(r"[、，,]")
_COMMA_RE = re.compile(r"\s*[，,]\s*")


def is_outlet(text: str) -> bool:
    """Ends like an outlet name (…日报, …网, …客户端, …社)."""
    return text.endswith(words("outlet_suffixes"))


@cache
def _surnames() -> frozenset[str]:
    return frozenset(rules()["common_surnames"])


def looks_like_person(token: str) -> bool:
    """A 2-3 character Han token starting with a common surname."""
    return 2 <= len(token) <= 3 and token[0] in _surnames() and all(_HAN_RE.match(c) for c in token)


def split_names(value: str) -> list[str]:
    """Split a credit value on spaces, 、, commas, slashes and ampersands."""
    return [t for t in _SPLIT_NAMES_RE.split(value.strip()) if t]


def _strip_role(token: str) -> str:
    """总台央视记者朱云 → 朱云; 张三报道 → 张三."""
    for role in words("role_prefixes"):
        idx = token.find(role)
        if idx >= 0 and idx + len(role) < len(token):
            head = token[:idx]
            if not head or is_outlet(head) or len(head) <= 6:
                token = token[idx + len(role) :]
                break
    for suffix in words("name_suffixes"):
        if token.endswith(suffix) and len(token) > len(suffix) + 1:
            token = token[: -len(suffix)]
    return token.strip(TRIM)


def names_from(value: str, strict: bool) -> list[str]:
    """Person names in a credit value, role words and outlets removed.

    ``strict`` (a label without a colon, as in ``记者 张三``) wants 2-4-character names and rejects the
    whole value otherwise, so a sentence such as ``记者从市教育局获悉`` yields nothing."""
    role_words = words("role_words")
    fragments = words("role_fragments")
    raws = split_names(_NOTE_RE.sub(" ", value))  # drop (摄) / (实习生) notes
    if len(raws) > 1 and raws[-1].endswith(("报道", "报导")) and len(raws[-1]) > 4:
        raws = raws[:-1]  # 彭冲 山东冠县报道: the last word is where the story was filed
    out: list[str] = []
    for raw in raws:
        token = _strip_role(raw.strip(TRIM))
        if not token or token.endswith(role_words):
            continue  # 总台央视记者: the role (and outlet) before the names
        han = len(_HAN_RE.findall(token))
        if strict and han and not 2 <= len(token) <= 4:
            return []
        if han >= 3 and is_outlet(token):
            continue
        if token.endswith(fragments):
            continue
        if not strict and han > 6 and not _HANDLE_MARK_RE.search(token):
            return out
        if not valid_person(token):
            return out
        if token not in out:
            out.append(token)
    return out


def source_from(value: str) -> str | None:
    """The outlet in a 来源 value: up to the first space, without dates, notes and 原创/转载."""
    if _REPORT_TITLE_RE.match(value.strip(" :：(（")):
        return None
    value = value.strip(TRIM)
    head = _SPACE_RUN_RE.split(value, maxsplit=1)[0]
    if _HAN_RE.search(head) and len(head) >= 2:
        value = head
    value = _SOURCE_LEAD_RE.sub("", value).strip(TRIM)
    value = _SOURCE_NOTE_RE.sub("", value)
    value = strip_dates(value).strip(TRIM)  # 来源：人民日报2024-05-13 08:49
    value = _SOURCE_TAIL_RE.sub("", value).strip(TRIM)
    if value.count("《") > value.count("》"):
        value += "》"  # 光明网-《光明日报》: the trim took the closing bracket
    if value in words("placeholder_sources"):
        return None
    return value if valid_source(value) else None


def editor_from(value: str) -> str | None:
    """The editor's name in an 编辑 value (several names stay joined with 、; staff codes dropped)."""
    value = _CLOSING_RE.split(value, maxsplit=1)[0]  # 【编辑:刘欢】 返回搜狐，查看更多
    value = value.strip(TRIM)
    if not _LIST_MARK_RE.search(value):
        value = _SPACE_RUN_RE.split(value, maxsplit=1)[0]
    value = _COMMA_RE.sub("、", value)
    if _HAN_RE.search(value):
        value = _STAFF_CODE_RE.sub("", value)  # 杨倩_NF4425 → 杨倩
    value = value.strip(TRIM)
    return value if valid_editor(value) else None
