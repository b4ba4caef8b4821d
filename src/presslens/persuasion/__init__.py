"""Persuasion: propaganda-technique spans (the 14 PTC techniques of SemEval-2020 Task 11) and a score.

Public surface:

- :data:`TECHNIQUES`: label (``persuasion.loaded_language``…) → title, one-sentence explanation, colour, PTC name.
- :data:`PTC_TO_LABEL`: the one PTC-name → label table.
- :func:`span_rows`: the persuasion findings of a dossier as display rows (for the CLI and HTML legend).
- :class:`PersuasionAnalyzer` (``presslens.persuasion.v1``), imported lazily.

The model (:mod:`.model`) is an importable submodule; the PTC reader, the SemEval scorers and the lexicon
baseline used to train and evaluate it live in the private :mod:`presslens._training`. See
``docs/persuasion.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..dossier.attrs import TechniqueAttrs
from .techniques import PTC_NAMES, PTC_TO_LABEL, TECHNIQUES

if TYPE_CHECKING:
    from ..dossier.model import Dossier
    from .analyzer import PersuasionAnalyzer


def span_rows(dossier: Dossier) -> list[dict[str, str]]:
    """One row per persuasion finding, in text order: label, technique title, score, offsets and text."""
    rows = []
    for f in sorted(dossier.by_kind("persuasion"), key=lambda f: (f.start, f.end, f.label)):
        tech = TECHNIQUES.get(f.label, {})
        rows.append({
            "label": f.label,
            "technique": tech.get("title", f.label),
            "score": f"{f.score:.2f}",
            "technique_probability": f"{f.attrs_as(TechniqueAttrs).technique_probability:.2f}",
            "start": str(f.start),
            "end": str(f.end),
            "text": f.text,
        })
    return rows


def __getattr__(name: str) -> Any:
    if name == "PersuasionAnalyzer":
        from .analyzer import PersuasionAnalyzer

        return PersuasionAnalyzer
    raise AttributeError(name)


__all__ = ["PTC_NAMES", "PTC_TO_LABEL", "TECHNIQUES", "PersuasionAnalyzer", "span_rows"]
