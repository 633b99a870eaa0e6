"""The subject of a claim: the noun phrase the number is about, found with jieba part-of-speech tags.

Only the clause around a number is segmented. Left of the number the predicate (达, 增长, 超 …) is skipped and
the noun phrase before it is taken (网民规模达…, 已建成5G基站…); when there is none, or the number modifies
what follows (95%的行政村, 30人的代表团, 330个城市), the noun phrase right of the number is taken.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from .dictionary import load_dictionary
from .lexicon import lexicon
from .segmenter import FastCutter

_lock = threading.Lock()
_ready = False
_tags: dict[str, str] = {}
_tokenizer: FastCutter | None = None
_NUMERIC = re.compile(r"[0-9.%]+")
_NOUN_SUFFIXES = set("数量额率值价费")  # 用户数, 成交量 …
_FUNCTION_FIRST = set("已将都也还再又就才正被把对向在从为是有均皆仍并而且则即")
_CN_NUMERALS = set("零〇一二两三四五六七八九十百千万亿")

_NOUN_FLAGS = ("n", "vn", "an", "eng", "j", "nz", "l", "b", "s", "nr", "ns", "nt", "ng", "zg")
_QUOTES_OPEN = "“《「『\"'"
_QUOTES_CLOSE = "”》」』\"'"
_QUOTES = _QUOTES_OPEN + _QUOTES_CLOSE
_NP_JOIN = {"、", "及", "和", "与"}
_TAIL_FLAGS = ("d", "p", "u", "t", "c", "r", "f")
_LEFT_WINDOW = 28
_ADVERBIAL_ENDS = {"后", "以后", "之后", "之前", "期间", "以来"}
_TIME_CHARS = set("年月日季期时天周")
_TIME_NOUNS = {
    "月份",
    "年度",
    "季度",
    "年底",
    "年末",
    "月底",
    "月末",
    "上半年",
    "下半年",
    "全年",
    "当年",
    "同期",
    "年初",
}
_QUOTE_MARKS = re.compile("[“《「『”》」』]")
_LEADING_LIST = re.compile(r"^(?:[和、及与或]\s*[0-9.]+\s*[%％])+")
_LEADING_QUANTITY = re.compile(r"^[0-9.]+[年月天个岁]*(?:(?:到|至|-|—|~|～)[0-9.]+[年月天个岁]*)?的?")


def _tagger() -> tuple[FastCutter, dict[str, str]]:
    """A segmenter over jieba's dictionary with the claims user dictionary (loaded once; jieba's global
    tokenizer is left untouched) and the word → part-of-speech table."""
    global _ready, _tokenizer
    if not _ready:
        with _lock:
            if not _ready:
                dictionary = load_dictionary()
                _tags.update(dictionary.tags)
                _tokenizer = FastCutter(dictionary.freq, dictionary.total)
                _ready = True
    assert _tokenizer is not None
    return _tokenizer, _tags


@lru_cache(maxsize=4096)
def _guess_flag(word: str) -> str:
    """The tag of a word missing from the tag table (unknown words repeat: cached)."""
    if word.isspace():
        return "x"
    if _NUMERIC.fullmatch(word) or any(ch in _CN_NUMERALS for ch in word):
        return "m"  # 八降 (a new word glued to a numeral) is no noun
    if word.isascii():
        return "eng" if word.isalpha() else "x"
    if word[0] in _FUNCTION_FIRST:
        return "d"  # 已通, 将达, 均为: a new word that starts with an adverb or preposition
    return "n" if all("\u4e00" <= ch <= "\u9fff" for ch in word) else "x"


@lru_cache(maxsize=4096)
def segment(s: str) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs of ``s``: jieba's dictionary segmentation plus its tag table.

    No HMM: unknown words stay split and are tagged by guess; on the development set this is both
    faster and slightly better than jieba.posseg, whose tagging HMM dominated the claim stage's time.
    """
    cutter, tags = _tagger()
    out: list[tuple[str, str]] = []
    for w in cutter.lcut(s):
        flag = tags.get(w)
        if flag is None and len(w) > 1 and w[-1] in _FUNCTION_FIRST and w[0] not in _FUNCTION_FIRST:
            head = w[:-1]  # 数已 (用户数已突破), 预将: split off the adverb
            head_flag = _guess_flag(head) if len(head) > 1 else ("n" if head in _NOUN_SUFFIXES else "d")
            out += [(head, head_flag), (w[-1], "d")]
        else:
            out.append((w, flag or _guess_flag(w)))
    return tuple(out)


def _is_nounish(word: str, flag: str) -> bool:
    if word in _TIME_NOUNS:
        return False
    if flag == "t":
        return word not in lexicon().relative_times and not _TIME_CHARS & set(word)
    return flag.startswith(_NOUN_FLAGS) or word[:1] in _QUOTES_OPEN or word[:1] in _QUOTES_CLOSE


@lru_cache(maxsize=1)
def _change_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every change verb, the two-character ones) of the lexicon."""
    lex = lexicon()
    words = lex.change_up + lex.change_down
    return frozenset(words), tuple(v for v in words if len(v) == 2)


def _is_tail(word: str, flag: str) -> bool:
    lex = lexicon()
    changes, two_char_changes = _change_words()
    if word in lex.predicates or word in changes:
        return True
    if word in lex.prefix_qualifiers:
        return True
    if len(word) > 2 and word.endswith(two_char_changes):
        return True  # 大幅提高, 同比增长
    if flag == "uj" or word == "的":
        return False
    if word in _TIME_NOUNS:
        return True
    if flag == "t" and word not in lex.relative_times and not _TIME_CHARS & set(word):
        return False  # 现代 (the carmaker) is tagged as a time word
    if flag.startswith(_TAIL_FLAGS) and word not in _QUOTES:
        return True
    if flag == "m" and any(ch in word for ch in "年月日底末"):
        return True
    if flag in ("mq", "q") or (word.startswith("每") and len(word) > 1):
        return True  # 一度, 每平方米: adverbial measure words before the number
    return word.isspace()


_BASELINE_WORDS = {"比", "较", "与", "同", "相比", "比上年", "较上年", "对比", "相较", "比去年", "较去年"}


def _is_baseline(word: str) -> bool:
    """比, 较, 比上年, 较前 …: the start of a comparison base."""
    return word in _BASELINE_WORDS or (word[:1] in ("较", "比") and 1 < len(word) <= 3 and word != "比重")


def _skip_tail(toks: list[tuple[str, str]], i: int) -> tuple[int, str | None]:
    """Skip the predicate before the number; returns the new index and the predicate verb skipped, if any."""
    verb: str | None = None
    while i >= 0:
        word, flag = toks[i]
        if word in ("）", ")"):  # 受访儿童（13-15岁）共占: skip the bracketed remark
            while i >= 0 and toks[i][0] not in ("（", "("):
                i -= 1
            i -= 1
        elif word in _ADVERBIAL_ENDS:
            return (
                -2,
                None,
            )  # 扣除特殊因素影响后可比增长1.3%: what precedes 后 is a condition, not the subject
        elif _is_tail(word, flag) or (flag == "m" and i + 1 < len(toks) and _is_tail(*toks[i + 1])):
            i -= 1
        elif word in lexicon().existence_verbs:
            return -2, (word + verb if verb else None)  # 新增就业12.6万人: the verb phrase names the count
        elif flag in ("v", "vd", "vi") and verb is None:
            verb = word  # the predicate itself: 集中在, 覆盖, 维持在
            i -= 1
        elif word in ("的", "之") and verb is None and i > 0:
            # 调整为现行标准的80%, 是五年前的3.5倍: skip the phrase before 的; the subject precedes the verb
            de = i
            i -= 1
            while (
                i >= 0
                and toks[i][0] not in lexicon().predicates
                and (_is_nounish(*toks[i]) or toks[i][1][:1] in ("a", "b", "v", "m", "t", "f", "q", "x", "d"))
            ):
                i -= 1
            chunk = toks[i + 1 : de]
            timely = all(f[:1] in ("m", "t") or _TIME_CHARS & set(w) for w, f in chunk)
            if (i < 0 or toks[i][1] in ("x", "p", "c")) and chunk and not timely:
                # 外出务工的就有230人, 表示“没有”的占30.4%: the phrase before 的 names the group counted
                return -2, "".join(w for w, _ in chunk)
        else:
            break
    return i, verb


def _pick_np(toks: list[tuple[str, str]], i: int) -> tuple[list[str], int]:
    picked: list[str] = []
    lex = lexicon()
    if i > 0 and toks[i][1] == "a" and _is_nounish(*toks[i - 1]) and toks[i][0] not in lex.predicates:
        picked.append(toks[i][0])  # 家庭美满: a noun with its predicate adjective
        i -= 1
    while i >= 0:
        word, flag = toks[i]
        nxt_ascii = bool(picked) and picked[0][:1].isascii() and picked[0][:1].isalpha()
        before_nounish = i > 0 and _is_nounish(*toks[i - 1])
        if (flag == "m" and not (nxt_ascii and word.isdigit())) or "分之" in word:
            break  # an earlier number ends the phrase (从千分之三降至…)
        if (
            _is_nounish(word, flag)
            or (word in ("的", "之") and picked and before_nounish)
            or (word in _NP_JOIN and picked and i > 0 and toks[i - 1][0] not in lex.predicates)
        ):
            picked.insert(0, word)
        elif picked and picked[0] == "、" and word not in lex.predicates and flag[:1] in ("v", "a"):
            picked.insert(0, word)  # 居住、交通通信价格
        elif (flag == "a" and picked) or (flag == "m" and nxt_ascii and word.isdigit()):
            picked.insert(0, word)
        elif flag == "f" and len(word) == 1 and picked and before_nounish:
            picked.insert(0, word)  # 预期中值
        elif (
            flag.startswith("v")
            and picked
            and before_nounish
            and len(word) == 2
            and word not in lex.predicates
            and word not in lex.existence_verbs
        ):
            picked.insert(0, word)  # noun + verb + noun compounds: 装机累计容量, 5G演进网络
        else:
            break
        i -= 1
    return picked, i


@lru_cache(maxsize=4096)
def left_subject(segment_text: str) -> tuple[str | None, str | None]:
    """(noun phrase ending just before the predicate at the end of ``segment_text``, the predicate verb)."""
    if len(segment_text) > _LEFT_WINDOW:  # noun phrases are short: segment only the end of a long clause
        cut = len(segment_text) - _LEFT_WINDOW
        stops = [segment_text.rfind(ch, 0, cut + 6) for ch in "的在是为"]
        segment_text = segment_text[max([cut, *[p + 1 for p in stops if p >= cut - 6]]) :]
    toks = list(segment(segment_text)) if segment_text else []
    i, verb = _skip_tail(toks, len(toks) - 1)
    if i == -2:
        return None, verb
    for _ in range(3):
        picked, j = _pick_np(toks, i)
        k = j
        while (
            k >= 0
            and not _is_baseline(toks[k][0])
            and (toks[k][1][:1] in ("t", "m", "r", "f", "v") or toks[k][0] in lexicon().relative_times)
        ):
            k -= 1  # 比上年同期, 比穿传统鞋: the comparison base between 比 and the predicate
        if k >= 0 and _is_baseline(toks[k][0]):
            j = k
        if j >= 0 and _is_baseline(toks[j][0]):
            i, verb2 = _skip_tail(toks, j - 1)  # 比上年同期上涨: the phrase after 比 is the comparison base
            verb = verb or verb2
            if i == -2:
                return None, None
            continue
        np = clean(picked)
        lex = lexicon()
        if verb in lex.nominal_verbs:
            return verb, None  # 首付13万元, 起价4880元: the verb names the amount
        changey = verb is not None and (
            any(v in verb for v in lex.change_up + lex.change_down if len(v) == 2)
            or verb[-1] in "增减升降涨跌"
        )
        return np, (verb if verb and len(verb) >= 2 and not np and not changey else None)
    return None, None


@lru_cache(maxsize=4096)
def right_subject(segment_text: str) -> str | None:
    """The noun phrase starting right after the number (的 and parenthetical remarks skipped)."""
    s = segment_text.lstrip()
    while s[:1] in "（(":
        close = min((p for p in (s.find("）"), s.find(")")) if p != -1), default=-1)
        if close == -1:
            break
        s = s[close + 1 :].lstrip()
    for word in ("左右", "以上", "以下", "上下", "的"):
        if s.startswith(word):
            s = s[len(word) :]
    s = _LEADING_QUANTITY.sub("", _LEADING_LIST.sub("", s))
    picked: list[str] = []
    preds = lexicon().predicates
    if not s or s[0] in "，,。；;：:、！？!?）)”’—-…":
        return None  # punctuation right after the number: no noun phrase there
    toks = list(segment(s[:14]))
    for k, (word, flag) in enumerate(toks):
        if word in preds and picked:
            break
        nxt_noun = k + 1 < len(toks) and toks[k + 1][1].startswith("n")
        if not picked and flag[:1] in ("v", "d", "a", "b") and nxt_noun and word not in preds:
            picked.append(word)  # 受访企业, 入驻企业
            continue
        if (
            _is_nounish(word, flag)
            or (flag == "a" and not picked)
            or (word == "的" and picked)
            or (word in ("和", "与", "及", "、") and picked)
        ):
            picked.append(word)
        else:
            break
    while picked and picked[-1] == "的":
        picked.pop()
    return clean(picked, min_len=1)


def clean(words: list[str], min_len: int = 2) -> str | None:
    """Join picked words, trimming joiners, unbalanced quotes and one-character results."""
    while words and (words[0] in _NP_JOIN or words[0] in ("的", "之") or words[0] in _QUOTES_CLOSE):
        words = words[1:]
    while words and (words[-1] in _NP_JOIN or words[-1] in ("的", "之") or words[-1] in _QUOTES_OPEN):
        words = words[:-1]
    s = "".join(words).strip()
    if _QUOTE_MARKS.search(s) is not None and _unbalanced(s):  # (most phrases hold no quotation mark)
        s = s.strip("“”《》「」『』")
    return s if len(s) >= min_len else None


def _unbalanced(s: str) -> bool:
    """Whether ``s`` opens more or fewer quotations and titles than it closes."""
    return sum(s.count(q) for q in "“《「『") != sum(s.count(q) for q in "”》」』")


def clear_caches(dictionary: bool = False) -> None:
    """Forget cached segmentations and subjects (for cold-cache timings; results never change).

    The segmenter's table of dictionary word costs (a lazily built index of jieba's dictionary, not of any
    text) is kept unless ``dictionary`` is true.
    """
    segment.cache_clear()
    _guess_flag.cache_clear()
    left_subject.cache_clear()
    right_subject.cache_clear()
    if dictionary and _tokenizer is not None:
        _tokenizer.clear_cache()
