"""The one certainty lexicon of presslens: boosters (claims of certainty) and hedges.

``presslens.hedging.v1`` (``editorial.booster`` / ``editorial.hedge`` findings) and ``presslens.sourcing.v1``
(unattributed-certainty sentences) both match through :func:`find_boosters`, so they can never disagree on
which words claim certainty. ``presslens.voice.v1`` leaves booster spans alone, so no span is counted both as a
booster and as an intensifier.

Every phrase here was checked against the AllSides sample (``benchmarks/lexicon_audit.py``): a phrase is kept
only if it occurs in articles other than the example, see ``docs/editorial.md``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ._text import RegionIndex, lexicon_regex, quoted_regions

#: Name recorded as the ``source`` of certainty sentences found with this lexicon.
CERTAINTY_LEXICON = "presslens.editorial.certainty"

BOOSTERS = (
    "it's clear", "it is clear", "it was clear", "it's obvious", "it is obvious", "clearly", "obviously",
    "there's no reason", "there is no reason", "there's no doubt", "there is no doubt", "no doubt",
    "without a doubt", "undoubtedly", "undeniably", "just as we suspected", "as we suspected",
    "everyone knows", "everybody knows", "it goes without saying", "without question", "certainly",
    "definitely", "make no mistake", "the fact is", "the truth is", "in fact", "it's certain",
    "it is certain", "surely", "of course", "needless to say", "it's no secret", "it is no secret",
    "there's no question", "there is no question", "it is evident",
    "proves that", "it's important", "it is important", "inevitably", "unquestionably",
)
#: Boosters that are ordinary in sourced reporting get a lower score.
WEAK_BOOSTERS = frozenset({"certainly", "in fact", "it's important", "it is important", "definitely"})
BOOSTER_RE = lexicon_regex(BOOSTERS)

HEDGES = (
    "reportedly", "allegedly", "purportedly", "apparently", "seemingly", "possibly", "perhaps",
    "it is believed", "it's believed", "is believed to", "are believed to", "is said to", "are said to",
    "is thought to", "are thought to", "is expected to", "appears to", "appear to", "seems to", "seem to",
    "likely", "unlikely", "probably", "unconfirmed", "rumored", "rumoured", "suggests", "suggested",
    "according to some", "it is possible", "it's possible", "could be", "may have", "might have",
    "sources say", "some say", "it remains unclear", "it is unclear", "it's unclear",
)
HEDGE_RE = lexicon_regex(HEDGES)
#: Modal verbs count as hedges only when tagged MD ("may" the modal, not the month May).
MODAL_HEDGES = frozenset({"may", "might", "could"})


@dataclass(frozen=True, slots=True)
class LexiconHit:
    """A lexicon phrase in the text; ``quoted`` when it lies inside quotation marks (a source's own words)."""

    start: int
    end: int
    term: str
    quoted: bool


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'"))


def _hits(rx: re.Pattern[str], text: str, quotes: RegionIndex | None) -> list[LexiconHit]:
    quotes = quotes if quotes is not None else RegionIndex(quoted_regions(text))
    return [LexiconHit(s, e, term, quotes.contains(s)) for s, e, term in _matches(rx, text)]


@functools.lru_cache(maxsize=16)
def _matches(rx: re.Pattern[str], text: str) -> tuple[tuple[int, int, str], ...]:
    """The lexicon matches of one text, kept for the few analyzers that ask for the same article in turn."""
    return tuple((m.start(), m.end(), _norm(m.group(0))) for m in rx.finditer(text))


def find_boosters(text: str, quotes: RegionIndex | None = None) -> list[LexiconHit]:
    """Every booster of :data:`BOOSTERS` in ``text`` (``quotes``: the quoted regions, computed if omitted)."""
    return _hits(BOOSTER_RE, text, quotes)


def find_hedges(text: str, quotes: RegionIndex | None = None) -> list[LexiconHit]:
    """Every hedge phrase of :data:`HEDGES` in ``text`` (modal verbs are added by the analyzer, by tag)."""
    return _hits(HEDGE_RE, text, quotes)


__all__ = [
    "BOOSTERS",
    "BOOSTER_RE",
    "CERTAINTY_LEXICON",
    "HEDGES",
    "HEDGE_RE",
    "MODAL_HEDGES",
    "WEAK_BOOSTERS",
    "LexiconHit",
    "find_boosters",
    "find_hedges",
]
