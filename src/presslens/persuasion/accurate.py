"""Technique classification for the accurate profile: the shared encoder's view of a span and its sentence.

For every span the fast tagger finds, the head reads ``[vector(span text) ⊕ vector(its sentence)]`` (the
sentence vector comes from the cached encoder pass, :func:`presslens.encoders.sentence_states`; the span texts of
an article are encoded in one batch) and gives log-probabilities over the 14 PTC techniques, mixed with the fast
technique model's: ``softmax((α · log p_head + (1 − α) · log p_fast) / T)``, with α and the temperature ``T``
chosen on whole validation articles. Built by ``scripts/train_persuasion_accurate.py``; model card
``docs/models/technique-minilm.md``. Span identification stays with the fast tagger.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from ..article import strip_span
from ..encoders import Encoder, SentenceStates
from ..encoders.heads import Head

ACCURATE_PATH = Path(__file__).resolve().parent / "models" / "technique-minilm.npz"


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

    def card(self) -> dict[str, Any]:
        card = self.head.card()
        card["validation"] = {k: v for k, v in card["validation"].items() if k != "reliability"}
        card["threshold"] = None
        return card

    def proba(self, text: str, spans: list[tuple[int, int]], states: SentenceStates, encoder: Encoder,
              fast: np.ndarray) -> np.ndarray:
        """Technique probabilities (rows: spans; columns: :attr:`classes`).

        Args:
            text: the article text; spans: character offsets; states: the article's cached encoder pass;
            encoder: the shared encoder (for the span texts); fast: the fast model's probabilities, same layout.
        """
        if not spans:
            return np.zeros((0, len(self.classes)))
        span_vecs = encoder.vectors([text[s:e] for s, e in spans])
        starts = [a for a, _ in states.spans]
        import bisect

        sent_vecs = np.stack([states.encoded.vectors[max(0, bisect.bisect_right(starts, s) - 1)] if starts
                              else np.zeros(states.info.dim, np.float32) for s, _ in spans])
        z = self.head.logits(np.hstack([span_vecs, sent_vecs]))
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


__all__ = ["ACCURATE_PATH", "AccurateTechniques", "context_of", "load_accurate"]
