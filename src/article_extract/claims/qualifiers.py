"""Bound of a claim (eq, gt, ge, lt, le, approx) and the word that set it."""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon
from .numbers import Quantity

_FILLERS = frozenset("了到在可能")  # one-character words between a qualifier and the number


def prefix_qualifier(text: str, start: int, floor: int) -> tuple[str, str, int] | None:
    """The qualifier just before ``start`` (了 etc. may follow it): (word, bound, word start)."""
    lex = lexicon()
    pos = start
    for _ in range(3):
        seg = text[max(floor, pos - 6) : pos]  # qualifiers are short: look at the last few characters
        if seg.endswith(lex.prefix_qualifier_words) and _prefix_re().search(seg):
            for word, bound in lex.prefix_qualifiers.items():
                if seg.endswith(word) and not _blocked(text, pos - len(word), word):
                    return word, bound, pos - len(word)
        filler = seg[-1] if seg and seg[-1] in _FILLERS else None
        if filler is None and pos == start:
            # 最高可罚款5000元, 最多可补贴2000元: a verb naming the amount may stand between
            words = lex.nominal_verb_list
            filler = next((v for v in words if seg.endswith(v)), None) if seg.endswith(words) else None
        if filler is None:
            return None
        pos -= len(filler)
    return None


@cache
def _prefix_re() -> re.Pattern[str]:
    """Any qualifier at the end of a string (a quick test before the word-by-word scan)."""
    return re.compile("(?:" + "|".join(map(re.escape, lexicon().prefix_qualifiers)) + ")$")


def qualifier_chain(text: str, start: int, floor: int) -> list[tuple[str, str, int]]:
    """The qualifier words before ``start``, nearest first (至少要达到 → 达到, 至少)."""
    chain: list[tuple[str, str, int]] = []
    pos = start
    for _ in range(3):
        found = prefix_qualifier(text, pos, floor)
        if found is None:
            break
        chain.append(found)
        pos = found[2] - (1 if text[floor : found[2]].endswith("要") else 0)
    return chain


def _blocked(text: str, word_start: int, word: str) -> bool:
    for blocker in lexicon().prefix_blockers.get(word, ()):
        if text[max(0, word_start - len(blocker)) : word_start] == blocker:
            return True
    return False


def suffix_qualifier(text: str, end: int) -> tuple[str, str] | None:
    """The qualifier word right after ``end`` (以上, 左右 …): (word, bound)."""
    lex = lexicon()
    if not text.startswith(lex.suffix_qualifier_words, end):
        return None
    for word, bound in lex.suffix_qualifiers.items():
        if text.startswith(word, end):
            nxt = text[end + len(word) : end + len(word) + 1]
            if nxt and nxt in lex.suffix_blockers.get(word, ()):
                continue
            return word, bound
    return None


def bound_of(
    text: str, q: Quantity, floor: int, chain: list[tuple[str, str, int]] | None = None
) -> tuple[str, str | None]:
    """(bound, qualifier) for ``q``; ``floor`` is where its clause starts."""
    suffix = suffix_qualifier(text, q.end)
    if suffix is not None:
        return suffix[1], suffix[0]
    if chain is None:
        chain = qualifier_chain(text, q.start, floor)
    for word, bound, _ in chain:  # the first word that is not plain eq sets the bound
        if bound != "eq":
            return bound, word
    if q.approx:
        inner = next((ch for ch in text[q.start : q.end] if ch in "多余几"), None)
        return "approx", inner
    if chain:
        return "eq", chain[0][0]
    return "eq", None
