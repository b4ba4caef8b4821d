"""Speculation, boosting and hedging: how sure the text claims to be, and on whose authority.

- ``editorial.booster``: certainty claims ("It's clear", "Just as we suspected", "there's no reason",
  "there is no doubt", "obviously"). ``attrs.sourced`` is true only inside quotation marks (the source's
  own words). A booster outside quotation marks is the outlet's wording even when the sentence reports
  what someone said ("the ministry confirmed that the assault was … and of course backed by air
  support"): ``attrs.in_paraphrase`` marks that case, and it counts as unsourced.
- ``editorial.hedge``: hedges ("reportedly", "allegedly", "may", "might", "it is believed").

Each finding has ``attrs.polarity`` = ``boosting`` | ``hedging``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..analyzers.base import Analyzer, Context, Result
from ..dossier.attrs import BoosterAttrs, HedgeAttrs, Span
from ..dossier.model import Finding
from ..dossier.summaries import CertaintySummary
from ._text import RegionIndex, quoted_regions
from .certainty import MODAL_HEDGES, WEAK_BOOSTERS, find_boosters, find_hedges

#: Attribution cues that mark a sentence as reporting someone (a booster there sits in the outlet's paraphrase).
ATTRIBUTION_RE = re.compile(
    r"(?<![\w-])(?:said|says|say|told|according\s+to|stated|announced|confirmed|added|continued|claimed|"
    r"argued|insisted|reported|wrote|tweeted|explained|noted)(?![\w-])",
    re.IGNORECASE,
)


#: What may stand between an attribution cue and the certainty phrase that opens the reported clause:
#: "said (that) there is no doubt…", "according to the minister, it is clear…".
_REPORTED_GAP = re.compile(r"\s*(?:,\s*)?(?:that\s+)?$|\s+[^,.;:]{1,60},\s*$", re.IGNORECASE)


def _opens_reported_clause(text: str, sent_start: int, pos: int) -> bool:
    """Whether the phrase at ``pos`` opens what a cue reports ("The minister said there is no doubt…"): then
    the certainty is the source's claim. A booster further inside the paraphrase ("confirmed that the
    assault was planned … and of course backed by air support") is the outlet's wording."""
    last = None
    for m in ATTRIBUTION_RE.finditer(text, sent_start, pos):
        last = m
    return last is not None and bool(_REPORTED_GAP.fullmatch(text, last.end(), pos))


class HedgingAnalyzer(Analyzer):
    """Boosters (certainty) and hedges (uncertainty), with whether the certainty is sourced."""

    name: ClassVar[str] = "presslens.hedging.v1"
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = "editorial"
    requires: ClassVar[tuple[str, ...]] = ("nlp.sents", "nlp.tags")
    produces: ClassVar[tuple[str, ...]] = ("editorial.booster", "editorial.hedge")
    description: ClassVar[str] = "Certainty claims (boosting) and hedges, with whether a source is given."

    def analyze(self, ctx: Context) -> Result:
        text = ctx.text
        quotes = RegionIndex(quoted_regions(text))
        sents = ctx.nlp.sents
        findings: list[Finding] = []

        def sentence_of(pos: int) -> tuple[int, int]:
            sent = sents[ctx.nlp.sentence_index(pos)]
            return sent.start_char, sent.end_char

        unsourced = 0
        for hit in find_boosters(text, quotes):
            s, e = sentence_of(hit.start)
            reported = not hit.quoted and " we " not in f" {hit.term} " and _opens_reported_clause(text, s, hit.start)
            sourced = hit.quoted or reported
            paraphrase = not sourced and bool(ATTRIBUTION_RE.search(text, s, e))
            score = (0.45 if hit.term in WEAK_BOOSTERS else 0.8) * (0.6 if sourced else 1.0)
            unsourced += not sourced
            findings.append(self.finding(ctx, hit.start, hit.end, "editorial.booster", score,
                                         BoosterAttrs(polarity="boosting", term=hit.term, sourced=sourced,
                                                      quoted=hit.quoted, in_paraphrase=paraphrase,
                                                      sentence=Span(s, e))))
        for hit in find_hedges(text, quotes):
            s, e = sentence_of(hit.start)
            findings.append(self.finding(ctx, hit.start, hit.end, "editorial.hedge", 0.6,
                                         HedgeAttrs(polarity="hedging", term=hit.term, quoted=hit.quoted,
                                                    sentence=Span(s, e))))
        taken = {(f.start, f.end) for f in findings}
        cols = ctx.nlp.columns  # per-token strings read once per document (no token objects)
        for i, (low, tag) in enumerate(zip(cols.lower, cols.tag, strict=True)):
            if tag == "MD" and low in MODAL_HEDGES:
                idx = cols.idx[i]
                span = (idx, idx + len(cols.text[i]))
                if any(a <= span[0] < b for a, b in taken):
                    continue
                s, e = sentence_of(idx)
                findings.append(self.finding(ctx, span[0], span[1], "editorial.hedge",
                                             0.3 if low == "could" else 0.45,
                                             HedgeAttrs(polarity="hedging", term=low,
                                                        quoted=quotes.contains(idx), sentence=Span(s, e))))
        findings.sort(key=lambda f: (f.start, f.end))
        n_boost = sum(f.label == "editorial.booster" for f in findings)
        n_hedge = len(findings) - n_boost
        words = max(1, ctx.article.word_count)
        return Result(
            findings=findings,
            summary=CertaintySummary(boosters=n_boost, unsourced_boosters=unsourced, hedges=n_hedge,
                                     balance=round((n_boost - n_hedge) / max(1, n_boost + n_hedge), 3)),
            indicators={"boosters_per_1000_words": round(1000 * n_boost / words, 2),
                        "hedges_per_1000_words": round(1000 * n_hedge / words, 2),
                        "unsourced_boosters": unsourced},
        )
