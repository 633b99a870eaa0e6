"""The :class:`NumberMatch` record produced by :func:`find_numbers`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class NumberMatch:
    """One numeric expression: span in the input, normalized value, unit and kind.

    ``approx`` is true for 多/余/几/左右/上下 forms and ``modifier`` holds that word.
    """

    text: str
    start: int
    end: int
    value: float
    value_max: float | None = None
    unit: str = ""
    kind: str = "number"
    approx: bool = False
    modifier: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The match as a plain JSON-ready dict."""
        return asdict(self)
