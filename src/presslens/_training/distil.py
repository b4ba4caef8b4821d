"""Private: distil a window-0 sentence head (teacher) into a window-128 head (student) on unlabelled articles.

The sentence heads of the accurate profile read sentence vectors pooled inside the article's 128-piece window
pass. The labelled sets have no real article context (CheckThat! subjectivity sentences come shuffled), while a
head trained on isolated sentences (window 0) is more accurate on isolated sentences. Unlabelled news articles
have real context: each of their sentences is encoded both ways (``scripts/encode_allsides_distil.py``), the
teacher scores the window-0 vector, and the student learns to give that probability from the window-128 vector
(soft-target cross-entropy), besides the labelled rows. Used by ``scripts/distil_sentence_heads.py``; never
imported at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler


def load_unlabelled(cache: Path, encoder_sha: str, limit: int | None = None) -> dict[str, np.ndarray]:
    """The AllSides sentences encoded by ``scripts/encode_allsides_distil.py`` (chunks in sample order, so a
    partial run is a prefix of the sample): ``w0``, ``w128`` and ``article`` arrays, at most ``limit``
    articles."""
    files = sorted(cache.glob(f"allsides-{encoder_sha[:12]}-s*-[0-9]*.npz"))
    files = [f for f in files if not f.name.endswith(".tmp.npz")]
    if not files:
        raise FileNotFoundError(f"no encoded AllSides chunks under {cache} (run scripts/encode_allsides_distil.py)")
    parts: dict[str, list[np.ndarray]] = {"w0": [], "w128": [], "article": []}
    for f in files:
        with np.load(f) as z:
            for k in parts:
                parts[k].append(z[k])
    out = {k: np.concatenate(v) for k, v in parts.items()}
    if limit is not None:
        keep = list(dict.fromkeys(out["article"].tolist()))[:limit]
        m = np.isin(out["article"], keep)
        out = {k: v[m] for k, v in out.items()}
    return out


def soft_rows(x_lab: np.ndarray, y_lab: np.ndarray, w_lab: np.ndarray, x_unl: np.ndarray, q_unl: np.ndarray,
              lam: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, hard labels and weights for soft-target training: each unlabelled row appears twice (label 1 with
    weight ∝ q, label 0 with weight ∝ 1 − q), so the weighted log-loss is the cross-entropy to the teacher's
    probability; the unlabelled rows together weigh ``lam`` × the labelled rows' total weight."""
    if lam <= 0 or len(x_unl) == 0:
        return x_lab, y_lab, w_lab
    s = lam * float(w_lab.sum()) / len(x_unl)
    x = np.vstack([x_lab, x_unl, x_unl])
    y = np.concatenate([y_lab, np.ones(len(x_unl), y_lab.dtype), np.zeros(len(x_unl), y_lab.dtype)])
    w = np.concatenate([w_lab, s * q_unl, s * (1.0 - q_unl)])
    return x, y, w


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """scikit-learn's ``class_weight="balanced"`` as per-row weights (they sum to ``len(y)``)."""
    pos = max(1, int(y.sum()))
    neg = max(1, len(y) - pos)
    return np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg)).astype(np.float64)


def fit_student(x_lab: np.ndarray, y_lab: np.ndarray, x_unl: np.ndarray, q_unl: np.ndarray, lam: float,
                kind: str, c: float, seed: int, balanced: bool, hidden: int = 128) -> tuple[StandardScaler, Any]:
    """A head on labelled rows (hard labels; ``balanced``: classes weighted as ``class_weight="balanced"``) plus
    unlabelled rows with the teacher's soft targets (weight ``lam``, :func:`soft_rows`). The scaler is fitted on
    the labelled rows, so ``lam = 0`` is exactly :func:`presslens._training.heads.fit_classifier`."""
    w_lab = balanced_weights(y_lab) if (balanced and kind == "lr") else np.ones(len(y_lab))
    scaler = StandardScaler().fit(x_lab)
    x, y, w = soft_rows(x_lab, y_lab, w_lab, x_unl, q_unl, lam)
    xs = scaler.transform(x)
    if kind == "lr":
        clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    elif kind == "mlp":
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1.0 / c, max_iter=300, early_stopping=True,
                            validation_fraction=0.1, n_iter_no_change=10, random_state=seed)
    else:
        raise ValueError(kind)
    if lam <= 0 and kind == "mlp":
        clf.fit(xs, y)  # exactly fit_classifier's MLP (no weights)
    else:
        clf.fit(xs, y, sample_weight=w)
    return scaler, clf


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    """Share of items where two boolean decision vectors agree."""
    return round(float(np.mean(np.asarray(a, bool) == np.asarray(b, bool))), 4)


__all__ = ["agreement", "balanced_weights", "fit_student", "load_unlabelled", "soft_rows"]
