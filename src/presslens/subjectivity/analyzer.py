"""``presslens.subjectivity.v1``: sentence-level SUBJ/OBJ with a calibrated score, and "opinion vs report".

Every sentence with at least :data:`MIN_WORDS` alphabetic tokens gets P(SUBJ), a calibrated probability that it
expresses the writer's opinion, judgement or emotion rather than reporting (the CheckThat! subjectivity
definition). Sentences at or above the model's threshold become ``editorial.subjective_sentence`` findings; each
records the model (name, version, threshold, validation metrics) and the profile that chose it.

Profiles (``Settings.profile``):
    ``fast``: hashed spaCy-feature logistic regression (no extra pass);
    ``accurate``: the shared encoder's sentence vectors (:func:`presslens.encoders.sentence_states` at the
    window the head file names, ``Head.window``: 128 word pieces, the span tagger's pass, so the article is
    encoded once for every analyzer that asks) and a light head trained on vectors from such windows.

Article level: ``subjectivity_share`` (subjective sentences / scored sentences), ``subjectivity_mean`` (mean
P(SUBJ): the expected share) and ``opinion_vs_report``: ``opinion`` when at least :data:`OPINION_SHARE` of the
scored sentences are subjective, ``report`` when at most :data:`REPORT_SHARE` are, else ``mixed``. These two
cut-offs are a reading convention (a majority of opinion sentences; at most one in five), not learned: no
article-level opinion labels were available to fit them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from ..analyzers.base import Analyzer, Context, Result
from ..article import strip_span
from ..claims.checkworthy import CheckworthyModel, doc_counts, scorable_sentences
from ..dossier.attrs import ModelCard, SubjectiveSentenceAttrs
from ..dossier.summaries import LearnedModel, SubjectivitySummary
from ..encoders import sentence_states
from ..encoders.heads import Head, load_head
from . import ACCURATE_PATH, FAST_PATH

#: Sentences with fewer alphabetic tokens are not scored (headline fragments, bylines, "Read more").
MIN_WORDS = 4
#: Article-level reading convention (see module docstring).
OPINION_SHARE = 0.5
REPORT_SHARE = 0.2


@functools.lru_cache(maxsize=2)
def load_fast(path: str | None = None) -> CheckworthyModel:
    """The fast subjectivity model (same hashed-feature format as the check-worthiness model)."""
    return CheckworthyModel.load(Path(path) if path else FAST_PATH)


def fast_card(model: CheckworthyModel) -> dict[str, Any]:
    val = dict(model.meta.get("validation", {}))  # type: ignore[call-overload]
    val.pop("reliability", None)
    return {"name": model.meta.get("name", "subjectivity-fast"), "version": model.meta.get("version", "1"),
            "threshold": round(model.threshold, 4), "validation": val, "encoder": None}


def head_card(head: Head) -> dict[str, Any]:
    card = head.card()
    card["validation"] = {k: v for k, v in card["validation"].items() if k != "reliability"}
    return card


class SubjectivityAnalyzer(Analyzer):
    """Sentence subjectivity (CheckThat!-trained), fast or accurate profile; opinion-vs-report indicator."""

    name = "presslens.subjectivity.v1"
    version = "1"
    capability = "editorial"
    requires = ("nlp.sents", "nlp.tags", "nlp.ents")
    produces = ("editorial.subjective_sentence",)
    languages = ("en",)
    option_names = ("profile", "model_path", "threshold")
    #: Profiles under which this analyzer reads the shared encoder.
    encoder_profiles = ("accurate",)
    model_cards = ("subjectivity-fast", "subjectivity-minilm")
    description = ("Subjective sentences (SUBJ/OBJ, calibrated P(SUBJ); fast: hashed spaCy features, accurate: "
                   "shared encoder + head) and the opinion-vs-report indicator.")

    def __init__(self, settings: Any = None, **options: Any) -> None:
        super().__init__(settings, **options)
        self.profile = str(options.get("profile", self.settings.profile))
        self.fast: CheckworthyModel | None = None
        self.head: Head | None = None
        if self.profile == "accurate":
            self.head = load_head(str(options.get("model_path", ACCURATE_PATH)))
            self.card = head_card(self.head)
            base_threshold = self.head.threshold
        else:
            self.fast = load_fast(options.get("model_path"))
            self.card = fast_card(self.fast)
            base_threshold = self.fast.threshold
        self.threshold = float(options.get("threshold", base_threshold))
        self.card["threshold"] = round(self.threshold, 4)

    def score(self, ctx: Context) -> tuple[list[tuple[int, int]], np.ndarray]:
        """(sentence offsets, P(SUBJ)) for the scorable sentences of the article."""
        sents = scorable_sentences(ctx.nlp, MIN_WORDS)
        spans = [strip_span(ctx.text, s.start_char, s.end_char) for s in sents]
        if not sents:
            return [], np.zeros(0, dtype=np.float32)
        if self.head is not None:
            states = sentence_states(ctx.nlp, window=self.head.window)
            idx = [states.index_of(a, b) for a, b in spans]
            x = np.stack([states.encoded.vectors[i] if i is not None else np.zeros(states.info.dim, np.float32)
                          for i in idx])
            return spans, self.head.proba(x)
        assert self.fast is not None
        return spans, self.fast.score_counts(*doc_counts(ctx.nlp, sents))

    def analyze(self, ctx: Context) -> Result:
        spans, probs = self.score(ctx)
        findings = []
        model = ModelCard.of(self.card)
        for (start, end), p in zip(spans, probs, strict=True):
            if end > start and p >= self.threshold:
                findings.append(self.finding(ctx, start, end, "editorial.subjective_sentence", round(float(p), 4),
                                             SubjectiveSentenceAttrs(p_subjective=round(float(p), 4),
                                                                     profile=self.profile, model=model)))
        n = len(spans)
        share = len(findings) / n if n else 0.0
        mean = float(probs.mean()) if n else 0.0
        verdict = None
        if n:
            verdict = "opinion" if share >= OPINION_SHARE else "report" if share <= REPORT_SHARE else "mixed"
        card = self.card
        return Result(
            findings=findings,
            summary=SubjectivitySummary(
                sentences_scored=n, subjective=len(findings), share=round(share, 4), mean_probability=round(mean, 4),
                opinion_vs_report=verdict, profile=self.profile,
                model=LearnedModel(name=card["name"], version=card["version"], threshold=card["threshold"],
                                   validation=card["validation"], encoder=card["encoder"])),
            indicators={"subjectivity_share": round(share, 4), "subjectivity_mean": round(mean, 4),
                        "opinion_vs_report": verdict},
            data={"sentence_scores": [(a, b, float(p)) for (a, b), p in zip(spans, probs, strict=True)]},
        )


__all__ = ["SubjectivityAnalyzer", "fast_card", "head_card", "load_fast"]
