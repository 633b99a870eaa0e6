"""Hand-written sentences (fixtures/claims/sentences.jsonl): every expected claim found, nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from article_extract.claims import extract_claims
from article_extract.claims.scoring import score_documents, subject_ok, unit_ok, value_ok

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "sentences.jsonl"
CASES = [json.loads(line) for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()]


def test_fixture_file_covers_the_forms() -> None:
    assert len(CASES) >= 40
    forms = " ".join(c["form"] for c in CASES)
    for form in (
        "chinese",
        "mixed",
        "range",
        "成",
        "千分之",
        "fraction",
        "个百分点",
        "倍",
        "美元",
        "港元",
        "approx",
        "gt",
        "ge",
        "lt",
        "le",
        "change",
        "从A降至B",
        "as_of",
        "inherited",
        "existence",
        "before 的",
        "non-claims",
    ):
        assert form in forms, form


def _params() -> list[object]:
    """Fixture cases; those with a ``known_gap`` are strict xfails (they fail today, and must say so)."""
    out: list[object] = []
    for i, c in enumerate(CASES):
        marks = [pytest.mark.xfail(strict=True, reason=c["known_gap"])] if c.get("known_gap") else []
        out.append(pytest.param(c, marks=marks, id=f"{i + 1}-{c['form']}"))
    return out


@pytest.mark.parametrize("case", _params())
def test_fixture_sentence(case: dict) -> None:
    claims = extract_claims(case["text"])
    required = [g for g in case["claims"] if not g.get("optional")]
    optional = [g for g in case["claims"] if g.get("optional")]
    assert len(required) <= len(claims) <= len(case["claims"]), [c.raw for c in claims]
    for want in required:
        hits = [
            c
            for c in claims
            if value_ok(c.value, want["value"])
            and unit_ok(c.unit, want["unit"])
            and subject_ok(c.subject, want["subject"])
        ]
        assert hits, f"{want['raw']}: got {[(c.raw, c.value, c.unit, c.subject) for c in claims]}"
        got = hits[0]
        assert got.bound == want["bound"], want["raw"]
        assert got.kind == want["kind"], want["raw"]
        assert got.as_of == want["as_of"], want["raw"]
        if want.get("value_max") is not None:
            assert got.value_max is not None and value_ok(got.value_max, want["value_max"]), want["raw"]
    for c in claims:  # anything beyond the required claims must be one of the optional ones (by value)
        if not any(value_ok(c.value, w["value"]) for w in required):
            assert any(value_ok(c.value, w["value"]) for w in optional), c.raw


def test_fixtures_vus_f1() -> None:
    report = score_documents((c["text"], extract_claims(c["text"]), c["claims"]) for c in CASES)
    print(f"fixtures VUS-F1 {report.levels['VUS'].f1:.3f}")
    assert report.levels["VUS"].f1 >= 0.95  # known gaps included
