"""Typed finding attributes: one frozen dataclass per finding label (or label family).

A finding's ``attrs`` are its label-specific details (the cue of a quote, the asserter of a claim, the
technique of a persuasion span). These classes are the contract between the analyzer that writes them, the
renderers, tables and CLI that read them, the pipeline's evidence check and the JSON Schema:

* an analyzer builds ``attrs`` through its label's class (``self.finding(..., attrs=QuoteAttrs(...))``), so a
  misspelled or missing field fails type checking and construction;
* a consumer reads ``finding.attrs_as(QuoteAttrs).speaker_name``, never ``finding.attrs.get("speaker_name")``:
  a renamed field fails type checking (``mypy``) and the tests instead of silently emptying a panel;
* :meth:`presslens.pipeline.Pipeline` checks every finding of a registered label against its class (unknown,
  missing or mistyped keys make the analyzer fail, naming analyzer and label);
* ``scripts/build_schema.py`` derives the ``attrs`` part of the dossier JSON Schema from these classes
  (:func:`attrs_schema`), and a test keeps the shipped schema in step.

The JSON form (:meth:`Record.to_dict`) is the one stored in :attr:`Finding.attrs
<presslens.dossier.model.Finding.attrs>` and written to the dossier document: field order is key order, a
field may carry another JSON key (``cue_class`` is written ``"class"``), and a field marked ``omit`` is left
out while it has its default value. Labels nobody registered (third-party analyzers) keep free-form attrs.

Example:
    >>> a = TermAttrs(term="brand new")
    >>> a.to_dict()
    {'term': 'brand new'}
    >>> TermAttrs.from_dict({"term": "brand new"}) == a
    True
    >>> attrs_class("persuasion.loaded_language").__name__
    'TechniqueAttrs'
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal, TypeVar

#: A character offset (``Annotated`` metadata is a JSON Schema fragment, also checked by :func:`problems`).
Offset = Annotated[int, {"minimum": 0}]
#: A probability or confidence in [0, 1].
Unit = Annotated[float, {"minimum": 0, "maximum": 1}]

SpeakerKind = Literal["person", "institution", "anonymous", "vague", "document", "author"]
Comparator = Literal["=", ">", "≥", "<", "≤", "≈", ">=", "<="]
FlagName = Literal["single_source", "single_party", "anonymous_only", "official_only"]


class AttrsError(ValueError):
    """A finding's attrs do not follow the typed class of its label (unknown, missing or mistyped keys)."""


R = TypeVar("R", bound="Record")
A = TypeVar("A", bound="Attrs")


def key(name: str) -> dict[str, Any]:
    """Field metadata: write the field under another JSON key (``cue_class`` → ``"class"``)."""
    return {"key": name}


OMIT: dict[str, Any] = {"omit": True}
"""Field metadata: leave the key out of the JSON while the field has its default value."""


class Record:
    """Base of the attrs classes and of their nested parts: the JSON form and a strict parser."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON object (keys in field order; ``omit`` fields left out at their default)."""
        out: dict[str, Any] = {}
        for spec in _specs(type(self)):
            value = getattr(self, spec.name)
            if spec.omit and value == spec.default:
                continue
            out[spec.key] = _to_json(value)
        return out

    @classmethod
    def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
        """Parse a JSON object; raise :class:`AttrsError` listing every unknown, missing or mistyped key."""
        found = problems(cls, data)
        if found:
            raise AttrsError(f"{cls.__name__}: " + "; ".join(found))
        return _build(cls, data)


class Attrs(Record):
    """Base of the attrs of one label family; ``labels`` are exact labels or ``"capability."`` prefixes."""

    __slots__ = ()
    labels: ClassVar[tuple[str, ...]] = ()


# -- the registry ----------------------------------------------------------------------------------------

#: Label (or ``"capability."`` family prefix) → attrs class, filled by :func:`register`.
ATTRS: dict[str, type[Attrs]] = {}


def register(cls: type[A]) -> type[A]:
    """Class decorator: file ``cls`` under each of its ``labels`` (a label may have one class only)."""
    for label in cls.labels:
        if label in ATTRS and ATTRS[label] is not cls:
            raise ValueError(f"label {label!r} already has attrs class {ATTRS[label].__name__}")
        ATTRS[label] = cls
    return cls


def attrs_class(label: str) -> type[Attrs] | None:
    """The attrs class of ``label``: its exact entry, else the longest family prefix; None if unregistered."""
    cls = ATTRS.get(label)
    if cls is not None:
        return cls
    families = [p for p in ATTRS if p.endswith(".") and label.startswith(p)]
    return ATTRS[max(families, key=len)] if families else None


def validate_attrs(label: str, attrs: Mapping[str, Any]) -> None:
    """Raise :class:`AttrsError` if ``attrs`` do not follow the class of ``label`` (free labels pass)."""
    cls = attrs_class(label)
    if cls is None:
        return
    found = problems(cls, attrs)
    if found:
        raise AttrsError(f"attrs of {label} do not follow {cls.__name__}: " + "; ".join(found))


# -- nested parts ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span(Record):
    """A character range of ``article.text``."""

    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class TextSpan(Record):
    """A character range of ``article.text`` with the text it covers."""

    start: Offset
    end: Offset
    text: str


@dataclass(frozen=True, slots=True)
class QuoteCue(Record):
    """The cue of a quote ("said", "according to", a colon), its lemma and class.

    Attributes:
        lemma: the cue's lemma (``say``, ``according to``, ``:`` for a transcript turn).
        cue_class: ``speech``, ``according``, ``belief``, ``evidence`` or ``commitment`` (JSON key ``class``);
            keep ``speech`` and ``according`` for reported speech only; ``other`` for a cue found by the accurate
            profile's quote tagger that the cue lexicon does not know ("wants", "is expected").
    """

    start: Offset
    end: Offset
    text: str
    lemma: str
    cue_class: str = field(metadata=key("class"))


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A named entity inside a claim sentence (spaCy label)."""

    text: str
    label: str
    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class ModelCard(Record):
    """The learned model behind a score.

    Attributes:
        threshold: decision threshold on the score; null when the model takes the most probable class.
        validation: validation metrics; ``scheme`` says how validation was done.
        encoder: the shared sentence encoder the model reads; null for a lexical model.
    """

    name: str
    version: str
    threshold: float | None
    validation: dict[str, Any]
    encoder: str | None

    @classmethod
    def of(cls, card: Mapping[str, Any]) -> ModelCard:
        """The typed card of an analyzer's model-card mapping (strict: unknown keys are an error)."""
        return cls.from_dict(card)


# -- attribution -----------------------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class QuoteAttrs(Attrs):
    """``attribution.quote``: a direct, indirect or mixed quote, its cue, speaker mention and speaker.

    Attributes:
        type: direct = one quoted region (marks included); mixed = reported speech containing quoted words;
            indirect = no quotation marks.
        cue: the attribution cue; null for a quote that continues the previous speaker without a cue.
        speaker_mention: the noun phrase naming the speaker in this attribution; null when the quote continues
            an earlier one or the cue is impersonal ("it was confirmed that").
        speaker_id: id of the ``attribution.speaker`` finding the mention resolves to.
        speaker_name: the speaker's name (copied from that finding).
        speaker_kind: the speaker's kind (copied from that finding).
        how: the rule that found the quote: trailing, leading, split, colon, naming, turn, continuation,
            unattributed, complement or according; ``tagged`` when the accurate profile's quote tagger found it.
        quoted_regions: quotation-marked regions (marks included) inside the content.
        group: id of the first part of the quotation this part belongs to (split quotes and cue-less
            continuations share it).
        model: the learned model that found the quote (``how`` = ``tagged``; the score is its calibrated content
            score and ``threshold`` the cut it passed); absent for quotes found by the rules.
    """

    labels: ClassVar[tuple[str, ...]] = ("attribution.quote",)

    type: Literal["direct", "indirect", "mixed"]
    cue: QuoteCue | None
    speaker_mention: TextSpan | None
    speaker_id: str | None
    speaker_name: str | None
    speaker_kind: SpeakerKind | None
    how: str
    quoted_regions: tuple[Span, ...]
    group: str
    model: ModelCard | None = field(default=None, metadata=OMIT)


@register
@dataclass(frozen=True, slots=True)
class CueAttrs(Attrs):
    """``attribution.cue``: an attribution cue and the quotes it introduces.

    Attributes:
        cue_class: as ``class`` of a quote's cue.
        quote_ids: ids of the quotes the cue introduces.
    """

    labels: ClassVar[tuple[str, ...]] = ("attribution.cue",)

    lemma: str
    cue_class: str
    quote_ids: tuple[str, ...]


@register
@dataclass(frozen=True, slots=True)
class SpeakerAttrs(Attrs):
    """``attribution.speaker``: one speaker entity, on its first mention ("" when a field is unknown).

    Attributes:
        name: canonical name: the longest personal name seen, the organisation's name, or the descriptive
            phrase of an unnamed source.
        role: title or function from appositions, premodifiers and prepositional phrases.
        organisation: organisation named in the speaker's phrase.
        country: country or affiliation inferred from demonyms, possessives and place words.
        party: the independent party (normalised organisation) the speaker is counted under.
        official: an official or a government, military or state body.
        mentions: every mention linked to the speaker (pronouns included).
        n_quotes: number of quotes attributed to the speaker.
        quote_ids: ids of those quotes.
    """

    labels: ClassVar[tuple[str, ...]] = ("attribution.speaker",)

    name: str
    kind: SpeakerKind
    role: str
    organisation: str
    country: str
    party: str
    official: bool
    mentions: tuple[Span, ...]
    n_quotes: Offset
    quote_ids: tuple[str, ...]


@register
@dataclass(frozen=True, slots=True)
class FlagAttrs(Attrs):
    """``attribution.flag``: a sourcing flag, why it was raised, the speakers behind it and their mentions.

    Attributes:
        reason: one sentence saying why the flag was raised.
        speaker_ids: ids of the speakers concerned.
        evidence: the first mention of each speaker concerned.
        party: the one party of a ``single_party`` flag (absent otherwise).
    """

    labels: ClassVar[tuple[str, ...]] = ("attribution.flag",)

    flag: FlagName
    reason: str
    speaker_ids: tuple[str, ...]
    evidence: tuple[TextSpan, ...]
    party: str | None = field(default=None, metadata=OMIT)


@register
@dataclass(frozen=True, slots=True)
class UnattributedCertaintyAttrs(Attrs):
    """``attribution.unattributed_certainty``: a sentence claiming certainty in the outlet's own voice.

    Attributes:
        term: the certainty term (booster).
        booster: where the term sits.
        source: the lexicon the term comes from.
    """

    labels: ClassVar[tuple[str, ...]] = ("attribution.unattributed_certainty",)

    term: str
    booster: Span
    source: str


# -- claims ----------------------------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class ClaimAttrs(Attrs):
    """``claims.claim``: a check-worthy sentence with its rank, numbers, entities, asserter, hedges and
    boosters (ids of the findings inside it) and the model that scored it.

    Attributes:
        checkworthiness: the sentence's check-worthiness (the finding's score).
        rank: 1 = highest score; ties broken by more quantities, then position.
        quantities: ids of the ``claims.quantity`` findings inside the sentence.
        entities: non-numeric named entities of the sentence.
        asserter: name of the speaker of the quote overlapping the sentence most; null when nobody.
        asserter_id: id of that speaker's finding.
        hedges: ids of the ``editorial.hedge`` findings inside the sentence.
        boosters: ids of the ``editorial.booster`` findings inside the sentence.
    """

    labels: ClassVar[tuple[str, ...]] = ("claims.claim",)

    checkworthiness: Unit
    rank: Annotated[int, {"minimum": 1}]
    quantities: tuple[str, ...]
    entities: tuple[Entity, ...]
    asserter: str | None
    asserter_id: str | None
    hedges: tuple[str, ...]
    boosters: tuple[str, ...]
    model: ModelCard


@register
@dataclass(frozen=True, slots=True)
class QuantityAttrs(Attrs):
    """``claims.quantity`` and ``claims.duration``: a normalised number, what it counts and who asserts it.

    Attributes:
        value: the normalised number; null for an interval.
        low: lower bound of an interval (range or vague magnitude).
        high: upper bound of an interval.
        comparator: ``=``, ``>`` (over), ``≥`` (at least), ``<`` (under), ``≤`` (up to), ``≈`` (about, and every
            vague magnitude).
        unit: ISO currency code, ``%``, percentage or basis points, or the measurement unit; null for counts.
        per: denominator of a rate (``per day``, ``a year``).
        counted: the noun phrase counted; null when the text does not say.
        counted_span: where that phrase is.
        kind: ``count``, ``percent``, ``money``, ``measure``, ``rate`` (quantities); ``duration``, ``age``
            (durations).
        written: ``digits``, ``words``, ``vague`` or ``fraction``.
        sentence: the sentence holding the number.
        asserter: name of the speaker whose quote contains the number (else of a quote in the same
            sentence); null when nobody is found, never guessed.
        asserter_id: id of that speaker's finding.
    """

    labels: ClassVar[tuple[str, ...]] = ("claims.quantity", "claims.duration")

    value: float | None
    low: float | None
    high: float | None
    comparator: Comparator
    unit: str | None
    per: str | None
    counted: str | None
    counted_span: Span | None
    kind: str
    written: str
    sentence: Span
    asserter: str | None
    asserter_id: str | None


# -- editorial -------------------------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class BoosterAttrs(Attrs):
    """``editorial.booster``: a certainty claim ("it is clear", "no doubt").

    Attributes:
        sourced: inside quotation marks, or opening the clause a cue reports: the source's claim.
        quoted: inside quotation marks.
        in_paraphrase: in the outlet's paraphrase of a source: the outlet's own wording, unsourced.
        sentence: the sentence holding the booster.
    """

    labels: ClassVar[tuple[str, ...]] = ("editorial.booster",)

    polarity: Literal["boosting"]
    term: str
    sourced: bool
    quoted: bool
    in_paraphrase: bool
    sentence: Span


@register
@dataclass(frozen=True, slots=True)
class HedgeAttrs(Attrs):
    """``editorial.hedge``: a hedge (lexical or modal) and whether it is inside a quotation."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.hedge",)

    polarity: Literal["hedging"]
    term: str
    quoted: bool
    sentence: Span


@register
@dataclass(frozen=True, slots=True)
class OutletVoiceAttrs(Attrs):
    """``editorial.outlet_voice``: the outlet speaking of itself; ``cue`` is the matched word or phrase."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.outlet_voice",)

    cue: str


@register
@dataclass(frozen=True, slots=True)
class TermAttrs(Attrs):
    """``editorial.intensifier`` and ``editorial.stance_adverb``: the matched term (lower-cased)."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.intensifier", "editorial.stance_adverb")

    term: str


@register
@dataclass(frozen=True, slots=True)
class FirstPersonAttrs(Attrs):
    """``editorial.first_person``: a first-person pronoun outside quotations."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.first_person",)

    person: Literal["singular", "plural"]
    word: str


@register
@dataclass(frozen=True, slots=True)
class PrescriptiveAttrs(Attrs):
    """``editorial.prescriptive``: a deontic modal ("should", "must", "ought to")."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.prescriptive",)

    modal: str


@register
@dataclass(frozen=True, slots=True)
class ExclamationAttrs(Attrs):
    """``editorial.exclamation``: an exclamation outside quotations (no attributes)."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.exclamation",)


@register
@dataclass(frozen=True, slots=True)
class RhetoricalQuestionAttrs(Attrs):
    """``editorial.rhetorical_question``; ``standalone`` when the question is a paragraph of its own."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.rhetorical_question",)

    standalone: bool


@register
@dataclass(frozen=True, slots=True)
class ImperativeAttrs(Attrs):
    """``editorial.imperative``: a sentence opening with a bare verb; ``lead`` when among the first
    sentences, ``aphoristic`` when it addresses the reader."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.imperative",)

    lead: bool
    aphoristic: bool
    verb: str


@register
@dataclass(frozen=True, slots=True)
class SubjectiveSentenceAttrs(Attrs):
    """``editorial.subjective_sentence``: calibrated P(subjective), the profile and the model used."""

    labels: ClassVar[tuple[str, ...]] = ("editorial.subjective_sentence",)

    p_subjective: Unit
    profile: str
    model: ModelCard


# -- persuasion ------------------------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class TechniqueAttrs(Attrs):
    """``persuasion.*``: a propaganda-technique span.

    Attributes:
        technique: the PTC technique name (``Loaded_Language``).
        technique_probability: the model's probability of that technique for the span.
        alternatives: the runner-up labels with their probabilities.
        contains: ``[label, start, end]`` of the narrower spans a clause-level span absorbed (absent when
            none).
        span_model: the model that found the span when it is not ``model`` (the accurate profile's encoder span
            tagger; absent under the fast profile, whose one model finds and names spans).
    """

    labels: ClassVar[tuple[str, ...]] = ("persuasion.",)

    technique: str
    technique_probability: Unit
    alternatives: tuple[tuple[str, float], ...]
    model: ModelCard
    contains: tuple[tuple[str, int, int], ...] = field(default=(), metadata=OMIT)
    span_model: ModelCard | None = field(default=None, metadata=OMIT)


# -- provenance ------------------------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class RepublicationAttrs(Attrs):
    """``provenance.republication``: a republication notice and the original publisher.

    Attributes:
        outlet: the original publisher's name (the domain when the notice gives a URL); null when not named.
        url: the URL the notice gives, if any.
        position: where the notice sits.
    """

    labels: ClassVar[tuple[str, ...]] = ("provenance.republication",)

    outlet: str | None
    url: str | None
    position: Literal["footer", "header"]


@register
@dataclass(frozen=True, slots=True)
class OutletAttrs(Attrs):
    """``provenance.outlet``: the outlet the deciding signal names, with its registry reading.

    Attributes:
        status: ``rated`` (at least one rating) or ``not rated``.
        decided_by: the signal that decided the outlet (republication footer, canonical URL, byline…).
        factual_level: the raters' reading of factual reporting, when they give one.
        n_raters: number of raters with a rating.
        state_category: state-affiliation category, when the outlet has one.
    """

    labels: ClassVar[tuple[str, ...]] = ("provenance.outlet",)

    outlet: str | None
    domain: str | None
    status: str
    decided_by: str | None
    factual_level: str | None
    n_raters: Offset
    state_category: str | None


@register
@dataclass(frozen=True, slots=True)
class PassageReuseAttrs(Attrs):
    """``provenance.passage_reuse`` (corpus duplicate detection): where a passage was copied from, and
    whether the source is credited."""

    labels: ClassVar[tuple[str, ...]] = ("provenance.passage_reuse",)

    source_item_key: str
    source_outlet: str | None
    source_url: str | None
    source_date: str | None
    source_span: TextSpan
    credited: bool
    method: str


# -- quality ---------------------------------------------------------------------------------------------


@register
@dataclass(frozen=True, slots=True)
class InputFlagAttrs(Attrs):
    """``quality.*`` (paywall, truncated, short, future_date, encoding_repaired…): ingestion's message."""

    labels: ClassVar[tuple[str, ...]] = ("quality.",)

    message: str


@register
@dataclass(frozen=True, slots=True)
class MissingMediaAttrs(Attrs):
    """``quality.missing_media``: an introduction whose media (embed, video, chart) was lost."""

    labels: ClassVar[tuple[str, ...]] = ("quality.missing_media",)

    media_word: bool
    reason: str


# -- machinery -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Spec:
    name: str
    key: str
    tp: Any
    required: bool
    omit: bool
    default: Any


_SPECS: dict[type, tuple[_Spec, ...]] = {}


def _specs(cls: type) -> tuple[_Spec, ...]:
    cached = _SPECS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for f in dataclasses.fields(cls):
        has_default = f.default is not dataclasses.MISSING
        out.append(_Spec(f.name, f.metadata.get("key", f.name), hints[f.name], not has_default,
                         bool(f.metadata.get("omit")), f.default if has_default else None))
    _SPECS[cls] = tuple(out)
    return _SPECS[cls]


def json_keys(cls: type[Record]) -> dict[str, str]:
    """Field name → JSON key of a record class."""
    return {s.name: s.key for s in _specs(cls)}


def _to_json(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def _unwrap(tp: Any) -> tuple[Any, dict[str, Any]]:
    """(type, schema constraints) of a possibly ``Annotated`` type."""
    if typing.get_origin(tp) is Annotated:
        base, *meta = typing.get_args(tp)
        extra: dict[str, Any] = {}
        for m in meta:
            if isinstance(m, dict):
                extra.update(m)
        return base, extra
    return tp, {}


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Record)


_Check = Callable[[Any, str], list[str]]
_Build = Callable[[Any], Any]
#: Compiled checkers and builders by ``id`` of the type (the type is kept alive next to them).
_CHECKS: dict[int, tuple[Any, _Check]] = {}
_BUILDS: dict[int, tuple[Any, _Build]] = {}

_PREDICATES: dict[Any, Callable[[Any], bool]] = {
    bool: lambda v: isinstance(v, bool),
    int: lambda v: isinstance(v, int) and not isinstance(v, bool),
    float: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    str: lambda v: isinstance(v, str),
}


def problems(tp: Any, value: Any, path: str = "") -> list[str]:
    """What is wrong with ``value`` as a JSON value of type ``tp`` (empty when it conforms)."""
    return _checker(tp)(value, path)


def _checker(tp: Any) -> _Check:
    hit = _CHECKS.get(id(tp))
    if hit is None or hit[0] is not tp:
        hit = (tp, _compile_check(tp))
        _CHECKS[id(tp)] = hit
    return hit[1]


def _where(path: str) -> str:
    return path or "attrs"


def _compile_check(tp: Any) -> _Check:
    """A function ``(value, path) -> problems`` for ``tp``, built once per type."""
    base, limits = _unwrap(tp)
    if _is_record(base):
        specs = _specs(base)
        known = frozenset(s.key for s in specs)
        fields = [(s.key, s.required or not s.omit, _checker(s.tp)) for s in specs]

        def record(value: Any, path: str) -> list[str]:
            if not isinstance(value, Mapping):
                return [f"{_where(path)}: expected an object, got {type(value).__name__}"]
            out = [f"{_where(path)}: unknown key {k!r}" for k in value if k not in known]
            for key, must, check in fields:
                if key not in value:
                    if must:
                        out.append(f"{_where(path)}: missing key {key!r}")
                    continue
                found = check(value[key], f"{path}.{key}" if path else key)
                if found:
                    out += found
            return out

        return record
    origin = typing.get_origin(base)
    args = typing.get_args(base)
    if base is Any:
        return lambda value, path: []
    if origin in (types.UnionType, typing.Union):
        alts = [_checker(a) for a in args]
        nullable = type(None) in args
        name = _name(base)

        def union(value: Any, path: str) -> list[str]:
            if value is None and nullable:
                return []
            found = [c(value, path) for c in alts]
            if any(not p for p in found):
                return []
            if len(found) == 2 and value is not None:
                return min(found, key=len)
            return [f"{_where(path)}: {value!r} is none of {name}"]

        return union
    if origin is Literal:
        allowed = list(args)
        return lambda value, path: [] if value in allowed else [
            f"{_where(path)}: {value!r} is not one of {allowed}"]
    if origin in (tuple, list):
        fixed = origin is tuple and not (len(args) == 2 and args[1] is Ellipsis)
        items = [_checker(a) for a in args] if fixed else [_checker(args[0] if args else Any)]

        def array(value: Any, path: str) -> list[str]:
            if not isinstance(value, list | tuple):
                return [f"{_where(path)}: expected an array, got {type(value).__name__}"]
            if fixed and len(value) != len(items):
                return [f"{_where(path)}: expected {len(items)} items, got {len(value)}"]
            out: list[str] = []
            for i, v in enumerate(value):
                found = (items[i] if fixed else items[0])(v, f"{_where(path)}[{i}]")
                if found:
                    out += found
            return out

        return array
    if origin is dict:
        item = _checker(args[1] if args else Any)

        def mapping(value: Any, path: str) -> list[str]:
            if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                return [f"{_where(path)}: expected an object, got {type(value).__name__}"]
            return [p for k, v in value.items() for p in item(v, f"{_where(path)}.{k}")]

        return mapping
    if base is type(None):
        return lambda value, path: [] if value is None else [f"{_where(path)}: expected null, got {value!r}"]
    if base not in _PREDICATES:
        raise TypeError(f"attrs type {base!r} is not supported")
    ok = _PREDICATES[base]
    low, high = limits.get("minimum"), limits.get("maximum")

    def simple(value: Any, path: str) -> list[str]:
        if not ok(value):
            return [f"{_where(path)}: expected {base.__name__}, got {value!r}"]
        if low is not None and value < low:
            return [f"{_where(path)}: {value!r} is below {low}"]
        if high is not None and value > high:
            return [f"{_where(path)}: {value!r} is above {high}"]
        return []

    return simple


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _build(tp: Any, value: Any) -> Any:
    """The typed value of a JSON value already checked by :func:`problems`."""
    hit = _BUILDS.get(id(tp))
    if hit is None or hit[0] is not tp:
        hit = (tp, _compile_build(tp))
        _BUILDS[id(tp)] = hit
    return hit[1](value)


def _compile_build(tp: Any) -> _Build:
    base, _ = _unwrap(tp)
    if _is_record(base):
        fields = [(s.name, s.key, s.tp) for s in _specs(base)]
        cls = base
        return lambda value: cls(**{name: _build(t, value[key]) for name, key, t in fields if key in value})
    origin = typing.get_origin(base)
    args = typing.get_args(base)
    if origin in (types.UnionType, typing.Union):
        alts = [(_checker(a), a) for a in args if a is not type(None)]

        def union(value: Any) -> Any:
            if value is None:
                return None
            for check, a in alts:
                if not check(value, ""):
                    return _build(a, value)
            return value

        return union
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = args[0]
            return lambda value: tuple(_build(item, v) for v in value)
        return lambda value: tuple(_build(a, v) for a, v in zip(args, value, strict=True))
    if origin is list:
        return lambda value: [_build(args[0], v) for v in value]
    if origin is dict:
        return lambda value: {k: _build(args[1], v) for k, v in value.items()}
    return lambda value: value


# -- JSON Schema -----------------------------------------------------------------------------------------

_SIMPLE = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}


def _field_docs(cls: type) -> dict[str, str]:
    """Field name → text of the ``Attributes:`` section of a class docstring (Google style)."""
    lines = (cls.__doc__ or "").expandtabs().splitlines()
    out: dict[str, str] = {}
    inside, indent, current, entry_depth = False, 0, "", 0
    for line in lines:
        stripped = line.strip()
        if stripped == "Attributes:":
            inside, indent = True, len(line) - len(line.lstrip())
            continue
        if not inside:
            continue
        depth = len(line) - len(line.lstrip())
        if not stripped or depth <= indent:
            if stripped:  # the next section
                inside = False
            continue
        head, sep, rest = stripped.partition(":")
        if sep and head.isidentifier() and (not current or depth <= entry_depth):
            current, entry_depth = head, depth
            out[current] = rest.strip()
        elif current:
            out[current] += " " + stripped
    return out


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    base, limits = _unwrap(tp)
    if _is_record(base):
        name = f"attrs.{base.__name__}"
        if name not in defs:
            defs[name] = {}  # reserve (recursion)
            specs = _specs(base)
            doc = " ".join((base.__doc__ or "").strip().split("\n\n")[0].split())
            notes = _field_docs(base)
            props = {}
            for spec in specs:
                prop = _schema(spec.tp, defs)
                if spec.name in notes:
                    prop = {"description": notes[spec.name], **prop}
                props[spec.key] = prop
            defs[name] = {
                "description": doc,
                "type": "object",
                "properties": props,
                "required": [s.key for s in specs if not s.omit],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    origin = typing.get_origin(base)
    args = typing.get_args(base)
    if base is Any:
        return {}
    if origin in (types.UnionType, typing.Union):
        plain = [_unwrap(a)[0] for a in args]
        if all(p in _SIMPLE for p in plain) and not any(_unwrap(a)[1] for a in args):
            return {"type": [_SIMPLE[p] for p in plain]}
        return {"anyOf": [_schema(a, defs) for a in args]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (tuple, list):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "prefixItems": [_schema(a, defs) for a in args],
                    "minItems": len(args), "maxItems": len(args)}
        return {"type": "array", "items": _schema(args[0] if args else Any, defs)}
    if origin is dict:
        item = args[1] if args else Any
        return {"type": "object"} if item is Any else {"type": "object", "additionalProperties": _schema(item, defs)}
    if base in _SIMPLE:
        return {"type": _SIMPLE[base], **limits}
    raise TypeError(f"attrs type {base!r} is not supported")


def attrs_schema() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The ``allOf`` rules of a finding (``if`` label is ... ``then`` attrs follow ...) and the ``attrs.*``
    ``$defs`` they use, one rule per registered label or family, in registry order."""
    defs: dict[str, Any] = {}
    rules = []
    for label, cls in sorted(ATTRS.items()):
        cond = ({"pattern": "^" + label.replace(".", "\\.")} if label.endswith(".") else {"const": label})
        exact = [k for k in ATTRS if not k.endswith(".") and label.endswith(".") and k.startswith(label)]
        if_ = {"properties": {"label": cond}, "required": ["label"]}
        if exact:  # a family rule does not apply to labels of the family that have their own class
            if_["not"] = {"properties": {"label": {"enum": sorted(exact)}}}
        rules.append({"if": if_, "then": {"properties": {"attrs": _schema(cls, defs)}}})
    return rules, dict(sorted(defs.items()))


__all__ = [
    "ATTRS",
    "OMIT",
    "Attrs",
    "AttrsError",
    "BoosterAttrs",
    "ClaimAttrs",
    "CueAttrs",
    "Entity",
    "ExclamationAttrs",
    "FirstPersonAttrs",
    "FlagAttrs",
    "HedgeAttrs",
    "ImperativeAttrs",
    "InputFlagAttrs",
    "MissingMediaAttrs",
    "ModelCard",
    "OutletAttrs",
    "OutletVoiceAttrs",
    "PassageReuseAttrs",
    "PrescriptiveAttrs",
    "QuantityAttrs",
    "QuoteAttrs",
    "QuoteCue",
    "Record",
    "RepublicationAttrs",
    "RhetoricalQuestionAttrs",
    "Span",
    "SpeakerAttrs",
    "SubjectiveSentenceAttrs",
    "TechniqueAttrs",
    "TermAttrs",
    "TextSpan",
    "UnattributedCertaintyAttrs",
    "attrs_class",
    "attrs_schema",
    "json_keys",
    "key",
    "problems",
    "register",
    "validate_attrs",
]
