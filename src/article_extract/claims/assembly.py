"""Assemble claims: numbers → filters → bound, sign, subject, as_of, per sentence."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..model import Claim
from .as_of import TimeRef, time_refs
from .changes import change_sign, is_multiple
from .filters import reject_reason
from .lexicon import WordTable, lexicon
from .numbers import Quantity, find_quantities
from .qualifiers import bound_of, qualifier_chain
from .sentences import Span, clause_spans, sentence_bounds, trim
from .subject import left_subject, right_subject, segment

_PUNCT = set('，,。；;：:、）)”"（( ') | {""}  # an opening “ starts a noun phrase
_CLASSIFIERS = set(
    "个人名位户家座辆台部套间栋幢条项类种款件次场起例所只头匹株棵份张本册篇批轮届片处艘架列趟根枚颗支门宗笔单箱集首幅"
) | {"个人", "大类", "人次", "场次", "批次"}
_LIST_GAPS = {"、", "和", "及", "与", "或", "以及", ",", "，", "，或", ",或", "（", "("}


@dataclass(slots=True)
class _Draft:
    q: Quantity
    clause: int
    sign: int
    subject: str | None
    inherited: bool
    as_of: str | None
    joined: bool
    left: str
    floor: int
    chain: list[tuple[str, str, int]]


def extract_claims(text: str) -> list[Claim]:
    """Every numeric claim stated in ``text`` (offsets index into ``text``)."""
    if not text:
        return []
    quantities = [q for q in find_quantities(text) if reject_reason(text, q) is None]
    if not quantities:
        return []
    starts, ends = sentence_bounds(text)
    claims: list[Claim] = []
    qi, n = 0, len(quantities)
    i = 0
    while qi < n and i < len(ends):
        i = max(i, bisect_right(ends, quantities[qi].start))  # the sentence of the next number
        if i >= len(ends):
            break
        sent = trim(text, starts[i], ends[i])
        i += 1
        if sent is None:
            continue
        while qi < n and quantities[qi].start < sent.start:
            qi += 1
        in_sent: list[Quantity] = []
        while qi < n and quantities[qi].end <= sent.end:
            in_sent.append(quantities[qi])
            qi += 1
        if in_sent:
            claims.extend(_sentence_claims(text, sent, in_sent))
    return claims


def _clause_index(clauses: list[Span], pos: int) -> int:
    for i, c in enumerate(clauses):
        if c.start <= pos < c.end:
            return i
    return len(clauses) - 1


def _sentence_claims(text: str, sent: Span, qs: list[Quantity]) -> list[Claim]:
    clauses = clause_spans(text, sent)
    refs = time_refs(text, sent.start, sent.end)
    indices = [_clause_index(clauses, q.start) for q in qs] if len(clauses) > 1 else [0] * len(qs)
    claim_clauses = set(indices)
    nominal_verbs = _nominal_verbs()
    drafts: list[_Draft] = []
    for q, ci in zip(qs, indices, strict=True):
        clause = clauses[ci]
        prev = drafts[-1] if drafts else None
        gap = text[prev.q.end : q.start].strip() if prev else ""
        joined = prev is not None and (
            (prev.clause == ci and gap in _LIST_GAPS)
            or (prev.clause == ci - 1 and gap in {"，或", ",或"})
            or (prev.clause == ci and _gap_is_suffix_and_join(gap))
        )
        chain = qualifier_chain(text, q.start, clause.start)
        left_end = chain[-1][2] if chain else q.start
        if chain and text.endswith("要", clause.start, left_end):
            left_end -= 1
        left = text[clause.start : left_end]
        verb = nominal_verbs.longest_ending_at(text, q.start, left_end) if left_end < q.start else None
        if verb:
            left += verb  # 最高可罚款5000元: keep the verb that names the amount
        sign = change_sign(text, q.start, clause.start)
        if joined and prev is not None and sign == 0 and prev.sign != 0:
            sign = prev.sign
        subject: str | None
        inherited = False
        own_right = (
            joined
            and q.unit not in ("%", "个百分点", "倍")
            and text[q.end : q.end + 1] not in _PUNCT
            and right_subject(text[q.end : clause.end]) is not None
        )  # 4条斑马鱼和4克金鱼藻: each amount has its own noun
        if joined and prev is not None and not own_right:
            subject, inherited = prev.subject, True
        else:
            subject = _subject(text, q, clause, left)
            if subject is None and ci > 0 and (prev is None or prev.clause < ci - 1):
                # …的受伤几率，比穿传统鞋高4.3倍: the clause before names what the number is about
                before = text[clauses[ci - 1].start : clauses[ci - 1].end].rstrip("中里内")
                if before and _ends_with_noun(before):
                    subject = left_subject(before)[0]
                    inherited = subject is not None
            if subject is None and prev is not None:
                subject, inherited = prev.subject, True
        as_of = _as_of(text, refs, clauses, claim_clauses, ci, q, prev if inherited else None)
        drafts.append(_Draft(q, ci, sign, subject, inherited, as_of, joined, left, clause.start, chain))
    _distribute(drafts)
    sentence = text[sent.start : sent.end]
    return [_to_claim(text, sentence, d) for d in drafts]


@cache
def _nominal_verbs() -> WordTable:
    return WordTable(lexicon().nominal_verbs)


def _ends_with_noun(s: str) -> bool:
    toks = segment(s[-12:])
    return bool(toks) and toks[-1][1][:1] in ("n", "v") and toks[-1][1] != "v"


def _gap_is_suffix_and_join(gap: str) -> bool:
    lex = lexicon()
    for word in lex.suffix_qualifiers:
        if gap.startswith(word) and gap[len(word) :].strip() in _LIST_GAPS:
            return True
    return False


_TOPIC_CHARS = set("预计到在于至截止自从以来年度份底末初")
_BRACKETED = re.compile(r"^[（(][^（()）]{0,20}[）)]")
_PAREN_OPEN = re.compile(r"[（(](?:占|约占|共占|约)?$")


def _subject(text: str, q: Quantity, clause: Span, left: str) -> str | None:
    right_seg = text[q.end : clause.end]
    if right_seg.startswith("的话"):
        right_seg = ""  # 有100元的话: a conditional, not 的 + noun
    if q.unit == "人" and right_seg.startswith("口"):
        return "人口"  # 14亿人口: the measure word starts the noun the number is about
    tail = left[-4:]  # _PAREN_OPEN ends the string: its bracket is among the last characters
    paren = _PAREN_OPEN.search(left) if "（" in tail or "(" in tail else None
    if paren is not None and text[q.end : q.end + 1] in "）)":
        # 买课外书（62.5％）, 15岁男孩（占60.6％）: the number annotates the phrase before the bracket
        ls, verb = left_subject(left[: paren.start()])
        return ls or verb
    gap = right_seg.lstrip()
    if gap[:1] in ("（", "("):
        gap = _BRACKETED.sub("", gap)
    threshold = False
    lex = lexicon()
    for word, bound in lex.suffix_qualifiers.items() if gap.startswith(lex.suffix_qualifier_words) else ():
        if gap.startswith(word):
            gap = gap[len(word) :]
            threshold = bound in ("ge", "le") and gap[:1] not in _PUNCT and not gap.startswith("的")
            break
    right_first = (
        threshold
        or left.rstrip().endswith("的")
        or gap.startswith("的")
        or (q.unit in _CLASSIFIERS and gap[:1] not in _PUNCT)
        or (q.unit not in ("", "%", "个百分点", "倍") and gap == right_seg and gap[:1] not in _PUNCT)
        or (q.unit == "%" and not left.strip())
    )
    rs = None
    if q.unit in ("人", "名", "人次") and not right_subject(right_seg):
        toks = segment(right_seg[:6]) if right_seg[:1].strip() else ()
        if toks and toks[0][1] == "v" and len(toks[0][0]) == 2 and toks[0][0] not in lexicon().predicates:
            return toks[0][0]  # 火灾造成3人受伤: the state of the people counted
    if right_first and _is_threshold(text, q, clause, left):
        ls, verb = left_subject(left)
        if ls:
            return ls  # 年应纳税所得额低于100万元的企业: the amount bounds the quantity on the left
    if right_first:
        rs = right_subject(right_seg)
        if rs and not (rs in lexicon().generic_heads and left.strip()):
            return rs  # …的水平, …的比例: a generic head says less than the phrase on the left
    ls, verb = left_subject(left)
    if rs in ("大关", "关口", "台阶"):
        rs = None  # 突破两万亿元大关: a milestone word names no quantity
    if ls or rs:
        return ls or rs
    if not right_first and gap[:1] not in _PUNCT:
        rs = right_subject(right_seg)
        if rs:
            return rs
    return verb


def _is_threshold(text: str, q: Quantity, clause: Span, left: str) -> bool:
    """An amount with 低于/不超过/以上 … inside a phrase that defines a group (…以下的企业)."""
    if q.unit == "%" or q.unit in _CLASSIFIERS:
        return False
    if not left.strip():
        return False
    chain = qualifier_chain(text, q.start, clause.start)
    if any(b in ("lt", "le", "gt", "ge") for _, b, _ in chain):
        return True  # 所得额低于100万元的企业
    bound, _ = bound_of(text, q, clause.start, chain)
    return bound in ("le", "ge") and left.rstrip().endswith(("在", "为", "达", "是"))  # 收入在2000万元以下的


def _as_of(
    text: str,
    refs: list[TimeRef],
    clauses: list[Span],
    claim_clauses: set[int],
    ci: int,
    q: Quantity,
    inherited_from: _Draft | None,
) -> str | None:
    if not refs:
        return inherited_from.as_of if inherited_from is not None else None
    clause = clauses[ci]
    own = [r for r in refs if clause.start <= r.start and r.end <= q.start and not r.baseline]
    if own:
        return own[-1].value or None
    if inherited_from is not None:
        return inherited_from.as_of
    earlier = [r for r in refs if r.end <= q.start and not r.baseline]
    if earlier and not earlier[-1].value:
        return None  # the nearest time is relative (目前, 去年) or a period (2019年至2021年)
    topic = [
        r
        for r in refs
        if r.end <= q.start
        and not r.baseline
        and (
            r.cutoff
            or (_clause_index(clauses, r.start) not in claim_clauses and _is_time_topic(text, r, clauses))
            or (_clause_index(clauses, r.start) == 0 and _semicolon_between(text, r.end, clause.start))
        )
    ]
    return (topic[-1].value or None) if topic else None


def _semicolon_between(text: str, start: int, end: int) -> bool:
    """…2024年实现营收…；归母净利润…: statements after ；share the time of the sentence's first clause."""
    return "；" in text[start:end] or ";" in text[start:end]


def _is_time_topic(text: str, ref: TimeRef, clauses: list[Span]) -> bool:
    """A clause that is only a time (2024年4月份，/ 到2023年，/ 预计到2025年末，) sets the sentence's time."""
    clause = clauses[_clause_index(clauses, ref.start)]
    rest = text[clause.start : ref.start] + text[ref.end : clause.end]
    return set(rest.strip()) <= _TOPIC_CHARS


def _distribute(drafts: list[_Draft]) -> None:
    """价格分别上涨3.8%和1.8% after 甲、乙价格: give each number its own part of the listed subject."""
    i = 0
    while i < len(drafts):
        j = i + 1
        while j < len(drafts) and drafts[j].joined:
            j += 1
        run = drafts[i:j]
        subject = run[0].subject
        if len(run) > 1 and subject and ("分别" in run[0].left or "依次" in run[0].left):
            parts = subject.split("、")
            if len(parts) != len(run) and len(parts) == 1 and "和" in subject:
                parts = subject.split("和")
            if len(parts) == len(run) and all(len(p) >= 2 for p in parts):
                for d, part in zip(run, parts, strict=False):
                    d.subject = part
        i = j


def _kind(q: Quantity, sign: int) -> str:
    if q.value_max is not None:
        return "range"
    if sign != 0:
        return "change"
    return _unit_kind(q.unit)


@lru_cache(maxsize=1024)
def _unit_kind(unit: str) -> str:
    """The kind of a claim with no range and no sign, from its unit."""
    if is_multiple(unit) or unit in ("个百分点", "百分点", "个基点", "基点"):
        return "change"
    if unit == "%":
        return "percent"
    currencies = lexicon().currencies
    if unit in currencies or unit.split("/")[0].split("／")[0] in currencies:
        return "money"
    return "quantity"


def _to_claim(text: str, sentence: str, d: _Draft) -> Claim:
    q = d.q
    bound, qualifier = bound_of(text, q, d.floor, d.chain)
    factor = -1.0 if d.sign < 0 else 1.0
    fields: dict[str, Any] = {
        "value": round(q.value * factor, 6),
        "unit": q.unit,
        "kind": _kind(q, d.sign),
        "bound": bound,
        "raw": text[q.start : q.end],
        "start": q.start,
        "end": q.end,
        "sentence": sentence,
        "subject": d.subject,
        "value_max": round(q.value_max * factor, 6) if q.value_max is not None else None,
        "qualifier": qualifier,
        "as_of": d.as_of,
    }
    if not _PLAIN_CLAIM:
        return Claim(**fields)
    claim = _new_object(Claim)
    claim.__dict__.update(fields)
    return claim


def _is_plain_record(cls: type, names: set[str]) -> bool:
    """Whether ``cls`` is a dataclass whose instances are exactly their field values in ``__dict__``
    (no slots, no __post_init__, fields ``names``): such an instance can be built by filling its
    ``__dict__``, three times faster than a frozen dataclass's ``__init__`` (object.__setattr__ a field)."""
    return (
        dataclasses.is_dataclass(cls)
        and "__slots__" not in vars(cls)
        and not hasattr(cls, "__post_init__")
        and {f.name for f in dataclasses.fields(cls)} == names
    )


_new_object = object.__new__
_PLAIN_CLAIM = _is_plain_record(
    Claim,
    {
        "value",
        "unit",
        "kind",
        "bound",
        "raw",
        "start",
        "end",
        "sentence",
        "subject",
        "value_max",
        "qualifier",
        "as_of",
    },
)
