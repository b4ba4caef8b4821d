"""Train the accurate-profile technique classifier (``src/presslens/persuasion/models/technique-minilm.npz``).

Reproducible: the fixed PTC article split of the fast model (``presslens._training.persuasion_data``), fixed seeds.

Protocol (technique classification with gold spans given, the SemEval-2020 Task 11 TC setting):
1. Read PTC train; train / validation split by whole article (the fast model's split).
2. Span features, exactly as at run time (:func:`presslens.persuasion.accurate.span_features`): each article goes
   through the run-time encoder pass (spaCy sentences packed into windows of ``--window`` word pieces, the span
   tagger's window; cached by :mod:`presslens._training.ptc_states`, ``PRESSLENS_PTC_STATES_CACHE``); a span is
   the mean of the token states it covers ⊕ the vector of the spaCy sentence holding its start (768-d). No span
   text is encoded on its own, so at run time the technique head costs no encoder call.
3. Multinomial logistic head on the gold technique spans of the train articles (C grid).
4. Mix with the fast model's technique log-probabilities on validation (the fast TC model never saw the
   validation articles): ``log p = α · log p_head + (1 − α) · log p_fast``; C and α chosen together by the
   validation micro-F1 of the mix, then a temperature fitted on validation; ECE of the top-class confidence and
   the reliability table.
5. Ship the head fitted on the train articles with α and the temperature; card ``docs/models/technique-minilm.md``.

Usage::

    PRESSLENS_PTC_STATES_CACHE=/work/cache nice -n 10 env OMP_NUM_THREADS=1 python scripts/train_persuasion_accurate.py
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.special import logsumexp

from presslens._training.heads import fit_classifier, reliability, temperature, to_head, write_card
from presslens._training.persuasion_data import load_train, split_ids
from presslens._training.persuasion_metrics import tc_score
from presslens._training.ptc_states import states_for
from presslens.encoders import load_encoder
from presslens.nlp import load_nlp
from presslens.persuasion.accurate import ACCURATE_PATH, FEATURES, span_features
from presslens.persuasion.analyzer import shared_model
from presslens.persuasion.techniques import PTC_NAMES

CARD_SECTIONS = [
    (
        "Data and its licence",
        "PTC (SemEval-2020 Task 11) train articles with gold technique spans, read in place from shared/data; no licence stated, distributed for research use only. The encoder is all-MiniLM-L6-v2 (Apache-2.0).",
    ),
    (
        "Metrics",
        "Validation above: 74 whole PTC train articles held out (the fast model's split), technique classification with gold spans (SemEval TC setting). The issue notes that validation carved from train overestimated TC by 5–9 points on the held-back dev/test; expect less on unseen data.",
    ),
    (
        "Intended use",
        "Naming the persuasion technique of spans found by the accurate span tagger (span-tagger-minilm), under `--profile accurate`; it reads the same encoder pass as the tagger, so it adds no encoder call.",
    ),
    (
        "Known failure modes",
        "Trained and validated on gold spans; at run time the spans come from the span tagger, whose boundaries differ (SI F1 well below 1), which changes the pooled span vector. Token states are read from a float16 cache at training time and float32 at run time (differences far below the head's margins). Rare techniques (e.g. Bandwagon, Thought-terminating cliches) remain poorly classified (macro-F1 well below micro-F1).",
    )
]
SEED = 20200911
ROOT = Path(__file__).resolve().parents[1]
GRID_C = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
ALPHAS = np.round(np.arange(0.0, 1.001, 0.1), 1)
#: The window of the shipped span tagger's pass: the technique head reads the same pass (one encoder call per article).
WINDOW = 128


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--window", type=int, default=WINDOW,
                    help="encoder window (word pieces) of the pass the head reads (default %(default)s, the span tagger's)")
    args = ap.parse_args()
    t0 = time.time()
    arts = load_train()
    by_id = {a.id: a for a in arts}
    tr, va = split_ids(list(by_id))
    enc = load_encoder()
    window = args.window
    passes = states_for(arts, (window,))[window]  # the run-time pass (spaCy sentences, windows), cached
    print(f"encoder pass of {len(passes)} articles ready ({time.time() - t0:.0f}s)", flush=True)

    def featurise(ids: list[str]) -> tuple[np.ndarray, np.ndarray, list[tuple[str, int, int, str]]]:
        rows = [(i, s, e, t) for i in ids for s, e, t in by_id[i].tc]
        xs = []
        for i in ids:
            spans = [(s, e) for s, e, _ in by_id[i].tc]
            if spans:  # exactly the run-time features (AccurateTechniques.features)
                xs.append(span_features(passes[i].as_states(enc.info, window), spans))
        x = np.vstack(xs)
        y = np.array([PTC_NAMES.index(t) for *_, t in rows])
        return x, y, rows

    x_tr, y_tr, _ = featurise(tr)
    x_va, y_va, rows_va = featurise(va)
    print(f"encoded {len(y_tr)} train / {len(y_va)} validation spans ({time.time() - t0:.0f}s)", flush=True)

    # fast model's technique probabilities on validation spans (out of sample: it was fit on train articles)
    nlp = load_nlp()
    fast = shared_model()
    p_fast = np.zeros((len(rows_va), len(PTC_NAMES)))
    k = 0
    for i in va:
        doc = nlp.language(by_id[i].text)
        info = fast.info(doc)
        spans = [(s, e) for s, e, _ in by_id[i].tc]
        if spans:
            probs = fast.technique_proba(info, spans)
            order = [fast.weights.classes.index(n) for n in PTC_NAMES]
            p_fast[k : k + len(spans)] = probs[:, order]
            k += len(spans)
    assert k == len(rows_va)
    gold = [(a, s, e, t) for a, s, e, t in rows_va]

    def micro(logp: np.ndarray) -> float:
        pred = [(a, s, e, PTC_NAMES[int(j)]) for (a, s, e, _), j in zip(rows_va, logp.argmax(1), strict=True)]
        return tc_score(pred, gold, PTC_NAMES).micro.f1

    fast_micro = micro(np.log(p_fast + 1e-9))
    print(f"fast TC validation micro-F1 {fast_micro:.4f}", flush=True)
    logp_f = np.log(p_fast + 1e-9)
    grid = []
    best = None
    for c in GRID_C:
        scaler, clf = fit_classifier(x_tr, y_tr, "lr", c, SEED, balanced=False)
        head = to_head(scaler, clf, "technique-minilm", "1", [PTC_NAMES[j] for j in clf.classes_])
        z = head.logits(x_va)
        full = np.full((len(y_va), len(PTC_NAMES)), -30.0)
        full[:, clf.classes_] = z
        logp_h = full - logsumexp(full, axis=1, keepdims=True)
        m = micro(logp_h)
        # the shipped quantity is the mix: C and alpha are chosen together on validation micro-F1 of the mix
        mixes = [(round(micro(a * logp_h + (1 - a) * logp_f), 4), float(a)) for a in ALPHAS]
        mix_micro, alpha = max(mixes, key=lambda m: (m[0], -abs(m[1] - 0.5)))
        grid.append({"C": c, "val_micro_f1_head_only": round(m, 4), "val_micro_f1_mix": mix_micro, "alpha": alpha})
        print(json.dumps(grid[-1]), f"({time.time() - t0:.0f}s)", flush=True)
        if best is None or mix_micro > best[0]:
            best = (mix_micro, c, head, logp_h, clf.classes_, m, alpha, mixes)
    assert best is not None
    _mix_micro, c, head, logp_h, classes, head_micro, alpha, mixes = best
    zmix = alpha * logp_h + (1 - alpha) * logp_f
    (temp,) = temperature(zmix, y_va)
    s = zmix / temp
    p = np.exp(s - s.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    conf = p.max(1)
    ece, rel = reliability(conf, (p.argmax(1) == y_va).astype(float))
    pred = [(a, s_, e, PTC_NAMES[int(j)]) for (a, s_, e, _), j in zip(rows_va, p.argmax(1), strict=True)]
    res = tc_score(pred, gold, PTC_NAMES)
    val = {"scheme": f"{len(va)} whole PTC train articles held out (persuasion_data split, seed {SEED}); TC with gold spans",
           "micro_f1": round(res.micro.f1, 4), "macro_f1": round(res.macro_f1, 4), "ece": ece,
           "fast_micro_f1": round(fast_micro, 4), "head_only_micro_f1": round(head_micro, 4),
           "setting": f"lr C={c}, alpha={alpha}, T={temp:.3f}"}
    meta = {"encoder": enc.info.id, "window": window, "features": FEATURES, "classes_all": PTC_NAMES, "head_classes": [int(j) for j in classes],
            "grid": grid, "mix_grid": mixes, "mix": {"alpha": alpha, "temperature": temp},
            "validation": {**val, "reliability": rel}, "seed": SEED, "n_train_spans": len(y_tr)}
    replace(head, calibration=[temp], meta=meta).save(ACCURATE_PATH)
    write_card(ROOT / "docs" / "models" / "technique-minilm.md",
               "technique-minilm (presslens.persuasion.v1, accurate profile: technique classification)",
               {"file": "src/presslens/persuasion/models/technique-minilm.npz", "version": "1", "encoder": enc.info.id,
                "features": f"mean of the article pass's token states over the span ⊕ its spaCy sentence's vector (768-d; the pass of windows of {window} word pieces that the span tagger reads, so no extra encoder call; shared encoder fine-tuned on the same train articles)",
                "window": window,
                "head": f"multinomial logistic regression, C={c}, over the 14 PTC techniques",
                "mix": f"alpha={alpha} × log p(head) + {1 - alpha:.1f} × log p(fast TC model); temperature {temp:.3f}",
                "train": f"{len(y_tr)} gold technique spans of {len(tr)} PTC train articles",
                "validation": val["scheme"], "validation TC micro-F1 (mix)": val["micro_f1"],
                "validation TC macro-F1 (mix)": val["macro_f1"],
                "validation TC micro-F1, fast model / head alone": f"{val['fast_micro_f1']} / {val['head_only_micro_f1']}",
                "ece": ece, "reliability": rel},
               "Technique classification of persuasion spans for the accurate profile, from the article's one encoder "
               "pass. The reliability table is over the top-class confidence.", CARD_SECTIONS)
    print(json.dumps(val, indent=2), f"\nsaved {ACCURATE_PATH} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
