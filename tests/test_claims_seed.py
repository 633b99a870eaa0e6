"""The seed article: all 22 body claims, claim by claim (value, unit, subject, bound), nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from article_extract.claims import extract_claims
from article_extract.claims.scoring import seed_body, subject_ok, unit_ok, value_ok

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed"

pytestmark = pytest.mark.skipif(not SEED.is_dir(), reason=f"shared seed material not found at {SEED}")


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[dict]]:
    body = seed_body((SEED / "yjzk-cnnic57.txt").read_text("utf-8"))
    gold = json.loads((SEED / "yjzk-cnnic57.gold.json").read_text("utf-8"))
    return body, gold


def test_exact_count(seed: tuple[str, list[dict]]) -> None:
    body, gold = seed
    claims = extract_claims(body)
    assert len(claims) == len(gold["claims"]) == 22, [c.raw for c in claims]


def test_claim_by_claim(seed: tuple[str, list[dict]]) -> None:
    body, gold = seed
    claims = extract_claims(body)
    assert len(claims) == len(gold["claims"])
    for got, want in zip(claims, gold["claims"], strict=False):
        label = f"{want['raw']} (got {got.raw})"
        assert value_ok(got.value, float(want["value"])), label
        assert unit_ok(got.unit, want["unit"]), label
        assert subject_ok(got.subject, want["subject"]), f"{label}: subject {got.subject!r}"
        assert got.bound == want["bound"], label
        assert got.kind == want["kind"], label
        if want.get("as_of"):
            assert got.as_of == want["as_of"], label
        assert body[got.start : got.end] == got.raw
        assert got.raw in got.sentence


def test_not_claims(seed: tuple[str, list[dict]]) -> None:
    body, gold = seed
    raws = [c.raw for c in extract_claims(body)]
    for not_claim in gold["not_claims"]:
        assert not any(not_claim == r or (not_claim in r and len(not_claim) > len(r) / 2) for r in raws), (
            not_claim
        )


def test_boilerplate_numbers_are_not_claims(seed: tuple[str, list[dict]]) -> None:
    text = (SEED / "yjzk-cnnic57.txt").read_text("utf-8")
    footer = text[text.index("豫经智库网版权与免责声明") :]
    raws = [c.raw for c in extract_claims(footer)]
    for code in ("0371-53306911", "2023003560", "41120200004", "1987-2024"):
        assert not any(code in r or r in code for r in raws), (code, raws)
