"""Language tag: ``<html lang>``/content-language meta, else simplified vs traditional character counts."""

from __future__ import annotations

import re
from functools import cache

from .resources import hanzi

_HANT_TAG_RE = re.compile(r"^zh[-_](?:hant|tw|hk|mo)", re.I)
_HANS_TAG_RE = re.compile(r"^zh(?:[-_](?:hans|cn|sg|my))?(?:[-_]|$)", re.I)
_TAG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$", re.I)
_SAMPLE = 8000
_HAN_RE = re.compile(r"[\u3400-\u9fff]")


@cache
def _char_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One character-class regex for the simplified-only and one for the traditional-only characters."""
    table = hanzi()
    return _char_class(table["simplified_only"]), _char_class(table["traditional_only"])


def _char_class(chars: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]")


def script_of(text: str) -> str | None:
    """``zh-Hant`` or ``zh-Hans`` by which script-specific characters dominate; None without Chinese."""
    simp, trad = _char_classes()
    sample = text[:_SAMPLE]
    n_trad = len(trad.findall(sample))
    if n_trad == 0:  # the common case: is there any simplified-only character at all?
        return "zh-Hans" if simp.search(sample) is not None else None
    # simplified-only characters are counted only until they reach n_trad
    for n_simp, _ in enumerate(simp.finditer(sample), start=1):
        if n_simp >= n_trad:
            return "zh-Hans"
    return "zh-Hant"


def pick_lang(declared: list[str | None], text: str) -> str:
    """Explicit zh-TW/HK/Hant wins; otherwise the characters decide between zh-Hans and zh-Hant;
    a non-Chinese page keeps its declared tag (``und`` when it declares none)."""
    tags = [t.strip() for t in declared if t and _TAG_RE.match(t.strip())]
    for tag in tags:
        if _HANT_TAG_RE.match(tag):
            return "zh-Hant"
    script = script_of(text)
    if script is not None:
        return script
    for tag in tags:
        if not _HANS_TAG_RE.match(tag):
            return tag
    if tags or _HAN_RE.search(text[:_SAMPLE]):
        return "zh-Hans"
    return "und"  # no Chinese and no declared language: undetermined (BCP 47)
