"""The attribution analyzers: ``presslens.quotes.v1`` (quotes + speakers) and ``presslens.sourcing.v1``.

``presslens.quotes.v1`` emits one ``attribution.quote`` finding per quote (content span), one
``attribution.cue`` per cue and one ``attribution.speaker`` per speaker entity (on its first mention).
``presslens.sourcing.v1`` reads them (typed :class:`~presslens.attribution.records.AttributionData`) and builds
the sourcing profile (``dossier.summaries.sourcing``) with ``attribution.flag`` and
``attribution.unattributed_certainty`` findings.
The attributes are documented in ``docs/attribution.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..analyzers.base import Analyzer, Context, Result
from ..dossier.attrs import (
    CueAttrs,
    FlagAttrs,
    FlagName,
    ModelCard,
    QuoteAttrs,
    Span,
    SpeakerAttrs,
    TextSpan,
    UnattributedCertaintyAttrs,
)
from ..dossier.model import Finding
from ..dossier.summaries import (
    CertaintySentence,
    CharSpan,
    Party,
    QuotesSummary,
    QuoteTypeCounts,
    SourcingFlag,
    SourcingSummary,
    SpeakerProfile,
)
from ..editorial.certainty import CERTAINTY_LEXICON, find_boosters
from ..text.spans import SpanIndex
from .quotes import QuoteExtractor, RawQuote, quote_groups
from .records import AttributionData, MentionSpan, QuoteRecord
from .speakers import Speaker, resolve_speakers

if TYPE_CHECKING:
    from ..config import Settings
    from .tagger import QuoteTagger

_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My)\b")
_FINITE = ("VBD", "VBZ", "VBP", "MD")


class QuotesAnalyzer(Analyzer):
    """Direct, indirect and mixed quotes with cue, speaker mention and resolved speaker entity."""

    name: ClassVar[str] = "presslens.quotes.v1"
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = "attribution"
    requires: ClassVar[tuple[str, ...]] = ("nlp.sents", "nlp.lemmas", "nlp.tags", "nlp.ents", "nlp.parse")
    produces: ClassVar[tuple[str, ...]] = ("attribution.quote", "attribution.cue", "attribution.speaker")
    description: ClassVar[str] = "Quotes (direct/indirect/mixed), their cues and speakers resolved across the article."
    option_names: ClassVar[tuple[str, ...]] = ("profile",)
    #: Under the accurate profile a tagger over the shared encoder's token states adds the attributions the rules
    #: miss (:mod:`presslens.attribution.tagger`).
    encoder_profiles: ClassVar[tuple[str, ...]] = ("accurate",)
    model_cards: ClassVar[tuple[str, ...]] = ("quote-tagger-minilm",)

    def __init__(self, settings: Settings | None = None, **options: Any) -> None:
        super().__init__(settings, **options)
        self.profile = str(options.get("profile", self.settings.profile))
        self.tagger: QuoteTagger | None = None
        #: The tagger's card (accurate profile), recorded as ``model`` on every quote it found.
        self.card: ModelCard | None = None
        if self.profile == "accurate":
            from .tagger import load_quote_tagger

            self.tagger = load_quote_tagger()
            self.card = ModelCard.of(self.tagger.card())

    def _quotes(self, ctx: Context) -> list[RawQuote]:
        """The rules' quotes; under the accurate profile merged with the tagger's (:func:`.tagger.combine`)."""
        ex = QuoteExtractor(ctx.nlp, ctx.check_time)
        quotes = ex.extract()
        if self.tagger is None:
            return quotes
        from ..encoders import sentence_states
        from .tagger import combine

        states = sentence_states(ctx.nlp, window=self.tagger.window)
        ctx.check_time()
        return combine(ex, quotes, self.tagger.relations(ctx.text, states, ex, quotes), self.tagger.options)

    def analyze(self, ctx: Context) -> Result:
        quotes = self._quotes(ctx)
        speakers, idx = resolve_speakers(ctx.nlp, quotes)
        used = sorted({k for k in idx if k is not None}, key=lambda k: speakers[k].first)
        for k in used:
            s, e = speakers[k].first
            speakers[k].id = ctx.new_id("attribution.speaker", s, e)
        findings: list[Finding] = []
        records: list[QuoteRecord] = []
        cues: dict[tuple[int, int], list[str]] = {}
        cue_lemma: dict[tuple[int, int], tuple[str, str]] = {}
        groups = quote_groups(quotes)
        quote_ids: list[str] = []
        for i, (q, qk) in enumerate(zip(quotes, idx, strict=True)):
            sp = speakers[qk] if qk is not None else None
            fid = ctx.new_id("attribution.quote", q.start, q.end)
            quote_ids.append(fid)
            f = self.finding(ctx, q.start, q.end, "attribution.quote", q.score,
                             _quote_attrs(q, sp, group=quote_ids[groups[i]],  # a group's first part comes first
                                          model=self.card if q.how == "tagged" else None),
                             fid=fid)
            findings.append(f)
            cue = q.cue
            mention = MentionSpan(q.mention.start, q.mention.end, q.mention.text) if q.mention else None
            records.append(QuoteRecord(f.id, q.start, q.end, q.type, q.how, cue, mention,
                                       sp.id if sp else None, sp.name if sp else None))
            if cue is not None:
                key = (cue.start, cue.end)
                cues.setdefault(key, []).append(f.id)
                cue_lemma[key] = (cue.lemma, cue.cue_class)
        for (s, e), ids in cues.items():
            lemma, klass = cue_lemma[(s, e)]
            findings.append(self.finding(ctx, s, e, "attribution.cue", 0.8,
                                         CueAttrs(lemma=lemma, cue_class=klass, quote_ids=tuple(ids))))
        for k in used:
            sp = speakers[k]
            s, e = sp.first
            attrs = SpeakerAttrs(
                name=sp.name, kind=sp.kind, role=sp.role, organisation=sp.organisation,  # type: ignore[arg-type]
                country=sp.country, party=sp.party, official=sp.official,
                mentions=tuple(Span(a, b) for a, b in sorted(sp.mentions)), n_quotes=len(sp.quotes),
                quote_ids=tuple(records[i].id for i in sp.quotes))
            findings.append(self.finding(ctx, s, e, "attribution.speaker", 0.8, attrs, fid=sp.id))
        by_type = QuoteTypeCounts(**{t: sum(q.type == t for q in quotes) for t in ("direct", "indirect", "mixed")})
        return Result(
            findings=findings,
            summary=QuotesSummary(n=len(quotes), by_type=by_type, n_speakers=len(used)),
            indicators={"attribution_quotes": len(quotes), "attribution_speakers": len(used)},
            data=AttributionData(quotes=records, speakers=[speakers[k] for k in used]),
        )


def _quote_attrs(q: RawQuote, sp: Speaker | None, group: str, model: ModelCard | None = None) -> QuoteAttrs:
    return QuoteAttrs(
        type=q.type,  # type: ignore[arg-type]
        cue=q.cue,
        speaker_mention=TextSpan(q.mention.start, q.mention.end, q.mention.text) if q.mention else None,
        speaker_id=sp.id if sp else None,
        speaker_name=sp.name if sp else None,
        speaker_kind=sp.kind if sp else None,  # type: ignore[arg-type]
        how=q.how,
        quoted_regions=tuple(Span(a, b) for a, b in q.regions),
        group=group,
        model=model,
    )


class SourcingAnalyzer(Analyzer):
    """Sourcing profile: who is heard, how many independent parties, flags and unattributed certainty."""

    name: ClassVar[str] = "presslens.sourcing.v1"
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = "attribution"
    requires: ClassVar[tuple[str, ...]] = ("nlp.sents", "nlp.tags", "analyzer:presslens.quotes.v1")
    produces: ClassVar[tuple[str, ...]] = ("attribution.flag", "attribution.unattributed_certainty")
    description: ClassVar[str] = "Sourcing profile: speakers, independent parties, sourcing flags, unattributed certainty."

    def analyze(self, ctx: Context) -> Result:
        text = ctx.text
        data: AttributionData = ctx.results["presslens.quotes.v1"].data
        sents = ctx.nlp.sents
        claim_idx = [i for i, s in enumerate(sents) if _claim_like(text[s.start_char:s.end_char])]
        # sentences each quote covers (content, cue and speaker mention)
        covered: dict[int, set[str]] = {}
        content_spans: list[tuple[int, int]] = []
        for q in data.quotes:
            content_spans.append((q.start, q.end))
            lo, hi = q.extent
            for si in range(ctx.nlp.sentence_index(lo), ctx.nlp.sentence_index(max(lo, hi - 1)) + 1):
                covered.setdefault(si, set()).add(q.speaker_id or "")
        n_claims = max(1, len(claim_idx))
        claim_set = set(claim_idx)
        per_speaker: dict[str, int] = {}
        for si, ids in covered.items():
            if si in claim_set:
                for sid in ids:
                    per_speaker[sid] = per_speaker.get(sid, 0) + 1
        profile: list[SpeakerProfile] = []
        for sp in data.speakers:
            n = per_speaker.get(sp.id, 0)
            profile.append(SpeakerProfile(
                id=sp.id, name=sp.name, kind=sp.kind, role=sp.role or None, organisation=sp.organisation or None,
                country=sp.country or None, party=sp.party or None, official=sp.official, n_quotes=len(sp.quotes),
                n_sentences=n, share_of_sentences=round(n / n_claims, 3)))
        heard = [p for p in profile if p.kind != "author"]
        identified = [p for p in heard if p.kind in ("person", "institution")]
        parties: dict[str, list[str]] = {}
        for p in identified:
            parties.setdefault(p.party or p.name, []).append(p.id)
        for p in heard:  # a document counts for its publisher's party ("figures released by the council")
            if p.kind == "document" and p.party:
                parties.setdefault(p.party, []).append(p.id)
        findings: list[Finding] = []
        flags: list[SourcingFlag] = []

        def flag(name: FlagName, reason: str, who: list[SpeakerProfile], party: str | None = None) -> None:
            ev = [min(data.speaker(p.id).mentions) for p in who]  # type: ignore[union-attr]
            s, e = ev[0]
            f = Finding.from_span(text, s, e, kind=self.capability, label="attribution.flag", score=0.8,
                                  analyzer=self.name, id=ctx.new_id(f"attribution.flag:{name}", s, e),
                                  attrs=FlagAttrs(flag=name, reason=reason,
                                                  speaker_ids=tuple(p.id for p in who),
                                                  evidence=tuple(TextSpan(a, b, text[a:b]) for a, b in ev),
                                                  party=party))
            findings.append(f)
            flags.append(SourcingFlag(flag=name, reason=reason, finding_id=f.id, party=party))

        if len(heard) == 1:
            flag("single_source", f"every attributed statement comes from {heard[0].name}", heard)
        if len(parties) == 1 and identified:
            party = next(iter(parties))
            flag("single_party", f"all named sources belong to one party: {party}", identified, party=party)
        if heard and all(p.kind in ("anonymous", "vague") for p in heard):
            flag("anonymous_only", "no source is named", heard)
        if heard and all(p.official for p in heard):
            flag("official_only", "every source is an official or a government body", heard)
        # unattributed factual-looking sentences and unattributed certainty
        attributed = {si for si in covered}
        factual = [si for si in claim_idx if _factual(sents[si], ctx.nlp.columns.tag, ctx.nlp.columns.is_space)]
        content_index = SpanIndex(content_spans, span=lambda s: s)
        unattributed = [si for si in factual if si not in attributed and not _inside(sents[si], content_index)]
        certainty = self._certainty(ctx, content_index)
        for c in certainty:
            findings.append(self.finding(ctx, c.start, c.end, "attribution.unattributed_certainty", 0.7,
                                         UnattributedCertaintyAttrs(term=c.term, booster=Span(c.booster.start,
                                                                                               c.booster.end),
                                                                    source=c.source)))
        summary = SourcingSummary(
            speakers=profile,
            n_speakers=len(heard),
            n_independent_parties=len(parties),
            parties=[Party(party=k, speaker_ids=v) for k, v in parties.items()],
            flags=flags,
            n_claim_sentences=len(claim_idx),
            attributed_sentence_share=round(sum(1 for si in claim_idx if si in attributed) / n_claims, 3),
            n_factual_sentences=len(factual),
            unattributed_factual_share=round(len(unattributed) / max(1, len(factual)), 3),
            unattributed_factual=[CharSpan(sents[si].start_char, sents[si].end_char) for si in unattributed],
            unattributed_certainty=certainty,
        )
        return Result(
            findings=findings,
            summary=summary,
            indicators={"attribution_independent_parties": len(parties),
                        "attribution_unattributed_share": summary.unattributed_factual_share,
                        "attribution_flags": len(flags)},
        )

    def _certainty(self, ctx: Context, content: SpanIndex[tuple[int, int]]) -> list[CertaintySentence]:
        """Sentences whose certainty is the outlet's own: a booster from the one certainty lexicon
        (:mod:`presslens.editorial.certainty`, also used by ``presslens.hedging.v1``) outside quotation marks
        and outside every quote's content. The same sentences whether or not the hedging analyzer ran."""
        text = ctx.text
        out: list[CertaintySentence] = []
        seen: set[int] = set()
        for hit in find_boosters(text):
            if hit.quoted or content.overlapping(hit.start, hit.start + 1):
                continue
            si = ctx.nlp.sentence_index(hit.start)
            if si in seen:
                continue
            seen.add(si)
            sent = ctx.nlp.sents[si]
            a, b = sent.start_char, sent.end_char
            while b > a and text[b - 1].isspace():
                b -= 1
            out.append(CertaintySentence(start=a, end=b, text=text[a:b], term=hit.term,
                                         booster=CharSpan(hit.start, hit.end), source=CERTAINTY_LEXICON))
        return out


def _claim_like(s: str) -> bool:
    s = s.strip()
    return len(s.split()) >= 5 and s[-1:] in ".!”\"’'" and not s.endswith("?")


def _factual(sent: Any, tags: Sequence[str], is_space: Sequence[bool]) -> bool:
    """A statement of fact by its form (``tags``/``is_space``: the document's token columns)."""
    toks = [i for i in range(sent.start, sent.end) if not is_space[i]]
    if not toks or tags[toks[0]] == "VB":  # imperative
        return False
    if not any(tags[i] in _FINITE for i in toks):
        return False
    return not _FIRST_PERSON.search(sent.text)


def _inside(sent: Any, spans: SpanIndex[tuple[int, int]]) -> bool:
    return any(a <= sent.start_char and sent.end_char <= b + 2
               for a, b in spans.overlapping(sent.start_char, sent.end_char))


__all__ = ["QuotesAnalyzer", "SourcingAnalyzer"]
