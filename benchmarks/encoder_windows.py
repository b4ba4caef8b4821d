"""How much the sentence heads' decisions move when the article is encoded in windows instead of sentence by sentence.

The accurate profile encodes an article once, in windows of consecutive sentences (``presslens.encoders.WINDOW``
word pieces), and pools each sentence's vector from its own token states inside the window. The subjectivity and
check-worthiness heads were trained on isolated sentences (window 0). This benchmark measures, per window size:

- on N AllSides articles: the share of scorable sentences whose subjectivity / check-worthiness decision (at the
  shipped thresholds) differs from the isolated-sentence decision, and the mean absolute probability change;
- on the dev sets (CheckThat! 2024 check-worthiness dev-test and dev, CheckThat! subjectivity dev), the
  sentences packed in file order (debate order for check-worthiness) into windows: F1 / AP / macro-F1 at the
  shipped thresholds, against isolated encoding.

Writes ``benchmarks/results/encoder_windows.json``.

Usage::

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/encoder_windows.py [--n 40] [--windows 0 64 128]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
OUT = ROOT / "benchmarks" / "results" / "encoder_windows.json"


def _joined(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, pos = [], 0
    for t in texts:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    return "\n".join(texts), spans


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--windows", type=int, nargs="+", default=[0, 64, 128])
    args = ap.parse_args()
    from presslens._training.checkworthy_data import CLEF_FILES, read_clef
    from presslens._training.heads import read_subjectivity
    from presslens.article import strip_span
    from presslens.claims.accurate import load_accurate as load_cw
    from presslens.config import Settings
    from presslens.encoders import encode_docs, encode_texts, load_encoder
    from presslens.encoders.heads import load_head
    from presslens.ingest import iter_articles
    from presslens.nlp import load_nlp
    from presslens.subjectivity import ACCURATE_PATH
    from presslens.subjectivity.analyzer import MIN_WORDS

    news = DATA / "news" / "allsides_sample" / "articles.jsonl"
    if not news.exists():
        print(f"data not found: {news}", file=sys.stderr)
        return 2
    enc = load_encoder()
    subj = load_head(str(ACCURATE_PATH))
    cw = load_cw()
    nlp = load_nlp()
    arts = [a for a in iter_articles([news], Settings()) if not hasattr(a, "code")][: args.n]
    docs = [nlp(a) for a in arts]
    result: dict[str, Any] = {"allsides": {"articles": len(docs)}, "dev": {}, "windows": args.windows}
    probs: dict[int, dict[str, np.ndarray]] = {}
    for w in args.windows:
        ps, pc = [], []
        for d, st in zip(docs, encode_docs(docs, enc, w), strict=True):
            sents = [s for s in d.sents if sum(1 for t in s if t.is_alpha) >= MIN_WORDS]
            if not sents:
                continue
            idx = [st.index_of(*strip_span(d.article.text, s.start_char, s.end_char)) for s in sents]
            x = np.stack([st.vectors[i] if i is not None else np.zeros(st.info.dim, np.float32) for i in idx])
            ps.append(subj.proba(x))
            pc.append(cw.proba(sents, x, [d.sentence_ents(s) for s in sents]))
        probs[w] = {"subjectivity": np.concatenate(ps), "checkworthy": np.concatenate(pc)}
    base = args.windows[0]
    rows = {}
    for w in args.windows:
        row = {}
        for name, t in (("subjectivity", subj.threshold), ("checkworthy", cw.threshold)):
            p0, p = probs[base][name], probs[w][name]
            row[name] = {"sentences": len(p), "positive": int((p >= t).sum()),
                         "decisions_changed": round(float(((p >= t) != (p0 >= t)).mean()), 4),
                         "mean_abs_delta_p": round(float(np.abs(p - p0).mean()), 4)}
        rows[str(w)] = row
    result["allsides"]["by_window"] = rows

    sets = []
    for split in ("dev-test", "dev"):
        _, texts, labels = read_clef(DATA / "checkworthy" / "clef2024_task1_en" / CLEF_FILES[split])
        sets.append((f"checkworthy {split}", texts, np.array(labels), "cw"))
    texts, labels = read_subjectivity(DATA / "subjectivity" / "dev_en.tsv")
    sets.append(("subjectivity dev", texts, np.array(labels), "subj"))
    for name, texts, y, kind in sets:
        sdocs = list(nlp.language.pipe(texts, batch_size=128))
        text, spans = _joined(texts)
        out = {}
        for w in args.windows:
            x = encode_texts([(text, spans)], enc, w)[0].vectors
            if kind == "cw":
                p = cw.proba(sdocs, x)
                out[str(w)] = {"f1": round(float(f1_score(y, p >= cw.threshold)), 4),
                               "ap": round(float(average_precision_score(y, p)), 4)}
            else:
                p = subj.proba(x)
                out[str(w)] = {"macro_f1": round(float(f1_score(y, p >= subj.threshold, average="macro")), 4),
                               "ap": round(float(average_precision_score(y, p)), 4)}
        result["dev"][name] = {"n": len(y), "by_window": out}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
