"""A faster drop-in for ``jieba.Tokenizer.lcut(s, HMM=False)`` on the short windows the claims layer segments.

Same dictionary, same maximum-probability route, same tie-breaking, same splitting of non-Chinese runs,
so the words are identical to jieba's; the word log-probabilities are cached and the prefix graph (DAG)
is walked in the same backward pass as the route instead of being built as a dict of lists first.
"""

from __future__ import annotations

import re
from math import log
from typing import Any

# jieba's own block patterns (jieba.re_han_default / re_skip_default / re_eng)
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class FastCutter:
    """Dictionary-only (no HMM) segmentation with the dictionary of an initialized ``jieba.Tokenizer``."""

    def __init__(self, tokenizer: Any) -> None:
        tokenizer.check_initialized()
        self._freq: dict[str, int] = tokenizer.FREQ
        self._logtotal = log(tokenizer.total)
        self._cost: dict[str, float] = {}

    def clear_cache(self) -> None:
        """Forget the cached word costs."""
        self._cost.clear()

    def _word_cost(self, word: str) -> float:
        cost = self._cost.get(word)
        if cost is None:
            cost = log(self._freq.get(word) or 1) - self._logtotal
            self._cost[word] = cost
        return cost

    def _route(self, s: str) -> list[int]:
        """For each start, the end (exclusive) of the word that starts there on the best route."""
        n = len(s)
        freq_get, cost_get, word_cost = self._freq.get, self._cost.get, self._word_cost
        prob = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best_p = 0.0
            best_x = -1
            i = k
            frag = s[k]
            while i < n:
                f = freq_get(frag)
                if f is None:
                    break  # no dictionary word starts with frag
                if f:
                    c = cost_get(frag)
                    p = (word_cost(frag) if c is None else c) + prob[i + 1]
                    if best_x < 0 or p >= best_p:  # jieba takes max((p, x)): later x wins ties
                        best_p, best_x = p, i
                i += 1
                frag = s[k : i + 1]
            if best_x < 0:
                best_p, best_x = word_cost(s[k]) + prob[k + 1], k
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
