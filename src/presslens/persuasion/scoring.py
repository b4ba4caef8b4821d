"""Article-level persuasion outputs: word counts, density, technique histogram and top spans."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from ..dossier.summaries import PersuasionSpan, PersuasionSummary
from .model import SpanPrediction
from .techniques import PTC_TO_LABEL

#: How many spans the summary lists as "top spans".
TOP_SPANS = 5


def word_count(doc: Doc) -> int:
    """Words of the document: tokens that are neither whitespace nor punctuation."""
    return sum(1 for t in doc if not (t.is_space or t.is_punct))


def summarise(spans: Sequence[SpanPrediction], doc: Doc, probability: float) -> PersuasionSummary:
    """The persuasion summary of one article (``dossier.summaries.persuasion``); ``top_spans`` ids are the
    ids of the findings the analyzer builds over the same spans."""
    words = word_count(doc)
    text = doc.text
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
