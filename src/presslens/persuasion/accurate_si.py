"""Span identification for the accurate profile: a BIO token tagger over the shared encoder's token states.

The article's encoder pass (:func:`presslens.encoders.sentence_states`: windows of consecutive sentences, so a
token state has the context of its neighbouring sentences) gives every word piece a state. The tagger is a
:class:`~presslens.encoders.heads.Head` with classes ``["O", "B", "I"]`` over per-token features (see
:data:`FEATURES`), decoded over the whole article with Viterbi (``meta["transitions"]``: ``O → I`` is not
allowed), so spans may cross sentence and line boundaries, as PTC gold spans do. Decoding options, all chosen
on the 74 whole validation articles by ``scripts/train_persuasion_si_accurate.py`` and stored in the head's
``meta["decode"]``:

``o_bias``  added to the log-probability of ``O`` (a recall / precision trade-off; the head is trained on
            subsampled ``O`` tokens);
``beta``    P(inside) = β · P_head(B or I) + (1 − β) · P_fast(token inside), the fast tagger's token probability
            (mapped onto word pieces) mixed in before decoding;
``union``   also keep the fast tagger's decoded spans that no tagger span overlaps;
``i_penalty`` a cost per inside piece, subtracted from every ``I`` log emission (spans that only a long run of
            middling pieces sustains are dropped or cut; absent: 0).

``meta["inside_calibration"]`` (optional): Platt ``(a, b)`` turning a span's max P(inside) into its score.

The shipped head's transitions are learned CRF-style on the train articles with its own log probabilities as
fixed emissions, and its ``o_bias`` and ``i_penalty`` chosen on validation (``scripts/train_span_decoding.py``).

A different head file with the same format (e.g. one over a fine-tuned encoder: ``meta["encoder"]`` names it)
is a drop-in swap: :func:`load_tagger` reads everything it needs from the file. ``meta["window"]`` may be an int
or ``{"max_tokens": N}``; ``meta["decode"]`` a dict as above or ``"viterbi"`` (no bias, no mix). The shipped head
is ``span-tagger-minilm`` (``docs/models/span-tagger-minilm.md``, trained jointly with the fine-tuned encoder);
``scripts/train_persuasion_si_accurate.py`` trains a head of this format over the shipped encoder's frozen states.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..encoders import SentenceStates
from ..encoders.decode import viterbi
from ..encoders.heads import Head, piece_features, platt_probability

#: The shipped span tagger: ``span-tagger-minilm``, trained jointly with the fine-tuned encoder (``scripts/train_encoder.py``).
SI_PATH = Path(__file__).resolve().parent / "models" / "span-tagger-minilm.npz"
#: Per-token feature sets a tagger head may declare in ``meta["features"]``.
FEATURES = ("token", "token+sentence")
CLASSES = ("O", "B", "I")


def piece_probs(doc_tokens: Sequence[tuple[int, int]], token_p: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Map per-spaCy-token probabilities onto word pieces (the spaCy token holding each piece's start)."""
    if not len(offsets) or not len(doc_tokens):
        return np.zeros(len(offsets), np.float32)
    starts = np.asarray([a for a, _ in doc_tokens], dtype=np.int64)
    k = np.maximum(np.searchsorted(starts, offsets[:, 0], side="right") - 1, 0)
    return np.asarray(token_p, dtype=np.float32)[k]


def tags_to_spans(tags: np.ndarray, offsets: np.ndarray, p_in: np.ndarray) -> list[tuple[int, int, float]]:
    """Runs ``B I*`` (or a stray ``I`` run) → ``(start char, end char, max P(inside))``."""
    out: list[tuple[int, int, float]] = []
    k, n = 0, len(tags)
    while k < n:
        if tags[k] == 0:
            k += 1
            continue
        j = k + 1
        while j < n and tags[j] == 2:
            j += 1
        out.append((int(offsets[k, 0]), int(offsets[j - 1, 1]), float(p_in[k:j].max())))
        k = j
    return out


def emissions(proba: np.ndarray, fast: np.ndarray | None, beta: float, o_bias: float, i_penalty: float = 0.0
              ) -> tuple[np.ndarray, np.ndarray]:
    """Log emissions for Viterbi and P(inside), from the head's ``(T, 3)`` probabilities and the fast tagger's
    (``i_penalty`` is subtracted from every ``I``: a cost per piece a span runs on)."""
    p_in_head = 1.0 - proba[:, 0]
    p_in = p_in_head if fast is None or beta >= 1.0 else beta * p_in_head + (1.0 - beta) * fast
    p_in = np.clip(p_in, 1e-6, 1 - 1e-6)
    share_b = proba[:, 1] / np.maximum(proba[:, 1] + proba[:, 2], 1e-9)
    emit = np.stack([np.log(1 - p_in) + o_bias, np.log(p_in * np.clip(share_b, 1e-6, 1)),
                     np.log(p_in * np.clip(1 - share_b, 1e-6, 1)) - i_penalty], axis=1)
    return emit, p_in


def union(tagger: Sequence[tuple[int, int, float]], fast: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Tagger spans plus the fast spans that overlap none of them."""
    keep = [f for f in fast if not any(a < f[1] and f[0] < b for a, b, _ in tagger)]
    return sorted([*tagger, *keep])


class SpanTagger:
    """The accurate-profile span tagger (see module docstring)."""

    def __init__(self, head: Head) -> None:
        if list(head.classes) != list(CLASSES):
            raise ValueError(f"span tagger head {head.name} has classes {head.classes}, expected {list(CLASSES)}")
        self.head = head
        meta = head.meta
        self.features = str(meta.get("features", "token"))
        if self.features not in FEATURES:
            raise ValueError(f"span tagger head {head.name} has features {self.features!r}; known: {FEATURES}")
        self.window = head.window
        self.trans = np.asarray(meta["transitions"], dtype=np.float64)
        self.start = np.asarray(meta.get("start", [0.0, 0.0, -1e4]), dtype=np.float64)
        dec = meta.get("decode", {})
        dec = dec if isinstance(dec, dict) else {}
        self.o_bias = float(dec.get("o_bias", 0.0))
        self.beta = float(dec.get("beta", 1.0))
        self.union = bool(dec.get("union", False))
        self.i_penalty = float(dec.get("i_penalty", 0.0))
        cal = meta.get("inside_calibration")
        #: Platt ``(a, b)`` mapping a span's max P(inside) to its finding score (absent: the raw maximum).
        self.inside_calibration = None if cal is None else (float(cal[0]), float(cal[1]))

    def card(self) -> dict[str, Any]:
        card = self.head.card()
        card["validation"] = {k: v for k, v in card["validation"].items() if k != "reliability"}
        card["threshold"] = None  # spans are decoded (Viterbi), not thresholded; the decoding is in validation.setting
        return card

    def token_proba(self, states: SentenceStates) -> np.ndarray:
        """``(T, 3)`` calibrated P(O, B, I) per word piece of the article."""
        x = piece_features(states.token_states, states.token_sentence, states.vectors, self.features)
        return self.head.proba(x)

    def spans(self, states: SentenceStates, fast_token_p: np.ndarray | None = None,
              fast_spans: Sequence[tuple[int, int, float]] = ()) -> list[tuple[int, int, float]]:
        """Character spans ``(start, end, score)`` of the article (``fast_token_p``: the fast tagger's P(inside)
        per word piece, used when ``beta < 1``; ``fast_spans``: its decoded spans, used with ``union``)."""
        if not len(states.token_states):
            return list(fast_spans) if self.union else []
        emit, p_in = emissions(self.token_proba(states), fast_token_p, self.beta, self.o_bias, self.i_penalty)
        out = tags_to_spans(viterbi(emit, self.trans, self.start), states.token_offsets, p_in)
        if self.inside_calibration is not None:
            out = [(a, b, platt_probability(p, self.inside_calibration)) for a, b, p in out]
        return union(out, fast_spans) if self.union else out


@functools.lru_cache(maxsize=2)
def load_tagger(path: str | None = None) -> SpanTagger:
    """The shipped span tagger (or another head file of the same format), loaded once."""
    return SpanTagger(Head.load(Path(path) if path else SI_PATH))


__all__ = ["CLASSES", "FEATURES", "SI_PATH", "SpanTagger", "emissions", "load_tagger", "piece_probs",
           "tags_to_spans", "union", "viterbi"]
