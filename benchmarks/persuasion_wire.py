"""Persuasion findings on neutral wire copy (issue 9, item 19): an upper bound on false positives.

Reuters and Associated Press articles of the AllSides sample (outlets AllSides rates *center*) are straight
news; a propaganda-technique span there is, with few exceptions, a false positive. The script analyses the
first ``--n`` of them (file order) with ``presslens.quotes.v1`` + ``presslens.persuasion.v1`` and reports,
per 1,000 words, the spans by technique, the article persuasion score, and how many ``Appeal_to_Authority``
spans merely hold an attribution cue ("…, the minister said") — the class the analyzer now drops (option
``attributed_authority``). Both variants come from one run (the dropped spans are counted, then removed).

    OMP_NUM_THREADS=1 nice python benchmarks/persuasion_wire.py --n 120

Writes ``benchmarks/results/persuasion_wire.json``. ``--sample K --sample-out FILE`` also writes K spans drawn at
random (seed 0) from the reported ones, with their sentence, for a hand check (``benchmarks/data/``); if FILE
already holds judgements (``"judgement": "tp"`` / ``"fp"``) for the same spans, the precision is printed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
OUT = ROOT / "benchmarks" / "results" / "persuasion_wire.json"
WIRE = ("Reuters", "Associated Press")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--sample", type=int, default=0, metavar="K", help="write K reported spans for a hand check")
    ap.add_argument("--sample-out", type=Path, default=ROOT / "benchmarks" / "data" / "persuasion_wire_sample.jsonl")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2

    from presslens import Article, Settings
    from presslens.persuasion.analyzer import shared_model
    from presslens.pipeline import Pipeline
    from presslens.text.spans import SpanIndex

    rows = []
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("source") in WIRE and d.get("bias_text") == "center" and len(d.get("text") or "") > 300:
                rows.append(d)
            if len(rows) >= args.n:
                break
    settings = Settings(analyzers=("presslens.quotes.v1", "presslens.persuasion.v1"),
                        analyzer_options={"presslens.persuasion.v1": {"attributed_authority": True}})
    pipe = Pipeline(settings)
    model = shared_model()
    words = 0
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    scores_before: list[float] = []
    scores_after: list[float] = []
    reported: list[dict[str, object]] = []
    for k, d in enumerate(rows):
        dossier = pipe.analyze(Article(d["text"], title=d.get("title")))
        n_words = int(dossier.summaries.persuasion.n_words) if dossier.summaries.persuasion else 0
        words += n_words
        cues = SpanIndex([f for f in dossier.findings if f.label == "attribution.cue"], span=lambda f: (f.start, f.end))
        spans = [f for f in dossier.findings if f.kind == "persuasion"]
        kept = [f for f in spans if not (f.label == "persuasion.appeal_to_authority" and cues.overlapping(f.start, f.end))]
        before.update(f.label for f in spans)
        after.update(f.label for f in kept)
        text = dossier.article.text
        for f in kept:
            s0 = max(text.rfind("\n", 0, f.start), text.rfind(". ", 0, f.start) + 1, 0)
            s1 = min(x for x in (text.find("\n", f.end), text.find(". ", f.end), len(text)) if x >= 0)
            reported.append({"article": k, "url": d.get("url"), "label": f.label, "score": round(f.score, 3),
                             "start": f.start, "end": f.end, "span": f.text, "context": text[s0:s1 + 1].strip()})
        if n_words:
            scores_before.append(model.article_probability(1000 * len(spans) / n_words))
            scores_after.append(model.article_probability(1000 * len(kept) / n_words))

    def per_k(c: Counter[str]) -> dict[str, float]:
        return {k: round(1000 * v / max(1, words), 3) for k, v in c.most_common()}

    result = {
        "articles": len(rows), "words": words, "outlets": list(WIRE),
        "spans_per_1000_words": {"before": round(1000 * sum(before.values()) / max(1, words), 3),
                                 "after": round(1000 * sum(after.values()) / max(1, words), 3)},
        "by_technique_per_1000_words": {"before": per_k(before), "after": per_k(after)},
        "attributed_authority_spans_dropped": before["persuasion.appeal_to_authority"]
        - after["persuasion.appeal_to_authority"],
        "appeal_to_authority_spans": {"before": before["persuasion.appeal_to_authority"],
                                      "after": after["persuasion.appeal_to_authority"]},
        "mean_persuasion_score": {"before": round(sum(scores_before) / max(1, len(scores_before)), 4),
                                  "after": round(sum(scores_after) / max(1, len(scores_after)), 4)},
    }
    print(f"{len(rows)} wire articles ({', '.join(WIRE)}), {words} words")
    print(f"spans / 1000 words: before {result['spans_per_1000_words']['before']}, "
          f"after {result['spans_per_1000_words']['after']}")
    print(f"appeal_to_authority spans: {result['appeal_to_authority_spans']}")
    print(f"mean persuasion score: {result['mean_persuasion_score']}")
    for k, v in result["by_technique_per_1000_words"]["after"].items():
        print(f"  {k:<40} {v}")
    if args.sample:
        sample = random.Random(0).sample(reported, min(args.sample, len(reported)))
        sample.sort(key=lambda r: (r["article"], r["start"]))
        old = {}
        if args.sample_out.exists():
            for line in args.sample_out.read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                old[(r["article"], r["start"], r["end"], r["label"])] = r
        for r in sample:
            prev = old.get((r["article"], r["start"], r["end"], r["label"]))
            if prev is not None and prev.get("judgement"):
                r["judgement"], r["note"] = prev["judgement"], prev.get("note", "")
        args.sample_out.parent.mkdir(parents=True, exist_ok=True)
        args.sample_out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample), encoding="utf-8")
        judged = [r for r in sample if r.get("judgement") in ("tp", "fp")]
        if judged:
            tp = sum(r["judgement"] == "tp" for r in judged)
            result["hand_check"] = {"file": str(args.sample_out.relative_to(ROOT)), "judged": len(judged), "tp": tp,
                                    "precision": round(tp / len(judged), 3)}
            print(f"hand check: {tp} of {len(judged)} sampled spans are propaganda techniques "
                  f"(precision {tp / len(judged):.2f})")
        print(f"wrote {len(sample)} spans to {args.sample_out}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
