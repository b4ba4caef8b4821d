"""Quantity-extraction benchmark against the hand-annotated gold set in ``eval/quantities/gold.jsonl``.

The gold file stores, per article, its source and id in ``shared/data/news``, the SHA-256 of the text and the
gold mentions (offsets, value or interval, comparator, kind, unit, counted noun phrase and its head); the
texts are read in place from ``../shared/data/news`` and checked against the hash (see
``eval/quantities/README.md``).

Runs ``presslens.quantities.v1`` (through the pipeline, lazy parse) on each article and reports

* span precision / recall / F1, **exact** (same offsets) and **lenient** (overlapping spans, one-to-one,
  largest overlap first);
* on lenient matches: **value accuracy** (value, or low and high of an interval, equal within 1e-6
  relative), **comparator accuracy**, **kind accuracy**;
* **counted accuracy**: on lenient matches whose gold counted phrase is not empty, the system's counted phrase
  contains the gold head noun (case-insensitive, a trailing "s" ignored); and **counted-null agreement**: on
  matches whose gold counted is empty, the system's is empty too.

``claims.duration`` findings are not quantities and are not scored (gold excludes durations and ages).
Writes ``benchmarks/results/quantities.json``.

Usage::

    nice -n 10 python benchmarks/quantities.py [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from presslens.article import Article
from presslens.config import Settings
from presslens.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "quantities" / "gold.jsonl"
GOLD_BLIND = ROOT / "eval" / "quantities" / "gold_blind.jsonl"
OUT = ROOT / "benchmarks" / "results" / "quantities.json"


def _loader() -> Any:
    spec = importlib.util.spec_from_file_location("select_articles", ROOT / "eval" / "quantities" / "select_articles.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _norm(word: str) -> str:
    w = word.lower().strip(".,;:’'\"()")
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b)) or abs(a - b) < 0.006


def value_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
    return _close(g["value"], s["value"]) and _close(g["low"], s["low"]) and _close(g["high"], s["high"])


def counted_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
    words = {_norm(w) for w in (s.get("counted") or "").split()}
    return _norm(g["counted_head"]) in words


def match(gold: list[dict[str, Any]], sys_: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one lenient matching: pairs (gold index, system index) of overlapping spans, largest overlap first."""
    cands = []
    for i, g in enumerate(gold):
        for j, s in enumerate(sys_):
            ov = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if ov > 0:
                cands.append((ov, i, j))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            pairs.append((i, j))
    return pairs


def prf(tp: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate(gold_path: Path, pipe: Pipeline, sel: Any, show_errors: bool) -> tuple[dict[str, Any], list[str]]:
    """Score the pipeline's quantities against one gold file; (metrics, error lines)."""
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    n_gold = n_sys = exact = lenient = 0
    val = cmp_ok = kind_ok = 0
    cnt_total = cnt_ok = null_total = null_ok = 0
    errors: list[str] = []
    seconds = 0.0
    for row in rows:
        text = sel.load(row["source"], row["id"])
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
            print(f"text of {row['source']}:{row['id']} changed (hash mismatch); skipped", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        dossier = pipe.analyze(Article(text))
        seconds += time.perf_counter() - t0
        sys_ = [{"start": f.start, "end": f.end, **f.attrs} for f in dossier.by_label("claims.quantity")]
        gold = row["mentions"]
        n_gold += len(gold)
        n_sys += len(sys_)
        exact += len({(g["start"], g["end"]) for g in gold} & {(s["start"], s["end"]) for s in sys_})
        pairs = match(gold, sys_)
        lenient += len(pairs)
        for i, j in pairs:
            g, s = gold[i], sys_[j]
            ok_v = value_ok(g, s)
            val += ok_v
            cmp_ok += g["comparator"] == s["comparator"]
            kind_ok += g["kind"] == s["kind"]
            if g["counted"]:
                cnt_total += 1
                cnt_ok += counted_ok(g, s)
            else:
                null_total += 1
                null_ok += not s.get("counted")
            if show_errors and (not ok_v or g["comparator"] != s["comparator"]
                                or (g["counted"] and not counted_ok(g, s))):
                errors.append(f"{row['id']}: gold {g['text']!r} v={g['value']} [{g['low']},{g['high']}] "
                              f"{g['comparator']} {g['counted']!r} | sys {text[s['start']:s['end']]!r} v={s['value']} "
                              f"[{s['low']},{s['high']}] {s['comparator']} {s.get('counted')!r}")
        if show_errors:
            mg = {i for i, _ in pairs}
            ms = {j for _, j in pairs}
            errors += [f"{row['id']}: MISS {g['text']!r}" for i, g in enumerate(gold) if i not in mg]
            errors += [f"{row['id']}: FP {text[s['start']:s['end']]!r} ({s['kind']})"
                       for j, s in enumerate(sys_) if j not in ms]
    res = {
        "gold": str(gold_path.relative_to(ROOT)),
        "articles": len(rows),
        "gold_mentions": n_gold,
        "system_mentions": n_sys,
        "span_exact": prf(exact, n_sys, n_gold),
        "span_lenient": prf(lenient, n_sys, n_gold),
        "value_accuracy": round(val / lenient, 4) if lenient else 0.0,
        "comparator_accuracy": round(cmp_ok / lenient, 4) if lenient else 0.0,
        "kind_accuracy": round(kind_ok / lenient, 4) if lenient else 0.0,
        "counted_accuracy": round(cnt_ok / cnt_total, 4) if cnt_total else 0.0,
        "counted_scored": cnt_total,
        "counted_null_agreement": round(null_ok / null_total, 4) if null_total else 0.0,
        "seconds_per_article": round(seconds / max(1, len(rows)), 4),
    }
    return res, errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, action="append", help="gold JSONL (default: gold.jsonl and gold_blind.jsonl)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--errors", action="store_true", help="print misses, false positives and wrong attributes")
    args = ap.parse_args()
    sel = _loader()
    if not sel.ALLSIDES.exists():
        print(f"news data not found under {sel.NEWS}", file=sys.stderr)
        return 2
    golds = args.gold or [GOLD, GOLD_BLIND]
    pipe = Pipeline(Settings(analyzers=("presslens.quantities.v1",)))
    results: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    for path in golds:
        res, errs = evaluate(path.resolve(), pipe, sel, args.errors)
        results[path.stem] = res
        errors += [f"[{path.stem}] {e}" for e in errs]
    names = list(results)
    print(f"{'metric':24} " + " ".join(f"{n:>24}" for n in names))
    print("-" * (25 + 25 * len(names)))
    for k in ("span_exact", "span_lenient"):
        cells = [f"P {results[n][k]['precision']:.3f} R {results[n][k]['recall']:.3f} F1 {results[n][k]['f1']:.3f}"
                 for n in names]
        print(f"{k:24} " + " ".join(f"{c:>24}" for c in cells))
    for k in ("value_accuracy", "comparator_accuracy", "kind_accuracy", "counted_accuracy", "counted_null_agreement",
              "gold_mentions", "system_mentions", "articles", "seconds_per_article"):
        print(f"{k:24} " + " ".join(f"{results[n][k]!s:>24}" for n in names))
    for e in errors:
        print(e)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"benchmark": "quantities", "results": results}, indent=2, ensure_ascii=False)
                        + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
