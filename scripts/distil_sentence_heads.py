"""Validation of distilling the window-0 sentence heads (teachers) into window-128 heads (students) on AllSides.

For each head the student is the shipped v2 recipe (same rows, head kind and strength) plus the unlabelled
AllSides sentences (``scripts/encode_allsides_distil.py``) at window 128 with the teacher's window-0 probability
as a soft target, weighing ``lam`` × the labelled rows (``presslens._training.distil``). ``lam = 0`` is v2.

Honest validation (the teacher never sees the labels it is scored on):

* subjectivity: the 5-fold grouped CV of ``scripts/train_subjectivity.py``; per fold the teacher (v1 recipe:
  logistic regression, C=0.001, balanced, on the isolated train vectors) is fitted on the other folds, the
  student on the other folds' five packings + AllSides; the held-out fold is scored in its five window-128
  packings, pooled, calibrated to equal priors and thresholded exactly as v2's validation;
* check-worthiness: the 10 % validation split of ``scripts/train_checkworthy_accurate.py``; the teacher (v1
  recipe: MLP, c=1.0, 256 units, isolated vectors) and the student (v2: MLP, c=3.0, packed vectors) are fitted
  on the 90 %; the mix with the lexical model is chosen by validation AP as in that script.

Agreement on real articles: the AllSides articles of the last ``--holdout`` articles of the encoded sample are
not used for distillation; on their sentences, the share of decisions where the window-128 student (v2 =
``lam 0``, and each ``lam``; fitted on all labelled train rows, at the validation-chosen threshold) agrees with
the window-0 teacher (fitted the same way, v1 recipe and calibration).

Writes ``benchmarks/results/distil_sentence_heads.json``.

Usage::

    nice -n 5 env OMP_NUM_THREADS=1 PRESSLENS_ENCODER_THREADS=1 python scripts/distil_sentence_heads.py \
        --cache /work/cache/sentheads --unlabelled /work/cache/distil [--only subjectivity]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

from presslens._training.distil import agreement, fit_student, load_unlabelled
from presslens._training.heads import (
    SHARED,
    best_threshold,
    fit_classifier,
    platt,
    platt_balanced,
    read_subjectivity,
    robust_threshold,
    to_head,
)
from presslens._training.windowed import CACHE_DIR, encode_in_windows, shuffled_order
from presslens.encoders import load_encoder
from presslens.encoders.heads import Head

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "distil_sentence_heads.json"
LAMS = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0)
WINDOW = 128


def sig(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def head_of(scaler: Any, clf: Any, classes: list[str]) -> Head:
    return to_head(scaler, clf, "tmp", "0", classes)


def subjectivity(enc: Any, cache: Path, unl: dict[str, np.ndarray], hold: np.ndarray, lams: tuple[float, ...]
                 ) -> dict[str, Any]:
    seed, nfold, shuffles, c_teacher, c_student = 20230, 5, 4, 0.001, 0.003
    texts, labels = read_subjectivity(SHARED / "subjectivity" / "train_en.tsv")
    y = np.array(labels)
    groups = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    g = np.array([groups[t] for t in texts])
    splits = list(StratifiedGroupKFold(nfold, shuffle=True, random_state=seed).split(texts, y, g))
    enc_ = {"file": encode_in_windows(texts, range(len(texts)), WINDOW, enc, cache_dir=cache),
            "isolated": encode_in_windows(texts, range(len(texts)), 0, enc, cache_dir=cache)}
    for k in range(1, shuffles + 1):
        enc_[f"shuffle-{k}"] = encode_in_windows(texts, shuffled_order(len(texts), seed + k), WINDOW, enc, cache_dir=cache)
    packed = ["file"] + [f"shuffle-{k}" for k in range(1, shuffles + 1)]
    u0, u128 = unl["w0"][~hold], unl["w128"][~hold]
    z = {lam: {k: np.zeros(len(y)) for k in enc_} for lam in lams}
    zt = np.zeros(len(y))
    t0 = time.time()
    for f, (tr, va) in enumerate(splits):
        teacher = head_of(*fit_classifier(enc_["isolated"][tr], y[tr], "lr", c_teacher, seed), ["OBJ", "SUBJ"])
        zt[va] = teacher.logits(enc_["isolated"][va])
        q = sig(teacher.logits(u0))
        xl = np.vstack([enc_[k][tr] for k in packed])
        yl = np.tile(y[tr], len(packed))
        for lam in lams:
            student = head_of(*fit_student(xl, yl, u128, q, lam, "lr", c_student, seed, balanced=True), ["OBJ", "SUBJ"])
            for k in enc_:
                z[lam][k][va] = student.logits(enc_[k][va])
        print(f"subjectivity fold {f} ({time.time() - t0:.0f}s)", flush=True)
    yp = np.tile(y, len(packed))
    rows = []
    cal_of: dict[float, tuple[list[float], float]] = {}
    for lam in lams:
        zp = np.concatenate([z[lam][k] for k in packed])
        cal = platt_balanced(zp, yp)
        pp = sig(cal[0] * zp + cal[1])
        t, bal = best_threshold(yp, pp, "macro", balanced=True)
        cal_of[lam] = (cal, t)
        per = [float(f1_score(y, sig(cal[0] * z[lam][k] + cal[1]) >= t, average="macro")) for k in packed]
        iso = float(f1_score(y, sig(cal[0] * z[lam]["isolated"] + cal[1]) >= t, average="macro"))
        rows.append({"lam": lam, "macro_f1": round(float(f1_score(yp, pp >= t, average="macro")), 4),
                     "macro_f1_balanced": round(bal, 4), "threshold": t,
                     "packing_min": round(min(per), 4), "packing_max": round(max(per), 4),
                     "isolated_macro_f1": round(iso, 4)})
        print(json.dumps(rows[-1]), flush=True)
    # the teacher's own out-of-fold figure at window 0 (what v1 reads on isolated sentences)
    ct = platt_balanced(zt, y)
    tt, tbal = best_threshold(y, sig(ct[0] * zt + ct[1]), "macro", balanced=True)
    teacher_row = {"teacher_window0_macro_f1": round(float(f1_score(y, sig(ct[0] * zt + ct[1]) >= tt, average="macro")), 4),
                   "teacher_window0_macro_f1_balanced": round(tbal, 4), "threshold": tt}
    # agreement on held-out AllSides articles: models fitted on all train, validation calibration + threshold
    teacher = head_of(*fit_classifier(enc_["isolated"], y, "lr", c_teacher, seed), ["OBJ", "SUBJ"])
    q = sig(teacher.logits(u0))
    dec_t = sig(ct[0] * teacher.logits(unl["w0"][hold]) + ct[1]) >= tt
    xl, yl = np.vstack([enc_[k] for k in packed]), np.tile(y, len(packed))
    agree = {}
    for lam in lams:
        student = head_of(*fit_student(xl, yl, u128, q, lam, "lr", c_student, seed, balanced=True), ["OBJ", "SUBJ"])
        cal, t = cal_of[lam]
        dec_s = sig(cal[0] * student.logits(unl["w128"][hold]) + cal[1]) >= t
        agree[str(lam)] = {"agreement": agreement(dec_s, dec_t), "student_subj_share": round(float(dec_s.mean()), 4),
                           "teacher_subj_share": round(float(dec_t.mean()), 4)}
    return {"lams": list(lams), "validation": rows, "teacher": teacher_row, "agreement_allsides_holdout": agree,
            "n_unlabelled_sentences": len(u0), "n_holdout_sentences": int(hold.sum())}


def checkworthy(enc: Any, cache: Path, unl: dict[str, np.ndarray], hold: np.ndarray, lams: tuple[float, ...]
                ) -> dict[str, Any]:
    import importlib.util

    from presslens._training.checkworthy_data import CLEF_FILES, read_clef

    spec = importlib.util.spec_from_file_location("tca", ROOT / "scripts" / "train_checkworthy_accurate.py")
    assert spec and spec.loader
    tca = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tca)
    seed = 20240
    data = SHARED / "checkworthy" / "clef2024_task1_en"
    train_path = data / CLEF_FILES["train"]
    ids, texts, labels = read_clef(train_path)
    y = np.array(labels)
    tr, va = train_test_split(np.arange(len(y)), test_size=0.10, random_state=seed, stratify=y)
    order = sorted(range(len(ids)), key=lambda i: int(ids[i]))
    packed = encode_in_windows(texts, order, WINDOW, enc, cache_dir=cache)
    iso = encode_in_windows(texts, order, 0, enc, cache_dir=cache)
    z_lex = tca.lexical_refit(texts, train_path, cache / "counts.npz", y, tr, va, seed)
    pl = platt(z_lex, y[va])
    t0 = time.time()
    teacher = head_of(*fit_classifier(iso[tr], y[tr], "mlp", 1.0, seed, hidden=256), ["No", "Yes"])
    u0, u128 = unl["w0"][~hold], unl["w128"][~hold]
    q = sig(teacher.logits(u0))
    zt = teacher.logits(iso[va])
    print(f"check-worthiness teacher ({time.time() - t0:.0f}s): val AP at window 0 "
          f"{average_precision_score(y[va], zt):.4f}, window 128 {average_precision_score(y[va], teacher.logits(packed[va])):.4f}",
          flush=True)
    th = platt(zt, y[va])
    dec_t = sig(th[0] * teacher.logits(unl["w0"][hold]) + th[1]) >= 0.5
    rows, agree = [], {}
    for lam in lams:
        student = head_of(*fit_student(packed[tr], y[tr], u128, q, lam, "mlp", 3.0, seed, balanced=False, hidden=256),
                          ["No", "Yes"])
        z_head = student.logits(packed[va])
        ph = platt(z_head, y[va])
        mixes = []
        for a in tca.ALPHAS:
            zm = a * (ph[0] * z_head + ph[1]) + (1 - a) * (pl[0] * z_lex + pl[1])
            _, f1 = best_threshold(y[va], sig(zm), "f1")
            mixes.append((round(float(average_precision_score(y[va], zm)), 4), round(f1, 4), float(a)))
        ap_, _, alpha = max(mixes)
        zm = alpha * (ph[0] * z_head + ph[1]) + (1 - alpha) * (pl[0] * z_lex + pl[1])
        final = platt(zm, y[va])
        p = sig(final[0] * zm + final[1])
        t = robust_threshold(y[va], p, tca.PRIORS)
        rows.append({"lam": lam, "mix_ap": ap_, "alpha": alpha, "mix_f1_robust_threshold": round(float(f1_score(y[va], p >= t)), 4),
                     "threshold": t, "head_only_ap": round(float(average_precision_score(y[va], z_head)), 4)})
        print(json.dumps(rows[-1]), f"({time.time() - t0:.0f}s)", flush=True)
        # agreement of head decisions (each Platt-scaled on validation, at 0.5) on held-out AllSides sentences;
        # students fitted on the 90 % as shipped
        dec_s = sig(ph[0] * student.logits(unl["w128"][hold]) + ph[1]) >= 0.5
        agree[str(lam)] = {"agreement": agreement(dec_s, dec_t), "student_yes_share": round(float(dec_s.mean()), 4),
                           "teacher_yes_share": round(float(dec_t.mean()), 4)}
    teacher_row = {"teacher_window0_head_ap": round(float(average_precision_score(y[va], zt)), 4)}
    return {"lams": list(lams), "validation": rows, "teacher": teacher_row, "agreement_allsides_holdout": agree,
            "n_unlabelled_sentences": len(u0), "n_holdout_sentences": int(hold.sum())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=CACHE_DIR, help="encoded labelled train sets")
    ap.add_argument("--unlabelled", type=Path, default=Path("/work/cache/distil"), help="encoded AllSides chunks")
    ap.add_argument("--articles", type=int, default=None, help="use at most this many encoded articles")
    ap.add_argument("--holdout", type=int, default=100, help="last N encoded articles kept out for agreement")
    ap.add_argument("--only", choices=("subjectivity", "checkworthy"), default=None)
    ap.add_argument("--lams", type=float, nargs="+", default=list(LAMS))
    args = ap.parse_args()
    enc = load_encoder()
    unl = load_unlabelled(args.unlabelled, enc.info.onnx_sha256, args.articles)
    arts = list(dict.fromkeys(unl["article"].tolist()))
    hold = np.isin(unl["article"], arts[-args.holdout:])
    print(f"{len(arts)} AllSides articles, {len(unl['w0'])} sentences ({int(hold.sum())} held out)", flush=True)
    out: dict[str, Any] = {"articles": len(arts), "holdout_articles": args.holdout}
    lams = tuple(args.lams)
    if args.only in (None, "subjectivity"):
        out["subjectivity"] = subjectivity(enc, args.cache, unl, hold, lams)
    if args.only in (None, "checkworthy"):
        out["checkworthy"] = checkworthy(enc, args.cache, unl, hold, lams)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if OUT.exists():
        prev = json.loads(OUT.read_text())
        out = {**prev, **out}
    OUT.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
