"""Common rating axes and the mapping of each rater's labels onto them.

Every rating keeps its rater's original label; the common axes make raters comparable:

- **factual** reliability: a score in [0, 1] (0 = fabricated, 1 = highly reliable) and its level
  (:data:`FACTUAL_LEVELS`). Numeric raters keep their own scale in the original label.
- **lean** (political): one of :data:`LEANS`, or None when the rater says nothing about lean.
- **flags**: behaviours a rater names (:data:`FLAGS`), e.g. ``conspiracy``, ``propaganda``, ``satire``.

The same vocabulary maps user-imported CSVs (``presslens outlets import``), so an imported MBFC, NewsGuard or
AllSides export lines up with the shipped raters. docs/provenance.md documents each mapping.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

#: Factual levels, lowest first, with the lower bound of each level's score range.
FACTUAL_LEVELS: tuple[tuple[str, float], ...] = (
    ("very low", 0.0),
    ("low", 0.2),
    ("mixed", 0.4),
    ("high", 0.6),
    ("very high", 0.8),
)
#: Political lean, left to right.
LEANS = ("far left", "left", "lean left", "center", "lean right", "right", "far right")
#: Behaviour flags on the common axis.
FLAGS = ("fake", "imposter", "conspiracy", "pseudoscience", "propaganda", "hate", "satire", "clickbait",
         "rumor", "bias", "state", "unreliable", "deprecated", "misleading")


def factual_level(score: float | None) -> str | None:
    """The level name of a factual score (None stays None)."""
    if score is None or math.isnan(score):
        return None
    level = FACTUAL_LEVELS[0][0]
    for name, lo in FACTUAL_LEVELS:
        if score >= lo - 1e-9:
            level = name
    return level


@dataclass(frozen=True, slots=True)
class Mapped:
    """A rater's label on the common axes."""

    factual: float | None = None
    lean: str | None = None
    flags: tuple[str, ...] = ()


#: OpenSources / CJR-Iffy tag vocabulary (Zimdars 2016). Factual scores follow the OpenSources definitions:
#: ``fake`` fabricates, ``conspiracy``/``junksci`` promote unverified claims, ``unreliable``/``rumor`` need
#: checking, ``bias``/``clickbait`` are "generally credible content" with slanted or exaggerated framing,
#: ``satire`` and ``political``/``state`` say nothing about accuracy.
TAGS: dict[str, Mapped] = {
    "fake": Mapped(0.05, None, ("fake",)),
    "fake news": Mapped(0.05, None, ("fake",)),
    "conspiracy": Mapped(0.15, None, ("conspiracy",)),
    "junksci": Mapped(0.15, None, ("pseudoscience",)),
    "hate": Mapped(None, None, ("hate",)),
    "unreliable": Mapped(0.3, None, ("unreliable",)),
    "unrealiable": Mapped(0.3, None, ("unreliable",)),
    "rumor": Mapped(0.3, None, ("rumor",)),
    "bias": Mapped(0.5, None, ("bias",)),
    "clickbait": Mapped(0.5, None, ("clickbait",)),
    "satire": Mapped(None, None, ("satire",)),
    "satirical": Mapped(None, None, ("satire",)),
    "political": Mapped(None, None, ()),
    "state": Mapped(None, None, ("state",)),
    "reliable": Mapped(0.85, None, ()),
}

#: Free-text label words (Lasser's compiled lists, user imports) → common axes. Checked in order; the first
#: factual hit wins, flags and lean accumulate.
_WORDS: tuple[tuple[re.Pattern[str], Mapped], ...] = tuple(
    (re.compile(p, re.I), m)
    for p, m in (
        (r"\bvery[\s_-]*high\b", Mapped(0.95)),
        (r"\bvery[\s_-]*low\b", Mapped(0.1)),
        (r"\bmostly[\s_-]*factual\b", Mapped(0.7)),
        (r"\bgenerally[\s_-]*reliable\b", Mapped(0.85)),
        (r"\bgenerally[\s_-]*unreliable\b", Mapped(0.2, None, ("unreliable",))),
        (r"\bno[\s_-]*consensus\b", Mapped(0.5)),
        (r"\bdeprecated\b", Mapped(0.05, None, ("deprecated",))),
        (r"\bimpost[eo]r\b", Mapped(0.05, None, ("imposter",))),
        (r"\b(?:fake|hoax|false satire|disinformation)\b", Mapped(0.05, None, ("fake",))),
        (r"\bparody\b", Mapped(None, None, ("satire",))),
        (r"\bsatir", Mapped(None, None, ("satire",))),
        (r"\bconspiracy\b", Mapped(0.15, None, ("conspiracy",))),
        (r"\bpseudo[\s-]*(?:science|medicine)|\bjunk[\s-]*sci", Mapped(0.15, None, ("pseudoscience",))),
        (r"\bpropaganda\b", Mapped(None, None, ("propaganda",))),
        (r"\bhate\b", Mapped(None, None, ("hate",))),
        (r"\bclickbait\b", Mapped(0.5, None, ("clickbait",))),
        (r"\bmisleading\b", Mapped(0.3, None, ("misleading",))),
        (r"\bsome fake stories\b", Mapped(0.3, None, ("unreliable",))),
        (r"\bquestionable\b", Mapped(0.2, None, ("unreliable",))),
        (r"\bunreliable\b", Mapped(0.3, None, ("unreliable",))),
        (r"\bmixed\b", Mapped(0.5)),
        (r"\bpseudojournalism\b", Mapped(0.2, None, ("unreliable",))),
        (r"\bhigh\b", Mapped(0.8)),
        (r"\blow\b", Mapped(0.25)),
        (r"\breliable\b", Mapped(0.85)),
    )
)
_LEAN_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), lean)
    for p, lean in (
        (r"\b(?:extreme|far)[\s_-]*left\b", "far left"),
        (r"\b(?:extreme|far)[\s_-]*right\b", "far right"),
        (r"\bleft[\s_-]*cent(?:er|re)\b|\bcent(?:er|re)[\s_-]*left\b|\blean[\s_-]*left\b", "lean left"),
        (r"\bright[\s_-]*cent(?:er|re)\b|\bcent(?:er|re)[\s_-]*right\b|\blean[\s_-]*right\b", "lean right"),
        (r"\bleast[\s_-]*biased\b|^\s*cent(?:er|re)\s*$|\bcent(?:er|re)\b(?![\s_-]*(?:left|right))", "center"),
        (r"\bleft\b", "left"),
        (r"\bright\b", "right"),
    )
)


def map_tags(tags: list[str] | tuple[str, ...]) -> Mapped:
    """OpenSources-style tags → common axes (the lowest factual score among the tags, all flags)."""
    scores, flags = [], []
    for t in tags:
        m = TAGS.get(t.strip().lower())
        if m is None:
            m = map_text(t)
        if m.factual is not None:
            scores.append(m.factual)
        flags += [f for f in m.flags if f not in flags]
    return Mapped(min(scores) if scores else None, None, tuple(flags))


def map_text(label: str, lean_too: bool = True) -> Mapped:
    """A free-text label ("right bias", "very-high", "Questionable Source") → common axes."""
    factual: float | None = None
    flags: list[str] = []
    for rx, m in _WORDS:
        if rx.search(label):
            if factual is None and m.factual is not None:
                factual = m.factual
            flags += [f for f in m.flags if f not in flags]
    lean = map_lean(label) if lean_too else None
    return Mapped(factual, lean, tuple(flags))


def map_lean(label: str) -> str | None:
    """A lean label ("left-center", "Lean Right", "least biased", "right bias") → :data:`LEANS` or None."""
    if not label:
        return None
    for rx, lean in _LEAN_WORDS:
        if rx.search(label):
            return lean
    return None


def map_number(value: float, lo: float = 0.0, hi: float = 1.0) -> float:
    """A numeric rating on ``[lo, hi]`` → [0, 1], clipped."""
    if hi == lo:
        raise ValueError("empty rating scale")
    return min(1.0, max(0.0, (value - lo) / (hi - lo)))


__all__ = ["FACTUAL_LEVELS", "FLAGS", "LEANS", "TAGS", "Mapped", "factual_level", "map_lean", "map_number",
           "map_tags", "map_text"]
