"""Claim objects: every sentence scored for check-worthiness; those above the threshold become claims.

``presslens.claims.v1`` scores each sentence with the shipped check-worthiness model
(:mod:`presslens.claims.checkworthy`) and emits a ``claims.claim`` finding per sentence whose score reaches the
model's threshold (chosen on a validation split of CheckThat! train; override with the ``threshold`` option).
Each claim carries

* ``checkworthiness`` (probability, also the finding's ``score``) and ``rank`` (1 = most check-worthy; ties broken by the number of
  quantities, then by position),
* ``quantities``: ids of the ``claims.quantity`` findings inside the sentence,
* ``entities``: named entities of the sentence (text, label, offsets), excluding bare numbers,
* ``asserter`` / ``asserter_id``: the speaker of a quote covering the sentence when ``presslens.quotes.v1``
  ran (None otherwise: never guessed),
* ``hedges`` / ``boosters``: ids of ``editorial.hedge`` / ``editorial.booster`` findings inside the sentence
  when ``presslens.hedging.v1`` ran.

The ranked top claims go to ``dossier.summaries.top_claims`` (JSON: ``summaries.claims.top``); :func:`claim_rows` flattens them for the
CLI (``presslens claims FILE --top 10``) and the HTML claims panel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..analyzers.base import Analyzer, Context, Result
from ..article import strip_span
from ..dossier.attrs import ClaimAttrs, Entity, ModelCard, QuantityAttrs
from ..dossier.model import Dossier, Finding
from ..dossier.summaries import CheckworthinessSummary, ClaimNumber, TopClaim, TopClaims
from ..encoders import sentence_states
from ..text.quotemarks import find_quote_regions
from ..text.spans import SpanIndex
from .accurate import load_accurate
from .asserters import asserter_index
from .checkworthy import doc_counts, load_model, scorable_sentences

#: Entity labels that are figures (already described by quantities), left out of ``entities``.
NUMERIC_ENTS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
#: Sentences with fewer alphabetic tokens than this are not scored (headline fragments, bylines, "Read more").
MIN_WORDS = 4


class ClaimAnalyzer(Analyzer):
    """``presslens.claims.v1``: check-worthiness per sentence, ranked claims with quantities and asserters."""

    name = "presslens.claims.v1"
    version = "1"
    capability = "claims"
    requires = ("nlp.sents", "nlp.tags", "nlp.ents", "analyzer:presslens.quantities.v1")
    uses = ("presslens.quotes.v1", "presslens.hedging.v1", "presslens.republication.v1")
    produces = ("claims.claim",)
    languages = ("en",)
    description = "Check-worthy claims: sentence score (CheckThat!-trained linear model), rank, numbers, asserter."
    model_cards = ("checkworthy", "checkworthy-minilm")
    option_names = ("model_path", "threshold", "top", "profile")
    #: Under the accurate profile the sentence score mixes an encoder head with the lexical model.
    encoder_profiles = ("accurate",)

    def __init__(self, settings: Any = None, **options: Any) -> None:
        super().__init__(settings, **options)
        self.profile = str(options.get("profile", self.settings.profile))
        self.model = load_model(options.get("model_path") if self.profile == "fast" else None)
        self.accurate = load_accurate(options.get("model_path")) if self.profile == "accurate" else None
        base = self.accurate.threshold if self.accurate is not None else self.model.threshold
        self.threshold = float(options.get("threshold", base))
        self.top = int(options.get("top", 10))
        if self.accurate is not None:
            self.card = self.accurate.card()
            self._model_id = (f"{self.accurate.name} v{self.accurate.head.version} (encoder {self.card['encoder']}, "
                              f"mixed with checkworthy.npz; CheckThat! 2024 en train sha256 "
                              f"{str(self.accurate.meta.get('train_sha256', '?'))[:12]})")
        else:
            chosen = self.model.meta.get("chosen")
            chosen_d: dict[str, Any] = chosen if isinstance(chosen, dict) else {}
            self.card = {"name": "checkworthy", "version": "1", "threshold": self.model.threshold,
                         "validation": {"f1": chosen_d.get("val_f1"), "ap": chosen_d.get("val_ap"),
                                        "scheme": str(self.model.meta.get("validation", ""))},
                         "encoder": None}
            self._model_id = (f"checkworthy.npz (CheckThat! 2024 en train sha256 "
                              f"{str(self.model.meta.get('train_sha256', '?'))[:12]}, seed {self.model.meta.get('seed', '?')})")
        self.card["threshold"] = round(self.threshold, 4)

    def _scores(self, ctx: Context, sents: list[Any]) -> Any:
        if not sents:
            return []
        if self.accurate is None:
            return self.model.score_counts(*doc_counts(ctx.nlp, sents))
        states = sentence_states(ctx.nlp, window=self.accurate.window)
        vecs = []
        for s in sents:
            i = states.index_of(*strip_span(ctx.text, s.start_char, s.end_char))
            vecs.append(states.encoded.vectors[i] if i is not None else np.zeros(states.info.dim, np.float32))
        return self.accurate.proba(sents, np.stack(vecs), [ctx.nlp.sentence_ents(s) for s in sents])

    def analyze(self, ctx: Context) -> Result:
        sents = scorable_sentences(ctx.nlp, MIN_WORDS)
        scores: list[float] = [float(x) for x in self._scores(ctx, sents)]
        ctx.check_time()
        found = ctx.results["presslens.quantities.v1"].findings
        quantities = SpanIndex([f for f in found if f.label == "claims.quantity"], span=_span)
        hedging = ctx.results.get("presslens.hedging.v1")
        editorial = SpanIndex([f for f in hedging.findings if f.label in ("editorial.hedge", "editorial.booster")]
                              if hedging else [], span=_span)
        quotes = SpanIndex([q for q in asserter_index(ctx) if q[4]], span=lambda q: (min(q[0], q[2]), max(q[1], q[3])))

        republication = ctx.results.get("presslens.republication.v1")
        footers = SpanIndex([f for f in republication.findings if f.label == "provenance.republication"]
                            if republication else [], span=_span)
        regions = SpanIndex(find_quote_regions(ctx.text), span=lambda r: (r.start, r.end))
        candidates: list[tuple[float, int, int, int, list[Finding]]] = []
        for sent, score in zip(sents, scores, strict=True):
            start, end = strip_span(ctx.text, sent.start_char, sent.end_char)
            if end <= start or footers.overlapping(start, end):
                continue  # a republication footer ("This article first appeared on …") is no claim
            opened = next((r for r in regions.overlapping(start, start + 1) if r.start < start), None)
            if opened is not None and candidates and candidates[-1][2] <= opened.start < candidates[-1][3]:
                # the sentence splitter broke inside a quotation: the claim is the whole quoted sentence,
                # kept with the sentence where the quotation opens (higher score of the two)
                prev = candidates.pop()
                start, score = prev[2], max(float(score), prev[0])
                qs = quantities.inside(start, end)
                candidates.append((float(score), -len(qs), start, end, qs))
                continue
            if opened is not None:
                start = opened.start  # the opening sentence was too short to score: start at the opening mark
            qs = quantities.inside(start, end)
            candidates.append((float(score), -len(qs), start, end, qs))
        claims = sorted((c for c in candidates if c[0] >= self.threshold), key=lambda c: (-c[0], c[1], c[2]))

        findings: list[Finding] = []
        top: list[TopClaim] = []
        card = ModelCard.of(self.card)
        typed: list[ClaimAttrs] = []
        for rank, (score, _, start, end, qs) in enumerate(claims, 1):
            name, sid = _sentence_asserter(quotes.overlapping(start, end), start, end)
            ents = tuple(
                Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char)
                for e in ctx.nlp.ent_index.inside(start, end)
                if e.label_ not in NUMERIC_ENTS
            )
            inside = editorial.inside(start, end)
            hedges = tuple(f.id for f in inside if f.label == "editorial.hedge")
            boosters = tuple(f.id for f in inside if f.label == "editorial.booster")
            attrs = ClaimAttrs(checkworthiness=round(score, 4), rank=rank, quantities=tuple(q.id for q in qs),
                               entities=ents, asserter=name, asserter_id=sid, hedges=hedges, boosters=boosters,
                               model=card)
            f = self.finding(ctx, start, end, "claims.claim", round(score, 4), attrs)
            findings.append(f)
            typed.append(attrs)
            if rank <= self.top:
                top.append(TopClaim(
                    rank=rank, score=round(score, 4), start=start, end=end, id=f.id, sentence=ctx.text[start:end],
                    numbers=[ClaimNumber(q.id, q.text, q.attrs_as(QuantityAttrs).counted) for q in qs],
                    asserter=name, asserter_id=sid,
                ))
        n_scored = len(candidates)
        return Result(
            findings=findings,
            summary=[CheckworthinessSummary(threshold=self.threshold, sentences_scored=n_scored,
                                            claims=len(findings), model=self._model_id),
                     TopClaims(top)],
            indicators={
                "claims_checkworthy_count": len(findings),
                "claims_checkworthy_share": round(len(findings) / n_scored, 4) if n_scored else 0.0,
                "claims_quantified_count": sum(1 for a in typed if a.quantities),
                "claims_attributed_count": sum(1 for a in typed if a.asserter),
                "claims_max_score": round(max((c[0] for c in candidates), default=0.0), 4),
            },
            data={"sentence_scores": [(c[2], c[3], c[0]) for c in candidates]},
        )



def _span(f: Finding) -> tuple[int, int]:
    return f.start, f.end


def _sentence_asserter(quotes: list[tuple[int, int, int, int, str | None, str | None]], start: int, end: int
                       ) -> tuple[str | None, str | None]:
    """Speaker of the quote overlapping the sentence most (quote span, else the quote's sentences)."""
    best: tuple[int, str | None, str | None] = (0, None, None)
    for qs, qe, ss, se, name, sid in quotes:
        if not name:
            continue
        overlap = min(end, qe) - max(start, qs)
        if overlap <= 0:
            overlap = (min(end, se) - max(start, ss)) // 4
        if overlap > best[0]:
            best = (overlap, name, sid)
    return best[1], best[2]


def claim_rows(dossier: Dossier, top: int = 10) -> list[dict[str, str]]:
    """The ranked check-worthy claims of a dossier as flat string rows (for the CLI table and HTML panel).

    Each row has ``rank``, ``score`` (two decimals), ``sentence``, ``numbers`` (quantities of the sentence,
    "; "-separated, each with its counted thing in parentheses) and ``asserter`` ("" when unknown).
    """
    by_id = {f.id: f for f in dossier.findings}
    claims = sorted(((f, f.attrs_as(ClaimAttrs)) for f in dossier.findings if f.label == "claims.claim"),
                    key=lambda fa: fa[1].rank)
    rows: list[dict[str, str]] = []
    for f, a in claims[:top]:
        numbers = []
        for qid in a.quantities:
            q = by_id.get(qid)
            if q is None:
                continue
            counted = q.attrs_as(QuantityAttrs).counted
            numbers.append(f"{q.text} ({counted})" if counted else q.text)
        rows.append({
            "rank": str(a.rank),
            "score": f"{f.score:.2f}",
            "sentence": " ".join(f.text.split()),
            "numbers": "; ".join(numbers),
            "asserter": a.asserter or "",
        })
    return rows


__all__ = ["ClaimAnalyzer", "claim_rows"]
