"""Sentence and clause spans of a text (offsets into the text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# the first character is consumed by a plain class (a pattern that starts so is scanned by the regex engine's
# fast loop), the rest of each form is told apart by looking back at it
_SENTENCE_END = re.compile(r"[。！？!?\n](?:(?<=\n)\n*|[。！？!?]*[”’」』）)]*)")
# ，；： and, in headlines, a space between two Chinese phrases (网民规模达11.25亿人 互联网普及率突破80%)
_CLAUSE_SEP = re.compile(
    r"[，；;：,: \t\u3000]"
    r"(?:(?<=[，；;：])|(?<=,)(?!\d{3}(?!\d))|(?<=:)(?!\d)"
    r"|(?<=[\u4e00-\u9fff%％”][ \t\u3000])[ \t\u3000]*(?=[\u4e00-\u9fff“]))"
)


class Span(NamedTuple):
    """``text[start:end]`` (a named tuple: made for every sentence and clause, cheap to build)."""

    start: int
    end: int


# Span(a, b) runs the named tuple's Python-level __new__; tuple.__new__ builds the same object directly
_new_tuple = tuple.__new__


def sentence_spans(text: str) -> list[Span]:
    """Sentences: split after 。！？ (with closing quotes) and at line breaks; blank pieces dropped."""
    spans = (trim(text, start, end) for start, end in sentence_ranges(text))
    return [span for span in spans if span is not None]


def sentence_ranges(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence before trimming (lazily: callers may stop early or skip pieces)."""
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        yield pos, (m.end() if text[m.start()] != "\n" else m.start())
        pos = m.end()
    yield pos, len(text)


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the sentences before trimming, as :func:`sentence_ranges` gives them, in two lists
    (one regex pass; a caller can bisect its way to the sentences that hold numbers)."""
    starts = [0]
    ends: list[int] = []
    for m in _SENTENCE_END.finditer(text):
        ends.append(m.end() if text[m.start()] != "\n" else m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def clause_spans(text: str, sentence: Span) -> list[Span]:
    """Clauses of one sentence, split at ，；： (separators excluded)."""
    spans: list[Span] = []
    pos = sentence.start
    for m in _CLAUSE_SEP.finditer(text, sentence.start, sentence.end):
        sep = m.start()
        if sep > pos:
            spans.append(_new_tuple(Span, (pos, sep)))
        pos = m.end()
    if sentence.end > pos:
        spans.append(_new_tuple(Span, (pos, sentence.end)))
    return spans


def trim(text: str, start: int, end: int) -> Span | None:
    """``text[start:end]`` without surrounding white space; None when nothing else is left."""
    piece = text[start:end]
    body = piece.lstrip()
    if not body:
        return None
    start += len(piece) - len(body)
    return _new_tuple(Span, (start, start + len(body.rstrip())))
