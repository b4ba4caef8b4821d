"""Private: export the fine-tuned encoder (``scripts/train_encoder.py --export``) and validate it through the
run-time :class:`presslens.encoders.Encoder`, against the frozen encoder, on the same validation splits.

Steps:
1. rebuild the multi-task model, load ``--out/best.pt``; export the BERT part to ONNX (same inputs and output
   as ``scripts/build_encoder.py``: ``input_ids``, ``attention_mask``, ``token_type_ids`` → token states) and
   quantise it to int8 (onnxruntime ``quantize_dynamic``, QInt8, per channel); write ``encoder.json`` and copy
   ``tokenizer.json`` into ``--out/export``;
2. SI span tagger head: the fine-tuned linear layer as a :class:`~presslens.encoders.heads.Head` over token
   states (classes O/B/I, ``meta["transitions"]`` for Viterbi, ``meta["window"]``); the shift on O
   (folded into the O bias) and argmax-vs-Viterbi are chosen on the 74 validation articles with the int8
   encoder, scored with the SemEval SI metric;
3. sentence tasks: logistic heads over the run-time sentence vectors (mean-pooled, L2-normalised), fit on the
   training part and scored on the validation part, for the frozen shipped encoder and the fine-tuned one
   (subjectivity: fold 0 of the 5-fold split; check-worthiness: the 10 % split); fp32 (ONNX) against int8 for
   subjectivity; for SI the fp32 figure is the torch one of the training run (same windows, argmax decoding);
4. everything to ``--out/export/validation.json``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score
from sklearn.preprocessing import StandardScaler

from ..encoders import Encoder
from ..encoders.heads import Head
from .finetune import TOKENIZER, decode_bio, viterbi
from .persuasion_metrics import si_score

#: Name and version of the fine-tuned encoder (encoder.json).
NAME = "presslens-minilm-mt"
VERSION = "ft1-int8"
ONNX_NAME = "presslens-minilm-mt-int8.onnx"
SI_HEAD_NAME = "span-tagger-minilm"
O_SHIFTS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def export_onnx(model: Any, target_dir: Path, frozen_dir: Path) -> dict[str, Any]:
    """Export and quantise ``model.bert``; write the ONNX file, tokenizer.json and encoder.json to ``target_dir``
    (provenance copied from the frozen base encoder's ``encoder.json`` in ``frozen_dir``)."""
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Wrapper(torch.nn.Module):
        def __init__(self, m: Any) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    bert = model.bert.eval()
    ids = torch.tensor([[101, 1996, 3187, 2056, 102]])
    mask = torch.ones_like(ids)
    target_dir.mkdir(parents=True, exist_ok=True)
    for old in target_dir.glob("*.onnx"):
        old.unlink()
    target = target_dir / ONNX_NAME
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            Wrapper(bert), (ids, mask, torch.zeros_like(ids)), str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            opset_version=17, dynamo=False,
            dynamic_axes={n: {0: "batch", 1: "sequence"} for n in
                          ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})
        fp32_size = fp32.stat().st_size
        shutil.copy(fp32, target_dir.parent / "fp32.onnx")
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(TOKENIZER, target_dir / "tokenizer.json")
    base = json.loads((frozen_dir / "encoder.json").read_text(encoding="utf-8"))
    onnx_bytes = target.read_bytes()
    meta = {
        "name": NAME,
        "version": VERSION,
        "licence": "Apache-2.0 (fine-tuned from sentence-transformers/all-MiniLM-L6-v2)",
        "source": {**base["source"], "fine_tuned_by": "scripts/train_encoder.py",
                   "fine_tuned_on": "PTC train (SI windows), CheckThat! 2024 En train (90 %), subjectivity train_en (folds 1-4)"},
        "onnx": ONNX_NAME,
        "onnx_sha256": _sha(onnx_bytes),
        "tokenizer_sha256": _sha(TOKENIZER.read_bytes()),
        "dim": base["dim"],
        "max_length": base["max_length"],
        "pooling": "mean",
        "quantisation": "onnxruntime quantize_dynamic QInt8 (per_channel=True)",
        "fp32_onnx_bytes": fp32_size,
        "int8_onnx_bytes": len(onnx_bytes),
        "built_with": {"torch": torch.__version__, "onnxruntime": ort.__version__},
    }
    (target_dir / "encoder.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def si_logp(enc: Encoder, windows: list[Any], texts: dict[str, str], head: Head) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per validation window: (token log-probabilities from ``head``, absolute token offsets), run-time path."""
    out = enc.encode([texts[w.article][w.start:w.end] for w in windows])
    res = []
    for w, tok, off in zip(windows, out.tokens, out.offsets, strict=True):
        z = head.logits(tok)
        z = z - z.max(1, keepdims=True)
        lp = z - np.log(np.exp(z).sum(1, keepdims=True))
        res.append((lp, off + w.start))
    return res


def si_eval(rows: list[tuple[np.ndarray, np.ndarray]], windows: list[Any], gold: dict[str, list[tuple[int, int]]],
            shift: float, trans: np.ndarray | None) -> dict[str, float]:
    pred: dict[str, list[tuple[int, int]]] = {}
    for w, (lp, off) in zip(windows, rows, strict=True):
        z = lp.copy()
        z[:, 0] -= shift
        labels = viterbi(z, trans) if trans is not None else z.argmax(1)
        pred.setdefault(w.article, []).extend(decode_bio(labels, off))
    s = si_score(pred, gold)
    return {"f1": round(s.f1, 4), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
            "n_pred": s.n_pred, "n_gold": s.n_gold}


def lr_sentence(x_tr: np.ndarray, y_tr: np.ndarray, x_va: np.ndarray, y_va: np.ndarray, task: str
                ) -> dict[str, Any]:
    """Logistic heads (balanced classes, C grid) on train vectors, scored on validation; best C reported."""
    best: dict[str, Any] = {}
    sc = StandardScaler().fit(x_tr)
    for c in (0.003, 0.01, 0.03, 0.1, 0.3, 1.0):
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=0)
        clf.fit(sc.transform(x_tr), y_tr)
        z = clf.decision_function(sc.transform(x_va))
        if task == "subj":
            ts = np.quantile(z, np.linspace(0.2, 0.8, 31))
            r = {"c": c, "macro_f1_at_0": round(float(f1_score(y_va, z >= 0, average="macro")), 4),
                 "macro_f1_best": round(float(max(f1_score(y_va, z >= t, average="macro") for t in ts)), 4)}
            key = "macro_f1_at_0"
        else:
            ts = np.quantile(z, np.linspace(0.5, 0.95, 46))
            r = {"c": c, "ap": round(float(average_precision_score(y_va, z)), 4),
                 "f1_best": round(float(max(f1_score(y_va, z >= t) for t in ts)), 4)}
            key = "ap"
        if not best or r[key] > best[key]:
            best = r
    return best


__all__ = [
    "NAME",
    "ONNX_NAME",
    "O_SHIFTS",
    "SI_HEAD_NAME",
    "VERSION",
    "export_onnx",
    "lr_sentence",
    "si_eval",
    "si_logp",
]
