"""Speculation, boosting and hedging: how sure the text claims to be, and on whose authority.

- ``editorial.booster``: certainty claims ("It's clear", "Just as we suspected", "there's no reason",
  "there is no doubt", "obviously"). ``attrs.sourced`` says whether the sentence carries an attribution
  cue (said, according to…); an unsourced booster outside quotes is the writer's own certainty.
- ``editorial.hedge``: hedges ("reportedly", "allegedly", "may", "might", "it is believed").

Each finding has ``attrs.polarity`` = ``boosting`` | ``hedging``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..analyzers.base import Analyzer, Context, Result
from ..dossier.model import Finding
from ._text import RegionIndex, lexicon_regex, quoted_regions

BOOSTERS = (
    "it's clear", "it is clear", "it was clear", "it's obvious", "it is obvious", "clearly", "obviously",
    "there's no reason", "there is no reason", "there's no doubt", "there is no doubt", "no doubt",
    "without a doubt", "undoubtedly", "undeniably", "just as we suspected", "as we suspected",
    "everyone knows", "everybody knows", "it goes without saying", "without question", "certainly",
    "definitely", "make no mistake", "the fact is", "the truth is", "in fact", "it's certain",
    "it is certain", "surely", "of course", "needless to say", "it's no secret", "it is no secret",
    "no one can deny", "there's no question", "there is no question", "it's evident", "it is evident",
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

#: Attribution cues that make a sentence "sourced" (its certainty is someone else's).
ATTRIBUTION_RE = re.compile(
    r"(?<![\w-])(?:said|says|say|told|according\s+to|stated|announced|confirmed|added|continued|claimed|"
    r"argued|insisted|reported|wrote|tweeted|explained|noted)(?![\w-])",
    re.IGNORECASE,
)


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
        for m in BOOSTER_RE.finditer(text):
            s, e = sentence_of(m.start())
            quoted = quotes.contains(m.start())
            term = re.sub(r"\s+", " ", m.group(0).lower().replace("’", "'"))
            # "as we suspected" is the outlet's own certainty, whatever else the sentence reports
            sourced = quoted or (" we " not in f" {term} " and bool(ATTRIBUTION_RE.search(text, s, e)))
            score = (0.45 if term in WEAK_BOOSTERS else 0.8) * (0.6 if sourced else 1.0)
            unsourced += not sourced
            findings.append(self.finding(ctx, m.start(), m.end(), "editorial.booster", score, polarity="boosting",
                                         term=term, sourced=sourced, quoted=quoted,
                                         sentence={"start": s, "end": e}))
        for m in HEDGE_RE.finditer(text):
            s, e = sentence_of(m.start())
            findings.append(self.finding(ctx, m.start(), m.end(), "editorial.hedge", 0.6, polarity="hedging",
                                         term=re.sub(r"\s+", " ", m.group(0).lower()),
                                         quoted=quotes.contains(m.start()), sentence={"start": s, "end": e}))
        taken = {(f.start, f.end) for f in findings}
        for tok in ctx.nlp.doc:
            if tok.tag_ == "MD" and tok.lower_ in MODAL_HEDGES:
                span = (tok.idx, tok.idx + len(tok.text))
                if any(a <= span[0] < b for a, b in taken):
                    continue
                s, e = sentence_of(tok.idx)
                findings.append(self.finding(ctx, span[0], span[1], "editorial.hedge",
                                             0.3 if tok.lower_ == "could" else 0.45, polarity="hedging",
                                             term=tok.lower_, quoted=quotes.contains(tok.idx),
                                             sentence={"start": s, "end": e}))
        findings.sort(key=lambda f: (f.start, f.end))
        n_boost = sum(f.label == "editorial.booster" for f in findings)
        n_hedge = len(findings) - n_boost
        words = max(1, ctx.article.word_count)
        return Result(
            findings=findings,
            summary={"certainty": {"boosters": n_boost, "unsourced_boosters": unsourced, "hedges": n_hedge,
                                   "balance": round((n_boost - n_hedge) / max(1, n_boost + n_hedge), 3)}},
            indicators={"boosters_per_1000_words": round(1000 * n_boost / words, 2),
                        "hedges_per_1000_words": round(1000 * n_hedge / words, 2),
                        "unsourced_boosters": unsourced},
        )
