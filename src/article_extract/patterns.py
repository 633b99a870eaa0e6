"""Chinese portal patterns for the boilerplate stage, loaded once from ``data/boilerplate.json``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "boilerplate.json"


@dataclass(frozen=True)
class Patterns:
    """Compiled container tokens and line patterns (see ``data/boilerplate.json``)."""

    content_ids: frozenset[str]
    content_classes: frozenset[str]
    content_tags: frozenset[str]
    content_attrs: dict[str, str]
    noise_tags: frozenset[str]
    noise_class_id: re.Pattern[str]
    hidden_style: re.Pattern[str]
    drop_line: re.Pattern[str]
    drop_any: re.Pattern[str]
    stop_line: re.Pattern[str]
    credit_line: re.Pattern[str]


def _alternation(items: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in items), flags)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The boilerplate patterns, read and compiled on first use."""
    raw = json.loads(_DATA.read_text("utf-8"))
    return Patterns(
        content_ids=frozenset(s.lower() for s in raw["content_ids"]),
        content_classes=frozenset(s.lower() for s in raw["content_classes"]),
        content_tags=frozenset(raw["content_tags"]),
        content_attrs={k: v.lower() for k, v in raw["content_attrs"].items()},
        noise_tags=frozenset(raw["noise_tags"]),
        noise_class_id=_alternation([re.escape(s.lower()) for s in raw["noise_class_id_substrings"]]),
        hidden_style=re.compile(raw["hidden_style_pattern"], re.IGNORECASE),
        drop_line=_alternation(raw["drop_line_patterns"], re.IGNORECASE),
        drop_any=_alternation(raw["drop_any_patterns"], re.IGNORECASE),
        stop_line=_alternation(raw["stop_line_patterns"], re.IGNORECASE),
        credit_line=re.compile(raw["credit_line_pattern"]),
    )
