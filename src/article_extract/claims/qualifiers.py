"""Bound of a claim (eq, gt, ge, lt, le, approx) and the word that set it."""

from __future__ import annotations

from functools import cache

from .lexicon import WordTable, lexicon
from .numbers import Quantity

_FILLERS = frozenset("了到在可能")  # one-character words between a qualifier and the number
_WINDOW = 6  # qualifiers are short: only the last few characters before a position are looked at


@cache
def _tables() -> tuple[dict[str, str], tuple[int, ...], WordTable, frozenset[str]]:
    """(prefix qualifier → bound, their lengths longest first, the nominal verbs, every character that can
    end a word read before a number: qualifier, filler or nominal verb)."""
    lex = lexicon()
    quals = WordTable(lex.prefix_qualifiers)
    verbs = WordTable(lex.nominal_verbs)
    return lex.prefix_qualifiers, quals.lengths, verbs, quals.last_chars | verbs.last_chars | _FILLERS


def prefix_qualifier(text: str, start: int, floor: int) -> tuple[str, str, int] | None:
    """The qualifier just before ``start`` (了 etc. may follow it): (word, bound, word start)."""
    quals, lengths, verbs, last_chars = _tables()
    pos = start
    for _ in range(3):
        lo = max(floor, pos - _WINDOW)
        if pos <= lo or text[pos - 1] not in last_chars:
            return None  # nothing before, or no qualifier, filler or verb ends there
        for k in lengths:  # the longest qualifier first
            word_start = pos - k
            if word_start >= lo:
                bound = quals.get(text[word_start:pos])
                if bound is not None and not _blocked(text, word_start, text[word_start:pos]):
                    return text[word_start:pos], bound, word_start
        if text[pos - 1] in _FILLERS:
            pos -= 1
        elif pos == start:
            # 最高可罚款5000元, 最多可补贴2000元: a verb naming the amount may stand between
            verb = verbs.longest_ending_at(text, pos, lo)
            if verb is None:
                return None
            pos -= len(verb)
        else:
            return None
    return None


def qualifier_chain(text: str, start: int, floor: int) -> list[tuple[str, str, int]]:
    """The qualifier words before ``start``, nearest first (至少要达到 → 达到, 至少)."""
    chain: list[tuple[str, str, int]] = []
    if start <= floor or text[start - 1] not in _tables()[3]:
        return chain  # the common case: no qualifier, filler or verb ends before the number
    pos = start
    for _ in range(3):
        found = prefix_qualifier(text, pos, floor)
        if found is None:
            break
        chain.append(found)
        pos = found[2] - (1 if text.endswith("要", floor, found[2]) else 0)
    return chain


def _blocked(text: str, word_start: int, word: str) -> bool:
    blockers = lexicon().prefix_blockers.get(word)
    return blockers is not None and text.endswith(blockers, 0, word_start)


def suffix_qualifier(text: str, end: int) -> tuple[str, str] | None:
    """The qualifier word right after ``end`` (以上, 左右 …): (word, bound)."""
    if text[end : end + 1] not in _suffix_first_chars():
        return None  # (the common case) no qualifier starts right after the number
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


@cache
def _suffix_first_chars() -> frozenset[str]:
    return frozenset(w[0] for w in lexicon().suffix_qualifiers)


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
