"""Credits: source (来源/稿源/出处), authors (记者/作者/文/), editor (编辑/责任编辑/责编).

A credit line is cut into labelled segments (``时间:… 来源:… 作者:… 编辑:…``); each segment's value
belongs to its own label only, so reporters and editors are never confused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .dates import strip_dates
from .resources import rules, words
from .textlines import PageLines
from .validators import valid_editor, valid_person, valid_source

#: Labels that must be followed by a colon (otherwise they are ordinary words in sentences).
_COLON_ONLY = frozenset(
    {
        "时间",
        "日期",
        "来自",
        "图",
        "摄",
        "文字",
        "视频",
        "栏目",
        "频道",
        "参与",
        "次数",
        "审核",
        "监制",
        "签发",
        "校对",
        "主编",
        "编审",
        "终审",
        "复审",
        "初审",
        "审校",
        "编校",
        "采写",
        "发布者",
        "Author",
        "By",
        "Editor",
        "Published",
        "Posted",
        "原标题",
        "关键字",
        "关键词",
        "标签",
        "图文",
        "文图",
        "分享",
        "评论",
        "收藏",
        "关闭",
        "打印",
        "阅读",
        "浏览",
        "访问量",
        "字号",
        "字体",
        "点击",
        "撰文",
        "撰稿",
    }
)
_OPEN = "（(【[〔「"
_RESPONSIBLE = frozenset({"责任编辑", "责编", "責任編輯", "責編"})
#: Words that may stand right before 来源 (文章来源：) and before a glued 记者 (本报记者张三).
_SOURCE_LEADS = frozenset({"文章", "本文", "稿件", "新闻", "信息", "消息", "内容"})
_GLUE_LEADS = (
    "报",
    "社",
    "台",
    "网",
    "视",
    "站",
    "刊",
    "端",
    "本报",
    "特约",
    "实习",
    "见习",
    "首席",
    "媒体",
    "责任",
)
_TRIM = " :：|｜/\\()（）【】[]〔〕「」<>《》,，;；。.·•-—_*"
_SPLIT_NAMES_RE = re.compile(r"[\s、，,;；/|｜&＆]+")
_PAREN_CREDIT_RE = re.compile(r"[（(]([^（()）]{0,20}?(?:记者|通讯员|实习生|記者)[^（()）]{1,40})[)）]")
_SLASH_AUTHOR_RE = re.compile(
    r"^[（(【\[]?\s*(?:文|文字|撰文|图文|作者|执笔|编译)\s*[/／|｜丨︱]\s*(.{2,40}?)\s*[)）】\]]?$"
)
#: 本报记者 张三 / 新京报记者 彭冲 山东冠县报道 / 记者 刘涛 — a line that is a reporter credit.
_LEAD_REPORTER_RE = re.compile(r"^[（(【\[]?\s*[\u4e00-\u9fff·]{0,10}?(?:记者|記者)\s*(.{2,40})$")
#: 新华社北京5月19日电（刘艺、杨吉）: the names bracketed right after a dispatch line's 电.
_DISPATCH_RE = re.compile(r"电\s*[（(]([^（()）]{2,30})[)）]")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_ROLE_WORDS = ("记者", "記者", "通讯员", "通訊員", "实习生", "撰稿人", "作者", "评论员", "評論員")
#: Leftovers of role words (南都见习记者 → 南都见习) and work words that are never names.
_ROLE_FRAGMENTS = (
    "见习",
    "实习",
    "特约",
    "首席",
    "资深",
    "本报",
    "本刊",
    "全媒体",
    "融媒体",
    "整合",
    "综合",
    "编译",
    "图片",
    "视频",
    "文字",
    "摄影",
    "报道",
    "整理",
    "通讯员",
    "实习生",
    "记者",
    "编辑",
)
_MAX_CREDIT_LINE = 150
#: How many lines after the main content node may still hold its credits (编辑：…, 来源：…).
_AFTER_BODY = 50
#: A breadcrumb or menu line (首页 > 新闻 > …) is never a credit line.
_PATH_RE = re.compile(r"(?:[>＞»›｜|].*){2,}")


@dataclass
class Credits:
    """What the credit lines say."""

    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    authors_done: bool = False
    editor_rank: int = 9
    editor_line: str = ""


@dataclass(frozen=True)
class _Segment:
    kind: str  # source | author | editor | time | other
    label: str
    value: str
    colon: bool


@cache
def _label_res() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds: dict[str, str] = {}
    for kind, labels in rules()["labels"].items():
        for label in labels:
            kinds.setdefault(label, kind)
    alternation = "|".join(re.escape(lab) for lab in sorted(kinds, key=len, reverse=True))
    regex = re.compile(rf"(?P<label>{alternation})\s*(?P<sep>[:：︰丨︱]|(?=\s)|$|(?<=[记者编辑]))", re.I)
    return regex, kinds


@cache
def _canonical_label(lowered: str) -> str:
    """The label as the rules table writes it (``by`` → ``By``)."""
    _, kinds = _label_res()
    return next((k for k in kinds if k.lower() == lowered), lowered)


def segments(line: str) -> list[_Segment]:
    """Cut ``line`` at every label; each segment's value runs to the next label."""
    regex, kinds = _label_res()
    hits: list[tuple[int, int, str, bool]] = []
    for m in regex.finditer(line):
        label, sep = m.group("label"), m.group("sep")
        colon = sep in (":", "：", "︰", "丨", "︱")
        canon = label if label in kinds else _canonical_label(label.lower())
        if canon in _COLON_ONLY and not colon:
            continue
        before = line[max(0, m.start() - 2) : m.start()]
        if kinds[canon] == "source" and before and _HAN_RE.match(before[-1]) and before not in _SOURCE_LEADS:
            continue  # 数据来源：… inside a sentence
        if (
            not colon
            and not line[m.end() : m.end() + 1].isspace()
            and before
            and _HAN_RE.match(before[-1])
            and not before.endswith(_GLUE_LEADS)
        ):
            continue  # 小记者训练营: a label glued inside a word
        if kinds[canon] == "source" and not colon and before and before[-1] not in " " + _OPEN + "|｜":
            continue
        hits.append((m.start(), m.end(), canon, colon))
    out: list[_Segment] = []
    for i, (_, end, label, colon) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(line)
        out.append(_Segment(kinds[label], label, line[end:stop].strip(_TRIM), colon))
    return out


def _strip_role(token: str) -> str:
    for role in words("role_prefixes"):
        idx = token.find(role)
        if idx >= 0 and idx + len(role) < len(token):
            head = token[:idx]
            if not head or _is_outlet(head) or len(head) <= 6:
                token = token[idx + len(role) :]
                break
    for suffix in words("name_suffixes"):
        if token.endswith(suffix) and len(token) > len(suffix) + 1:
            token = token[: -len(suffix)]
    return token.strip(_TRIM)


def _is_outlet(text: str) -> bool:
    """Ends like an outlet name (…日报, …网, …客户端, …社)."""
    return text.endswith(words("outlet_suffixes"))


def names_from(value: str, strict: bool) -> list[str]:
    """Person names in a credit value; ``strict`` (no colon after the label) wants 2-4-character names."""
    value = re.sub(r"[（(【\[][^（()）\]】]*[)）\]】]", " ", value)  # drop (摄) / (实习生) notes
    out: list[str] = []
    raws = _SPLIT_NAMES_RE.split(value.strip())
    if len(raws) > 1 and raws[-1].endswith(("报道", "报导")) and len(raws[-1]) > 4:
        raws = raws[:-1]  # 彭冲 山东冠县报道: the last word is where the story was filed
    for raw in raws:
        token = _strip_role(raw.strip(_TRIM))
        if not token or token.endswith(_ROLE_WORDS):
            continue  # 总台央视记者: the role (and outlet) before the names
        han = len(_HAN_RE.findall(token))
        if strict and han and not 2 <= len(token) <= 4:
            return []
        if _HAN_RE.search(token) and _is_outlet(token) and han >= 3:
            continue
        if token.endswith(_ROLE_FRAGMENTS) or token in _ROLE_FRAGMENTS:
            continue
        if strict is False and han > 6 and not re.search(r"[_·]", token):
            return out if out else []
        if not valid_person(token):
            return out if out else []
        if token not in out:
            out.append(token)
    return out


def source_from(value: str) -> str | None:
    """The outlet name in a 来源 segment: up to the first space (when that leaves a Han name)."""
    if _REPORT_TITLE_RE.match(value.strip(" :：(（")):
        return None
    value = value.strip(_TRIM)
    value = re.sub(r"^(?:[:：]\s*)", "", value)
    head = re.split(r"\s+", value, maxsplit=1)[0]
    if _HAN_RE.search(head) and len(head) >= 2:
        value = head
    value = re.sub(r"^(?:本文|文章)?(?:来源于|来自|转自|来源)", "", value).strip(_TRIM)
    value = re.sub(
        r"[(（\[【][^()（）\[\]【】]{1,8}[)）\]】]?$", "", value
    )  # 第一财经日报(上海), 游民星空[整理]
    value = strip_dates(value).strip(_TRIM)  # 来源：人民日报2024-05-13 08:49
    value = re.sub(r"(原创稿|原创|转载|供稿)$", "", value).strip(_TRIM)
    if value.count("《") > value.count("》"):
        value += "》"  # 光明网-《光明日报》: the trim took the closing bracket
    if value in words("placeholder_sources"):
        return None
    return value if valid_source(value) else None


#: 《城市轨道交通2023年度统计和分析报告》: a document cited as a data source, not an outlet.
_REPORT_TITLE_RE = re.compile(r"《[^》]*(?:\d{4}|报告|统计|公报|白皮书|年鉴|数据)[^》]*》")


def editor_from(value: str) -> str | None:
    """The editor's name in an 编辑 segment (several names stay joined with 、)."""
    value = re.split(r"[】)）\]]", value, maxsplit=1)[0]  # 【编辑:刘欢】 返回搜狐，查看更多
    value = value.strip(_TRIM)
    value = re.split(r"\s{1,}", value, maxsplit=1)[0] if not re.search(r"[、，,]", value) else value
    value = re.sub(r"\s*[，,]\s*", "、", value)
    value = (
        re.sub(r"[_\-－]?[（(]?[A-Za-z]{1,4}\d{2,6}[)）]?$", "", value) if _HAN_RE.search(value) else value
    )
    value = value.strip(_TRIM)
    return value if valid_editor(value) else None


def _read_line(line: str, credits: Credits, strict_authors: bool) -> None:
    for seg in segments(line):
        if seg.kind == "source" and credits.source is None:
            credits.source = source_from(seg.value)
            tail = seg.value.strip(_TRIM).split()[1:]
            if credits.source and not credits.authors and 1 <= len(tail) <= 2:
                names = names_from(" ".join(tail), strict=True)  # 来源：中国新闻网 王帆
                if len(names) == len(tail):
                    credits.authors = names
        elif seg.kind == "editor" and seg.label in words("editor_kept_roles"):
            rank = 0 if seg.label in _RESPONSIBLE else 1  # 责任编辑 outranks a plain 编辑 on the same line
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


@cache
def _hint_re() -> re.Pattern[str]:
    """Any character a credit label starts with (a cheap test before the full label scan)."""
    firsts = {label[0] for labels in rules()["labels"].values() for label in labels}
    firsts |= {c.swapcase() for c in firsts} | set("记記者文执")
    return re.compile("[" + re.escape("".join(sorted(firsts))) + "]")


def _credit_line(line: str) -> bool:
    """A short line that is a credit on its own: ``编辑:X``, ``(记者 A B)``, ``【责任编辑：X】``, ``文/X``."""
    if len(line) > 60 or not _hint_re().search(line):
        return False
    body = line.lstrip(_OPEN + " ")
    regex, _ = _label_res()
    if regex.match(body) is not None or any(seg.colon for seg in segments(line)):
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
            if names and _is_outlet(m.group(2)):
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


_NAME_SLASH_OUTLET_RE = re.compile(
    r"^([\u4e00-\u9fff·]{2,4}(?:[ 、][\u4e00-\u9fff·]{2,4}){0,3})\s*[/／]\s*([\u4e00-\u9fff·《》\-]{2,20})$"
)
_OUTLET_REPORTER_RE = re.compile(r"(?:^|[（(\s])([\u4e00-\u9fff·]{2,12}?)(?:特约|实习|见习|首席)?记者")
_SELF_OUTLETS = ("本报", "本刊", "本台", "本网", "本站")


_TRAILING_CREDIT_RE = re.compile(r"[（(]([^（()）]{2,30})[)）]\s*$")
_CREDIT_ROLE_RE = re.compile(
    r"^(?:.{0,8}?(?:记者|記者|通讯员|实习生))?\s*(?:文/图|图/文|文／图|图／文|文图|图文|文|图|摄)?\s*[/／:：]?\s*"
)


def trailing_credit(paragraphs: tuple[str, ...]) -> list[str]:
    """``…掌声肯定。（郭旭）`` / ``（总台记者 张倩）``: names bracketed at the end of the last paragraphs.

    Every bracketed word must look like a person's name (common surname, 2-3 characters)."""
    for para in reversed(paragraphs[-3:]):
        m = _TRAILING_CREDIT_RE.search(para)
        if not m:
            continue
        inner = _CREDIT_ROLE_RE.sub("", m.group(1).strip())
        tokens = [t for t in _SPLIT_NAMES_RE.split(inner) if t]
        if tokens and len(tokens) <= 5 and all(looks_like_person(t) for t in tokens):
            return tokens
    return []


def outlet_of_reporter(lines: PageLines) -> str | None:
    """``顶端新闻·河南商报记者马俊峰``: the outlet named before 记者 in a credit (last resort for source)."""
    for _, line in lines.after_headline()[:60]:
        if len(line) > 60:
            continue
        m = _OUTLET_REPORTER_RE.search(line)
        if m and not m.group(1).startswith(_SELF_OUTLETS):
            outlet = m.group(1).split(" ")[-1]
            if (_is_outlet(outlet) or "·" in outlet) and valid_source(outlet):
                return outlet
    return None


_RESIDUE_DROP_RE = re.compile(
    r"原创|转载|企鹅号|百家号|头条号|网易号|举报|评论|参与|阅读|浏览|更新|(?:来自|发布于|IP属地)[:：]?\S*|\S*时间"
    r"|(?<![\w\u4e00-\u9fff])[\d:：/|｜·\-]+(?![\d:：/|｜·\-\u4e00-\u9fff])"
)


def source_beside_date(lines: PageLines) -> str | None:
    """``2019-09-26 10:56:28 证券时报网``: an unlabelled outlet name on the date line under the headline."""
    if lines.headline is None:
        return None
    for _, line in lines.lines_after(1, 6):
        if len(line) > 60 or not _DATE_ONLY_RE.search(line):
            continue
        if segments(line):
            return None  # a labelled line: the labels have spoken
        rest = _RESIDUE_DROP_RE.sub(" ", strip_dates(line)).split()
        names = [w for w in rest if 2 <= len(w) <= 20 and _HAN_RE.search(w)]
        if len(names) != 1:
            return None
        source = source_from(names[0])
        if source is None or (looks_like_person(source) and not _is_outlet(source)):
            return None  # 冀勇庆 2015-06-25 08:46:42: a byline, not an outlet
        return source
    return None


def looks_like_person(token: str) -> bool:
    """A 2-3 character Han token starting with a common surname."""
    return 2 <= len(token) <= 3 and token[0] in _surnames() and all(_HAN_RE.match(c) for c in token)


@cache
def _surnames() -> frozenset[str]:
    return frozenset(rules()["common_surnames"])


_DATE_ONLY_RE = re.compile(r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")


def _lead_authors(lines: list[tuple[int, str]]) -> list[str]:
    """``新京报快讯（记者 裴剑飞）今日…``: a bracketed reporter credit at the start of the body."""
    for _, line in lines:
        m = _PAREN_CREDIT_RE.search(line[:80])
        if m:
            names = names_from(re.sub(r"^.*?(?:记者|記者|通讯员|实习生)", "", m.group(1)), strict=True)
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
