"""The report view: what a journalist reads, built once from a Dossier for every renderer.

The HTML report, the Markdown brief and the web UI render the same :class:`ArticleReport`: where the article
comes from, an "at a glance" list whose items each link to their evidence (finding ids), who speaks grouped by
party with sourcing flags and their reasons, the claims to check with their numbers and asserters, how it
persuades, and what was not analysed and why. Every value here is plain data (no markup): the templates
escape it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..dossier.attrs import (
    AttrsError,
    BoosterAttrs,
    ClaimAttrs,
    CueAttrs,
    FlagAttrs,
    HedgeAttrs,
    ImperativeAttrs,
    InputFlagAttrs,
    MissingMediaAttrs,
    OutletVoiceAttrs,
    QuantityAttrs,
    QuoteAttrs,
    RepublicationAttrs,
    SpeakerAttrs,
    TechniqueAttrs,
    TermAttrs,
    UnattributedCertaintyAttrs,
)
from ..dossier.model import Dossier, Finding
from ..provenance.model import OutletCard

#: Display order of kinds: a segment covered by several kinds takes the colour of the first listed.
KIND_ORDER = ("persuasion", "editorial", "provenance", "quality", "attribution", "claims")
KIND_TITLES = {
    "persuasion": "Persuasion techniques",
    "editorial": "Editorial voice & certainty",
    "provenance": "Provenance",
    "quality": "Input quality",
    "attribution": "Attribution (quotes & speakers)",
    "claims": "Claims & numbers",
}
#: Kinds drawn as a background; the others are underlined.
BACKGROUND_KINDS = ("persuasion", "editorial", "provenance", "quality")
#: Findings longer than this are underlined rather than filled, whatever their kind (whole-sentence spans
#: would otherwise paint most of an article).
LONG_SPAN = 240
#: Labels kept out of the inline styling (still clickable and outlined when selected from a panel):
#: whole-sentence claims would underline most of an article, and flags repeat their speakers' spans.
QUIET_LABELS = frozenset({"claims.claim", "attribution.flag"})
#: How many claims the brief lists, and how many the "at a glance" box names.
MAX_CLAIMS = 10
GLANCE_CLAIMS = 3

FLAG_TITLES = {
    "single_source": "Single source",
    "single_party": "One party only",
    "anonymous_only": "Anonymous sources only",
    "official_only": "Officials only",
}
LABEL_TITLES = {
    "attribution.quote": "Quote",
    "attribution.cue": "Attribution cue",
    "attribution.speaker": "Speaker",
    "attribution.flag": "Sourcing flag",
    "attribution.unattributed_certainty": "Certainty without a source",
    "claims.claim": "Check-worthy claim",
    "claims.quantity": "Number",
    "claims.duration": "Duration",
    "editorial.booster": "Certainty booster",
    "editorial.hedge": "Hedge",
    "editorial.intensifier": "Loaded intensifier",
    "editorial.outlet_voice": "The outlet speaking for itself",
    "editorial.exclamation": "Exclamation",
    "editorial.rhetorical_question": "Rhetorical question",
    "editorial.imperative": "Imperative addressed to the reader",
    "provenance.republication": "Republication notice",
    "quality.missing_media": "Missing media",
}


def label_title(label: str) -> str:
    """A reader's name for a finding label."""
    if label in LABEL_TITLES:
        return LABEL_TITLES[label]
    technique = _techniques().get(label)
    if technique:
        return str(technique["title"])
    return label.split(".", 1)[-1].replace("_", " ").capitalize()


def _techniques() -> dict[str, dict[str, str]]:
    try:
        from ..persuasion.techniques import TECHNIQUES
    except ImportError:  # pragma: no cover - persuasion is a built-in capability
        return {}
    return TECHNIQUES


def clip(text: str, n: int = 160) -> str:
    """Whitespace collapsed, cut at ``n`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(slots=True)
class Link:
    """A reference to a finding: clicking it shows the evidence (``id`` must be a finding of the dossier)."""

    id: str
    text: str


@dataclass(slots=True)
class GlanceItem:
    """One line of the "at a glance" box: a heading, a sentence, and the findings that back it."""

    heading: str
    text: str
    links: list[Link] = field(default_factory=list)
    warn: bool = False


@dataclass(slots=True)
class OriginView:
    """Where the article comes from (the "Where it comes from" card)."""

    title: str
    origin: str
    input_format: str
    outlet: str | None
    domain: str | None
    url: str | None
    published: str | None
    byline: str
    authors: list[str]
    agencies: list[str]
    language: str
    words: int
    republished: bool
    republished_from: str | None
    republication: Link | None
    #: the registry's card of the outlet the content comes from (None when provenance did not run or no
    #: signal named an outlet); ``provenance_ran`` tells those apart.
    card: OutletCard | None = None
    provenance_ran: bool = False
    decided_by: str | None = None
    decided: Link | None = None
    signals: list[str] = field(default_factory=list)
    host: OutletCard | None = None
    wire: str | None = None
    disagreements: list[str] = field(default_factory=list)
    #: (rater, date, label, axes, rationale URL or None, imported) per rating, for the card's table.
    ratings: list[tuple[str, str, str, str, str | None, bool]] = field(default_factory=list)


@dataclass(slots=True)
class SpeakerView:
    id: str
    name: str
    description: str
    kind: str
    n_quotes: int
    share: float
    quotes: list[Link]


@dataclass(slots=True)
class PartyView:
    name: str
    speakers: list[SpeakerView]


@dataclass(slots=True)
class FlagView:
    id: str
    title: str
    reason: str


@dataclass(slots=True)
class SourcingView:
    n_speakers: int
    n_parties: int
    parties: list[PartyView]
    others: list[SpeakerView]
    flags: list[FlagView]
    unattributed_certainty: list[Link]
    unattributed_share: float


@dataclass(slots=True)
class NumberView:
    id: str
    text: str
    counted: str | None


@dataclass(slots=True)
class ClaimView:
    id: str
    rank: int
    score: float
    sentence: str
    numbers: list[NumberView]
    asserter: str | None
    asserter_id: str | None


@dataclass(slots=True)
class TechniqueView:
    id: str
    label: str
    title: str
    text: str
    score: float
    colour: str
    markers: list[str]


@dataclass(slots=True)
class TechniqueKey:
    label: str
    title: str
    explanation: str
    colour: str
    count: int


@dataclass(slots=True)
class PersuasionView:
    score: float | None
    meaning: str
    withheld: str | None
    density: float | None
    spans: list[TechniqueView]
    used: list[TechniqueKey]
    markers: list[Link]


@dataclass(slots=True)
class NotAnalysed:
    what: str
    why: str


@dataclass(slots=True)
class Segment:
    """A piece of article text and the findings covering it (``classes`` are CSS classes of the report)."""

    text: str
    ids: list[str]
    classes: list[str]
    title: str


@dataclass(slots=True)
class LegendEntry:
    kind: str
    title: str
    count: int


@dataclass(slots=True)
class ArticleReport:
    """Everything a renderer shows about one article."""

    n: int
    origin: OriginView
    glance: list[GlanceItem]
    sourcing: SourcingView | None
    claims: list[ClaimView]
    persuasion: PersuasionView | None
    not_analysed: list[NotAnalysed]
    paragraphs: list[list[Segment]]
    headline: list[Segment] | None
    legend: list[LegendEntry]
    label_counts: list[tuple[str, int]]
    findings: list[dict[str, Any]]
    indicators: dict[str, Any]
    extra_summaries: dict[str, Any]
    runs: list[dict[str, Any]]


# -- building ---------------------------------------------------------------------------------------------


def build_report(d: Dossier, n: int = 0) -> ArticleReport:
    """The report view of one dossier."""
    by_id = {f.id: f for f in d.findings}
    origin = _origin(d)
    sourcing = _sourcing(d, by_id)
    claims = _claims(d)
    persuasion = _persuasion(d)
    not_analysed = _not_analysed(d)
    headline, paragraphs = _paragraphs(d)
    counts = Counter(f.kind for f in d.findings)
    return ArticleReport(
        n=n,
        origin=origin,
        glance=_glance(origin, sourcing, claims, persuasion, not_analysed),
        sourcing=sourcing,
        claims=claims,
        persuasion=persuasion,
        not_analysed=not_analysed,
        paragraphs=paragraphs,
        headline=headline,
        legend=[LegendEntry(k, KIND_TITLES[k], counts[k]) for k in KIND_ORDER if counts.get(k)],
        label_counts=sorted(Counter(f.label for f in d.findings).items()),
        findings=[_finding_json(f, by_id) for f in d.findings],
        indicators=d.indicators,
        extra_summaries=d.summaries.extra,
        runs=[r.to_dict() for r in d.runs],
    )


def _origin(d: Dossier) -> OriginView:
    a = d.article
    rep = d.summaries.republication
    link = None
    if rep and rep.finding_id:
        f = next((x for x in d.findings if x.id == rep.finding_id), None)
        if f is not None:
            link = Link(f.id, clip(f.text, 120))
    return OriginView(
        title=a.title or clip(a.text, 90),
        origin=a.origin,
        input_format=a.input_format,
        outlet=a.outlet,
        domain=a.domain,
        url=a.url,
        published=a.published,
        byline=a.byline.raw,
        authors=list(a.byline.persons),
        agencies=list(a.byline.agencies),
        language=f"{a.language.code} ({a.language.confidence:.2f})",
        words=a.word_count,
        republished=bool(rep and rep.republished),
        republished_from=rep.original_outlet if rep else None,
        republication=link,
        **_outlet_fields(d),
    )


_SIGNAL_WORDS = {"republication_footer": "republication footer", "canonical_url": "canonical URL",
                 "dateline": "dateline", "byline_agency": "byline agency", "url_host": "URL host",
                 "site_name": "site name"}


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("https://", "http://")) else None


def _outlet_fields(d: Dossier) -> dict[str, Any]:
    """The registry card part of the "Where it comes from" card (``summaries.provenance.origin``)."""
    o = d.summaries.origin
    ran = any(r.name == "presslens.provenance.v1" and r.status == "ok" for r in d.runs)
    if o is None:
        return {"provenance_ran": ran}
    decided = next((f for f in d.findings if f.label == "provenance.outlet"), None)
    signals = []
    for sig in o.signals:
        where = f" → {sig.domain}" if sig.domain else " → not in the registry"
        signals.append(f"{_SIGNAL_WORDS.get(sig.kind, sig.kind)}: {sig.value}{where}")
    ratings = []
    for r in o.outlet.ratings if o.outlet else ():
        axes = ", ".join(x for x in (f"factual {r.factual_level}" if r.factual_level else "",
                                     f"lean {r.lean}" if r.lean else "",
                                     f"flags {', '.join(r.flags)}" if r.flags else "") if x)
        ratings.append((r.rater, r.date, r.label, axes, _safe_url(r.rationale_url), not r.shipped))
    return {"card": o.outlet, "provenance_ran": ran, "decided_by": _SIGNAL_WORDS.get(o.decided_by or "", o.decided_by),
            "decided": Link(decided.id, clip(decided.text, 80)) if decided else None, "signals": signals,
            "host": o.host, "wire": o.wire, "disagreements": list(o.disagreements), "ratings": ratings}


def _speaker_view(p: Any, by_id: dict[str, Finding]) -> SpeakerView:
    f = by_id.get(p.id)
    quote_ids = f.attrs_as(SpeakerAttrs).quote_ids if f else ()
    quotes = [Link(q, clip(by_id[q].text, 100)) for q in quote_ids if q in by_id]
    desc = ", ".join(v for v in (p.role, p.organisation, p.country) if v)
    return SpeakerView(p.id, p.name, desc, p.kind, p.n_quotes, p.share_of_sentences, quotes)


def _sourcing(d: Dossier, by_id: dict[str, Finding]) -> SourcingView | None:
    s = d.summaries.sourcing
    if s is None:
        return None
    views = {p.id: _speaker_view(p, by_id) for p in s.speakers if p.kind != "author"}
    parties = [PartyView(p.party, [views[i] for i in p.speaker_ids if i in views]) for p in s.parties]
    grouped = {i for p in s.parties for i in p.speaker_ids}
    others = [v for i, v in views.items() if i not in grouped]
    flags = [FlagView(f.finding_id, FLAG_TITLES.get(f.flag, f.flag.replace("_", " ")), f.reason) for f in s.flags]
    certainty = [Link(f.id, clip(f.text, 160)) for f in d.findings if f.label == "attribution.unattributed_certainty"]
    return SourcingView(s.n_speakers, s.n_independent_parties, parties, others, flags, certainty,
                        s.unattributed_factual_share)


def _claims(d: Dossier) -> list[ClaimView]:
    top = d.summaries.top_claims
    if top is None:
        return []
    return [ClaimView(c.id, c.rank, c.score, " ".join(c.sentence.split()),
                      [NumberView(x.id, x.text, x.counted) for x in c.numbers], c.asserter, c.asserter_id)
            for c in top.claims[:MAX_CLAIMS]]


def score_meaning(score: float) -> str:
    """What a persuasion score says, in words (it is a calibrated probability; see docs/persuasion.md)."""
    level = "high" if score >= 0.7 else "moderate" if score >= 0.4 else "low"
    return (f"{level}: a {score:.0%} probability that this article uses propaganda techniques heavily, i.e. more "
            "densely than half of the articles in the PTC propaganda corpus the model was calibrated on. It rates "
            "the writing, not whether the facts are true.")


def _persuasion(d: Dossier) -> PersuasionView | None:
    summary = d.summaries.persuasion
    spans = sorted(d.by_kind("persuasion"), key=lambda f: f.start)
    markers = sorted(d.by_kind("editorial"), key=lambda f: f.start)
    if summary is None and not spans and not markers:
        return None
    techniques = _techniques()
    folded: dict[str, list[str]] = {f.id: [] for f in spans}
    loose: list[Finding] = []
    for m in markers:
        host = next((p for p in spans if p.start <= m.start and m.end <= p.end), None)
        if host is not None:
            folded[host.id].append(label_title(m.label).lower())
        else:
            loose.append(m)
    views = []
    for f in spans:
        info = techniques.get(f.label, {})
        views.append(TechniqueView(f.id, f.label, label_title(f.label), clip(f.text, 140), f.score,
                                   str(info.get("colour", "#f7b2b2")), folded[f.id]))
    counts = Counter(f.label for f in spans)
    used = [TechniqueKey(lab, str(info["title"]), str(info["explanation"]), str(info["colour"]), counts[lab])
            for lab, info in techniques.items() if counts.get(lab)]
    score = d.indicators.get("persuasion_score")
    withheld = None
    held = d.indicators.get("scores_withheld")
    if score is None and isinstance(held, dict):
        withheld = "withheld because the text is incomplete (" + ", ".join(map(str, held.get("because", []))) + ")"
    meaning = score_meaning(score) if isinstance(score, int | float) else ""
    return PersuasionView(
        score=score if isinstance(score, int | float) else None, meaning=meaning, withheld=withheld,
        density=summary.spans_per_1000_words if summary else None, spans=views, used=used,
        markers=[Link(m.id, f"{label_title(m.label)}: “{clip(m.text, 80)}”") for m in loose],
    )


def _not_analysed(d: Dossier) -> list[NotAnalysed]:
    out = []
    for f in d.article.flags:
        out.append(NotAnalysed(f"input ({f.code})", f.message))
    for r in d.runs:
        if r.status != "ok":
            out.append(NotAnalysed(r.name, f"{r.status}: {r.reason}" if r.reason else r.status))
    held = d.indicators.get("scores_withheld")
    if isinstance(held, dict) and held.get("scores"):
        out.append(NotAnalysed("article-level scores", "withheld because the text is incomplete: "
                               + ", ".join(map(str, held.get("because", [])))))
    return out


def _glance(origin: OriginView, sourcing: SourcingView | None, claims: list[ClaimView],
            persuasion: PersuasionView | None, not_analysed: list[NotAnalysed]) -> list[GlanceItem]:
    items = []
    where = origin.outlet or origin.domain or "outlet not stated"
    bits = [where]
    if origin.published:
        bits.append(f"published {origin.published[:10]}")
    if origin.byline:
        bits.append(f"by {origin.byline.removeprefix('By ').removeprefix('by ')}")
    if origin.republished:
        rep = f"republished from {origin.republished_from}" if origin.republished_from else "marked as republished"
        items.append(GlanceItem("Origin", "; ".join([*bits, rep]) + ".",
                                [origin.republication] if origin.republication else [], warn=True))
    else:
        items.append(GlanceItem("Origin", "; ".join(bits) + "; no republication notice found."))
    card = origin.card
    if card is not None:
        name = card.name or card.domain or card.query
        if card.ratings and card.reading is not None:
            lv = card.reading.factual_level or "no factual reading"
            text = (f"{name}: factual reading {lv} from {len(card.ratings)} rater(s)"
                    + (f", who disagree ({len(card.reading.disagreements)} pair(s) two or more levels apart)"
                       if card.reading.disagreements else "") + ".")
        else:
            text = f"{name}: not rated by any rater in the registry (not a neutral rating)."
        st = card.state_affiliation
        text += f" State affiliation: {st.category} ({st.country})." if st else " No state affiliation listed."
        if card.lookalikes:
            w = card.lookalikes[0]
            text += f" Look-alike of {w.imitates_name or w.imitates} ({w.technique})."
        low = card.reading is not None and card.reading.factual_level in ("very low", "low")
        items.append(GlanceItem("Outlet", text, [origin.decided] if origin.decided else [],
                                warn=bool(low or card.lookalikes or (st and st.state_controls_editorial))))
    elif origin.provenance_ran:
        items.append(GlanceItem("Outlet", "no signal names the outlet (no URL, footer, dateline or site name)."))
    if sourcing is not None:
        text = (f"{sourcing.n_speakers} source(s) heard, from {sourcing.n_parties} independent part"
                f"{'y' if sourcing.n_parties == 1 else 'ies'}.")
        if sourcing.flags:
            text += " " + " ".join(f"{f.title}: {f.reason}." for f in sourcing.flags)
        items.append(GlanceItem("Sourcing", text, [Link(f.id, f.title) for f in sourcing.flags],
                                warn=bool(sourcing.flags)))
        if sourcing.unattributed_certainty:
            items.append(GlanceItem(
                "Unsourced certainty",
                f"{len(sourcing.unattributed_certainty)} sentence(s) where the outlet claims certainty without "
                "naming a source.", sourcing.unattributed_certainty[:3], warn=True))
    if claims:
        items.append(GlanceItem(
            "Claims to check", f"{len(claims)} check-worthy claim(s); the top {min(GLANCE_CLAIMS, len(claims))}:",
            [Link(c.id, f"#{c.rank} “{clip(c.sentence, 110)}”"
                  + (f" ({c.asserter})" if c.asserter else " (no source named)")) for c in claims[:GLANCE_CLAIMS]]))
    if persuasion is not None:
        if persuasion.score is not None:
            text = f"score {persuasion.score:.2f}, {persuasion.meaning}"
        else:
            text = persuasion.withheld or "no score"
        text += f" {len(persuasion.spans)} technique span(s)."
        top = sorted(persuasion.spans, key=lambda s: -s.score)[:3]
        items.append(GlanceItem("Persuasion", text, [Link(s.id, f"{s.title}: “{clip(s.text, 70)}”") for s in top],
                                warn=bool(persuasion.score is not None and persuasion.score >= 0.7)))
    if not_analysed:
        items.append(GlanceItem("Not analysed", "; ".join(f"{n.what}: {n.why}" for n in not_analysed), warn=True))
    return items


# -- article text with highlights ---------------------------------------------------------------------------


def segments(text: str, findings: Sequence[Finding], lo: int, hi: int) -> list[Segment]:
    """``text[lo:hi]`` cut at every finding boundary; each piece lists the findings covering it and its classes.

    Classes: ``hl`` on every highlighted piece; ``k-<kind>`` (background) for the first background kind among
    the short findings covering it, ``multi`` when several background kinds overlap; ``u-<kind>`` (underline)
    for every other kind present, including long findings of background kinds. All exist in report.css.
    """
    inside = [f for f in findings if f.end > lo and f.start < hi and f.end > f.start]
    cuts = {lo, hi}
    for f in inside:
        cuts.update((max(lo, f.start), min(hi, f.end)))
    starts: dict[int, list[Finding]] = {}
    for f in inside:
        starts.setdefault(max(lo, f.start), []).append(f)
    active: list[Finding] = []
    out: list[Segment] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        active = [f for f in active if f.end > a] + starts.get(a, [])
        piece = text[a:b]
        if not active:
            out.append(Segment(piece, [], [], ""))
            continue
        styled = [f for f in active if f.label not in QUIET_LABELS]
        kinds = [k for k in KIND_ORDER if any(f.kind == k for f in styled)]
        filled = [k for k in kinds if k in BACKGROUND_KINDS
                  and any(f.kind == k and f.end - f.start <= LONG_SPAN for f in styled)]
        classes = ["hl"]
        if filled:
            classes.append(f"k-{filled[0]}")
            if len(filled) > 1:
                classes.append("multi")
        classes += [f"u-{k}" for k in kinds if k not in filled[:1]]
        out.append(Segment(piece, [f.id for f in active], classes,
                           "; ".join(sorted({label_title(f.label) for f in active}))))
    return out


def _paragraphs(d: Dossier) -> tuple[list[Segment] | None, list[list[Segment]]]:
    """The headline paragraph (when the article text starts with its title) and the other paragraphs."""
    a = d.article
    paras = list(a.paragraphs) or [(0, len(a.text))]
    headline = None
    if a.title and paras and " ".join(a.text[paras[0][0]:paras[0][1]].split()) == a.title:
        s, e = paras.pop(0)
        headline = segments(a.text, d.findings, s, e)
    return headline, [segments(a.text, d.findings, s, e) for s, e in paras]


# -- findings explained ------------------------------------------------------------------------------------


def explain(f: Finding, by_id: dict[str, Finding]) -> tuple[list[str], list[Link]]:
    """A finding's evidence in words (lines) and its related findings (links).

    The attrs are read through the label's typed class (:mod:`presslens.dossier.attrs`), so a renamed field
    fails type checking instead of silently dropping a line. Attrs that do not follow their class (a
    hand-built finding, a document from elsewhere) are explained generically, with a line saying why.
    """
    problem = ""
    try:
        d = f.details
    except AttrsError as exc:
        d, problem = None, str(exc)
    lines: list[str] = []
    links: list[Link] = []

    def link(fid: str | None, text: str | None = None) -> None:
        if isinstance(fid, str) and fid in by_id and fid != f.id:
            links.append(Link(fid, text or f"{label_title(by_id[fid].label)}: “{clip(by_id[fid].text, 60)}”"))

    label = f.label
    if isinstance(d, QuoteAttrs):
        who = d.speaker_name
        lines.append(f"{d.type.capitalize()} quote" + (f" by {who}." if who else "; speaker not identified."))
        if d.cue is not None and d.cue.lemma:
            lines.append(f"Attribution cue: “{d.cue.text or d.cue.lemma}”.")
        link(d.speaker_id, f"Speaker: {who}" if who else None)
    elif isinstance(d, SpeakerAttrs):
        desc = ", ".join(v for v in (d.role, d.organisation, d.country) if v)
        lines.append(f"{d.name} ({d.kind}{'; ' + desc if desc else ''}).")
        if d.party:
            lines.append(f"Counted under the party “{d.party}”.")
        lines.append(f"{d.n_quotes} quote(s), {len(d.mentions)} mention(s).")
        for q in d.quote_ids:
            link(q)
    elif isinstance(d, CueAttrs):
        lines.append(f"The verb or phrase that attributes a quote (“{d.lemma}”, {d.cue_class}).")
        for q in d.quote_ids:
            link(q)
    elif isinstance(d, FlagAttrs):
        lines.append(f"{FLAG_TITLES.get(d.flag, d.flag)}: {d.reason}.")
        for sid in d.speaker_ids:
            link(sid)
    elif isinstance(d, UnattributedCertaintyAttrs):
        lines.append(f"The outlet claims certainty (“{d.term}”) in its own voice, without naming a source.")
    elif isinstance(d, ClaimAttrs):
        lines.append(f"Check-worthy claim, rank {d.rank}, check-worthiness {d.checkworthiness:.2f}.")
        lines.append(f"Asserted by {d.asserter}." if d.asserter else "No source is named for it.")
        link(d.asserter_id, f"Speaker: {d.asserter}")
        for x in (*d.quantities, *d.hedges, *d.boosters):
            link(x)
    elif isinstance(d, QuantityAttrs):
        counted = d.counted
        lines.append(f"Number “{f.text}”" + (f" counting {counted}" if counted else "") + (f", kind {d.kind}" if d.kind else "") + ".")
        if d.asserter:
            lines.append(f"Asserted by {d.asserter}.")
        link(d.asserter_id, f"Speaker: {d.asserter}")
    elif isinstance(d, BoosterAttrs):
        if d.quoted:
            who = "inside a quotation: the source's own words"
        elif d.sourced:
            who = "opening a reported statement: the source's claim"
        elif d.in_paraphrase:
            who = "inside the outlet's paraphrase of a source: the outlet's own wording"
        else:
            who = "in the outlet's own voice"
        lines.append(f"Certainty claim “{d.term}”, {who}.")
    elif isinstance(d, HedgeAttrs):
        lines.append(f"Hedge “{d.term}”" + (" inside a quotation." if d.quoted else "."))
    elif isinstance(d, TechniqueAttrs):
        info = _techniques().get(label, {})
        if info:
            lines.append(str(info["explanation"]))
        lines.append(f"Span confidence {f.score:.2f}; technique probability {d.technique_probability:.2f}.")
        alts = [label_title(alt) for alt, _ in d.alternatives]
        if alts:
            lines.append("Runner-up techniques: " + ", ".join(alts) + ".")
    elif isinstance(d, RepublicationAttrs):
        lines.append("Republication notice" + (f": originally published by {d.outlet}." if d.outlet else "."))
    elif isinstance(d, InputFlagAttrs):
        lines.append(d.message or label_title(label))
    elif isinstance(d, MissingMediaAttrs):
        lines.append(d.reason or label_title(label))
    elif label.startswith("editorial."):
        extra = (d.term if isinstance(d, TermAttrs) else d.cue if isinstance(d, OutletVoiceAttrs)
                 else d.verb if isinstance(d, ImperativeAttrs) else None)
        lines.append(label_title(label) + (f" (“{extra}”)" if extra else "") + ", outside any quotation.")
    else:
        lines.append(label_title(label) + ".")
    if problem:
        lines.append(f"Its details could not be read ({problem}).")
    # any other attribute naming a finding is a link too (a walk over the JSON form, whatever the class)
    for v in f.attrs.values():
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and x in by_id and x not in {lk.id for lk in links}:
                link(x)
    return lines, links


def _finding_json(f: Finding, by_id: dict[str, Finding]) -> dict[str, Any]:
    lines, links = explain(f, by_id)
    return {**f.to_dict(), "title": label_title(f.label), "explain": lines,
            "links": [{"id": lk.id, "text": lk.text} for lk in links]}


__all__ = [
    "KIND_ORDER",
    "KIND_TITLES",
    "LONG_SPAN",
    "ArticleReport",
    "GlanceItem",
    "Link",
    "Segment",
    "build_report",
    "clip",
    "explain",
    "label_title",
    "score_meaning",
    "segments",
]
