"""Private: fit light heads on encoder vectors, calibrate them, measure calibration, write model cards.

Used by ``scripts/train_subjectivity.py`` and ``scripts/train_heads.py``; never imported at run time.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from ..encoders.heads import Head

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_subjectivity(path: Path) -> tuple[list[str], list[int]]:
    """CheckThat! subjectivity TSV: (sentences, labels with SUBJ = 1)."""
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            texts.append(row["sentence"].strip())
            labels.append(1 if row["label"].strip() == "SUBJ" else 0)
    return texts, labels


def fit_classifier(x: np.ndarray, y: np.ndarray, kind: str, c: float, seed: int, hidden: int = 128,
                   balanced: bool = True) -> tuple[StandardScaler, Any]:
    """Standardise and fit a logistic regression (``kind="lr"``, inverse strength ``c``, balanced classes) or
    a one-hidden-layer MLP (``kind="mlp"``, L2 ``alpha = 1/c``, early stopping). ``balanced`` weights classes
    inversely to their frequency (logistic regression only)."""
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    if kind == "lr":
        clf = LogisticRegression(C=c, class_weight="balanced" if balanced else None, max_iter=3000,
                                 random_state=seed)
    elif kind == "mlp":
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1.0 / c, max_iter=300, early_stopping=True,
                            validation_fraction=0.1, n_iter_no_change=10, random_state=seed)
    else:
        raise ValueError(kind)
    clf.fit(xs, y)
    return scaler, clf


def to_head(scaler: StandardScaler, clf: Any, name: str, version: str, classes: list[str]) -> Head:
    """Convert a fitted (scaler, classifier) to a numpy :class:`Head` (uncalibrated: calibration [1, 0])."""
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    if isinstance(clf, LogisticRegression):
        weights, biases = [clf.coef_.T.astype(np.float32)], [clf.intercept_.astype(np.float32)]
    else:
        weights = [w.astype(np.float32) for w in clf.coefs_]
        biases = [b.astype(np.float32) for b in clf.intercepts_]
    binary = weights[-1].shape[1] == 1
    return Head(name=name, version=version, classes=classes, mean=scaler.mean_.astype(np.float32),
                scale=scale.astype(np.float32), weights=weights, biases=biases,
                calibration=[1.0, 0.0] if binary else [1.0])


def platt(z: np.ndarray, y: np.ndarray) -> list[float]:
    """Platt scaling ``sigmoid(a z + b)`` fitted on validation logits."""
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    return [float(lr.coef_[0, 0]), float(lr.intercept_[0])]


def temperature(z: np.ndarray, y: np.ndarray) -> list[float]:
    """Temperature ``T`` minimising validation negative log-likelihood of ``softmax(z / T)``."""
    best = (np.inf, 1.0)
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 80)):
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(y)), y].mean()
        best = min(best, (float(nll), float(t)))
    return [best[1]]


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10, weights: np.ndarray | None = None
                ) -> tuple[float, list[dict[str, float]]]:
    """Expected calibration error and the reliability table (equal-width bins of the predicted probability).

    ``p`` is the positive-class probability (binary) or the top-class confidence with ``y`` = 1 when the top
    class was right (multi-class). ``weights`` (optional, one per item) reweight the items, e.g. to measure
    calibration under another class prior (:func:`prior_weights`); ``n`` in the table stays the item count.
    """
    w = np.ones(len(p)) if weights is None else np.asarray(weights, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows: list[dict[str, Any]] = []
    ece = 0.0
    total = float(w.sum())
    for i in range(bins):
        lo, hi = edges[i], edges[i + 1]
        m = (p >= lo) & ((p < hi) if i < bins - 1 else (p <= hi))
        if not m.any():
            continue
        conf, acc = float(np.average(p[m], weights=w[m])), float(np.average(y[m], weights=w[m]))
        ece += float(w[m].sum()) / total * abs(conf - acc)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()), "mean_predicted": round(conf, 3),
                     "observed": round(acc, 3)})
    return round(float(ece), 4), rows


def prior_weights(y: np.ndarray, prior: float = 0.5) -> np.ndarray:
    """Per-item weights that make the positive class ``prior`` of the total weight (the total stays ``len(y)``):
    metrics weighted with them are the metrics the same model would get on a split whose only difference is
    its class prior (label shift)."""
    y = np.asarray(y)
    pos = max(1, int((y == 1).sum()))
    neg = max(1, len(y) - pos)
    return np.where(y == 1, prior * len(y) / pos, (1 - prior) * len(y) / neg).astype(np.float64)


def platt_balanced(z: np.ndarray, y: np.ndarray, prior: float = 0.5) -> list[float]:
    """Platt scaling fitted with the classes reweighted to ``prior`` (:func:`prior_weights`): the calibrated
    probability is the posterior under that class prior instead of the fitting split's."""
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y, sample_weight=prior_weights(y, prior))
    return [float(lr.coef_[0, 0]), float(lr.intercept_[0])]


def shift_prior(p: np.ndarray, prior_from: float, prior_to: float) -> np.ndarray:
    """Posterior under class prior ``prior_to`` from a posterior calibrated under ``prior_from`` (label shift,
    Saerens et al. 2002: the likelihood ratio is unchanged, only the prior odds move)."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    odds = p / (1 - p) * (prior_to / (1 - prior_to)) / (prior_from / (1 - prior_from))
    return odds / (1 + odds)


def best_threshold(y: np.ndarray, p: np.ndarray, metric: str = "f1", balanced: bool = False) -> tuple[float, float]:
    """(threshold, score) maximising F1 of the positive class (``f1``) or macro-F1 (``macro``) over 0.05–0.95.

    ``balanced`` weights the two classes equally (a threshold that does not lean on the split's class prior).
    """
    w = None
    if balanced:
        pos = max(1, int(y.sum()))
        neg = max(1, len(y) - pos)
        w = np.where(y == 1, 0.5 / pos, 0.5 / neg)
    best = (-1.0, 0.0, 0.5)
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        pred = p >= t
        if metric == "macro":
            s = f1_score(y, pred, average="macro", sample_weight=w, zero_division=0)
        else:
            s = f1_score(y, pred, sample_weight=w, zero_division=0)
        best = max(best, (float(s), -abs(float(t) - 0.5), float(t)))
    return best[2], best[0]


def robust_threshold(y: np.ndarray, p: np.ndarray, priors: tuple[float, ...]) -> float:
    """The threshold (0.05–0.95, step 0.01) maximising F1(Yes) averaged over ``priors``, each computed on the
    items reweighted to that class prior (:func:`prior_weights`); ties go to the one nearest 0.5."""
    best = (-1.0, 0.0, 0.5)
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        f = float(np.mean([f1_score(y, p >= t, sample_weight=prior_weights(y, pi), zero_division=0)
                           for pi in priors]))
        best = max(best, (f, -abs(float(t) - 0.5), float(t)))
    return best[2]


def write_card(path: Path, title: str, head_meta: dict[str, Any], intro: str, sections: Sequence[tuple[str, str]] = ()
               ) -> None:
    """A markdown model card: intro, the head's metadata table, calibration table, extra sections."""
    lines = [f"# Model card: {title}", "", intro, "", "| field | value |", "|---|---|"]
    for k, v in head_meta.items():
        if k in ("reliability",):
            continue
        lines.append(f"| {k} | {v} |")
    rel = head_meta.get("reliability")
    if rel:
        lines += ["", "## Calibration on validation (reliability table)", "",
                  f"Expected calibration error (10 equal-width bins): **{head_meta.get('ece')}**.", "",
                  "| bin | n | mean predicted | observed |", "|---|---|---|---|"]
        lines += [f"| {r['bin']} | {r['n']} | {r['mean_predicted']} | {r['observed']} |" for r in rel]
    for title_, body in sections:
        lines += ["", f"## {title_}", "", body]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


__all__ = ["SHARED", "best_threshold", "fit_classifier", "platt", "platt_balanced", "prior_weights", "read_subjectivity",
           "reliability", "robust_threshold", "sha256", "shift_prior", "temperature", "to_head", "write_card"]
