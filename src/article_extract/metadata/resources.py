"""Word lists and keys for the metadata stage, loaded once from ``data/metadata_*.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("article_extract").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def rules() -> dict[str, Any]:
    """The metadata rules table (labels, role words, meta keys, breadcrumb selectors …)."""
    return _load("metadata_rules.json")


@cache
def words(key: str) -> tuple[str, ...]:
    """One word list from the rules table, as a tuple (built once per key)."""
    return tuple(rules()[key])


def hanzi() -> dict[str, Any]:
    """Simplified-only and traditional-only character strings."""
    return _load("metadata_hanzi.json")
