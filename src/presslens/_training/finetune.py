"""Private: data, BIO labels, span decoding and export for multi-task fine-tuning of the shared encoder.

Used by ``scripts/train_encoder.py``; never imported at run time (torch is imported lazily, only by the
functions that need it). The pieces that must agree with run time are here and are plain numpy:

* :func:`sentence_spans` / :func:`windows` cut a PTC article into encoder windows with
  :func:`presslens.encoders.chunks.pack` (consecutive sentences up to ``max_tokens`` word pieces);
* :func:`bio_labels` turns gold spans into per-token ``O``/``B``/``I`` labels (overlapping gold spans merged,
  as the SemEval SI scorer merges them);
* :func:`decode_bio` turns per-token labels back into character spans (a ``B``, or an ``I`` after ``O``, opens
  a span; an ``I`` continues it), and :func:`viterbi` decodes with a 3×3 transition matrix.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..encoders.chunks import MAX_TOKENS, pack
from ..encoders.decode import viterbi as _viterbi
from .persuasion_data import PTCArticle
from .persuasion_metrics import merge_spans

#: Token classes of the span tagger (index order of the head's output).
BIO = ("O", "B", "I")
#: Where the shipped tokenizer lives (the same file the run-time encoder reads).
TOKENIZER = Path(__file__).resolve().parents[1] / "encoders" / "models" / "tokenizer.json"


@dataclass(frozen=True, slots=True)
class Window:
    """One encoder window of an article with its word pieces and gold token labels.

    Attributes:
        article: PTC article id; start, end: character offsets of the window in the article.
        ids: word-piece ids including ``[CLS]`` and ``[SEP]``.
        offsets: ``(len(ids), 2)`` absolute character offsets (``(0, 0)`` for the special tokens).
        special: True for ``[CLS]``/``[SEP]``.
        labels: per word piece 0/1/2 (O/B/I); -100 for special tokens.
    """

    article: str
    start: int
    end: int
    ids: np.ndarray
    offsets: np.ndarray
    special: np.ndarray
    labels: np.ndarray

    @property
    def has_span(self) -> bool:
        return bool((self.labels > 0).any())


def load_tokenizer(path: Path = TOKENIZER, max_tokens: int = MAX_TOKENS) -> Any:
    """The shipped word-piece tokenizer, no padding, truncated to ``max_tokens`` plus the two special tokens."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_tokens + 2)
    return tok


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a PTC article: its non-blank lines, whitespace stripped (PTC is one sentence per line)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        seg = text[a:b]
        if seg.strip():
            a += len(seg) - len(seg.lstrip())
            b -= len(seg) - len(seg.rstrip())
            out.append((a, b))
    return out


def bio_labels(offsets: np.ndarray, special: np.ndarray, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per-token BIO labels: a word piece is inside a (merged) gold span when their characters overlap."""
    merged = merge_spans(spans)
    labels = np.where(special, -100, 0).astype(np.int64)
    prev = -1
    for k, (s, e) in enumerate(offsets):
        if special[k] or e <= s:
            prev = -1 if special[k] else prev
            continue
        hit = -1
        for j, (a, b) in enumerate(merged):
            if a < e and s < b:
                hit = j
                break
            if a >= e:
                break
        if hit < 0:
            labels[k] = 0
        else:
            labels[k] = 2 if hit == prev else 1
        prev = hit
    return labels


def windows(article: PTCArticle, tokenizer: Any, max_tokens: int = MAX_TOKENS) -> list[Window]:
    """Cut an article into packed windows (the run-time contract) and label their word pieces."""
    text = article.text
    sents = sentence_spans(text)
    if not sents:
        return []
    lengths = [len(e.ids) for e in tokenizer.encode_batch([text[a:b] for a, b in sents], add_special_tokens=False)]
    chunks = pack(sents, lengths, max_tokens)
    encs = tokenizer.encode_batch([text[c.start:c.end] for c in chunks])
    out = []
    for c, e in zip(chunks, encs, strict=True):
        special = np.asarray(e.special_tokens_mask, dtype=bool)
        offs = np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2) + c.start
        offs[special] = 0
        out.append(Window(article.id, c.start, c.end, np.asarray(e.ids, dtype=np.int64), offs, special,
                          bio_labels(offs, special, article.si)))
    return out


def decode_bio(labels: Sequence[int] | np.ndarray, offsets: np.ndarray) -> list[tuple[int, int]]:
    """Character spans from per-token labels (0/1/2 = O/B/I; tokens in text order, special tokens removed)."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for lab, (s, e) in zip(labels, offsets, strict=True):
        if lab == 0:
            if cur:
                spans.append((cur[0], cur[1]))
            cur = None
        elif lab == 1 or cur is None:
            if cur:
                spans.append((cur[0], cur[1]))
            cur = [int(s), int(e)]
        else:
            cur[1] = int(e)
    if cur:
        spans.append((cur[0], cur[1]))
    return [(a, b) for a, b in spans if b > a]


def viterbi(logp: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best label path for ``(n, 3)`` per-token log-scores and ``(3, 3)`` transition log-scores (from → to).

    The start of a sequence behaves like a transition from ``O`` (the run-time decoder,
    :func:`presslens.encoders.decode.viterbi`, with ``start = transitions[0]``).
    """
    return _viterbi(logp, transitions, np.asarray(transitions)[0])


def transition_logs(label_seqs: Sequence[np.ndarray], floor: float = -1e4) -> np.ndarray:
    """Log transition frequencies (from → to) counted on gold label sequences; impossible moves (O → I) get ``floor``."""
    counts = np.ones((3, 3))
    for seq in label_seqs:
        seq = seq[seq >= 0]
        prev = 0
        for lab in seq:
            counts[prev, lab] += 1
            prev = int(lab)
    counts[0, 2] = 0
    with np.errstate(divide="ignore"):
        logs = np.log(counts / counts.sum(1, keepdims=True))
    return np.where(np.isfinite(logs), logs, floor)


def sample_windows(ws: Sequence[Window], empty_share: float, seed: int) -> list[Window]:
    """Every window holding a span plus a seeded sample of ``empty_share`` of the span-free ones."""
    rng = random.Random(seed)
    return [w for w in ws if w.has_span or rng.random() < empty_share]


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random, pool: int = 50) -> list[list[int]]:
    """Sort-ish batches: shuffle, sort inside pools of ``pool`` batches by length, cut, shuffle the batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    out: list[list[int]] = []
    step = batch_size * pool
    for p in range(0, len(idx), step):
        block = sorted(idx[p:p + step], key=lambda i: lengths[i])
        out.extend(block[b:b + batch_size] for b in range(0, len(block), batch_size))
    rng.shuffle(out)
    return out


__all__ = ["BIO", "TOKENIZER", "Window", "bio_labels", "decode_bio", "length_batches", "load_tokenizer",
           "sample_windows", "sentence_spans", "transition_logs", "viterbi", "windows"]
