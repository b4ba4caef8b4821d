"""The persuasion analyzer: propaganda-technique spans (the 14 PTC techniques) and an article score.

Registered as ``presslens.persuasion.v1``. Reads only the shared base NLP pass (tokens, lemmas, tags,
entities, sentences); never asks for a dependency parse.

Findings: one ``persuasion.<technique>`` finding per predicted span (``attrs``: PTC technique name,
technique probability, the two runner-up techniques, and ``contains`` — narrower spans absorbed when a
clause-level technique took its sentence). Findings never overlap. Summary: see
:func:`presslens.persuasion.scoring.summarise`. Indicators: ``persuasion_score`` (calibrated probability
that the article uses propaganda techniques heavily), ``persuasion_spans_per_1000_words``.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

import numpy as np

from ..analyzers.base import Analyzer, Context, Result
from ..config import Settings
from ..dossier.attrs import ModelCard, TechniqueAttrs
from ..encoders import sentence_states
from ..text.spans import SpanIndex
from .accurate import load_accurate
from .accurate_si import SpanTagger, load_tagger, piece_probs
from .model import PersuasionModel, SpanPrediction, TechniqueOverride
from .scoring import summarise, word_count
from .techniques import PTC_TO_LABEL


@functools.lru_cache(maxsize=1)
def shared_model() -> PersuasionModel:
    """The shipped model, loaded once per process."""
    return PersuasionModel()


class PersuasionAnalyzer(Analyzer):
    """Propaganda technique spans and the article's persuasion score.

    Options:
        min_score: drop spans whose span confidence is below this (default 0: keep what the model decodes).
        attributed_authority: keep ``Appeal_to_Authority`` spans that hold an attribution cue found by
            ``presslens.quotes.v1`` (default False). Reporting who said something ("…, the minister said")
            is sourcing, not an appeal to authority; on neutral wire copy these were the commonest false
            positive (``benchmarks/persuasion_wire.py``).
    """

    name = "presslens.persuasion.v1"
    version = "1"
    capability = "persuasion"
    requires = ("nlp.sents", "nlp.tags", "nlp.lemmas", "nlp.ents")
    produces: ClassVar[tuple[str, ...]] = tuple(PTC_TO_LABEL.values())
    languages = ("en",)
    description = "Propaganda-technique spans (14 PTC techniques) and a calibrated persuasion score."
    model_cards = ("persuasion-v1", "technique-minilm", "span-tagger-minilm")
    option_names: ClassVar[tuple[str, ...]] = ("min_score", "profile", "attributed_authority")
    uses: ClassVar[tuple[str, ...]] = ("presslens.quotes.v1",)
    #: Under the accurate profile spans are tagged and techniques classified over the shared encoder's token states.
    encoder_profiles: ClassVar[tuple[str, ...]] = ("accurate",)

    def __init__(self, settings: Settings | None = None, **options: Any) -> None:
        super().__init__(settings, **options)
        self.model = shared_model()
        self.min_score = float(options.get("min_score", 0.0))
        self.attributed_authority = bool(options.get("attributed_authority", False))
        self.profile = str(options.get("profile", self.settings.profile))
        self.accurate = load_accurate() if self.profile == "accurate" else None
        self.tagger: SpanTagger | None = load_tagger() if self.profile == "accurate" else None
        meta = self.model.weights.meta
        #: The span tagger's card (accurate profile), recorded as ``span_model`` on every finding.
        self.span_card: dict[str, Any] | None = self.tagger.card() if self.tagger is not None else None
        self.card: dict[str, Any] = self.accurate.card() if self.accurate is not None else {
            "name": str(meta.get("model", "persuasion-v1")), "version": "1", "threshold": None,
            "validation": {"si_f1": meta.get("si", {}).get("final_f1"), "scheme": "PTC train articles held out "
                           f"(seed {meta.get('validation_seed')}, fraction {meta.get('validation_fraction')})"},
            "encoder": None}

    def _predict(self, ctx: Context) -> list[SpanPrediction]:
        """Fast profile: the fast tagger and classifier. Accurate: spans from the encoder tagger (mixed with the
        fast tagger as its head file says), techniques from the encoder head mixed with the fast classifier."""
        doc = ctx.nlp.doc
        if self.tagger is None:
            return self.model.predict(doc, self._technique(ctx))
        info = self.model.info(doc)
        tagger = self.tagger
        states = sentence_states(ctx.nlp, window=tagger.window)
        fast_spans: list[tuple[int, int, float]] = []
        fast_p = None
        if tagger.union:
            fast_spans = [(p.start, p.end, p.score) for p in self.model.predict(doc, info=info)]
        if tagger.beta < 1.0:
            fast_p = piece_probs([(t.idx, t.idx + len(t)) for t in doc], self.model.token_proba(info),
                                 states.token_offsets)
        return self.model.classify(info, tagger.spans(states, fast_p, fast_spans), self._technique(ctx))

    def _technique(self, ctx: Context) -> TechniqueOverride | None:
        acc = self.accurate
        if acc is None:
            return None
        fast_classes = list(self.model.weights.classes)
        to_acc = [fast_classes.index(c) for c in acc.classes]
        back = [acc.classes.index(c) for c in fast_classes]

        def rescore(spans: list[tuple[int, int]], fast: np.ndarray) -> np.ndarray:
            p = acc.proba(spans, sentence_states(ctx.nlp, window=acc.window), fast[:, to_acc])
            return p[:, back]

        return rescore

    def analyze(self, ctx: Context) -> Result:
        doc = ctx.nlp.doc
        ctx.check_time()
        spans = [s for s in self._predict(ctx) if s.score >= self.min_score]
        ctx.check_time()
        quotes = ctx.results.get("presslens.quotes.v1")
        if quotes is not None and not self.attributed_authority:
            cues = SpanIndex([f for f in quotes.findings if f.label == "attribution.cue"], span=lambda f: (f.start, f.end))
            spans = [s for s in spans if not (s.technique == "Appeal_to_Authority" and cues.overlapping(s.start, s.end))]
        words = word_count(doc)
        density = 1000 * len(spans) / words if words else 0.0
        probability = self.model.article_probability(density)
        card = ModelCard.of(self.card)
        span_card = ModelCard.of(self.span_card) if self.span_card is not None else None
        findings = [
            self.finding(ctx, s.start, s.end, PTC_TO_LABEL[s.technique], min(1.0, max(0.0, s.score)),
                         TechniqueAttrs(technique=s.technique, technique_probability=round(s.technique_probability, 4),
                                        alternatives=tuple((PTC_TO_LABEL[t], p) for t, p in s.alternatives),
                                        model=card, contains=_contains(s), span_model=span_card))
            for s in spans
        ]
        summary = summarise(spans, doc, probability, ctx.text, words)
        ids = {(f.start, f.end, f.label): f.id for f in findings}
        for top in summary.top_spans:
            top.id = ids.get((top.start, top.end, top.label), "")
        return Result(
            findings=findings,
            summary=summary,
            indicators={"persuasion_score": round(probability, 4),
                        "persuasion_spans_per_1000_words": summary.spans_per_1000_words},
        )


def _contains(s: SpanPrediction) -> tuple[tuple[str, int, int], ...]:
    """The ``contains`` attribute: narrower spans absorbed by a clause-level span (left out when empty)."""
    return tuple((PTC_TO_LABEL[t], a, b) for t, a, b in s.absorbed)


__all__ = ["PersuasionAnalyzer", "shared_model"]
