"""A faster drop-in for ``jieba.Tokenizer.lcut(s, HMM=False)`` on the short windows the claims layer segments.

Same dictionary, same maximum-probability route, same tie-breaking, same splitting of non-Chinese runs,
so the words are identical to jieba's; the word log-probabilities are cached and the prefix graph (DAG)
is walked in the same backward pass as the route instead of being built as a dict of lists first.
"""

from __future__ import annotations

import re
from math import log

# jieba's own block patterns (jieba.re_han_default / re_skip_default / re_eng)
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_PREFIX = float("inf")  # table marks (word costs are finite)
_ABSENT = float("-inf")
_TABLE_LIMIT = 1_000_000
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class FastCutter:
    """Dictionary-only (no HMM) segmentation with the dictionary of a ``jieba.Tokenizer``: its ``FREQ``
    (word → frequency, 0 for prefixes of longer words) and ``total``."""

    def __init__(self, freq: dict[str, int], total: int) -> None:
        self._freq = freq
        self._logtotal = log(total)
        # fragment → its word cost, _PREFIX (only the start of longer words) or _ABSENT; filled on demand
        self._table: dict[str, float] = {}

    def clear_cache(self) -> None:
        """Forget the word costs looked up so far."""
        self._table.clear()

    def _lookup(self, frag: str) -> float:
        """Fill the table entry of ``frag`` from the dictionary."""
        if len(self._table) >= _TABLE_LIMIT:
            self._table.clear()  # bounded memory on endless input
        f = self._freq.get(frag)
        value = _ABSENT if f is None else _PREFIX if f == 0 else log(f) - self._logtotal
        self._table[frag] = value
        return value

    def _route(self, s: str) -> list[int]:
        """For each start, the end (exclusive) of the word that starts there on the best route."""
        n = len(s)
        get, lookup = self._table.get, self._lookup
        lone = -self._logtotal  # jieba's cost of a character that is no word: log(1) - log(total)
        prob = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best_p = 0.0
            best_x = -1
            i = k
            frag = s[k]
            while i < n:
                c = get(frag)
                if c is None:
                    c = lookup(frag)
                if c == _ABSENT:
                    break  # no dictionary word starts with frag
                if c != _PREFIX:
                    p = c + prob[i + 1]
                    if best_x < 0 or p >= best_p:  # jieba takes max((p, x)): later x wins ties
                        best_p, best_x = p, i
                i += 1
                frag = s[k : i + 1]
            if best_x < 0:
                best_p, best_x = lone + prob[k + 1], k
            prob[k] = best_p
            end[k] = best_x + 1
        return end

    def _cut_block(self, s: str, out: list[str]) -> None:
        end = self._route(s)
        n = len(s)
        x = 0
        buf = ""
        while x < n:
            y = end[x]
            if y - x == 1 and s[x] in _ENG:
                buf += s[x]
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(s[x:y])
            x = y
        if buf:
            out.append(buf)

    def lcut(self, sentence: str) -> list[str]:
        """The words of ``sentence``, as ``jieba.Tokenizer.lcut(sentence, HMM=False)`` gives them."""
        out: list[str] = []
        for blk in _HAN.split(sentence):
            if not blk:
                continue
            if _HAN.match(blk):
                self._cut_block(blk, out)
            else:
                for x in _SKIP.split(blk):
                    if _SKIP.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out
