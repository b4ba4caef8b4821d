"""Private: one training article's cached run-time encoder pass (PTC for the span heads, PolNeAR for the quote
tagger), the same arrays :class:`presslens.encoders.SentenceStates` holds for an analysed article."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..encoders import Encoded, EncoderInfo, SentenceStates


@dataclass(frozen=True)
class ArticleStates:
    """Token states (float32), their article offsets, the sentence spans and the sentence vectors of one article."""

    id: str
    tokens: np.ndarray
    offsets: np.ndarray
    spans: np.ndarray
    vectors: np.ndarray

    @property
    def token_sentence(self) -> np.ndarray:
        """``(T,)`` sentence index of each token."""
        if not len(self.spans):
            return np.zeros(len(self.offsets), np.int64)
        return np.maximum(np.searchsorted(self.spans[:, 0], self.offsets[:, 0], side="right") - 1, 0)

    def as_states(self, info: EncoderInfo, window: int) -> SentenceStates:
        """The same pass as the run-time :class:`~presslens.encoders.SentenceStates` (span vectors, sentence lookup)."""
        spans = [(int(a), int(b)) for a, b in self.spans]
        return SentenceStates(spans=spans, encoded=Encoded(self.vectors, [], [], []), info=info, tokens=self.tokens,
                              offsets=self.offsets, window=window)


__all__ = ["ArticleStates"]
