"""Learned heads of the accurate profile against the fast models, on data they were never trained or tuned on.

Sections (``--only NAME`` runs one; results merge into ``benchmarks/results/learned.json``):

``subjectivity``
    CheckThat! subjectivity English **dev** (219 sentences, 52 % SUBJ; train is 36 % SUBJ): macro-F1, SUBJ F1,
    accuracy and ECE of ``subjectivity-fast`` and ``subjectivity-minilm`` at their shipped thresholds (chosen
    by cross-validation on train). Scored once per model choice.
``checkworthy``
    CheckThat! 2024 English **dev** and **dev-test**: F1 of ``Yes``, AP, and ECE of the fast model and the
    accurate mix (encoder head + fast lexical model) at their shipped thresholds; plus a **shifted check**:
    models retrained here on the debates up to 2008 of ClaimBuster (= CheckThat! train) and tested on the
    debates of 2012 and 2016 (speaker turns never seen, later topics).

Usage::

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/learned.py [--only subjectivity|checkworthy]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, precision_recall_fscore_support

from presslens._training.heads import SHARED, read_subjectivity, reliability, sha256

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "learned.json"


def binary_metrics(y: np.ndarray, p: np.ndarray, t: float) -> dict[str, float]:
    pred = p >= t
    prec, rec, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    ece, _ = reliability(p, y)
    return {"threshold": round(float(t), 4), "precision": round(float(prec), 4), "recall": round(float(rec), 4),
            "f1": round(float(f), 4), "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
            "accuracy": round(float(accuracy_score(y, pred)), 4), "ap": round(float(average_precision_score(y, p)), 4),
            "ece": ece}


def subjectivity() -> dict[str, Any]:
    from presslens._training.windowed import encode_in_windows
    from presslens.encoders import load_encoder
    from presslens.encoders.heads import Head
    from presslens.nlp import load_nlp
    from presslens.subjectivity import ACCURATE_PATH
    from presslens.subjectivity.analyzer import load_fast

    path = SHARED / "subjectivity" / "dev_en.tsv"
    texts, labels = read_subjectivity(path)
    y = np.array(labels)
    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.language.pipe(texts, batch_size=128))
    fast = load_fast()
    p_fast = fast.score_spans(docs)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    head = Head.load(ACCURATE_PATH)
    # the head reads the run-time pass at its window: dev sentences packed in file order (they come without
    # article order, so the neighbours are other dev sentences); window 0 (each sentence alone) for comparison
    p_acc = head.proba(encode_in_windows(texts, range(len(texts)), head.window, load_encoder()))
    t_acc = time.perf_counter() - t0
    p_iso = head.proba(encode_in_windows(texts, range(len(texts)), 0, load_encoder()))
    rows = {
        "subjectivity-fast": {**binary_metrics(y, p_fast, fast.threshold), "sentences_per_s": round(len(y) / t_fast, 1),
                              "validation": fast.meta["validation"]["macro_f1"]},  # type: ignore[index]
        "subjectivity-minilm": {**binary_metrics(y, p_acc, head.threshold), "sentences_per_s": round(len(y) / t_acc, 1),
                                "validation": head.meta["validation"]["macro_f1"], "window": head.window},
        "subjectivity-minilm, sentences alone (window 0)": {**binary_metrics(y, p_iso, head.threshold), "window": 0},
    }
    return {"data": {"dev_en.tsv": sha256(path), "n": len(y), "subj_share": round(float(y.mean()), 3)},
            "results": rows}


def _claimbuster_split(cut_year: int) -> tuple[list[str], np.ndarray, list[str], np.ndarray, dict[str, Any]]:
    path = SHARED / "checkworthy" / "claimbuster" / "crowdsourced.csv"
    early_t: list[str] = []
    early_y: list[int] = []
    late_t: list[str] = []
    late_y: list[int] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            year = int(row["File_id"][:4])
            lab = 1 if row["Verdict"].strip() == "1" else 0
            (early_t if year <= cut_year else late_t).append(row["Text"].strip())
            (early_y if year <= cut_year else late_y).append(lab)
    info = {"file": sha256(path), "train": f"debates up to {cut_year}", "test": f"debates after {cut_year}",
            "n_train": len(early_t), "n_test": len(late_t)}
    return early_t, np.array(early_y), late_t, np.array(late_y), info


def checkworthy() -> dict[str, Any]:
    from presslens._training.checkworthy_data import CLEF_FILES, read_clef
    from presslens._training.heads import best_threshold, fit_classifier, platt, to_head
    from presslens._training.windowed import encode_in_windows
    from presslens.claims.accurate import load_accurate
    from presslens.claims.checkworthy import design_matrix, fit_idf, load_model, raw_counts
    from presslens.encoders import load_encoder
    from presslens.nlp import load_nlp

    data = SHARED / "checkworthy" / "clef2024_task1_en"
    nlp = load_nlp()
    enc = load_encoder()
    fast = load_model()
    acc = load_accurate()
    results: dict[str, Any] = {"checkworthy-fast": {}, acc.name: {}}
    hashes = {}
    for split in ("dev", "dev-test"):
        path = data / CLEF_FILES[split]
        hashes[split] = sha256(path)
        ids, texts, labels = read_clef(path)
        y = np.array(labels)
        t0 = time.perf_counter()
        docs = list(nlp.language.pipe(texts, batch_size=128))
        p_fast = fast.score_spans(docs)
        t_fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        # the run-time pass at the head's window, sentences in debate order (ids sorted)
        order = sorted(range(len(ids)), key=lambda i: int(ids[i]))
        p_acc = acc.proba(docs, encode_in_windows(texts, order, acc.head.window, enc))
        t_acc = time.perf_counter() - t0 + t_fast
        results["checkworthy-fast"][split] = {**binary_metrics(y, p_fast, fast.threshold),
                                             "sentences_per_s": round(len(y) / t_fast, 1)}
        results[acc.name][split] = {**binary_metrics(y, p_acc, acc.threshold),
                                    "sentences_per_s": round(len(y) / t_acc, 1), "window": acc.head.window}

    if not SHIFTED:
        return {"data": hashes, "results": results}
    # shifted check: later debates, models retrained here on the earlier ones (same recipes as shipped)
    tr_t, tr_y, te_t, te_y, info = _claimbuster_split(2008)
    rng = np.random.default_rng(0)
    val = np.zeros(len(tr_y), bool)
    val[rng.choice(len(tr_y), len(tr_y) // 10, replace=False)] = True
    tr_docs = list(nlp.language.pipe(tr_t, batch_size=256))
    te_docs = list(nlp.language.pipe(te_t, batch_size=256))
    xw, xc = raw_counts(tr_docs)
    tw, tc = raw_counts(te_docs)
    from sklearn.linear_model import LogisticRegression

    cw, c = float(fast.char_weight), float(fast.meta.get("chosen", {}).get("C", 4.0))  # type: ignore[union-attr]
    idf_w, idf_c = fit_idf(xw[~val]), fit_idf(xc[~val])
    lex = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=0)
    lex.fit(design_matrix(xw[~val], xc[~val], idf_w, idf_c, cw), tr_y[~val])
    zl_val = lex.decision_function(design_matrix(xw[val], xc[val], idf_w, idf_c, cw))
    zl_te = lex.decision_function(design_matrix(tw, tc, idf_w, idf_c, cw))
    w = acc.head.window  # file order of crowdsourced.csv is debate order
    xe = encode_in_windows(tr_t, range(len(tr_t)), w, enc)
    te = encode_in_windows(te_t, range(len(te_t)), w, enc)
    kind, hc = acc.meta["head"], float(acc.meta["c"])
    scaler, clf = fit_classifier(xe[~val], tr_y[~val], kind, hc, 0)
    head = to_head(scaler, clf, "shift", "0", ["No", "Yes"])
    zh_val, zh_te = head.logits(xe[val]), head.logits(te)
    pl, ph = platt(zl_val, tr_y[val]), platt(zh_val, tr_y[val])
    alpha = float(acc.meta["mix"]["alpha"])

    def mix(zh: np.ndarray, zl: np.ndarray) -> np.ndarray:
        return alpha * (ph[0] * zh + ph[1]) + (1 - alpha) * (pl[0] * zl + pl[1])

    pm = platt(mix(zh_val, zl_val), tr_y[val])
    shifted = {}
    for name, zv, zt, cal in (("checkworthy-fast", zl_val, zl_te, pl), (acc.name, mix(zh_val, zl_val), mix(zh_te, zl_te), pm)):
        pv = 1 / (1 + np.exp(-(cal[0] * zv + cal[1])))
        pt = 1 / (1 + np.exp(-(cal[0] * zt + cal[1])))
        t, _ = best_threshold(tr_y[val], pv, "f1")
        shifted[name] = binary_metrics(te_y, pt, t)
    return {"data": hashes, "results": results, "shifted": {"setup": info, "results": shifted}}


SECTIONS = {"subjectivity": subjectivity, "checkworthy": checkworthy}
#: Run the (slow: a spaCy pass and an encoder pass over 22,501 sentences) shifted check-worthiness check.
SHIFTED = True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=sorted(SECTIONS))
    ap.add_argument("--no-shifted", action="store_true", help="skip the shifted check-worthiness check")
    args = ap.parse_args()
    global SHIFTED
    SHIFTED = not args.no_shifted
    out: dict[str, Any] = json.loads(OUT.read_text()) if OUT.exists() else {}
    out["machine"] = {"python": platform.python_version(), "processor": platform.machine(),
                      "note": "shared 2-core machine; speeds are indicative"}
    for name, fn in SECTIONS.items():
        if args.only and name != args.only:
            continue
        t0 = time.time()
        out[name] = fn()
        out[name]["seconds"] = round(time.time() - t0, 1)
        print(f"== {name}")
        for model, row in out[name]["results"].items():
            print(f"  {model}: {json.dumps(row)}")
        if out[name].get("shifted"):
            print(f"  shifted: {json.dumps(out[name]['shifted'])}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
