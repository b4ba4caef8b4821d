"""Who asserts a quantity or claim: the speaker of the quote that contains it (from ``presslens.quotes.v1``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..analyzers.base import Context

if TYPE_CHECKING:
    from ..attribution.records import AttributionData


def asserter_index(ctx: Context) -> list[tuple[int, int, int, int, str | None, str | None]]:
    """Quote spans from the attribution analyzer: (start, end, sentence start, sentence end, name, speaker id).

    Read from the quotes analyzer's typed :class:`~presslens.attribution.records.AttributionData`. Empty when
    ``presslens.quotes.v1`` did not run: the asserter is then left empty, never guessed.
    """
    res = ctx.results.get("presslens.quotes.v1")
    if res is None or res.data is None:
        return []
    data: AttributionData = res.data
    sents = ctx.nlp.sents
    out = []
    for q in data.quotes:
        i = ctx.nlp.sentence_index(q.start)
        j = ctx.nlp.sentence_index(max(q.start, q.end - 1))
        out.append((q.start, q.end, sents[i].start_char, sents[j].end_char, q.speaker_name, q.speaker_id))
    return out


def find_asserter(index: Sequence[tuple[int, int, int, int, str | None, str | None]], start: int, end: int
                  ) -> tuple[str | None, str | None]:
    """The speaker of the quote containing ``start..end``; else of a quote in the same sentence(s)."""
    for qs, qe, _, _, name, sid in index:
        if qs <= start and end <= qe and name:
            return name, sid
    for _, _, ss, se, name, sid in index:
        if ss <= start and end <= se and name:
            return name, sid
    return None, None
