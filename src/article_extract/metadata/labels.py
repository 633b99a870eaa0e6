"""Credit labels: cut a line such as ``时间:… 来源:… 作者:… 编辑:…`` into labelled segments.

Each segment's value runs to the next label, so a value only ever belongs to its own label: reporters
and editors are never confused. The label words live in ``data/metadata_rules.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .resources import rules, words

#: Brackets that may open a credit (``（记者 …）``, ``【责任编辑：…】``).
OPEN = "（(【[〔「"
#: Characters trimmed around a segment value.
TRIM = " :：|｜/\\()（）【】[]〔〕「」<>《》,，;；。.·•-—_*"
_COLONS = (":", "：", "︰", "丨", "︱")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Segment:
    """One labelled part of a credit line."""

    kind: str  # source | author | editor | time | other
    label: str  # the label as the rules table writes it
    value: str
    colon: bool  # the label was followed by a colon (or 丨)


@cache
def label_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    """The regex finding any label (longest first) and the kind of every label."""
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
    _, kinds = label_regex()
    return next((k for k in kinds if k.lower() == lowered), lowered)


@cache
def _word_set(key: str) -> frozenset[str]:
    return frozenset(words(key))


def segments(line: str) -> tuple[Segment, ...]:
    """Cut ``line`` at every label; each segment's value runs to the next label.

    A label is skipped where it is an ordinary word: colon-only labels without a colon, 来源 inside a
    sentence (数据来源：…), a label glued inside a word (小记者训练营). A line without any character a
    label starts with is not cut at all; several field readers ask about the same lines of a page, so
    the last few hundred cuts are kept."""
    if hint_regex().search(line) is None:
        return ()
    return _segments(line)


@lru_cache(maxsize=256)
def _segments(line: str) -> tuple[Segment, ...]:
    regex, kinds = label_regex()
    needs_colon = _word_set("label_needs_colon")
    source_leads = _word_set("label_source_leads")
    glue_leads = words("label_glue_leads")
    hits: list[tuple[int, int, str, bool]] = []
    for m in regex.finditer(line):
        label = m.group("label")
        colon = m.group("sep") in _COLONS
        canon = label if label in kinds else _canonical_label(label.lower())
        if canon in needs_colon and not colon:
            continue
        before = line[max(0, m.start() - 2) : m.start()]
        after_han = bool(before) and bool(_HAN_RE.match(before[-1]))
        if kinds[canon] == "source" and after_han and before not in source_leads:
            continue  # 数据来源：… inside a sentence
        if (
            not colon
            and not line[m.end() : m.end() + 1].isspace()
            and after_han
            and not before.endswith(glue_leads)
        ):
            continue  # 小记者训练营: a label glued inside a word
        if kinds[canon] == "source" and not colon and before and before[-1] not in " " + OPEN + "|｜":
            continue
        hits.append((m.start(), m.end(), canon, colon))
    out: list[Segment] = []
    for i, (_, end, label, colon) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(line)
        out.append(Segment(kinds[label], label, line[end:stop].strip(TRIM), colon))
    return tuple(out)


_COLON_RE = re.compile("[" + "".join(_COLONS) + "]")


def has_colon_label(line: str) -> bool:
    """Some label in ``line`` is followed by a colon (``编辑：X``); lines without any colon are not cut."""
    return _COLON_RE.search(line) is not None and any(seg.colon for seg in segments(line))


@cache
def hint_regex() -> re.Pattern[str]:
    """Any character a credit label starts with: a cheap test before the full label scan."""
    firsts = {label[0] for labels in rules()["labels"].values() for label in labels}
    firsts |= {c.swapcase() for c in firsts} | set("记記者文执")
    return re.compile("[" + re.escape("".join(sorted(firsts))) + "]")
