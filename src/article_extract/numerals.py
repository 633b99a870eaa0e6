"""Numeral layer: find numeric expressions in Chinese text. (Stub.)"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class NumberMatch:
    """One numeric expression: span, normalized value and kind."""

    text: str
    start: int
    end: int
    value: float
    value_max: float | None = None
    unit: str = ""
    kind: str = "number"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def find_numbers(text: str) -> list[NumberMatch]:
    """Every numeric expression in ``text`` in order of position."""
    return [
        NumberMatch(m.group(), m.start(), m.end(), float(m.group()))
        for m in re.finditer(r"\d+(?:\.\d+)?", text)
    ]
