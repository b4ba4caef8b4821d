"""Benchmark of the shipped persuasion model on the fixed PTC validation split (trains nothing).

Prints and writes ``benchmarks/results/persuasion.json``:

- SI precision / recall / F1 (SemEval-2020 Task 11 semantics, :mod:`presslens._training.persuasion_metrics`);
- TC micro-F1 and macro-F1 on the gold technique spans, with a per-technique table;
- speed: the shared spaCy base pass vs the model's inference on the same articles (one process, one core);
- the same figures for the lexicon-only baseline, in the same run.

``--profile accurate`` scores what the analyzer reports under the accurate profile instead (spans from the encoder
span tagger, techniques from ``technique-minilm`` mixed with the fast classifier; gold-span TC through the same
mix) and writes ``benchmarks/results/persuasion_accurate.json``; the fast model's figures are computed
in the same run for comparison.

Usage::

    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/persuasion.py [--data DIR] [--profile accurate]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from presslens._training.persuasion_baseline import LexiconBaseline
from presslens._training.persuasion_data import VALIDATION_FRACTION, VALIDATION_SEED, load_train, split_ids
from presslens._training.persuasion_metrics import si_score, tc_score
from presslens.article import Article
from presslens.nlp import load_nlp
from presslens.persuasion.model import PersuasionModel
from presslens.persuasion.scoring import word_count
from presslens.persuasion.techniques import PTC_NAMES

RESULTS = Path(__file__).resolve().parent / "results" / "persuasion.json"


def _rank_rows(keys: list[tuple[str, int, int]], probs: np.ndarray) -> list[tuple[str, int, int, str]]:
    """One technique per gold row; a span listed k times gets its k best techniques (distinct)."""
    seen: Counter[tuple[str, int, int]] = Counter()
    out = []
    for k, p in zip(keys, probs, strict=True):
        order = np.argsort(-p)
        out.append((*k, PTC_NAMES[int(order[min(seen[k], len(order) - 1)])]))
        seen[k] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--profile", choices=("fast", "accurate"), default="fast")
    args = ap.parse_args(argv)
    if args.profile == "accurate":
        return accurate(args.data, args.out or RESULTS.with_name("persuasion_accurate.json"))
    args.out = args.out or RESULTS

    arts = load_train(args.data)
    _, va_ids = split_ids([a.id for a in arts])
    va = [a for a in arts if a.id in set(va_ids)]
    nlp = load_nlp()
    nlp(Article("Warm-up sentence."))

    t0 = time.perf_counter()
    model = PersuasionModel()
    load_s = time.perf_counter() - t0
    baseline = LexiconBaseline()

    t_nlp = t_flc = t_tc = t_base = 0.0
    si_pred, base_pred, gold_si = {}, {}, {}
    tc_pred_rows, base_tc_rows, gold_rows = [], [], []
    n_words = 0
    dens_pred, dens_gold = [], []
    for a in va:
        t = time.perf_counter()
        doc = nlp(Article(a.text)).doc
        t_nlp += time.perf_counter() - t
        n_words += word_count(doc)
        gold_si[a.id] = list(a.si)
        gold_rows += [(a.id, s, e, tech) for s, e, tech in a.tc]

        t = time.perf_counter()
        flc = model.predict(doc)  # what the analyzer reports: SI + TC on predicted spans
        t_flc += time.perf_counter() - t
        si_pred[a.id] = [(p.start, p.end) for p in flc]
        info = model.info(doc)
        dens_pred.append(1000 * len(flc) / max(1, word_count(doc)))
        dens_gold.append(1000 * len(a.tc) / max(1, word_count(doc)))

        t = time.perf_counter()
        keys = [(a.id, s, e) for s, e, _ in a.tc]
        probs = model.technique_proba(info, [(s, e) for s, e, _ in a.tc])
        tc_pred_rows += _rank_rows(keys, probs) if keys else []
        t_tc += time.perf_counter() - t

        t = time.perf_counter()
        base_pred[a.id] = [(s, e) for s, e, _ in baseline.spans(doc)]
        base_techs = baseline.techniques(doc, [(s, e) for s, e, _ in a.tc])
        base_tc_rows += [(a.id, s, e, t) for (s, e, _), t in zip(a.tc, base_techs, strict=True)]
        t_base += time.perf_counter() - t

    n = len(va)
    si = si_score(si_pred, gold_si)
    tc = tc_score(tc_pred_rows, gold_rows, PTC_NAMES)
    bsi = si_score(base_pred, gold_si)
    btc = tc_score(base_tc_rows, gold_rows, PTC_NAMES)
    median = float(model.weights.meta.get("gold_density_median_rows_per_1000_words", np.median(dens_gold)))
    heavy = [int(g > median) for g in dens_gold]
    article = {
        "spearman_pred_vs_gold_density": round(float(spearmanr(dens_pred, dens_gold)[0]), 4),
        "auc_heavy_vs_score": round(float(roc_auc_score(heavy, dens_pred)), 4) if 0 < sum(heavy) < n else None,
        "heavy_articles": sum(heavy),
        "note": "ranking metrics, independent of the calibration (which is fitted on these articles)",
    }
    result = {
        "split": {"source": "PTC train (SemEval-2020 Task 11)", "validation_articles": n,
                  "validation_seed": VALIDATION_SEED, "validation_fraction": VALIDATION_FRACTION,
                  "gold_si_spans": si.n_gold, "gold_tc_rows": tc.micro.n_gold, "words": n_words},
        "model": {"name": model.weights.meta.get("model"), "trained_on": model.weights.meta.get("trained_on"),
                  "load_seconds": round(load_s, 3),
                  "si": si.to_dict(), "tc": tc.to_dict()},
        "article_score": article,
        "baseline_lexicon": {"si": bsi.to_dict(), "tc": btc.to_dict()},
        "speed": {
            "threads": os.environ.get("OMP_NUM_THREADS", "unset"),
            "spacy_base_pass_s_per_article": round(t_nlp / n, 4),
            "model_flc_s_per_article": round(t_flc / n, 4),
            "model_tc_gold_spans_s_per_article": round(t_tc / n, 4),
            "baseline_s_per_article": round(t_base / n, 4),
            "model_overhead_vs_spacy": round(t_flc / t_nlp, 3),
            "articles_per_s_spacy_plus_model": round(n / (t_nlp + t_flc), 2),
            "articles_per_s_model_only": round(n / t_flc, 2),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")

    print(f"PTC validation split: {n} articles, {si.n_gold} gold SI spans, {tc.micro.n_gold} gold TC rows")
    print(f"{'':24}{'SI P':>7}{'SI R':>7}{'SI F1':>7}{'TC micro':>10}{'TC macro':>10}")
    for name, s, c in (("shipped model", si, tc), ("lexicon baseline", bsi, btc)):
        print(f"{name:24}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{c.micro.f1:10.3f}{c.macro_f1:10.3f}")
    print(f"\n{'technique':38}{'gold':>6}{'P':>7}{'R':>7}{'F1':>7}{'base F1':>9}")
    for k in PTC_NAMES:
        v, b = tc.per_technique[k], btc.per_technique[k]
        print(f"{k:38}{v.n_gold:6d}{v.precision:7.3f}{v.recall:7.3f}{v.f1:7.3f}{b.f1:9.3f}")
    print(f"\narticle level: Spearman(pred density, gold density) = {article['spearman_pred_vs_gold_density']}, "
          f"AUC(heavy propaganda) = {article['auc_heavy_vs_score']} ({article['heavy_articles']}/{n} heavy)")
    sp = result["speed"]
    print(f"\nspeed (one process, OMP_NUM_THREADS={sp['threads']}): spaCy base pass "
          f"{sp['spacy_base_pass_s_per_article']:.3f} s/article; model {sp['model_flc_s_per_article']:.3f} s/article "
          f"(+{100 * sp['model_overhead_vs_spacy']:.0f}% of the spaCy pass); baseline {sp['baseline_s_per_article']:.3f}"
          f" s/article; {sp['articles_per_s_spacy_plus_model']:.2f} articles/s end to end; model load {load_s:.2f} s")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def accurate(data: Path | None, out: Path) -> int:
    """SI and TC of the accurate profile (what the analyzer reports) against the fast model, same articles."""
    from presslens.analyzers.base import Context
    from presslens.config import Settings
    from presslens.encoders import sentence_states
    from presslens.persuasion.analyzer import PersuasionAnalyzer

    arts = load_train(data)
    _, va_ids = split_ids([a.id for a in arts])
    va = [a for a in arts if a.id in set(va_ids)]
    nlp = load_nlp()
    settings = Settings(profile="accurate")
    t0 = time.perf_counter()
    acc = PersuasionAnalyzer(settings)
    load_s = time.perf_counter() - t0
    assert acc.accurate is not None and acc.tagger is not None
    fast_classes = list(acc.model.weights.classes)
    to_acc = [fast_classes.index(c) for c in acc.accurate.classes]
    t_nlp = t_enc = t_fast = t_acc = 0.0
    pred: dict[str, dict[str, list[tuple[int, int]]]] = {"fast": {}, "accurate": {}}
    gold_si: dict[str, list[tuple[int, int]]] = {}
    rows: dict[str, list[tuple[str, int, int, str]]] = {"fast": [], "accurate": [], "fast_pred": [], "accurate_pred": []}
    gold_rows = []
    crossing = 0
    for a in va:
        t = time.perf_counter()
        nd = nlp(Article(a.text))
        t_nlp += time.perf_counter() - t
        doc = nd.doc
        gold_si[a.id] = list(a.si)
        gold_rows += [(a.id, s, e, tech) for s, e, tech in a.tc]
        t = time.perf_counter()
        fp = acc.model.predict(doc)
        t_fast += time.perf_counter() - t
        pred["fast"][a.id] = [(p.start, p.end) for p in fp]
        rows["fast_pred"] += [(a.id, p.start, p.end, p.technique) for p in fp]
        t = time.perf_counter()
        sentence_states(nd, window=acc.tagger.window)
        t_enc += time.perf_counter() - t
        t = time.perf_counter()
        ap_ = acc._predict(Context(article=nd.article, nlp=nd, settings=settings))
        t_acc += time.perf_counter() - t
        pred["accurate"][a.id] = [(p.start, p.end) for p in ap_]
        rows["accurate_pred"] += [(a.id, p.start, p.end, p.technique) for p in ap_]
        crossing += sum(1 for p in ap_ if "\n" in a.text[p.start:p.end])
        keys = [(a.id, s, e) for s, e, _ in a.tc]
        if keys:
            info = acc.model.info(doc)
            pf = acc.model.technique_proba(info, [(s, e) for s, e, _ in a.tc])
            rows["fast"] += _rank_rows(keys, pf)
            pa = acc.accurate.proba([(s, e) for s, e, _ in a.tc], sentence_states(nd, window=acc.accurate.window),
                                    pf[:, to_acc])
            rows["accurate"] += _rank_rows(keys, pa[:, [acc.accurate.classes.index(c) for c in PTC_NAMES]])
    n = len(va)
    res: dict[str, object] = {"split": {"validation_articles": n, "validation_seed": VALIDATION_SEED},
                              "models": {"span_tagger": acc.tagger.card(), "techniques": acc.accurate.card()},
                              "load_seconds": round(load_s, 2)}
    table = {}
    for name in ("fast", "accurate"):
        si = si_score(pred[name], gold_si)
        tc = tc_score(rows[name], gold_rows, PTC_NAMES)
        flc = tc_score(rows[f"{name}_pred"], gold_rows, PTC_NAMES)
        table[name] = {"si": si.to_dict(), "tc_gold_spans": tc.to_dict(), "flc_micro_f1": round(flc.micro.f1, 4)}
    res["results"] = table
    res["accurate_spans_crossing_line_breaks"] = crossing
    res["gold_spans_crossing_line_breaks"] = sum(1 for a in va for s, e in a.si if "\n" in a.text[s:e])
    res["speed"] = {"spacy_s_per_article": round(t_nlp / n, 4), "encoder_pass_s_per_article": round(t_enc / n, 4),
                    "fast_persuasion_s_per_article": round(t_fast / n, 4),
                    "accurate_persuasion_after_encoder_s_per_article": round(t_acc / n, 4)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(f"PTC validation split: {n} articles")
    print(f"{'':10}{'SI P':>7}{'SI R':>7}{'SI F1':>7}{'TC micro':>10}{'TC macro':>10}{'FLC micro':>11}")
    for name, r in table.items():
        si_, tc_ = r["si"], r["tc_gold_spans"]
        print(f"{name:10}{si_['precision']:7.3f}{si_['recall']:7.3f}{si_['f1']:7.3f}{tc_['micro']['f1']:10.3f}"  # type: ignore[index]
              f"{tc_['macro_f1']:10.3f}{r['flc_micro_f1']:11.3f}")  # type: ignore[index]
    print(f"accurate spans crossing a line break: {crossing} (gold: {res['gold_spans_crossing_line_breaks']})")
    print("speed:", json.dumps(res["speed"]))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
