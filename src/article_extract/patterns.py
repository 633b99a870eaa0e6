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
    """Compiled selectors and line patterns (see ``data/boilerplate.json``)."""

    content_selector: str
    noise_selector: str
    hidden_selector: str
    drop_line: re.Pattern[str]
    drop_any: re.Pattern[str]
    stop_line: re.Pattern[str]
    credit_line: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The boilerplate patterns, read and compiled on first use."""
    raw = json.loads(_DATA.read_text("utf-8"))
    return Patterns(
        content_selector=", ".join(raw["content_selectors"]),
        noise_selector=", ".join(raw["noise_selectors"]),
        hidden_selector=", ".join(raw["hidden_selectors"]),
        drop_line=re.compile("|".join(f"(?:{p})" for p in raw["drop_line_patterns"]), re.IGNORECASE),
        drop_any=re.compile("|".join(f"(?:{p})" for p in raw["drop_any_patterns"]), re.IGNORECASE),
        stop_line=re.compile("|".join(f"(?:{p})" for p in raw["stop_line_patterns"]), re.IGNORECASE),
        credit_line=re.compile(raw["credit_line_pattern"]),
    )
