"""The SemEval-2020 Task 11 scores, reimplemented from the task's scorer semantics (see PTC ``METRICS.md``).

SI (span identification): per article, overlapping gold spans are merged and predicted spans are merged;
every (predicted s, gold t) pair earns ``|s ∩ t|`` characters of credit, normalised by ``|s|`` for precision
(averaged over all predicted spans) and by ``|t|`` for recall (averaged over all gold spans).

TC (technique classification): rows ``(article, start, end, technique)`` are compared as multisets;
micro-F1 over all rows is the official score; macro-F1 averages the per-technique F1 over the 14 techniques.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall, F1 and the counts behind them."""

    precision: float
    recall: float
    f1: float
    n_pred: int = 0
    n_gold: int = 0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "n_pred": self.n_pred, "n_gold": self.n_gold}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and merge the overlapping ones (touching spans, ``[a,b)`` and ``[b,c)``, stay apart)."""
    out: list[list[int]] = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def si_score(pred: Mapping[str, Iterable[Span]], gold: Mapping[str, Iterable[Span]]) -> PRF:
    """SI precision/recall/F1 with partial credit by overlap length.

    Args:
        pred: article id → predicted spans (merged here if they overlap).
        gold: article id → gold spans (merged here); articles absent from ``pred`` still count in recall.
    """
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for art in set(pred) | set(gold):
        ps = merge_spans(pred.get(art, ()))
        gs = merge_spans(gold.get(art, ()))
        n_pred += len(ps)
        n_gold += len(gs)
        for s0, s1 in ps:
            for t0, t1 in gs:
                ov = min(s1, t1) - max(s0, t0)
                if ov > 0:
                    p_sum += ov / (s1 - s0)
                    r_sum += ov / (t1 - t0)
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return PRF(p, r, _f1(p, r), n_pred, n_gold)


Row = tuple[str, int, int, str]


@dataclass(frozen=True, slots=True)
class TCScore:
    """TC micro scores, macro-F1 and the per-technique table."""

    micro: PRF
    macro_f1: float
    per_technique: dict[str, PRF] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"micro": self.micro.to_dict(), "macro_f1": round(self.macro_f1, 4),
                "per_technique": {k: v.to_dict() for k, v in self.per_technique.items()}}


def tc_score(pred: Iterable[Row], gold: Iterable[Row], techniques: Sequence[str] | None = None) -> TCScore:
    """TC scores over multisets of ``(article, start, end, technique)`` rows.

    Args:
        pred: predicted rows (normally one per gold row).
        gold: gold rows.
        techniques: the classes macro-F1 averages over (default: every technique seen in gold or pred).
            A technique with no gold and no predicted row scores F1 = 0 (it still counts in the average).
    """
    pc = Counter((str(a), int(s), int(e), t) for a, s, e, t in pred)
    gc = Counter((str(a), int(s), int(e), t) for a, s, e, t in gold)
    tp = sum((pc & gc).values())
    n_p, n_g = sum(pc.values()), sum(gc.values())
    p = tp / n_p if n_p else 0.0
    r = tp / n_g if n_g else 0.0
    micro = PRF(p, r, _f1(p, r), n_p, n_g)
    names = list(techniques) if techniques is not None else sorted({k[3] for k in pc} | {k[3] for k in gc})
    per: dict[str, PRF] = {}
    for name in names:
        pt = Counter({k: v for k, v in pc.items() if k[3] == name})
        gt = Counter({k: v for k, v in gc.items() if k[3] == name})
        tpt = sum((pt & gt).values())
        npt, ngt = sum(pt.values()), sum(gt.values())
        pp = tpt / npt if npt else 0.0
        rr = tpt / ngt if ngt else 0.0
        per[name] = PRF(pp, rr, _f1(pp, rr), npt, ngt)
    macro = sum(v.f1 for v in per.values()) / len(per) if per else 0.0
    return TCScore(micro, macro, per)


__all__ = ["PRF", "TCScore", "merge_spans", "si_score", "tc_score"]
