"""Sentence-head decisions on real articles: heads trained on isolated sentences vs heads trained on windows.

The accurate profile reads the subjectivity and check-worthiness heads from one encoder pass per article, in
windows of 128 word pieces. This benchmark scores the scorable sentences of N AllSides articles with two
versions of each head (``--before-*``: head files trained on isolated sentences, e.g. taken from git history;
default: the shipped heads) at window 0 (each sentence alone) and at window 128, and reports, for each pair of
(head, window), the share of sentences whose decision (at each head's own threshold) differs and the share
above threshold. It answers: does a window-128 head read from the window pass behave like the old head read
sentence by sentence, and how much did reading windows move the old head?

Writes ``benchmarks/results/sentence_heads_windows.json``.

Usage::

    git show REV:src/presslens/subjectivity/models/subjectivity-minilm.npz > /tmp/subj-before.npz
    git show REV:src/presslens/claims/models/checkworthy-minilm.npz > /tmp/cw-before.npz
    nice -n 10 env OMP_NUM_THREADS=1 PRESSLENS_ENCODER_THREADS=1 python benchmarks/sentence_heads_windows.py \\
        --n 40 --before-subjectivity /tmp/subj-before.npz --before-checkworthy /tmp/cw-before.npz
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
OUT = ROOT / "benchmarks" / "results" / "sentence_heads_windows.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40, help="AllSides articles")
    ap.add_argument("--before-subjectivity", type=Path, default=None)
    ap.add_argument("--before-checkworthy", type=Path, default=None)
    args = ap.parse_args()
    from presslens.article import strip_span
    from presslens.claims.accurate import ACCURATE_PATH as CW_PATH
    from presslens.claims.accurate import AccurateCheckworthy
    from presslens.claims.checkworthy import load_model
    from presslens.config import Settings
    from presslens.encoders import encode_docs, load_encoder
    from presslens.encoders.heads import Head
    from presslens.ingest import iter_articles
    from presslens.nlp import load_nlp
    from presslens.subjectivity import ACCURATE_PATH as SUBJ_PATH
    from presslens.subjectivity.analyzer import MIN_WORDS

    news = DATA / "news" / "allsides_sample" / "articles.jsonl"
    if not news.exists():
        print(f"data not found: {news}", file=sys.stderr)
        return 2
    subj = {"before": Head.load(args.before_subjectivity or SUBJ_PATH), "after": Head.load(SUBJ_PATH)}
    lexical = load_model()
    cw = {"before": AccurateCheckworthy(Head.load(args.before_checkworthy or CW_PATH), lexical),
          "after": AccurateCheckworthy(Head.load(CW_PATH), lexical)}
    enc = load_encoder()
    nlp = load_nlp()
    arts = [a for a in iter_articles([news], Settings()) if not hasattr(a, "code")][: args.n]
    docs = [nlp(a) for a in arts]
    decisions: dict[tuple[str, str, int], np.ndarray] = {}
    for w in (0, 128):
        parts: dict[tuple[str, str], list[np.ndarray]] = {}
        for d, st in zip(docs, encode_docs(docs, enc, w), strict=True):
            sents = [s for s in d.sents if sum(1 for t in s if t.is_alpha) >= MIN_WORDS]
            if not sents:
                continue
            idx = [st.index_of(*strip_span(d.article.text, s.start_char, s.end_char)) for s in sents]
            x = np.stack([st.vectors[i] if i is not None else np.zeros(st.info.dim, np.float32) for i in idx])
            ents = [d.sentence_ents(s) for s in sents]
            for v in ("before", "after"):
                parts.setdefault(("subjectivity", v), []).append(subj[v].proba(x) >= subj[v].threshold)
                parts.setdefault(("checkworthy", v), []).append(cw[v].proba(sents, x, ents) >= cw[v].threshold)
        for (task, v), ps in parts.items():
            decisions[(task, v, w)] = np.concatenate(ps)
    result: dict[str, Any] = {
        "articles": len(docs), "sentences": len(decisions[("subjectivity", "after", 0)]),
        "heads": {"subjectivity": {v: f"{h.name} v{h.version} window {h.window}" for v, h in subj.items()},
                  "checkworthy": {v: f"{m.head.name} v{m.head.version} window {m.window}" for v, m in cw.items()}},
        "pairs": {}}
    pairs = ((("before", 0), ("before", 128)), (("after", 128), ("after", 0)), (("before", 0), ("after", 128)))
    for task in ("subjectivity", "checkworthy"):
        for (va, wa), (vb, wb) in pairs:
            a, b = decisions[(task, va, wa)], decisions[(task, vb, wb)]
            result["pairs"][f"{task}: {va}@{wa} vs {vb}@{wb}"] = {
                "decisions_changed": round(float((a != b).mean()), 4),
                "positive_a": round(float(a.mean()), 4), "positive_b": round(float(b.mean()), 4)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
