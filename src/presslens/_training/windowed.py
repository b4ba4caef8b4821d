"""Private: encode training sentences the way the accurate profile reads them at run time.

At run time :func:`presslens.encoders.sentence_states` encodes an article once, in windows of consecutive
sentences (``head.window`` word pieces), and a sentence's vector is the mean of its own token states inside its
window, so it sees its neighbours. Training sets of single sentences (CheckThat!) are turned into the same
input here: sentences are put in an order (debate order where the data has one, a seeded shuffle otherwise),
cut into pseudo-articles of :data:`GROUP` consecutive sentences, and each pseudo-article goes through
:func:`presslens.encoders.encode_texts` (the run-time code path: same packing, same pooling, one article's
windows per batch). The vectors are cached on disk, keyed by the texts, the order, the window and the encoder.

Used by ``scripts/train_subjectivity.py``, ``scripts/train_checkworthy_accurate.py`` and ``benchmarks/``; never
imported at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

#: Sentences per pseudo-article (a ~1,000-word news article has 40–50 sentences).
GROUP = 40
#: Where encoded training sets are cached (override with ``PRESSLENS_SENTHEADS_CACHE``).
CACHE_DIR = Path(os.environ.get("PRESSLENS_SENTHEADS_CACHE", "/tmp/presslens-sentheads"))


def groups_of(order: Sequence[int], size: int = GROUP) -> list[list[int]]:
    """Consecutive runs of ``size`` indices from ``order`` (the last run may be shorter)."""
    if size <= 0:
        raise ValueError(f"groups_of: size must be positive, got {size}")
    order = [int(i) for i in order]
    return [order[a : a + size] for a in range(0, len(order), size)]


def joined(texts: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """One pseudo-article: the sentences joined by single spaces, with each sentence's character span."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for t in texts:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    return " ".join(texts), spans


def shuffled_order(n: int, seed: int) -> list[int]:
    """A seeded permutation of ``range(n)`` (the order for sentences whose source order is unknown)."""
    return [int(i) for i in np.random.default_rng(seed).permutation(n)]


def encode_in_windows(texts: Sequence[str], order: Sequence[int], window: int, encoder: object | None = None,
                      group: int = GROUP, cache_dir: Path | None = None) -> np.ndarray:
    """``(len(texts), dim)`` run-time sentence vectors of ``texts`` read in ``order`` (every index once), cut
    into pseudo-articles of ``group`` sentences and encoded at ``window`` word pieces (``0``: each sentence
    alone). Rows are returned in the order of ``texts``. Cached under ``cache_dir`` (default
    :data:`CACHE_DIR`); the key covers the texts, the order, the window, the group size and the encoder."""
    from ..encoders import Encoder, encode_texts, load_encoder

    order = [int(i) for i in order]
    if sorted(order) != list(range(len(texts))):
        raise ValueError("encode_in_windows: order must list every sentence index exactly once")
    if any(not t or t != t.strip() for t in texts):
        raise ValueError("encode_in_windows: sentences must be non-empty and stripped")
    enc = encoder if isinstance(encoder, Encoder) else load_encoder()
    h = hashlib.sha256(json.dumps([list(texts), order, int(window), int(group), enc.info.onnx_sha256])
                       .encode("utf-8")).hexdigest()[:20]
    folder = cache_dir or CACHE_DIR
    path = folder / f"vectors-w{int(window)}-{h}.npy"
    if path.exists():
        return np.load(path)
    groups = groups_of(order, group)
    states = encode_texts([joined([texts[i] for i in g]) for g in groups], enc, int(window))
    out = np.zeros((len(texts), enc.info.dim), np.float32)
    for g, st in zip(groups, states, strict=True):
        out[g] = st.vectors
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
    np.save(tmp, out)
    tmp.replace(path)
    return out


__all__ = ["CACHE_DIR", "GROUP", "encode_in_windows", "groups_of", "joined", "shuffled_order"]
