"""Quantity extraction: every number an article asserts, normalised, with what it counts and who says so.

Each quantity becomes a ``claims.quantity`` finding whose span covers the comparator, the number (or range)
and its unit ("over 1,000", "$3.5 billion", "10 to 15 percent", "300 miles"); ``attrs`` give

* ``value`` (float; None for an interval) or ``low``/``high`` (ranges "10 to 15", vague magnitudes
  "hundreds of" → 200–999),
* ``comparator``: ``=`` | ``>`` ("over", "more than") | ``≥`` ("at least", "or more") | ``<`` ("under",
  "fewer than") | ``≤`` ("up to", "as many as", "no more than") | ``≈`` ("about", "nearly", "almost",
  "some", "an estimated", and every vague magnitude),
* ``kind``: ``count`` | ``percent`` | ``money`` | ``measure`` | ``rate`` (a quantity "per day", "a year",
  "per capita", "annually"; the rate keeps its unit and gives ``per``),
* ``unit`` (ISO currency code, ``%``, ``percentage points`` or the measurement unit; None for counts),
* ``counted``: the noun phrase counted ("pickup trucks mounting heavy weaponry") with ``counted_span``,
* ``sentence`` ``{start, end}``, ``asserter`` (speaker name from the attribution analyzer, else None) and
  ``asserter_id``.

Durations and ages ("three years", "a 20-year-old") are emitted apart, as ``claims.duration`` findings with
``kind`` ``duration`` or ``age``, so they never count as quantities; calendar dates, clock times, years,
ordinals and numbers that are part of names ("Ka-52", "Title 42", "COVID-19") are skipped.

The counted noun phrase comes from the dependency parse of the sentences that hold a count or a percentage
(parsed lazily through ``ctx.nlp.parse``); without a parser a tag-based fallback takes the noun run after the
number. Lists sharing one predicate ("19 tanks, 37 armored fighting vehicles … and 100 other combat
vehicles") yield one quantity per number, and a counted phrase never swallows another quantity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Span

from ..analyzers.base import Analyzer, Context, Result
from ..dossier.attrs import QuantityAttrs
from ..dossier.model import Finding
from ..dossier.summaries import QuantitiesSummary
from ..nlp import NLPDoc, ParsedSentence
from ..text.spans import SpanIndex
from .asserters import asserter_index, find_asserter
from .counted import _counted_fallback, _counted_from_parse, _tok_after_char
from .numbers import number_starts
from .scan import Quantity, _rate_after, scan_sentence
from .units import _COUNTED_KINDS, PREFIX_COMPARATORS


def extract_quantities(nlpdoc: NLPDoc, parse: bool = True, check: Callable[[], None] | None = None
                       ) -> list[Quantity]:
    """All quantities and durations of an article, with counted noun phrases for counts and percentages.

    Args:
        nlpdoc: the shared NLP document.
        parse: use the dependency parse (lazily, only sentences with counts/percentages) when available.
        check: called once per sentence (the pipeline's time-budget checkpoint, ``Context.check_time``).
    """
    doc = nlpdoc.doc
    by_sent: list[tuple[Span, list[Quantity]]] = []
    starts = number_starts(nlpdoc.columns.lower, nlpdoc.columns.text)
    for sent in nlpdoc.sents:
        if check is not None:
            check()
        qs = scan_sentence(doc, sent, starts)
        if qs:
            by_sent.append((sent, qs))
    need = [s for s, qs in by_sent if any(q.kind in _COUNTED_KINDS for q in qs)]
    parsed: dict[int, ParsedSentence] = {}
    if parse and need and nlpdoc.nlp.can_parse:
        for s, ps in zip(need, nlpdoc.parse(need), strict=True):
            parsed[s.start] = ps
    out: list[Quantity] = []
    for sent, qs in by_sent:
        if check is not None:
            check()
        for q in qs:
            if q.kind not in _COUNTED_KINDS:
                continue
            blocked = {k for o in qs if o is not q for k in range(o.tok_start, o.tok_end)}
            blocked |= set(range(q.tok_start, q.tok_end))
            psent = parsed.get(sent.start)
            if psent is not None:
                _counted_from_parse(q, psent, sent, blocked)
            else:
                _counted_fallback(q, doc, sent, blocked)
            if q.kind == "rate" and q.per is None:
                q.kind = "count"
            if q.kind == "count" and q.counted is not None:
                # "500 migrants a day": a count followed by a rate denominator is a rate
                tail = _tok_after_char(doc, sent, q.counted_span[1] if q.counted_span else q.end)
                if tail is not None:
                    _, per = _rate_after(doc, tail, sent.end)
                    if per is not None:
                        q.kind, q.per = "rate", per
        out.extend(qs)
    return out


class QuantityAnalyzer(Analyzer):
    """``presslens.quantities.v1``: counts, percentages, money, measures and rates with what they count."""

    name = "presslens.quantities.v1"
    version = "1"
    capability = "claims"
    requires = ("nlp.sents", "nlp.tags", "nlp.ents")
    uses = ("presslens.quotes.v1",)
    produces = ("claims.quantity", "claims.duration")
    languages = ("en",)
    description = "Quantities (counts, %, money, measures, rates) with comparator, unit, counted noun phrase and asserter."
    option_names = ("parse",)

    def analyze(self, ctx: Context) -> Result:
        quantities = extract_quantities(ctx.nlp, parse=bool(self.options.get("parse", True)), check=ctx.check_time)
        index = SpanIndex(asserter_index(ctx), span=lambda a: (min(a[0], a[2]), max(a[1], a[3])))
        findings: list[Finding] = []
        typed: list[QuantityAttrs] = []
        for q in quantities:
            name, sid = find_asserter(index.overlapping(q.start, q.end), q.start, q.end)
            score = {"digits": 0.9, "words": 0.8, "vague": 0.7}.get(q.written, 0.8)
            attrs = q.attrs(asserter=name, asserter_id=sid)
            findings.append(self.finding(ctx, q.start, q.end, q.label, score, attrs))
            if q.label == "claims.quantity":
                typed.append(attrs)
        quants = [f for f in findings if f.label == "claims.quantity"]
        kinds: dict[str, int] = {}
        for a in typed:
            kinds[a.kind] = kinds.get(a.kind, 0) + 1
        return Result(
            findings=findings,
            summary=QuantitiesSummary(count=len(quants), by_kind=dict(sorted(kinds.items())),
                                      attributed=sum(1 for a in typed if a.asserter)),
            indicators={"claims_quantity_count": len(quants)},
            data={"quantities": quants},
        )


def quantities_in(findings: Iterable[Finding], start: int, end: int) -> list[Finding]:
    """Quantity findings lying inside ``start..end``."""
    return [f for f in findings if f.label == "claims.quantity" and start <= f.start and f.end <= end]


__all__ = [
    "PREFIX_COMPARATORS",
    "Quantity",
    "QuantityAnalyzer",
    "asserter_index",
    "extract_quantities",
    "find_asserter",
    "quantities_in",
    "scan_sentence",
]
