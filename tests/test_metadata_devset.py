"""Metadata accuracy on the development set: every ``shared/corpus/**/*.meta.json`` and the page it names.

Prints the accuracy per field and asserts floors a little below what the stage reaches (the same quality
is measured again on unseen pages, so rules are never aimed at single pages here).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from article_extract.boilerplate import extract_body
from article_extract.decode import decode_html
from article_extract.metadata import Metadata, extract_metadata
from article_extract.parse import parse_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIELDS = ("title", "published_at", "source", "authors", "editor", "category", "site_name")
#: Floors (fraction of pages right), a little below the measured figures.
FLOORS = {
    "title": 0.95,
    "published_at": 0.92,
    "source": 0.88,
    "authors": 0.85,
    "editor": 0.92,
    "category": 0.82,
    "site_name": 0.82,
}
_CHINA = timezone(timedelta(hours=8))


def _minute(value: str | None) -> str | None:
    """Compare times to the minute, as instants; a date-only value stays a date."""
    if not value or len(value) == 10:
        return value
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_CHINA)
    return moment.astimezone(_CHINA).strftime("%Y-%m-%dT%H:%M")


def _same(field: str, got: Any, want: Any) -> bool:
    if field == "published_at":
        return _minute(got) == _minute(want)
    if field in ("authors", "category"):
        return list(got) == list(want or [])
    return bool(got == want)


def _extract(path: Path) -> Metadata:
    decoded = decode_html(path.read_bytes())
    page = parse_html(decoded.text)
    return extract_metadata(page, extract_body(page))


@pytest.fixture(scope="module")
def results() -> dict[str, list[tuple[str, Any, Any]]]:
    gold_files = sorted(CORPUS.glob("**/*.meta.json")) if CORPUS.exists() else []
    if not gold_files:
        pytest.skip(f"development corpus not found at {CORPUS} (shared/ must sit beside the repository)")
    out: dict[str, list[tuple[str, Any, Any]]] = {f: [] for f in FIELDS}
    for gold_file in gold_files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        meta = _extract(CORPUS / gold["page"])
        for field in FIELDS:
            out[field].append((gold["page"], getattr(meta, field), gold["article"].get(field)))
    return out


def test_metadata_accuracy_per_field(
    results: dict[str, list[tuple[str, Any, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    report = []
    low = []
    for field in FIELDS:
        rows = results[field]
        right = sum(_same(field, got, want) for _, got, want in rows)
        share = right / len(rows)
        report.append(f"{field:13s} {right:3d}/{len(rows)} = {share:6.1%} (floor {FLOORS[field]:.0%})")
        if share < FLOORS[field]:
            misses = [
                f"  {page}: got {got!r}, want {want!r}"
                for page, got, want in rows
                if not _same(field, got, want)
            ]
            low.append(f"{field} below floor:\n" + "\n".join(misses))
    with capsys.disabled():  # the figures are the point of this test: always show them
        print("\nmetadata accuracy on the development set\n" + "\n".join(report))
    assert not low, "\n".join(low)
