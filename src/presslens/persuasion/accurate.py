"""Technique classification for the accurate profile: the shared encoder's view of a span and its sentence.

For every span, the head reads ``[span vector ⊕ sentence vector]`` from the article's cached encoder pass
(:func:`presslens.encoders.sentence_states` with the window the head file names, ``meta["window"]``; the span
tagger reads the same pass, so the article is encoded once): the span vector is the mean of the token states the
span covers (:meth:`~presslens.encoders.SentenceStates.span_vectors`), the sentence vector that of the spaCy
sentence holding the span's start. No span text is encoded again. The head gives log-probabilities over the 14
PTC techniques, mixed with the fast technique model's: ``softmax((α · log p_head + (1 − α) · log p_fast) / T)``,
with α and the temperature ``T`` chosen on whole validation articles. Built by
``scripts/train_persuasion_accurate.py`` from the same features (:func:`span_features`); model card
``docs/models/technique-minilm.md``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from ..article import strip_span
from ..encoders import SentenceStates
from ..encoders.heads import Head

ACCURATE_PATH = Path(__file__).resolve().parent / "models" / "technique-minilm.npz"
#: The head's features (``meta["features"]``): pooled span states ⊕ the span's sentence vector, from one pass.
FEATURES = "span-mean+sentence"


def span_features(states: SentenceStates, spans: list[tuple[int, int]]) -> np.ndarray:
    """``(n, 2 · dim)`` features of character spans: the L2-normalised mean of the cached token states each span
    covers ⊕ the vector of the sentence holding its start (training and run time both call this)."""
    if not spans:
        return np.zeros((0, 2 * states.info.dim), np.float32)
    if len(states.spans):
        sent = states.vectors[[states.sentence_at(s) for s, _ in spans]]
    else:
        sent = np.zeros((len(spans), states.info.dim), np.float32)
    return np.hstack([states.span_vectors(spans), sent]).astype(np.float32)


def context_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-stripped ``(start, end)`` of a context passage."""
    return strip_span(text, start, end)


class AccurateTechniques:
    """Mixes the encoder head's technique probabilities with the fast model's (see module docstring)."""

    def __init__(self, head: Head) -> None:
        self.head = head
        self.classes: list[str] = list(head.meta["classes_all"])
        self.columns = np.asarray(head.meta["head_classes"], dtype=int)
        self.alpha = float(head.meta["mix"]["alpha"])
        features = head.meta.get("features")
        if features != FEATURES:
            raise ValueError(f"technique head {head.name} declares features {features!r}; this code computes {FEATURES!r}")
        #: The encoder window of the pass the head reads (:attr:`Head.window`).
        self.window = head.window

    def card(self) -> dict[str, Any]:
        card = self.head.card()
        card["validation"] = {k: v for k, v in card["validation"].items() if k != "reliability"}
        card["threshold"] = None
        return card

    def proba(self, spans: list[tuple[int, int]], states: SentenceStates, fast: np.ndarray) -> np.ndarray:
        """Technique probabilities (rows: spans; columns: :attr:`classes`).

        Args:
            spans: character offsets in the article; states: the article's cached encoder pass (window
            :attr:`window`); fast: the fast model's probabilities, same layout.
        """
        if not spans:
            return np.zeros((0, len(self.classes)))
        if states.window != self.window:
            raise ValueError(f"technique head reads the window-{self.window} pass, got window {states.window}")
        z = self.head.logits(span_features(states, spans))
        full = np.full((len(spans), len(self.classes)), -30.0)
        full[:, self.columns] = z
        full -= full.max(axis=1, keepdims=True)
        logp_h = full - np.log(np.exp(full).sum(axis=1, keepdims=True))
        mix = self.alpha * logp_h + (1 - self.alpha) * np.log(np.asarray(fast) + 1e-9)
        mix = mix / self.head.calibration[0]
        mix -= mix.max(axis=1, keepdims=True)
        e = np.exp(mix)
        return e / e.sum(axis=1, keepdims=True)


@functools.lru_cache(maxsize=1)
def load_accurate() -> AccurateTechniques:
    """The shipped accurate technique classifier, loaded once."""
    return AccurateTechniques(Head.load(ACCURATE_PATH))


__all__ = ["ACCURATE_PATH", "FEATURES", "AccurateTechniques", "context_of", "load_accurate", "span_features"]
