"""The typed records of provenance: outlet cards, ratings, state affiliation, look-alike warnings, signals.

Kept free of heavy imports: :mod:`presslens.dossier.summaries` uses them in the typed
``summaries.provenance.origin`` and the JSON Schema is generated from them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def plain(value: Any) -> Any:
    """A dataclass tree as JSON-able data (tuples → lists, floats rounded to 4 places)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(frozen=True, slots=True)
class LookalikeWarning:
    """A domain that imitates a known outlet.

    Attributes:
        domain: the suspicious host as given (normalised, punycode).
        imitates: the imitated outlet's domain; ``imitates_name`` its name when known.
        technique: ``homoglyph`` | ``subdomain`` | ``tld_swap`` | ``added_word`` | ``typo``.
        reason: one sentence naming what was changed.
        score: confidence in [0, 1].
    """

    domain: str
    imitates: str
    imitates_name: str | None
    technique: str
    reason: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class Rating:
    """One rater's rating of the outlet, with its original label beside the common axes."""

    rater: str
    rater_id: str
    label: str
    factual: float | None
    factual_level: str | None
    lean: str | None
    flags: tuple[str, ...]
    date: str
    licence: str
    rationale_url: str | None
    source_url: str | None
    note: str
    shipped: bool
    #: the registry key that matched (the domain itself, a parent domain or the group's flagship).
    matched: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class StateAffiliation:
    """State Media Monitor typology of the outlet (ASD State Media Profiles)."""

    code: str
    category: str
    meaning: str
    state_controls_editorial: bool
    country: str
    company: str
    asset: str
    reference: str
    source: str
    date: str
    matched: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class MediaGroup:
    id: str
    name: str
    note: str
    source: str
    flagship: str | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two raters whose factual readings are :data:`DISAGREE_LEVELS` or more levels apart."""

    rater_a: str
    level_a: str
    rater_b: str
    level_b: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class Reading:
    """Per-axis summary over the ratings (never a single verdict)."""

    factual: float | None
    factual_level: str | None
    n_factual: int
    leans: tuple[str, ...]
    flags: tuple[str, ...]
    disagreements: tuple[Disagreement, ...]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class OutletCard:
    """What the registry says about one outlet.

    Attributes:
        query: what was looked up. domain: the matched (or normalised) host; None if the query was a name
            that matched nothing. name: display name when known.
        matched_by: ``domain`` | ``parent domain`` | ``name`` | ``domain label`` | ``group`` | ``none``.
        status: ``rated`` (at least one rating) or ``not rated``.
        ratings, state_affiliation, group, reading, lookalikes: see the classes above.
        notes: anything the reader should know (ambiguous name, inherited group ratings…).
    """

    query: str
    domain: str | None
    name: str | None
    matched_by: str
    status: str
    ratings: tuple[Rating, ...] = ()
    state_affiliation: StateAffiliation | None = None
    group: MediaGroup | None = None
    reading: Reading | None = None
    lookalikes: tuple[LookalikeWarning, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rated(self) -> bool:
        return self.status == "rated"

    @property
    def state(self) -> StateAffiliation | None:
        """Short for :attr:`state_affiliation`."""
        return self.state_affiliation

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of evidence about the outlet.

    Attributes:
        kind: ``republication_footer`` | ``canonical_url`` | ``dateline`` | ``byline_agency`` | ``site_name`` |
            ``url_host``.
        value: what the signal says (outlet name, URL, agency).
        domain: the domain it resolves to in the registry (None if it resolves to nothing).
        start, end: char span in ``Article.text`` when the signal is in the text, else None.
        resolved_by: how the registry matched it (``domain``, ``name``, ``domain label``…) or ``none``.
    """

    kind: str
    value: str
    domain: str | None
    start: int | None = None
    end: int | None = None
    resolved_by: str = "none"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = plain(self)
        return out


__all__ = ["Disagreement", "LookalikeWarning", "MediaGroup", "OutletCard", "Rating", "Reading", "Signal",
           "StateAffiliation", "plain"]
