"""Chinese portal patterns for the boilerplate stage, loaded once from ``data/boilerplate.json``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "boilerplate.json"


class LinePattern:
    """Whether any of several regular expressions occurs in a line, tested fast.

    The expressions are split into their top-level alternatives (a whole-group alternative into
    its members). Those anchored with ``^`` are joined into one pattern tried only at the line
    start (``match``); Python's ``re`` would otherwise try each of them at every position. The
    others are searched: ``re`` skips ahead to where a pattern can start only when it knows the
    pattern's first characters, so the alternatives that start with a literal and hold no letters
    (``re.IGNORECASE`` would hide their first characters) are joined into one pattern, every other
    caseless alternative is searched on its own, and the cased ones are joined into one. The answer
    is the same as searching the plain alternation.

    A search that ``re`` cannot start fast gets a gate, a cheap necessary condition tried first: a
    character class of the characters its alternatives can start with (compiled with the same flags,
    so case-insensitive letters match alike), else a literal it must contain.
    """

    __slots__ = ("_matches", "_searches")

    def __init__(self, items: list[str], flags: int = 0) -> None:
        branches = [b for item in items for b in _alternatives(item)]
        anchored = [b[1:] for b in branches if b.startswith("^")]
        floating = [b for b in branches if not b.startswith("^")]
        literal = [b for b in floating if not _cased(b) and b[:1] not in _META]
        caseless = [b for b in floating if not _cased(b) and b[:1] in _META]
        cased = [b for b in floating if _cased(b)]
        plain = flags & ~re.IGNORECASE
        # anchored alternatives whose first characters are known, behind a gate on the first character
        gated = [b for b in anchored if _first_chars(b) is not None]
        rest = [b for b in anchored if _first_chars(b) is None]
        matches = [(_gate(gated, flags), _alternation(gated, flags))] if gated else []
        matches += [(None, _alternation(rest, flags))] if rest else []
        self._matches = tuple((gate and gate.match, pattern.match) for gate, pattern in matches)
        searches: list[tuple[re.Pattern[str] | None, re.Pattern[str]]] = []
        searches += [(None, _alternation(literal, plain))] if literal else []
        searches += [(_gate([b], plain), re.compile(b, plain)) for b in caseless]
        searches += [(_gate(cased, flags), _alternation(cased, flags))] if cased else []
        self._searches = tuple((gate and gate.search, pattern.search) for gate, pattern in searches)

    def found(self, text: str) -> bool:
        """Whether one of the expressions matches somewhere in ``text``."""
        for gate, match in self._matches:
            if (gate is None or gate(text) is not None) and match(text) is not None:
                return True
        for gate, search in self._searches:
            if (gate is None or gate(text) is not None) and search(text) is not None:
                return True
        return False


#: Characters that make a pattern start with something other than a literal character.
_META = frozenset("([.\\^$*+?{|")

#: Escapes whose meaning ``re.IGNORECASE`` does not change (digit, space, word classes, boundaries).
_CASELESS_ESCAPES = re.compile(r"\\[dDsSwWbB]")


def _cased(pattern: str) -> bool:
    """Whether ``re.IGNORECASE`` may change what ``pattern`` matches (it holds letters or other escapes)."""
    rest = _CASELESS_ESCAPES.sub("", pattern)
    return "\\" in rest or rest.lower() != rest.upper()


def _gate(branches: list[str], flags: int) -> re.Pattern[str] | None:
    """A pattern that finds something in every text where one of ``branches`` matches (compiled with
    the same flags, so letters match in the same cases): the class of their first characters when
    none is a letter, else the longest caseless literal the one branch needs, else that class;
    ``None`` if neither is known."""
    firsts: set[str] | None = set()
    for branch in branches:
        chars = _first_chars(branch)
        if chars is None or firsts is None:
            firsts = None
            break
        firsts |= chars
    firsts_gate = (
        re.compile("[" + "".join(re.escape(c) for c in sorted(firsts)) + "]", flags) if firsts else None
    )
    if firsts and not any(_cased(c) for c in firsts):
        return firsts_gate
    literal = _required_literal(branches[0]) if len(branches) == 1 else ""
    return re.compile(re.escape(literal), flags) if literal else firsts_gate


#: Characters that make the character after them optional or repeated from zero.
_OPTIONAL = frozenset("?*{")


def _first_chars(branch: str) -> set[str] | None:
    """The characters a match of ``branch`` can start with (as written; ``re`` adds other cases), when
    it starts with a literal character or a group of such alternatives; else ``None``."""
    if branch.startswith("("):
        close = _group_end(branch)
        if close is None or branch[close + 1 : close + 2] in _OPTIONAL:
            return None
        if branch.startswith("(?") and not branch.startswith("(?:"):
            return None  # a look-around or flag group
        inner = branch[3:close] if branch.startswith("(?:") else branch[1:close]
        out: set[str] = set()
        for member in _top_level_branches(inner):
            chars = _first_chars(member)
            if chars is None:
                return None
            out |= chars
        return out
    if branch.startswith("\\"):  # an escaped punctuation character stands for itself
        first, rest = branch[1:2], branch[2:]
        if not first or first.isalnum():
            return None
    else:
        first, rest = branch[:1], branch[1:]
        if not first or first in _META or first == ")":
            return None
    return None if rest[:1] in _OPTIONAL else {first}


def _group_end(branch: str) -> int | None:
    """Index of the ``)`` that closes the group ``branch`` starts with."""
    depth = 0
    for i, ch in _structure(branch):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _required_literal(branch: str) -> str:
    """The longest run of caseless plain characters ``branch`` matches as written outside any group,
    class, escape or quantifier (``""`` if none): every match contains it."""
    best, run, depth, i = "", "", 0, 0
    while i < len(branch):
        ch = branch[i]
        optional = branch[i + 1 : i + 2] in _OPTIONAL or branch[i + 1 : i + 2] == "+"
        if depth == 0 and ch not in _META and ch not in ")]" and not optional and not _cased(ch):
            run += ch
            best = max(best, run, key=len)
            i += 1
            continue
        run = ""
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(branch, i) + 1
            continue
        if ch == "{":  # a quantifier's bounds
            i = branch.find("}", i) + 1 or len(branch)
            continue
        depth += ch == "("
        depth -= ch == ")"
        i += 1
    return best


def _class_end(pattern: str, start: int) -> int:
    """Index of the ``]`` closing the character class that opens at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


def _alternatives(pattern: str) -> list[str]:
    """``pattern`` split into alternatives at its top-level ``|``; an alternative that is one whole
    group, ``(a|b)``, is split further (the data uses no back-references, so groups can go)."""
    out: list[str] = []
    for branch in _top_level_branches(pattern):
        if _is_one_group(branch):
            inner = branch[3:-1] if branch.startswith("(?:") else branch[1:-1]
            out.extend(_alternatives(inner))
        else:
            out.append(branch)
    return out


def _structure(pattern: str) -> Iterator[tuple[int, str]]:
    """Positions of the ``(``, ``)`` and ``|`` that structure ``pattern`` (not escaped, not in a class)."""
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # a leading ] is a literal member
        elif ch in "()|":
            yield i, ch
        i += 1


def _top_level_branches(pattern: str) -> list[str]:
    """``pattern`` split at its ``|`` outside groups and character classes."""
    branches: list[str] = []
    depth, start = 0, 0
    for i, ch in _structure(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
    branches.append(pattern[start:])
    return branches


def _is_one_group(branch: str) -> bool:
    """Whether ``branch`` is a single plain or non-capturing group, ``(...)``, with no quantifier."""
    if not branch.startswith("(") or (branch.startswith("(?") and not branch.startswith("(?:")):
        return False
    return _group_end(branch) == len(branch) - 1


@dataclass(frozen=True)
class Patterns:
    """Compiled container tokens and line patterns (see ``data/boilerplate.json``)."""

    content_ids: frozenset[str]
    content_classes: frozenset[str]
    content_tags: frozenset[str]
    content_attrs: dict[str, str]
    #: Attribute names that can set a flag beyond class and id (content attributes, hiding).
    flag_attrs: frozenset[str]
    noise_tags: frozenset[str]
    noise_class_id: re.Pattern[str]
    hidden_style: re.Pattern[str]
    drop_line: LinePattern
    drop_any: LinePattern
    #: ``drop_line`` and ``drop_any`` in one, for short lines (where both apply).
    drop_short: LinePattern
    stop_line: LinePattern
    credit_line: re.Pattern[str]


def _alternation(items: list[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern matching any of ``items``; a top-level alternative needs no group around it, and
    without groups ``re`` sees the literal first characters it can skip ahead to."""
    return re.compile("|".join(p if _top_level_branches(p) == [p] else f"(?:{p})" for p in items), flags)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The boilerplate patterns, read and compiled on first use."""
    raw = json.loads(_DATA.read_text("utf-8"))
    return Patterns(
        content_ids=frozenset(s.lower() for s in raw["content_ids"]),
        content_classes=frozenset(s.lower() for s in raw["content_classes"]),
        content_tags=frozenset(raw["content_tags"]),
        content_attrs={k: v.lower() for k, v in raw["content_attrs"].items()},
        flag_attrs=frozenset([*raw["content_attrs"], "style", "hidden"]),
        noise_tags=frozenset(raw["noise_tags"]),
        noise_class_id=_alternation([re.escape(s.lower()) for s in raw["noise_class_id_substrings"]]),
        hidden_style=re.compile(raw["hidden_style_pattern"], re.IGNORECASE),
        drop_line=LinePattern(raw["drop_line_patterns"], re.IGNORECASE),
        drop_any=LinePattern(raw["drop_any_patterns"], re.IGNORECASE),
        drop_short=LinePattern(raw["drop_line_patterns"] + raw["drop_any_patterns"], re.IGNORECASE),
        stop_line=LinePattern(raw["stop_line_patterns"], re.IGNORECASE),
        credit_line=re.compile(raw["credit_line_pattern"]),
    )
