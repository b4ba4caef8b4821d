"""Encode unlabelled AllSides articles at window 0 and window 128 for distilling the sentence heads.

For each article (a seeded sample of the AllSides sample, in chunks so an interrupted run resumes): the
scorable sentences (>= 4 alphabetic words, as the sentence analyzers score them), their run-time encoder
vectors read sentence by sentence (window 0) and from the article's window-128 pass (the accurate profile's
input). Each chunk of articles is one ``.npz`` under ``--cache`` (default ``/work/cache/distil``):
``w0``, ``w128`` (float32, one row per sentence), ``article`` (row's article index in the sample).
Used by ``scripts/train_subjectivity.py --distil`` and ``scripts/train_checkworthy_accurate.py --distil``.

Usage::

    nice -n 5 env OMP_NUM_THREADS=1 PRESSLENS_ENCODER_THREADS=1 python scripts/encode_allsides_distil.py --n 1500
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
NEWS = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
SEED = 11
CHUNK = 50


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1500, help="articles (a seeded sample)")
    ap.add_argument("--cache", type=Path, default=Path("/work/cache/distil"))
    ap.add_argument("--news", type=Path, default=NEWS)
    args = ap.parse_args()
    from presslens.article import strip_span
    from presslens.claims.checkworthy import scorable_sentences
    from presslens.config import Settings
    from presslens.encoders import encode_docs, load_encoder
    from presslens.ingest import iter_articles
    from presslens.nlp import load_nlp
    from presslens.subjectivity.analyzer import MIN_WORDS

    if not args.news.exists():
        print(f"data not found: {args.news}", file=sys.stderr)
        return 2
    arts = [a for a in iter_articles([args.news], Settings()) if not hasattr(a, "code")]
    pick = np.random.default_rng(SEED).permutation(len(arts))[: args.n]
    enc = load_encoder()
    nlp = load_nlp()
    args.cache.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    for c in range(0, len(pick), CHUNK):
        path = args.cache / f"allsides-{enc.info.onnx_sha256[:12]}-s{SEED}-{c:05d}.npz"
        if path.exists():
            continue
        idx = [int(i) for i in pick[c : c + CHUNK]]
        docs = [nlp(arts[i]) for i in idx]
        rows: dict[str, list[np.ndarray]] = {"w0": [], "w128": []}
        art: list[int] = []
        for w in (0, 128):
            for k, (d, st) in enumerate(zip(docs, encode_docs(docs, enc, w), strict=True)):
                sents = scorable_sentences(d, MIN_WORDS)
                pos = [st.index_of(*strip_span(d.article.text, s.start_char, s.end_char)) for s in sents]
                keep = [p for p in pos if p is not None]
                rows[f"w{w}"].append(st.vectors[keep].astype(np.float32) if keep
                                     else np.zeros((0, enc.info.dim), np.float32))
                if w == 0:
                    art.extend([idx[k]] * len(keep))
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, w0=np.concatenate(rows["w0"]), w128=np.concatenate(rows["w128"]),
                 article=np.asarray(art, np.int64))
        tmp.replace(path)
        print(f"{c + len(idx)}/{len(pick)} articles, {len(art)} sentences in chunk, {time.time() - t0:.0f}s",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
