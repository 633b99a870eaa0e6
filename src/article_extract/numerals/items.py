"""The mutable match record used while scanning, and its unit/kind helpers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import UNITS
from .match import NumberMatch


@dataclass(slots=True)
class Item:
    """A match under construction (offsets index the normalized text, which has the same length)."""

    start: int
    end: int
    value: float
    kind: str = "number"
    unit: str = ""
    value_max: float | None = None
    approx: bool = False
    modifier: str = ""
    scale: float = 1.0  # trailing 万/亿 multiplier
    base: float = 0.0  # value before that multiplier
    body_end: int = 0  # end of the digits themselves (before modifiers and units)
    pct_form: bool = False  # written as 百分之…

    def to_match(self, text: str) -> NumberMatch:
        """The public record, with ``text`` sliced from the original input."""
        return NumberMatch(
            text=text[self.start : self.end],
            start=self.start,
            end=self.end,
            value=self.value,
            value_max=self.value_max,
            unit=self.unit,
            kind=self.kind,
            approx=self.approx,
            modifier=self.modifier,
        )


@lru_cache(maxsize=1024)
def kind_for_unit(unit: str) -> str:
    """Kind implied by a unit: percent, money, multiple, ordinal (labels: 十八号) or number."""
    category = UNITS.get(unit, "")
    if unit == "%" or category == "points":
        return "percent"
    if category == "currency" or unit == "元":
        return "money"
    if category == "multiple":
        return "multiple"
    if category == "label":
        return "ordinal"
    return "number"
