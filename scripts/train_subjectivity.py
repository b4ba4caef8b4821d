"""Train the shipped subjectivity models (fast: hashed spaCy features; accurate: encoder vectors + a light head).

Reproducible: fixed seed, data read in place from ``shared/data/subjectivity`` (CheckThat! 2023–2025 English,
CC BY-NC-SA 4.0: the sentences are never copied into the repository).

Protocol:
1. Read **train** only (830 sentences, 36 % SUBJ). The dev split (219, 52 % SUBJ) is never read here; it is
   scored once per model choice by ``benchmarks/learned.py``.
2. Validation = 5-fold stratified, grouped cross-validation over train (duplicated sentences stay in one fold;
   ``random_state=SEED``): every train sentence gets an out-of-fold score.
3. Fast model: grid-search on the out-of-fold macro-F1 (classes weighted equally, so the choice does not lean on
   train's class prior, which dev does not share); Platt-calibrate; threshold by class-balanced macro-F1.
4. Accurate head: it reads the run-time pass, sentence vectors pooled inside windows of ``WINDOW`` (128) word
   pieces (the span tagger's pass: one encoder pass per article). The train sentences come shuffled, without
   article order, so there are no true neighbours: each sentence is encoded in five packings, with neighbours from
   the file order and from ``SHUFFLES`` seeded permutations (``presslens._training.windowed``), and once alone.
   The head (logistic regression grid, one MLP) is fitted on the packed encodings, or on those plus the isolated
   one, and chosen by out-of-fold macro-F1 (classes weighted equally) pooled over the five packings.
5. Calibration robust to the prior shift (train 36 % SUBJ, dev 52 %, news unknown): Platt scaling on the pooled
   out-of-fold logits with the classes reweighted to equal priors, so P(SUBJ) is the posterior under a 50 % prior;
   threshold by class-balanced macro-F1; ECE and the reliability table at equal priors (and ECE at train's prior).
6. Distillation across input regimes (v3): unlabelled AllSides news sentences (``scripts/encode_allsides_distil.py``,
   the first ``DISTIL_ARTICLES`` articles of its seeded sample) are encoded alone (window 0) and in their real
   article's window-128 pass. A teacher with v1's recipe (logistic regression, C = ``TEACHER_C``, balanced, on the
   isolated train vectors: the head as it was at window 0) gives each AllSides sentence P(SUBJ) from its window-0
   vector; the student (the setting chosen in 4.) is fitted on the labelled packed rows plus the AllSides window-128
   rows with those probabilities as soft targets, the AllSides rows weighing ``lam`` × the labelled rows
   (``presslens._training.distil``). Per CV fold the teacher is fitted on the other folds only (it never sees the
   held-out labels); ``lam`` (``DISTIL_LAMS``, 0 = no distillation) is chosen by the same pooled out-of-fold
   class-balanced macro-F1, then calibrated and thresholded as in 5.
7. Refit on all train (+ AllSides with the all-train teacher) with the chosen setting; ship it with window,
   calibration, threshold and validation metrics.

Usage::

    nice -n 10 env OMP_NUM_THREADS=1 PRESSLENS_ENCODER_THREADS=1 python scripts/train_subjectivity.py \
        [--only accurate] [--cache /work/cache/sentheads] [--unlabelled /work/cache/distil]
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

from presslens._training.distil import fit_student, load_unlabelled
from presslens._training.heads import (
    SHARED,
    best_threshold,
    fit_classifier,
    platt,
    platt_balanced,
    prior_weights,
    read_subjectivity,
    reliability,
    sha256,
    to_head,
    write_card,
)
from presslens._training.windowed import CACHE_DIR, encode_in_windows, shuffled_order
from presslens.claims.checkworthy import CheckworthyModel, design_matrix, fit_idf, raw_counts
from presslens.encoders import load_encoder
from presslens.nlp import load_nlp
from presslens.subjectivity import ACCURATE_PATH, FAST_PATH

SEED = 20230
FOLDS = 5
ROOT = Path(__file__).resolve().parents[1]
FAST_GRID = [(c, cw) for c in (0.25, 0.5, 1.0, 2.0, 4.0) for cw in (0.5, 1.0)]
HEAD_GRID = [("lr", c) for c in (0.0003, 0.001, 0.003, 0.01, 0.03)] + [("mlp", 1.0)]
#: Window (word pieces) of the run-time pass the head reads: the span tagger's, so one pass serves both.
WINDOW = 128
#: Seeded shuffles of train used as neighbours (besides the file order).
SHUFFLES = 4
#: Which encodings the head is fitted on: the packed ones only, or also each sentence alone.
TRAIN_ROWS = {"packed": "packed", "packed+isolated": "packed+isolated"}
#: Distillation: the teacher's recipe (v1: LR on isolated vectors, C), the weights of the unlabelled rows tried,
#: and how many articles of the encoded AllSides sample are used (the rest of the sample is kept out).
TEACHER_C = 0.001
DISTIL_LAMS = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0)
DISTIL_ARTICLES = 500


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
    ap.add_argument("--cache", type=Path, default=CACHE_DIR, help="where encoded train sentences are cached")
    ap.add_argument("--unlabelled", type=Path, default=Path("/work/cache/distil"),
                    help="encoded AllSides chunks (scripts/encode_allsides_distil.py)")
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
        # the run-time input: sentence vectors pooled inside windows of WINDOW word pieces. The train sentences
        # come shuffled (no article order), so each is encoded with neighbours drawn by fixed seeded orders
        # ("file": the file's order; "shuffle-k": permutation k), and once alone ("isolated", window 0).
        encodings = {"file": encode_in_windows(texts, range(len(texts)), WINDOW, enc, cache_dir=args.cache),
                     "isolated": encode_in_windows(texts, range(len(texts)), 0, enc, cache_dir=args.cache)}
        for k in range(1, SHUFFLES + 1):
            encodings[f"shuffle-{k}"] = encode_in_windows(texts, shuffled_order(len(texts), SEED + k), WINDOW, enc,
                                                          cache_dir=args.cache)
        packed = ["file"] + [f"shuffle-{k}" for k in range(1, SHUFFLES + 1)]
        print(f"encoded train {len(encodings)}x ({time.time() - t0:.0f}s)")
        best = None
        grid = []
        for rows_name, rows in TRAIN_ROWS.items():
            keys = packed + (["isolated"] if rows == "packed+isolated" else [])
            for kind, c in HEAD_GRID:
                z = {k: np.zeros(len(y)) for k in encodings}
                for tr, va in splits:
                    xs = np.vstack([encodings[k][tr] for k in keys])
                    scaler, clf = fit_classifier(xs, np.tile(y[tr], len(keys)), kind, c, SEED)
                    head = to_head(scaler, clf, "tmp", "0", ["OBJ", "SUBJ"])
                    for k in encodings:
                        z[k][va] = head.logits(encodings[k][va])
                zp = np.concatenate([z[k] for k in packed])
                yp = np.tile(y, len(packed))
                t, score = best_threshold(yp, 1 / (1 + np.exp(-zp)), "macro", balanced=True)
                _, iso = best_threshold(y, 1 / (1 + np.exp(-z["isolated"])), "macro", balanced=True)
                grid.append({"rows": rows_name, "head": kind, "c": c, "packed_oof_macro_f1_balanced": round(score, 4),
                             "isolated_oof_macro_f1_balanced": round(iso, 4)})
                print(json.dumps(grid[-1]))
                if best is None or score > best[0]:
                    best = (score, rows_name, keys, kind, c, z)
        assert best is not None
        _, rows_name, keys, kind, c, z = best
        # distillation (step 6): per fold a v1-recipe teacher on the isolated vectors of the other folds scores
        # the AllSides sentences at window 0; the student learns those scores from their window-128 vectors
        unl = load_unlabelled(args.unlabelled, enc.info.onnx_sha256, DISTIL_ARTICLES)
        n_articles = len(set(unl["article"].tolist()))
        if n_articles < DISTIL_ARTICLES:
            raise SystemExit(f"{args.unlabelled}: {n_articles} AllSides articles encoded, {DISTIL_ARTICLES} needed "
                             "(run scripts/encode_allsides_distil.py)")
        distil_grid = []
        best_l = None
        for lam in DISTIL_LAMS:
            zl = {k: np.zeros(len(y)) for k in encodings}
            for tr, va in splits:
                teacher = to_head(*fit_classifier(encodings["isolated"][tr], y[tr], "lr", TEACHER_C, SEED), "t", "0",
                                  ["OBJ", "SUBJ"])
                q = 1 / (1 + np.exp(-teacher.logits(unl["w0"])))
                xs = np.vstack([encodings[k][tr] for k in keys])
                student = to_head(*fit_student(xs, np.tile(y[tr], len(keys)), unl["w128"], q, lam, kind, c, SEED,
                                               balanced=True), "tmp", "0", ["OBJ", "SUBJ"])
                for k in encodings:
                    zl[k][va] = student.logits(encodings[k][va])
            zp = np.concatenate([zl[k] for k in packed])
            _, score = best_threshold(np.tile(y, len(packed)), 1 / (1 + np.exp(-zp)), "macro", balanced=True)
            distil_grid.append({"lam": lam, "packed_oof_macro_f1_balanced": round(score, 4)})
            print(json.dumps(distil_grid[-1]))
            if best_l is None or score > best_l[0]:
                best_l = (score, lam, zl)
        assert best_l is not None
        _, lam, z = best_l
        zp = np.concatenate([z[k] for k in packed])
        yp = np.tile(y, len(packed))
        # calibrated to equal class priors: train is 36 % SUBJ, dev 52 %, news articles unknown
        cal = platt_balanced(zp, yp)
        pp = 1 / (1 + np.exp(-(cal[0] * zp + cal[1])))
        t, _ = best_threshold(yp, pp, "macro", balanced=True)
        xs = np.vstack([encodings[k] for k in keys])
        teacher = to_head(*fit_classifier(encodings["isolated"], y, "lr", TEACHER_C, SEED), "t", "0", ["OBJ", "SUBJ"])
        q = 1 / (1 + np.exp(-teacher.logits(unl["w0"])))
        scaler, clf = fit_student(xs, np.tile(y, len(keys)), unl["w128"], q, lam, kind, c, SEED, balanced=True)
        head = to_head(scaler, clf, "subjectivity-minilm", "3", ["OBJ", "SUBJ"])
        val = validation_block(yp, pp, t, f"{kind}, c={c}, rows={rows_name}, distillation lam={lam}")
        val["scheme"] = (f"{FOLDS}-fold stratified grouped CV on train (out-of-fold), seed {SEED}; each sentence scored "
                         f"in {len(packed)} window-{WINDOW} packings (file order + {SHUFFLES} seeded shuffles), pooled")
        f0 = splits[0][1]
        p_iso = 1 / (1 + np.exp(-(cal[0] * z["isolated"] + cal[1])))
        p_f0 = np.concatenate([1 / (1 + np.exp(-(cal[0] * z[k][f0] + cal[1]))) for k in packed])
        val["fold0_macro_f1"] = round(float(f1_score(np.tile(y[f0], len(packed)), p_f0 >= t, average="macro")), 4)
        val["isolated_macro_f1"] = round(float(f1_score(y, p_iso >= t, average="macro")), 4)
        ece_bal, rel_bal = reliability(pp, yp, weights=prior_weights(yp))
        val["ece_equal_priors"] = ece_bal
        spread = [round(float(f1_score(y, 1 / (1 + np.exp(-(cal[0] * z[k] + cal[1]))) >= t, average="macro")), 4)
                  for k in packed]
        val["macro_f1_packing_min"], val["macro_f1_packing_max"] = min(spread), max(spread)
        meta = {**common, "encoder": enc.info.id, "window": WINDOW, "head": kind, "c": c, "train_rows": rows_name,
                "prior": 0.5, "grid": grid, "validation": val, "reliability_equal_priors": rel_bal,
                "macro_f1_by_packing": dict(zip(packed, spread, strict=True)),
                "distillation": {"lam": lam, "teacher": f"lr, c={TEACHER_C}, balanced, isolated (window 0) vectors",
                                 "unlabelled": "AllSides sample (shared/data/news/allsides_sample), scripts/encode_allsides_distil.py",
                                 "articles": n_articles, "sentences": len(q), "grid": distil_grid}}
        from dataclasses import replace

        lam_grid_text = ", ".join(f"{g['lam']}: {g['packed_oof_macro_f1_balanced']}" for g in distil_grid)

        replace(head, calibration=cal, threshold=t, meta=meta).save(ACCURATE_PATH)
        report["accurate"] = {"threshold": t, **{k: v for k, v in val.items() if k != "reliability"},
                              "seconds": round(time.time() - t0, 1)}
        write_card(ROOT / "docs" / "models" / "subjectivity-minilm.md",
                   "subjectivity-minilm (presslens.subjectivity.v1, accurate profile)",
                   {"file": "src/presslens/subjectivity/models/subjectivity-minilm.npz", "version": "3",
                    "encoder": enc.info.id,
                    "window": f"{WINDOW} word pieces: the head reads sentence vectors pooled inside the shared {WINDOW}-piece window pass (`sentence_states(doc, window={WINDOW})`), the same pass as the span tagger",
                    "features": "mean of the sentence's own token states in its window (384-d; the encoder was fine-tuned on folds 1-4 of train, see docs/models/presslens-minilm-mt-int8.md)",
                    "training rows": f"{rows_name}: each train sentence encoded with neighbours from the file order and {SHUFFLES} seeded shuffles (the sentences come without article order)" + (", and alone" if rows_name == "packed+isolated" else ""),
                    "distillation (unlabelled rows)": f"{len(q)} scorable sentences of {n_articles} AllSides news articles (seeded sample, `scripts/encode_allsides_distil.py`), encoded at window {WINDOW} in their real article, with soft targets: P(SUBJ) of a teacher with v1's recipe (LR, C={TEACHER_C}, balanced, fitted on the isolated train vectors) read from the same sentence encoded alone (window 0); weight lam={lam} × the labelled rows (lam chosen on the CV: {lam_grid_text})",
                    "head": f"{kind} ({'logistic regression, balanced classes' if kind == 'lr' else 'one hidden layer of 128 ReLU units'}), c={c}",
                    "calibration": f"Platt scaling on the out-of-fold logits with the classes reweighted to equal priors: P(SUBJ) is the posterior under a 50 % SUBJ prior (train has {common['train_subj_share']:.0%}, dev 52 %; a known prior π can be applied with odds × π/(1−π))",
                    "threshold (calibrated P(SUBJ))": t, "train": f"{len(y)} sentences, sha256 {common['train_sha256'][:12]}…",
                    "validation": val["scheme"], "validation macro-F1": val["macro_f1"],
                    "validation macro-F1 (classes weighted equally)": val["macro_f1_balanced"],
                    "validation macro-F1 per packing": meta["macro_f1_by_packing"],
                    "validation macro-F1, fold 0 only (the encoder did not see it)": val["fold0_macro_f1"],
                    "validation macro-F1, sentences encoded alone": val["isolated_macro_f1"],
                    "ece (train prior, 36 % SUBJ)": val["ece"], "ece": ece_bal,
                    "reliability": rel_bal},
                   "Sentence-level SUBJ/OBJ classifier for the accurate profile. `ece` and the reliability table below "
                   "are weighted to equal class priors (the prior the probabilities are calibrated to); n counts "
                   "sentence × packing (830 × 5). Dev figures: docs/benchmarks/learned.md.",
                   [("Data and its licence",
                     "Labelled: CheckThat! 2023–2025 subjectivity, English train (CC BY-NC-SA 4.0), read in place, never "
                     "copied. Unlabelled (distillation only, no labels used): AllSides news articles "
                     "(github.com/ramybaly/Article-Bias-Prediction; repository under Apache-2.0, the article texts are "
                     "copyrighted by their publishers and were crawled for research: internal research and benchmarking "
                     "only, never republished). Only the head's weights derive from them; no text is shipped.")])
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "reliability"} for k, v in report.items()},  # type: ignore[union-attr]
                     indent=2))


if __name__ == "__main__":
    main()
