"""Typed article-level summaries: what each built-in analyzer reports about the whole article.

One dataclass per summary, shared by the analyzer that builds it, the analyzers and renderers that read it
and the JSON Schema (``scripts/build_schema.py`` derives the ``summaries`` part of the schema from these
classes, and a test checks the shipped schema still matches). A consumer reads
``dossier.summaries.sourcing.n_independent_parties``, never ``summaries["attribution"]["sourcing"]
["n_independent_parties"]``: a renamed field fails at import/type-check time instead of silently emptying
a panel.

Each summary class names where it sits in the JSON document: ``summaries[<capability>][<key>]``, or
directly in ``summaries[<capability>]`` when ``key`` is empty (persuasion). Third-party analyzers may still
return a free-form ``dict`` summary; it is kept under :attr:`Summaries.extra` and rendered generically.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..provenance.model import OutletCard, Signal


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(slots=True)
class Summary:
    """Base of every typed summary: ``capability`` and ``key`` say where it sits in the JSON document."""

    capability: ClassVar[str] = ""
    key: ClassVar[str] = ""

    def to_json(self) -> Any:
        """The JSON value stored at ``summaries[capability][key]`` (or merged into ``summaries[capability]``)."""
        return _jsonable(self)


@dataclass(slots=True)
class CharSpan:
    """A character range of ``article.text``."""

    start: int
    end: int


# -- attribution -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class QuoteTypeCounts:
    direct: int = 0
    indirect: int = 0
    mixed: int = 0


@dataclass(slots=True)
class QuotesSummary(Summary):
    """``summaries.attribution.quotes``: how many quotes of each type, from how many speakers."""

    capability: ClassVar[str] = "attribution"
    key: ClassVar[str] = "quotes"

    n: int
    by_type: QuoteTypeCounts
    n_speakers: int


@dataclass(slots=True)
class SpeakerProfile:
    """One speaker heard in the article (``id`` is the ``attribution.speaker`` finding id)."""

    id: str
    name: str
    kind: str
    role: str | None
    organisation: str | None
    country: str | None
    party: str | None
    official: bool
    n_quotes: int
    n_sentences: int
    share_of_sentences: float


@dataclass(slots=True)
class Party:
    """An independent party (organisation, or the speaker when no organisation is known) and its speakers."""

    party: str
    speaker_ids: list[str]


@dataclass(slots=True)
class SourcingFlag:
    """A sourcing warning (``single_source``, ``single_party``, ``anonymous_only``, ``official_only``)."""

    flag: str
    reason: str
    finding_id: str
    party: str | None = None


@dataclass(slots=True)
class CertaintySentence:
    """A sentence in the outlet's own voice that claims certainty (a booster outside any quote)."""

    start: int
    end: int
    text: str
    term: str
    booster: CharSpan
    source: str


@dataclass(slots=True)
class SourcingSummary(Summary):
    """``summaries.attribution.sourcing``: who is heard, how many independent parties, sourcing flags."""

    capability: ClassVar[str] = "attribution"
    key: ClassVar[str] = "sourcing"

    speakers: list[SpeakerProfile]
    n_speakers: int
    n_independent_parties: int
    parties: list[Party]
    flags: list[SourcingFlag]
    n_claim_sentences: int
    attributed_sentence_share: float
    n_factual_sentences: int
    unattributed_factual_share: float
    unattributed_factual: list[CharSpan]
    unattributed_certainty: list[CertaintySentence]

    def speaker(self, speaker_id: str | None) -> SpeakerProfile | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)


# -- claims ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class CheckworthinessSummary(Summary):
    """``summaries.claims.checkworthiness``: the model, its threshold and how many sentences passed it."""

    capability: ClassVar[str] = "claims"
    key: ClassVar[str] = "checkworthiness"

    threshold: float
    sentences_scored: int
    claims: int
    model: str


@dataclass(slots=True)
class ClaimNumber:
    """A quantity inside a claim (``id`` is its ``claims.quantity`` finding)."""

    id: str
    text: str
    counted: str | None


@dataclass(slots=True)
class TopClaim:
    """One of the most check-worthy claims (``id`` is its ``claims.claim`` finding)."""

    rank: int
    score: float
    start: int
    end: int
    id: str
    sentence: str
    numbers: list[ClaimNumber]
    asserter: str | None
    asserter_id: str | None = None


@dataclass(slots=True)
class TopClaims(Summary):
    """``summaries.claims.top``: the ranked check-worthy claims (a JSON list)."""

    capability: ClassVar[str] = "claims"
    key: ClassVar[str] = "top"

    claims: list[TopClaim] = field(default_factory=list)

    def to_json(self) -> Any:
        return _jsonable(self.claims)


@dataclass(slots=True)
class QuantitiesSummary(Summary):
    """``summaries.claims.quantities``: how many quantities, of which kinds, how many attributed."""

    capability: ClassVar[str] = "claims"
    key: ClassVar[str] = "quantities"

    count: int
    by_kind: dict[str, int]
    attributed: int


# -- persuasion ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PersuasionSpan:
    """A high-confidence technique span (``id`` is its ``persuasion.*`` finding)."""

    label: str
    start: int
    end: int
    text: str
    score: float
    technique_probability: float
    id: str = ""


@dataclass(slots=True)
class PersuasionSummary(Summary):
    """``summaries.persuasion``: the article's persuasion score and technique histogram.

    ``score`` is the calibrated probability that the article uses propaganda techniques heavily (see
    ``docs/persuasion.md``); ``techniques`` counts spans per label.
    """

    capability: ClassVar[str] = "persuasion"
    key: ClassVar[str] = ""

    score: float
    n_spans: int
    n_words: int
    spans_per_1000_words: float
    propaganda_char_fraction: float
    techniques: dict[str, int]
    top_spans: list[PersuasionSpan]


# -- editorial -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class VoiceSummary(Summary):
    """``summaries.editorial.voice``: outlet-voice and editorialising markers per label."""

    capability: ClassVar[str] = "editorial"
    key: ClassVar[str] = "voice"

    counts: dict[str, int]
    per_1000_words: float


@dataclass(slots=True)
class CertaintySummary(Summary):
    """``summaries.editorial.certainty``: boosters (certainty) vs hedges; ``balance`` in [-1, 1]."""

    capability: ClassVar[str] = "editorial"
    key: ClassVar[str] = "certainty"

    boosters: int
    unsourced_boosters: int
    hedges: int
    balance: float


# -- provenance and input quality ------------------------------------------------------------------------


@dataclass(slots=True)
class RepublicationSummary(Summary):
    """``summaries.provenance.republication``: whether a footer says the text was republished, and from where."""

    capability: ClassVar[str] = "provenance"
    key: ClassVar[str] = "republication"

    republished: bool
    original_outlet: str | None
    finding_id: str | None = None


@dataclass(slots=True)
class OriginSummary(Summary):
    """``summaries.provenance.origin``: the outlet the content comes from and how that was decided.

    ``status`` is the outlet card's (``rated`` / ``not rated``), or ``unknown outlet`` when no signal names one;
    ``outlet`` is the card of the outlet the content comes from; ``decided_by`` the signal kind that decided
    (``republication_footer``, ``canonical_url``, ``dateline``, ``byline_agency``, ``url_host``, ``site_name``);
    ``signals`` every signal found (char spans where the signal is in the text); ``host`` the card of the page's
    own site when it differs; ``wire`` the agency of a dateline or byline; ``disagreements`` one sentence per
    conflict between signals. Built by ``presslens.provenance.v1`` (see docs/provenance.md).
    """

    capability: ClassVar[str] = "provenance"
    key: ClassVar[str] = "origin"

    status: str
    outlet: OutletCard | None
    decided_by: str | None
    signals: list[Signal]
    host: OutletCard | None
    wire: str | None
    disagreements: list[str]


@dataclass(slots=True)
class InputFlag:
    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class LanguageSummary:
    code: str
    confidence: float


@dataclass(slots=True)
class InputSummary(Summary):
    """``summaries.quality.input``: ingestion's quality flags and whether the text is incomplete."""

    capability: ClassVar[str] = "quality"
    key: ClassVar[str] = "input"

    flags: list[InputFlag]
    incomplete_text: bool
    language: LanguageSummary


#: Every built-in summary type, in the order of :class:`Summaries` fields.
# -- learned models (accurate profile) and subjectivity ------------------------------------------------------


@dataclass(slots=True)
class LearnedModel:
    """The learned model behind a score, so a reader can weigh it: name, version, decision threshold,
    validation metrics (``scheme`` says how validation was done) and the shared encoder it reads (None: none)."""

    name: str
    version: str
    threshold: float
    validation: dict[str, float | str]
    encoder: str | None = None


@dataclass(slots=True)
class SubjectivitySummary(Summary):
    """``summaries.editorial.subjectivity``: how much of the article is opinion rather than report.

    ``share`` = subjective sentences / scored sentences; ``mean_probability`` = mean calibrated P(SUBJ);
    ``opinion_vs_report`` is ``opinion`` (share ≥ 0.5), ``report`` (share ≤ 0.2), ``mixed``, or None when no
    sentence could be scored.
    """

    capability: ClassVar[str] = "editorial"
    key: ClassVar[str] = "subjectivity"

    sentences_scored: int
    subjective: int
    share: float
    mean_probability: float
    opinion_vs_report: str | None
    profile: str
    model: LearnedModel


SUMMARY_TYPES: tuple[type[Summary], ...] = (
    QuotesSummary, SourcingSummary, CheckworthinessSummary, TopClaims, QuantitiesSummary, PersuasionSummary,
    VoiceSummary, CertaintySummary, RepublicationSummary, OriginSummary, InputSummary, SubjectivitySummary,
)


@dataclass(slots=True)
class Summaries:
    """The typed summaries of one dossier; a field stays None when its analyzer did not run.

    ``extra`` holds free-form summaries of third-party analyzers (``{capability: {key: value}}``).
    """

    quotes: QuotesSummary | None = None
    sourcing: SourcingSummary | None = None
    checkworthiness: CheckworthinessSummary | None = None
    top_claims: TopClaims | None = None
    quantities: QuantitiesSummary | None = None
    persuasion: PersuasionSummary | None = None
    voice: VoiceSummary | None = None
    certainty: CertaintySummary | None = None
    republication: RepublicationSummary | None = None
    origin: OriginSummary | None = None
    input: InputSummary | None = None
    subjectivity: SubjectivitySummary | None = None
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, summary: Summary) -> None:
        """Store a typed summary in its field (a second one of the same type replaces the first)."""
        name = _FIELD_OF.get(type(summary))
        if name is None:
            raise TypeError(f"{type(summary).__name__} is not a registered summary type; analyzers outside "
                            "presslens return a dict summary instead")
        setattr(self, name, summary)

    def merge(self, capability: str, summary: Summary | list[Summary] | tuple[Summary, ...] | dict[str, Any]
              ) -> None:
        """Add what an analyzer returned: typed summaries go to their fields, a plain dict to ``extra``."""
        if isinstance(summary, Summary):
            self.add(summary)
        elif isinstance(summary, list | tuple):
            for s in summary:
                self.add(s)
        elif isinstance(summary, dict):
            if summary:
                self.extra.setdefault(capability, {}).update(summary)
        else:
            raise TypeError(f"an analyzer summary must be a Summary, a list of them or a dict, not "
                            f"{type(summary).__name__}")

    def present(self) -> list[Summary]:
        """The typed summaries that are set, in field order."""
        out = []
        for name in _FIELD_OF.values():
            value = getattr(self, name)
            if value is not None:
                out.append(value)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``summaries`` object of the JSON document: ``{capability: {key: value}}``."""
        out: dict[str, dict[str, Any]] = {}
        for s in self.present():
            slot = out.setdefault(s.capability, {})
            if s.key:
                slot[s.key] = s.to_json()
            else:
                slot.update(s.to_json())
        for cap, values in self.extra.items():
            out.setdefault(cap, {}).update(_jsonable(values))
        return out

    def __bool__(self) -> bool:
        return bool(self.present() or self.extra)


_FIELD_OF: dict[type[Summary], str] = {
    QuotesSummary: "quotes", SourcingSummary: "sourcing", CheckworthinessSummary: "checkworthiness",
    TopClaims: "top_claims", QuantitiesSummary: "quantities", PersuasionSummary: "persuasion",
    VoiceSummary: "voice", CertaintySummary: "certainty", RepublicationSummary: "republication", OriginSummary: "origin",
    InputSummary: "input", SubjectivitySummary: "subjectivity",
}

__all__ = [
    "SUMMARY_TYPES",
    "CertaintySentence",
    "CertaintySummary",
    "CharSpan",
    "CheckworthinessSummary",
    "ClaimNumber",
    "InputFlag",
    "InputSummary",
    "LanguageSummary",
    "LearnedModel",
    "OriginSummary",
    "Party",
    "PersuasionSpan",
    "PersuasionSummary",
    "QuantitiesSummary",
    "QuoteTypeCounts",
    "QuotesSummary",
    "RepublicationSummary",
    "SourcingFlag",
    "SourcingSummary",
    "SpeakerProfile",
    "SubjectivitySummary",
    "Summaries",
    "Summary",
    "TopClaim",
    "TopClaims",
    "VoiceSummary",
]
