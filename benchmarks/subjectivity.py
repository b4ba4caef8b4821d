"""How well do the rule-based editorial signals separate subjective from objective news sentences?

Data: CheckThat! 2023-2025 English subjectivity (``subjectivity/train_en.tsv``, 830 sentences; ``dev_en.tsv``, 219),
sentences from news articles labelled SUBJ/OBJ. None of the editorial lexicons or rules were written from it.
Each sentence is analysed on its own as an English article; a sentence is predicted SUBJ when the chosen analyzers
produce at least one finding of the chosen labels. Official metric: macro-F1 over SUBJ and OBJ.

Systems reported (one run, same sentences):

- ``editorial``: any ``editorial.*`` finding (presslens.voice.v1 + presslens.hedging.v1);
- ``persuasion``: any ``persuasion.*`` finding (presslens.persuasion.v1);
- ``editorial+persuasion``: either (the issue's "sentence has an editorial/persuasion finding");
- ``selected``: the label set chosen on **train only** by greedy forward selection (add the label that raises
  train macro-F1 most, stop when none does), then reported on dev;
- ``always SUBJ`` / ``always OBJ``: trivial baselines.

    python benchmarks/subjectivity.py            # table + benchmarks/results/subjectivity.json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()), ROOT / ".." / "shared")
DATA = SHARED / "data" / "subjectivity"
OUT = ROOT / "benchmarks" / "results" / "subjectivity.json"
ANALYZERS = ("presslens.voice.v1", "presslens.hedging.v1", "presslens.persuasion.v1")


def load(split: str) -> list[tuple[str, bool]]:
    with (DATA / f"{split}_en.tsv").open(encoding="utf-8", newline="") as fh:
        return [(r["sentence"], r["label"] == "SUBJ") for r in csv.DictReader(fh, delimiter="\t")]


def macro_f1(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    out: dict[str, float] = {}
    f1s = []
    for cls, name in ((True, "SUBJ"), (False, "OBJ")):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == cls and p == cls)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != cls and p == cls)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == cls and p != cls)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[f"{name}_P"], out[f"{name}_R"], out[f"{name}_F1"] = round(prec, 4), round(rec, 4), round(f1, 4)
        f1s.append(f1)
    out["macro_F1"] = round(sum(f1s) / 2, 4)
    out["accuracy"] = round(sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold)), 4)
    return out


def labels_per_sentence(sentences: list[str]) -> list[set[str]]:
    """The finding labels each sentence gets (findings inside quotation marks are the source's words: left out)."""
    from presslens import Settings
    from presslens.article import Language
    from presslens.ingest import from_text
    from presslens.pipeline import Pipeline

    pipe = Pipeline(Settings(analyzers=ANALYZERS))
    en = Language("en", 1.0, "given")
    out = []
    for s in sentences:
        d = pipe.analyze(from_text(s, origin="subjectivity", language=en))
        out.append({f.label for f in d.findings
                    if f.kind in ("editorial", "persuasion") and not _quoted(f.details)})
    return out


def _quoted(details: object) -> bool:
    """Whether a booster or hedge sits inside a quotation (the other labels carry no such flag)."""
    from presslens.dossier.attrs import BoosterAttrs, HedgeAttrs

    return isinstance(details, BoosterAttrs | HedgeAttrs) and details.quoted


def predict(labels: list[set[str]], chosen: set[str] | None = None, prefix: tuple[str, ...] = ()) -> list[bool]:
    if chosen is not None:
        return [bool(ls & chosen) for ls in labels]
    return [any(lab.startswith(prefix) for lab in ls) for ls in labels]


def select_labels(labels: list[set[str]], gold: list[bool]) -> list[str]:
    """Greedy forward selection of labels on train macro-F1."""
    pool = sorted({lab for ls in labels for lab in ls})
    chosen: list[str] = []
    best = macro_f1(gold, predict(labels, set()))["macro_F1"]
    while True:
        scored = [(macro_f1(gold, predict(labels, {*chosen, lab}))["macro_F1"], lab) for lab in pool if lab not in chosen]
        if not scored:
            break
        f1, lab = max(scored)
        if f1 <= best:
            break
        chosen.append(lab)
        best = f1
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (DATA / "dev_en.tsv").exists():
        print(f"subjectivity data not found under {DATA}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    train, dev = load("train"), load("dev")
    train_labels = labels_per_sentence([s for s, _ in train])
    dev_labels = labels_per_sentence([s for s, _ in dev])
    seconds = time.perf_counter() - t0
    gtrain, gdev = [g for _, g in train], [g for _, g in dev]
    chosen = select_labels(train_labels, gtrain)
    systems = {
        "always SUBJ": lambda ls: [True] * len(ls),
        "always OBJ": lambda ls: [False] * len(ls),
        "editorial": lambda ls: predict(ls, prefix=("editorial.",)),
        "persuasion": lambda ls: predict(ls, prefix=("persuasion.",)),
        "editorial+persuasion": lambda ls: predict(ls, prefix=("editorial.", "persuasion.")),
        "selected (on train)": lambda ls: predict(ls, set(chosen)),
    }
    rows = {}
    print(f"CheckThat! subjectivity EN: train {len(train)} sentences, dev {len(dev)}; analyzers {', '.join(ANALYZERS)}")
    print(f"{'system':24} {'train macro-F1':>15} {'dev macro-F1':>13} {'dev SUBJ P/R':>14} {'dev OBJ P/R':>13}")
    for name, fn in systems.items():
        tr, dv = macro_f1(gtrain, fn(train_labels)), macro_f1(gdev, fn(dev_labels))
        rows[name] = {"train": tr, "dev": dv}
        print(f"{name:24} {tr['macro_F1']:15.3f} {dv['macro_F1']:13.3f} "
              f"{dv['SUBJ_P']:.2f}/{dv['SUBJ_R']:.2f}{'':4} {dv['OBJ_P']:.2f}/{dv['OBJ_R']:.2f}")
    print(f"\nlabels selected on train: {', '.join(chosen) or '(none)'}")
    per_label = {}
    for lab in sorted({lab for ls in train_labels + dev_labels for lab in ls}):
        n_tr = sum(1 for ls in train_labels if lab in ls)
        subj_tr = sum(1 for ls, g in zip(train_labels, gtrain, strict=True) if lab in ls and g)
        n_dv = sum(1 for ls in dev_labels if lab in ls)
        subj_dv = sum(1 for ls, g in zip(dev_labels, gdev, strict=True) if lab in ls and g)
        per_label[lab] = {"train_n": n_tr, "train_subj_share": round(subj_tr / n_tr, 3) if n_tr else None,
                          "dev_n": n_dv, "dev_subj_share": round(subj_dv / n_dv, 3) if n_dv else None}
    print(f"\n{'label':42} {'train n':>8} {'SUBJ share':>10} {'dev n':>6} {'SUBJ share':>10}")
    for lab, r in per_label.items():
        fmt = lambda x: f"{x:.2f}" if x is not None else "—"  # noqa: E731
        print(f"{lab:42} {r['train_n']:8d} {fmt(r['train_subj_share']):>10} {r['dev_n']:6d} {fmt(r['dev_subj_share']):>10}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "command": "python benchmarks/subjectivity.py",
        "data": {"train": len(train), "dev": len(dev), "source": "CheckThat! 2023-2025 subjectivity EN (train/dev)"},
        "analyzers": list(ANALYZERS),
        "systems": rows,
        "selected_labels": chosen,
        "per_label": per_label,
        "analysis_seconds": round(seconds, 1),
        "note": "shared 2-core machine; timing indicative only",
    }, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} (analysis {seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
