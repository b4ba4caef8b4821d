"""Train the shipped subjectivity models (fast: hashed spaCy features; accurate: encoder vectors + a light head).

Reproducible: fixed seed, data read in place from ``shared/data/subjectivity`` (CheckThat! 2023–2025 English,
CC BY-NC-SA 4.0: the sentences are never copied into the repository).

Protocol:
1. Read **train** only (830 sentences, 36 % SUBJ). The dev split (219, 52 % SUBJ) is never read here; it is
   scored once per model choice by ``benchmarks/learned.py``.
2. Validation = 5-fold stratified, grouped cross-validation over train (duplicated sentences stay in one fold;
   ``random_state=SEED``): every train sentence gets an out-of-fold score.
3. Grid-search each model family on the out-of-fold macro-F1 (classes weighted equally, so the choice does not
   lean on train's class prior, which dev does not share).
4. Calibrate (Platt scaling on the out-of-fold logits), choose the threshold on the calibrated out-of-fold
   probabilities maximising class-balanced macro-F1, measure ECE and the reliability table.
5. Refit on all train with the chosen setting; ship it with calibration, threshold and validation metrics.

Usage::

    nice -n 10 env OMP_NUM_THREADS=1 python scripts/train_subjectivity.py
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

from presslens._training.heads import (
    SHARED,
    best_threshold,
    fit_classifier,
    platt,
    read_subjectivity,
    reliability,
    sha256,
    to_head,
    write_card,
)
from presslens.claims.checkworthy import CheckworthyModel, design_matrix, fit_idf, raw_counts
from presslens.encoders import load_encoder
from presslens.nlp import load_nlp
from presslens.subjectivity import ACCURATE_PATH, FAST_PATH

SEED = 20230
FOLDS = 5
ROOT = Path(__file__).resolve().parents[1]
FAST_GRID = [(c, cw) for c in (0.25, 0.5, 1.0, 2.0, 4.0) for cw in (0.5, 1.0)]
HEAD_GRID = [("lr", c) for c in (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3)] + [("mlp", c) for c in (0.3, 1.0, 3.0)]


def folds(texts: list[str], y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    groups = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    g = np.array([groups[t] for t in texts])
    return list(StratifiedGroupKFold(FOLDS, shuffle=True, random_state=SEED).split(texts, y, g))


def balanced_macro(y: np.ndarray, p: np.ndarray, t: float) -> float:
    pos, neg = max(1, int(y.sum())), max(1, int(len(y) - y.sum()))
    w = np.where(y == 1, 0.5 / pos, 0.5 / neg)
    return float(f1_score(y, p >= t, average="macro", sample_weight=w))


def fast_fit(xw, xc, y, c, cw):  # type: ignore[no-untyped-def]
    idf_w, idf_c = fit_idf(xw), fit_idf(xc)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=SEED)
    clf.fit(design_matrix(xw, xc, idf_w, idf_c, cw), y)
    return idf_w, idf_c, clf


def validation_block(y: np.ndarray, p: np.ndarray, t: float, setting: str) -> dict[str, object]:
    ece, rel = reliability(p, y)
    return {"scheme": f"{FOLDS}-fold stratified grouped CV on train (out-of-fold), seed {SEED}",
            "macro_f1": round(float(f1_score(y, p >= t, average="macro")), 4),
            "macro_f1_balanced": round(balanced_macro(y, p, t), 4), "ece": ece, "reliability": rel,
            "setting": setting}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "subjectivity")
    ap.add_argument("--only", choices=("fast", "accurate"), default=None)
    args = ap.parse_args()
    train_path = args.data / "train_en.tsv"
    texts, labels = read_subjectivity(train_path)
    y = np.array(labels)
    splits = folds(texts, y)
    common = {"train": "CheckThat! subjectivity train_en.tsv", "train_sha256": sha256(train_path), "seed": SEED,
              "n_train": len(y), "train_subj_share": round(float(y.mean()), 3)}
    report: dict[str, object] = {}

    if args.only in (None, "fast"):
        t0 = time.time()
        nlp = load_nlp()
        docs = list(nlp.language.pipe(texts, batch_size=128))
        xw, xc = raw_counts(docs)
        best = None
        for c, cw in FAST_GRID:
            z = np.zeros(len(y))
            for tr, va in splits:
                idf_w, idf_c, clf = fast_fit(xw[tr], xc[tr], y[tr], c, cw)
                z[va] = clf.decision_function(design_matrix(xw[va], xc[va], idf_w, idf_c, cw))
            p = 1 / (1 + np.exp(-z))
            t, score = best_threshold(y, p, "macro", balanced=True)
            print(f"fast C={c} char={cw}: OOF balanced macro-F1 {score:.4f} @ {t}")
            if best is None or score > best[0]:
                best = (score, c, cw, z)
        assert best is not None
        _, c, cw, z = best
        a, b = platt(z, y)
        p = 1 / (1 + np.exp(-(a * z + b)))
        t, _ = best_threshold(y, p, "macro", balanced=True)
        idf_w, idf_c, clf = fast_fit(xw, xc, y, c, cw)
        val = validation_block(y, p, t, f"C={c}, char_weight={cw}, class_weight=balanced")
        meta = {**common, "name": "subjectivity-fast", "version": "1", "C": c, "char_weight": cw,
                "platt": [a, b], "validation": val}
        CheckworthyModel(idf_words=idf_w, idf_chars=idf_c, coef=(a * clf.coef_.ravel()).astype(np.float32),
                         intercept=float(a * clf.intercept_[0] + b), char_weight=cw, threshold=t, meta=meta
                         ).save(FAST_PATH)
        report["fast"] = {"threshold": t, **val, "seconds": round(time.time() - t0, 1)}
        write_card(ROOT / "docs" / "models" / "subjectivity-fast.md", "subjectivity-fast (presslens.subjectivity.v1, fast profile)",
                   {"file": "src/presslens/subjectivity/models/subjectivity-fast.npz", "version": "1",
                    "features": "hashed word/tag/entity n-grams from the shared spaCy pass + char 2–5-grams (as the check-worthiness model)",
                    "classifier": f"logistic regression, C={c}, char block weight {cw}, balanced classes, Platt-calibrated",
                    "threshold (calibrated P(SUBJ))": t, "train": f"{len(y)} sentences, sha256 {common['train_sha256'][:12]}…",
                    "validation": val["scheme"], "validation macro-F1": val["macro_f1"],
                    "validation macro-F1 (classes weighted equally)": val["macro_f1_balanced"],
                    "ece": val["ece"], "reliability": val["reliability"]},
                   "Sentence-level SUBJ/OBJ classifier for the fast profile. Dev figures: docs/benchmarks.md.")

    if args.only in (None, "accurate"):
        t0 = time.time()
        enc = load_encoder()
        x = enc.vectors(texts)
        best = None
        for kind, c in HEAD_GRID:
            z = np.zeros(len(y))
            for tr, va in splits:
                scaler, clf = fit_classifier(x[tr], y[tr], kind, c, SEED)
                head = to_head(scaler, clf, "tmp", "0", ["OBJ", "SUBJ"])
                z[va] = head.logits(x[va])
            p = 1 / (1 + np.exp(-z))
            t, score = best_threshold(y, p, "macro", balanced=True)
            print(f"accurate {kind} c={c}: OOF balanced macro-F1 {score:.4f} @ {t}")
            if best is None or score > best[0]:
                best = (score, kind, c, z)
        assert best is not None
        _, kind, c, z = best
        cal = platt(z, y)
        p = 1 / (1 + np.exp(-(cal[0] * z + cal[1])))
        t, _ = best_threshold(y, p, "macro", balanced=True)
        scaler, clf = fit_classifier(x, y, kind, c, SEED)
        head = to_head(scaler, clf, "subjectivity-minilm", "1", ["OBJ", "SUBJ"])
        val = validation_block(y, p, t, f"{kind}, c={c}")
        meta = {**common, "encoder": enc.info.id, "head": kind, "c": c, "validation": val}
        from dataclasses import replace

        replace(head, calibration=cal, threshold=t, meta=meta).save(ACCURATE_PATH)
        report["accurate"] = {"threshold": t, **val, "seconds": round(time.time() - t0, 1)}
        write_card(ROOT / "docs" / "models" / "subjectivity-minilm.md",
                   "subjectivity-minilm (presslens.subjectivity.v1, accurate profile)",
                   {"file": "src/presslens/subjectivity/models/subjectivity-minilm.npz", "version": "1",
                    "encoder": enc.info.id, "features": "mean-pooled sentence vector of the shared encoder (384-d; the encoder was fine-tuned on folds 1-4 of train, see docs/models/presslens-minilm-mt-int8.md)",
                    "head": f"{kind} ({'logistic regression, balanced classes' if kind == 'lr' else 'one hidden layer of 128 ReLU units'}), c={c}; Platt-calibrated",
                    "threshold (calibrated P(SUBJ))": t, "train": f"{len(y)} sentences, sha256 {common['train_sha256'][:12]}…",
                    "validation": val["scheme"], "validation macro-F1": val["macro_f1"],
                    "validation macro-F1 (classes weighted equally)": val["macro_f1_balanced"],
                    "ece": val["ece"], "reliability": val["reliability"]},
                   "Sentence-level SUBJ/OBJ classifier for the accurate profile. Dev figures: docs/benchmarks.md.")
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "reliability"} for k, v in report.items()},  # type: ignore[union-attr]
                     indent=2))


if __name__ == "__main__":
    main()
