"""What ``presslens.quotes.v1`` hands to later analyzers (``ctx.results["presslens.quotes.v1"].data``).

Consumers (``presslens.sourcing.v1``, the asserters of quantities and claims) read these typed records, never
finding ``attrs`` by guessed key names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dossier.attrs import QuoteCue
from .speakers import Speaker

#: The attribution cue of a quote ("said", "according to"): the same typed record the quote's attrs carry.
Cue = QuoteCue


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """Where the speaker is mentioned for one quote."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One quote: content span, type, cue, speaker mention and the resolved speaker (None when unknown)."""

    id: str
    start: int
    end: int
    type: str
    how: str
    cue: Cue | None
    mention: MentionSpan | None
    speaker_id: str | None
    speaker_name: str | None

    @property
    def extent(self) -> tuple[int, int]:
        """From the earliest to the latest of content, cue and speaker mention."""
        lo, hi = self.start, self.end
        for part in (self.cue, self.mention):
            if part is not None:
                lo, hi = min(lo, part.start), max(hi, part.end)
        return lo, hi


@dataclass(slots=True)
class AttributionData:
    """The quotes of an article and the speakers they resolve to (only speakers with an id are listed)."""

    quotes: list[QuoteRecord] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)


__all__ = ["AttributionData", "Cue", "MentionSpan", "QuoteRecord"]
