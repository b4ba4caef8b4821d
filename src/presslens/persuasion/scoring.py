"""Article-level persuasion outputs: word counts, density, technique histogram and top spans."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from ..dossier.summaries import PersuasionSpan, PersuasionSummary
from .model import SpanPrediction
from .techniques import PTC_TO_LABEL

#: How many spans the summary lists as "top spans".
TOP_SPANS = 5


def word_count(doc: Doc) -> int:
    """Words of the document: tokens that are neither whitespace nor punctuation."""
    if not len(doc):
        return 0
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    return int(((flags[:, 0] == 0) & (flags[:, 1] == 0)).sum())


def summarise(spans: Sequence[SpanPrediction], doc: Doc, probability: float, text: str | None = None,
              words: int | None = None) -> PersuasionSummary:
    """The persuasion summary of one article (``dossier.summaries.persuasion``); ``top_spans`` ids are the
    ids of the findings the analyzer builds over the same spans. ``text`` and ``words``: the document's text
    and :func:`word_count` when the caller has them."""
    words = word_count(doc) if words is None else words
    text = doc.text if text is None else text
    hist = Counter(PTC_TO_LABEL[s.technique] for s in spans)
    top = sorted(spans, key=lambda s: (-s.score * s.technique_probability, s.start))[:TOP_SPANS]
    return PersuasionSummary(
        score=round(probability, 4),
        n_spans=len(spans),
        n_words=words,
        spans_per_1000_words=round(1000 * len(spans) / words, 2) if words else 0.0,
        propaganda_char_fraction=round(sum(s.end - s.start for s in spans) / max(1, len(text)), 4),
        techniques=dict(sorted(hist.items(), key=lambda kv: (-kv[1], kv[0]))),
        top_spans=[
            PersuasionSpan(label=PTC_TO_LABEL[s.technique], start=s.start, end=s.end, text=text[s.start:s.end],
                           score=round(s.score, 4), technique_probability=round(s.technique_probability, 4))
            for s in top
        ],
    )


__all__ = ["TOP_SPANS", "summarise", "word_count"]
