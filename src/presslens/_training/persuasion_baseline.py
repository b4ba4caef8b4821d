"""The lexicon-only baseline the benchmark compares the shipped model against.

SI: every match of the precise lexicons (:data:`~presslens.persuasion.lexicons.BASELINE_TECHNIQUES`) is a
span. TC: a span gets the technique of the lexicon hit it overlaps most (the longest), else the corpus'
majority class, Loaded_Language.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..persuasion.lexicons import BASELINE_TECHNIQUES, LEXICONS, LexiconMatcher

MAJORITY = "Loaded_Language"


class LexiconBaseline:
    """Lexicon-only span finder and technique guesser."""

    def __init__(self) -> None:
        self.matcher = LexiconMatcher({k: LEXICONS[k] for k in BASELINE_TECHNIQUES})
        self.all_matcher = LexiconMatcher()

    def spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start char, end char, technique) for every baseline-lexicon hit."""
        return [(doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1]), h.technique) for h in self.matcher(doc)]

    def techniques(self, doc: Doc, spans: list[tuple[int, int]]) -> list[str]:
        """For each ``(start, end)``: the technique of the longest lexicon hit (all lexicons) overlapping it,
        else the majority class."""
        hits = [(doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1]), h.technique)
                for h in self.all_matcher(doc)]
        out = []
        for start, end in spans:
            best, best_len = MAJORITY, 0
            for s, e, tech in hits:
                if min(e, end) > max(s, start) and e - s > best_len:
                    best, best_len = tech, e - s
            out.append(best)
        return out

    def technique(self, doc: Doc, start: int, end: int) -> str:
        """The technique :meth:`techniques` gives one span."""
        return self.techniques(doc, [(start, end)])[0]


__all__ = ["MAJORITY", "LexiconBaseline"]
