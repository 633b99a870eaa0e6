"""Word tables of the claims layer, loaded once from ``data/claims_lexicon.json``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources


class WordTable:
    """A set of words looked up where they end or start in a text: one set test per word length, longest
    first (instead of a test per word)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        if "" in self.words:
            raise ValueError("empty word")
        self.lengths = tuple(sorted({len(w) for w in self.words}, reverse=True))
        self.first_chars = frozenset(w[0] for w in self.words)
        self.last_chars = frozenset(w[-1] for w in self.words)

    def ending_at(self, text: str, end: int, lo: int = 0) -> Iterator[str]:
        """The words that ``text[lo:end]`` ends with, longest first."""
        for k in self.lengths:
            if end - k >= lo and text[end - k : end] in self.words:
                yield text[end - k : end]

    def longest_ending_at(self, text: str, end: int, lo: int = 0) -> str | None:
        """The longest word that ``text[lo:end]`` ends with (None if none)."""
        words = self.words
        for k in self.lengths:
            if end - k >= lo:
                word = text[end - k : end]
                if word in words:
                    return word
        return None

    def longest_starting_at(self, text: str, start: int) -> str | None:
        """The longest word that ``text[start:]`` starts with (None if none)."""
        words = self.words
        for k in self.lengths:
            word = text[start : start + k]
            if len(word) == k and word in words:
                return word
        return None


@dataclass(frozen=True)
class Lexicon:
    """The word tables, lists sorted longest first so that prefix/suffix scans find the longest word."""

    units: tuple[str, ...]
    per_units: tuple[str, ...]
    currencies: frozenset[str]
    duration_units: frozenset[str]
    date_units: frozenset[str]
    name_suffixes: frozenset[str]
    unit_blockers: dict[str, frozenset[str]]
    prefix_qualifiers: dict[str, str]  # longest first
    prefix_blockers: dict[str, tuple[str, ...]]
    fillers: tuple[str, ...]
    suffix_qualifiers: dict[str, str]
    suffix_blockers: dict[str, frozenset[str]]
    change_up: tuple[str, ...]
    change_down: tuple[str, ...]
    weak_change_verbs: frozenset[str]
    level_markers: frozenset[str]
    predicates: frozenset[str]
    existence_verbs: frozenset[str]
    list_joiners: frozenset[str]
    relative_times: tuple[str, ...]
    baseline_markers: tuple[str, ...]
    numeral_words: tuple[str, ...]
    numeral_words_re: re.Pattern[str]
    generic_heads: frozenset[str]
    nominal_verbs: frozenset[str]
    vague_prefixes: tuple[str, ...]
    time_of_day_prefixes: tuple[str, ...]
    # the same words as tuples, for one-call str.endswith / str.startswith tests
    nominal_verb_list: tuple[str, ...]  # in the iteration order of nominal_verbs
    prefix_qualifier_words: tuple[str, ...]
    suffix_qualifier_words: tuple[str, ...]
    numeral_word_pieces: frozenset[str]  # two-character pieces of numeral words (and one-character words)


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _longest_first_map(table: dict[str, str]) -> dict[str, str]:
    return {k: table[k] for k in _longest_first(list(table))}


def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words`` (in the given order); a leading class of first characters skips other positions."""
    first = re.escape("".join(sorted({w[0] for w in words})))
    return re.compile(f"(?=[{first}])(?:" + "|".join(map(re.escape, words)) + ")")


@cache
def lexicon() -> Lexicon:
    """The claims word tables (read from the package data on first use)."""
    raw = json.loads(
        resources.files("article_extract").joinpath("data/claims_lexicon.json").read_text("utf-8")
    )
    nominal_verbs = frozenset(raw["nominal_verbs"])
    prefix_qualifiers = _longest_first_map(raw["prefix_qualifiers"])
    suffix_qualifiers = _longest_first_map(raw["suffix_qualifiers"])
    return Lexicon(
        units=_longest_first(raw["units"]),
        per_units=_longest_first(raw["per_units"]),
        currencies=frozenset(raw["currencies"]),
        duration_units=frozenset(raw["duration_units"]),
        date_units=frozenset(raw["date_units"]),
        name_suffixes=frozenset(raw["name_suffixes"]),
        unit_blockers={k: frozenset(v) for k, v in raw["unit_blockers"].items()},
        prefix_qualifiers=prefix_qualifiers,
        prefix_blockers={k: tuple(v) for k, v in raw["prefix_blockers"].items()},
        fillers=_longest_first(raw["fillers"]),
        suffix_qualifiers=suffix_qualifiers,
        suffix_blockers={k: frozenset(v) for k, v in raw["suffix_blockers"].items()},
        change_up=_longest_first(raw["change_up"]),
        change_down=_longest_first(raw["change_down"]),
        weak_change_verbs=frozenset(raw["weak_change_verbs"]),
        level_markers=frozenset(raw["level_markers"]),
        predicates=frozenset(raw["predicates"]),
        existence_verbs=frozenset(raw["existence_verbs"]),
        list_joiners=frozenset(raw["list_joiners"]),
        relative_times=_longest_first(raw["relative_times"]),
        baseline_markers=_longest_first(raw["baseline_markers"]),
        numeral_words=_longest_first(raw["numeral_words"]),
        numeral_words_re=_words_re(_longest_first(raw["numeral_words"])),
        generic_heads=frozenset(raw["generic_heads"]),
        nominal_verbs=nominal_verbs,
        vague_prefixes=_longest_first(raw["vague_prefixes"]),
        time_of_day_prefixes=_longest_first(raw["time_of_day_prefixes"]),
        nominal_verb_list=tuple(nominal_verbs),
        prefix_qualifier_words=tuple(prefix_qualifiers),
        suffix_qualifier_words=tuple(suffix_qualifiers),
        numeral_word_pieces=frozenset(w[i : i + 2] for w in raw["numeral_words"] for i in range(len(w) - 1))
        | frozenset(w for w in raw["numeral_words"] if len(w) == 1),
    )
