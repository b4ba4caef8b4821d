"""Sentence subjectivity (SUBJ/OBJ) and the article's "opinion vs report" indicator.

Two shipped models, trained by ``scripts/train_subjectivity.py`` on CheckThat! subjectivity train:

* ``subjectivity-fast.npz`` (fast profile): hashed word/tag/entity n-grams read from the shared spaCy pass plus
  character n-grams, logistic regression, Platt-calibrated;
* ``subjectivity-minilm.npz`` (accurate profile): the shared encoder's sentence vector and a light head
  (:class:`presslens.encoders.heads.Head`), Platt-calibrated.

Model cards: ``docs/models/subjectivity-fast.md`` and ``docs/models/subjectivity-minilm.md``.
"""

from __future__ import annotations

from pathlib import Path

MODELS = Path(__file__).resolve().parent / "models"
FAST_PATH = MODELS / "subjectivity-fast.npz"
ACCURATE_PATH = MODELS / "subjectivity-minilm.npz"

__all__ = ["ACCURATE_PATH", "FAST_PATH", "MODELS"]
