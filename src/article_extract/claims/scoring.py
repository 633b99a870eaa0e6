"""Scoring of claims against gold (CLAIMS-GUIDE.md): one-to-one matching at V, VU and VUS levels.

Optional gold claims are neither required nor penalized: an extracted claim matched to one is not counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Claim

Gold = Mapping[str, Any]
_LEVELS = ("V", "VU", "VUS")


def _norm_unit(u: str) -> str:
    return u.replace("％", "%").replace("／", "/").strip()


def value_ok(pred: float, gold: float) -> bool:
    """Values agree within 0.5 % (exactly when gold is 0)."""
    if gold == 0:
        return abs(pred) < 1e-9
    return abs(pred - gold) <= 0.005 * abs(gold)


def unit_ok(pred: str, gold: str | Sequence[str]) -> bool:
    """The unit is the gold unit or one of the listed alternatives."""
    alts = [gold] if isinstance(gold, str) else list(gold)
    return _norm_unit(pred) in {_norm_unit(a) for a in alts}


def subject_ok(pred: str | None, gold: str | Sequence[str] | None) -> bool:
    """Containment rule: the subject contains an alternative or is contained in one (2+ characters)."""
    if not pred or not gold:
        return False
    alts = [gold] if isinstance(gold, str) else list(gold)
    return any(a in pred or (len(pred) >= 2 and pred in a) for a in alts if a)


def _pair_ok(level: str, p: Claim, g: Gold) -> bool:
    if not value_ok(p.value, float(g["value"])):
        return False
    if level in ("VU", "VUS") and not unit_ok(p.unit, g.get("unit", "")):
        return False
    return level != "VUS" or subject_ok(p.subject, g.get("subject"))


def match(preds: Sequence[Claim], golds: Sequence[Gold], ok: Callable[[Claim, Gold], bool]) -> dict[int, int]:
    """Maximum one-to-one matching pred index → gold index (required gold first, same sentence preferred)."""
    order = sorted(range(len(golds)), key=lambda j: bool(golds[j].get("optional")))
    adj: list[list[int]] = []
    ratio = len(golds) / max(1, len(preds))
    for i, p in enumerate(preds):
        cands = [j for j in order if ok(p, golds[j])]

        # both lists are in text order: prefer the gold claim at about the same rank
        def rank(j: int, i: int = i, p: Claim = p) -> tuple[bool, bool, float]:
            g = golds[j]
            return bool(g.get("optional")), g.get("sentence") not in (None, p.sentence), abs(j - i * ratio)

        cands.sort(key=rank)
        adj.append(cands)
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # required gold first: match against required only, then let the rest take optional gold
    for required_only in (True, False):
        for i in range(len(preds)):
            if i in owner.values():
                continue
            saved = adj[i]
            adj[i] = [j for j in saved if not (required_only and golds[j].get("optional"))]
            augment(i, set())
            adj[i] = saved
    return {i: j for j, i in owner.items()}


@dataclass
class Score:
    """Counts for one level, summed over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """V / VU / VUS scores plus bound and as_of accuracy on the VUS matches."""

    levels: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in _LEVELS})
    bound_ok: int = 0
    as_of_ok: int = 0
    vus_matched: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def bound_accuracy(self) -> float:
        return self.bound_ok / self.vus_matched if self.vus_matched else 1.0

    @property
    def as_of_accuracy(self) -> float:
        return self.as_of_ok / self.vus_matched if self.vus_matched else 1.0

    def add(self, preds: Sequence[Claim], golds: Sequence[Gold], name: str = "") -> None:
        """Score one document's extracted claims against its gold claims."""
        for level in _LEVELS:

            def ok(p: Claim, g: Gold, lv: str = level) -> bool:
                return _pair_ok(lv, p, g)

            pairs = match(preds, golds, ok)
            score = self.levels[level]
            matched_required = {j for j in pairs.values() if not golds[j].get("optional")}
            score.tp += len(matched_required)
            score.fp += sum(1 for i in range(len(preds)) if i not in pairs)
            score.fn += sum(
                1 for j, g in enumerate(golds) if not g.get("optional") and j not in matched_required
            )
            if level == "VUS":
                for i, j in pairs.items():
                    if golds[j].get("optional"):
                        continue
                    self.vus_matched += 1
                    p, g = preds[i], golds[j]
                    self.bound_ok += p.bound == g.get("bound", "eq")
                    self.as_of_ok += p.as_of == g.get("as_of")
                    if p.bound != g.get("bound", "eq") or p.as_of != g.get("as_of"):
                        self.errors.append(
                            f"{name}: {p.raw} bound {p.bound}/{g.get('bound')}"
                            f" as_of {p.as_of}/{g.get('as_of')}"
                        )
                unmatched_p = [preds[i] for i in range(len(preds)) if i not in pairs]
                missing = [
                    g for j, g in enumerate(golds) if not g.get("optional") and j not in matched_required
                ]
                self.errors += [
                    f"{name}: FP {p.raw} subj={p.subject} v={p.value} u={p.unit}" for p in unmatched_p
                ]
                self.errors += [
                    f"{name}: FN {g.get('raw')} subj={g.get('subject')} v={g.get('value')} u={g.get('unit')}"
                    for g in missing
                ]


def score_documents(docs: Iterable[tuple[str, Sequence[Claim], Sequence[Gold]]]) -> Report:
    """A :class:`Report` over (name, extracted, gold) triples."""
    report = Report()
    for name, preds, golds in docs:
        report.add(preds, golds, name)
    return report


def seed_body(seed_text: str) -> str:
    """The seed body: the lines between ``时间:`` and the ``(总台央视记者`` credit, newline-joined."""
    lines = seed_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("时间"))
    end = next(i for i, line in enumerate(lines) if line.startswith("(总台央视记者"))
    return "\n".join(line.strip() for line in lines[start + 1 : end] if line.strip())


def dev_documents(shared: Path) -> list[tuple[str, str, list[Gold]]]:
    """(name, text, gold claims) of the development set: the seed and ``corpus/*/*.claims.json``."""
    docs: list[tuple[str, str, list[Gold]]] = []
    seed = shared / "seed"
    if seed.is_dir():
        gold = json.loads((seed / "yjzk-cnnic57.gold.json").read_text("utf-8"))
        docs.append(("seed", seed_body((seed / "yjzk-cnnic57.txt").read_text("utf-8")), gold["claims"]))
    for path in sorted((shared / "corpus").glob("*/*.claims.json")):
        data = json.loads(path.read_text("utf-8"))
        docs.append((f"{path.parent.name}/{path.name}", data["text"], data["claims"]))
    return docs
