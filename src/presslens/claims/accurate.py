"""Check-worthiness for the accurate profile: the shared encoder's sentence vector through a light head, mixed
with the fast lexical model.

``P(check-worthy) = sigmoid(c1 · [α · (a_h z_head + b_h) + (1 − α) · (a_l z_lex + b_l)] + c0)``

where ``z_head`` is the head's logit over the shared encoder's sentence vector, read from the article pass at the
window the head file names (``Head.window``: 128 word pieces, the pass the span tagger reads; the claims
analyzer asks :func:`presslens.encoders.sentence_states` for it), ``z_lex`` the logit of the shipped
fast model (:mod:`presslens.claims.checkworthy`), each Platt-scaled on the validation split, α the mixing
weight chosen there, and ``(c1, c0)`` a final Platt scaling of the mix on the same split. Everything is stored
in ``models/checkworthy-minilm.npz`` (a :class:`~presslens.encoders.heads.Head` whose ``meta["mix"]`` holds α and
the two Platt pairs), built by ``scripts/train_checkworthy_accurate.py``; model card
``docs/models/checkworthy-minilm.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from ..encoders.heads import Head
from .checkworthy import CheckworthyModel, load_model

ACCURATE_PATH = Path(__file__).resolve().parent / "models" / "checkworthy-minilm.npz"


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass(frozen=True, slots=True)
class AccurateCheckworthy:
    """The encoder head mixed with the fast lexical model (see module docstring)."""

    head: Head
    lexical: CheckworthyModel

    @property
    def name(self) -> str:
        return self.head.name

    @property
    def threshold(self) -> float:
        return self.head.threshold

    @property
    def window(self) -> int:
        """Word pieces per window of the encoder pass the head reads (:attr:`Head.window`)."""
        return self.head.window

    @property
    def meta(self) -> dict[str, Any]:
        return self.head.meta

    def mix_logit(self, spans: Sequence[Span | Doc], vectors: np.ndarray,
                  ents: Sequence[Sequence[Span]] | None = None) -> np.ndarray:
        mix = self.head.meta["mix"]
        ah, bh = mix["head_platt"]
        al, bl = mix["lexical_platt"]
        alpha = float(mix["alpha"])
        z_head = self.head.logits(vectors).astype(np.float64)
        z_lex = logit(self.lexical.score_spans(spans, ents)) if spans else np.zeros(0)
        return alpha * (ah * z_head + bh) + (1 - alpha) * (al * z_lex + bl)

    def proba(self, spans: Sequence[Span | Doc], vectors: np.ndarray, ents: Sequence[Sequence[Span]] | None = None
              ) -> np.ndarray:
        """Calibrated check-worthiness of tagged sentences with their encoder vectors (same order; ``ents``: the
        sentences' entities when known, see :func:`~presslens.claims.checkworthy.sentence_features`)."""
        if len(vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        c1, c0 = self.head.calibration
        z = self.mix_logit(spans, vectors, ents)
        return (1.0 / (1.0 + np.exp(-(c1 * z + c0)))).astype(np.float32)

    def card(self) -> dict[str, Any]:
        card = self.head.card()
        card["validation"] = {k: v for k, v in card["validation"].items() if k != "reliability"}
        return card


@functools.lru_cache(maxsize=2)
def load_accurate(path: str | None = None) -> AccurateCheckworthy:
    """The shipped accurate check-worthiness model (head + the shipped fast model), loaded once."""
    return AccurateCheckworthy(Head.load(Path(path) if path else ACCURATE_PATH), load_model())


__all__ = ["ACCURATE_PATH", "AccurateCheckworthy", "load_accurate", "logit"]
