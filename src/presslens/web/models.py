"""Pydantic models of the web API: the dossier document (mirroring the dossier JSON Schema), requests, errors.

The dossier JSON Schema (:mod:`presslens.dossier.schema`) stays the single source of truth for the document;
these models restate it for FastAPI (validation and OpenAPI), and ``tests/web/test_web_models.py`` walks both
side by side (properties, required keys, enums) and validates real and generated documents with both, so they
cannot drift apart silently. :meth:`DossierDocument.to_dossier` turns a document back into the library's
:class:`~presslens.dossier.Dossier` (to render a dossier that another worker analysed).
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model, model_validator

from ..dossier import summaries as sm
from ..dossier.attrs import ATTRS, Attrs, attrs_class, validate_attrs
from ..dossier.model import KINDS

Kind = Literal["editorial", "attribution", "claims", "persuasion", "provenance", "quality"]
NonNegInt = Annotated[int, Field(ge=0)]
Unit = Annotated[float, Field(ge=0, le=1)]

ARTICLE_ID_PATTERN = r"^[0-9a-f]{16}$"
LABEL_PATTERN = r"^[a-z]+\.[a-z0-9_]+(\.[a-z0-9_]+)*$"
ANALYZER_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+\.v[0-9]+$"


class _Open(BaseModel):
    """An object the schema leaves open (no ``additionalProperties: false``)."""

    model_config = ConfigDict(extra="allow")


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Byline(_Open):
    raw: str
    persons: list[str]
    agencies: list[str]


class Language(_Open):
    code: str
    confidence: Unit
    method: str


class QualityFlag(_Open):
    code: str
    message: str
    start: NonNegInt | None = None
    end: NonNegInt | None = None


class ArticleDoc(_Open):
    """``article``: metadata, and the text unless it was left out."""

    id: Annotated[str, Field(pattern=ARTICLE_ID_PATTERN)]
    text: str | None = None
    title: str | None = None
    url: str | None = None
    domain: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_source: str | None = None
    byline: Byline
    language: Language
    paragraphs: list[Annotated[list[NonNegInt], Field(min_length=2, max_length=2)]]
    origin: str
    input_format: str
    flags: list[QualityFlag]
    extra: dict[str, Any] | None = None


#: Typed attrs by label (exact label, or a ``prefix.`` for a family): the library's attrs classes
#: (:mod:`presslens.dossier.attrs`), from which the schema's ``allOf`` rules are generated too.
ATTRS_BY_LABEL: dict[str, type[Attrs]] = ATTRS


def attrs_model(label: str) -> type[Attrs] | None:
    """The typed-attrs class for ``label``, or None when the schema leaves its attrs free."""
    return attrs_class(label)


class FindingDoc(_Closed):
    """One finding: evidence span, label, score and the analyzer that produced it."""

    id: str
    kind: Kind
    label: Annotated[str, Field(pattern=LABEL_PATTERN)]
    start: NonNegInt
    end: NonNegInt
    text: str
    score: Unit
    analyzer: Annotated[str, Field(pattern=ANALYZER_PATTERN)]
    attrs: dict[str, Any]

    @model_validator(mode="after")
    def _typed_attrs(self) -> FindingDoc:
        validate_attrs(self.label, self.attrs)  # AttrsError is a ValueError: a 422 naming the keys
        return self


def _summary_models() -> dict[str, type[BaseModel]]:
    """One model per capability, built from the library's typed summary classes
    (:data:`~presslens.dossier.summaries.SUMMARY_TYPES`), the classes the schema's ``summaries`` part is also
    derived from: a summary type added there is typed here too. Each capability object stays open to
    third-party analyzers' free-form keys."""
    fields: dict[str, dict[str, Any]] = {k: {} for k in KINDS}
    for cls in sm.SUMMARY_TYPES:
        slot = fields.setdefault(cls.capability, {})
        if cls is sm.TopClaims:
            slot[cls.key] = (list[sm.TopClaim] | None, None)
        elif cls.key:
            slot[cls.key] = (cls | None, None)
        else:  # its fields sit directly in summaries[capability]
            hints = typing.get_type_hints(cls)
            for f in dataclasses.fields(cls):
                slot[f.name] = (hints[f.name], ...)
    return {cap: create_model(f"{cap.title()}Summaries", __base__=_Open, **spec) for cap, spec in fields.items()}


CAPABILITY_SUMMARIES = _summary_models()

SummariesDoc = create_model(
    "SummariesDoc",
    __base__=_Closed,
    __doc__="``summaries``: typed per capability (the library's summary classes).",
    **{cap: (model | None, None) for cap, model in CAPABILITY_SUMMARIES.items()},  # type: ignore[call-overload]
)


class AnalyzerRunDoc(_Open):
    name: str
    version: str
    status: Literal["ok", "skipped", "failed"]
    reason: str
    seconds: Annotated[float, Field(ge=0)]
    n_findings: NonNegInt


class ProvenanceDoc(_Open):
    presslens: str
    schema_version: str
    nlp: dict[str, Any]
    sentences: int | None = None
    sentences_parsed: int | None = None
    timing_seconds: dict[str, float]


class DossierDocument(_Closed):
    """A dossier as JSON (schema version :data:`~presslens.dossier.model.SCHEMA_VERSION`)."""

    schema_version: Literal["1.2"]
    article: ArticleDoc
    findings: list[FindingDoc]
    summaries: SummariesDoc  # type: ignore[valid-type]
    indicators: dict[str, Any]
    analyzers: list[AnalyzerRunDoc]
    provenance: ProvenanceDoc

    def to_dossier(self) -> Any:
        """The library :class:`~presslens.dossier.Dossier` of this document (which must include the text)."""
        return document_to_dossier(self.model_dump(mode="json", by_alias=True, exclude_unset=True))


def document_to_dossier(doc: dict[str, Any]) -> Any:
    """Rebuild a :class:`~presslens.dossier.Dossier` from its ``to_dict()`` form (text included)."""
    from ..article import Article, Byline, Language, QualityFlag
    from ..dossier.model import AnalyzerRun, Dossier, Finding

    a = doc["article"]
    if a.get("text") is None:
        raise ValueError("the document has no article text (it was saved with include_text=False)")
    known = {"id", "text", "title", "url", "domain", "outlet", "published", "published_source", "byline",
             "language", "paragraphs", "origin", "input_format", "flags", "extra"}
    fields = {f.name for f in dataclasses.fields(Article)}
    kwargs: dict[str, Any] = {k: a[k] for k in known & fields & set(a) if k not in ("byline", "language",
                                                                                    "paragraphs", "flags")}
    kwargs["byline"] = Byline(a["byline"]["raw"], tuple(a["byline"]["persons"]), tuple(a["byline"]["agencies"]))
    kwargs["language"] = Language(**{k: a["language"][k] for k in ("code", "confidence", "method")})
    kwargs["paragraphs"] = tuple((int(p[0]), int(p[1])) for p in a["paragraphs"])
    kwargs["flags"] = tuple(QualityFlag(f["code"], f["message"], f.get("start"), f.get("end")) for f in a["flags"])
    if "extra" in kwargs and kwargs["extra"] is None:
        kwargs.pop("extra")
    article = Article(**kwargs)
    findings = [Finding(f["kind"], f["label"], f["start"], f["end"], f["text"], float(f["score"]), f["analyzer"],
                        dict(f["attrs"]), f["id"]) for f in doc["findings"]]
    runs = [AnalyzerRun(r["name"], r["version"], r["status"], r["reason"], float(r["seconds"]), r["n_findings"])
            for r in doc["analyzers"]]
    return Dossier(article, findings, summaries_from_json(doc["summaries"]), dict(doc["indicators"]), runs,
                   dict(doc["provenance"]))


def summaries_from_json(data: dict[str, Any]) -> sm.Summaries:
    """The typed :class:`~presslens.dossier.summaries.Summaries` of a document's ``summaries`` object."""
    out = sm.Summaries()
    used: dict[str, set[str]] = {}
    for cls in sm.SUMMARY_TYPES:
        slot = data.get(cls.capability)
        if not isinstance(slot, dict):
            continue
        if cls is sm.TopClaims:
            if "top" in slot:
                out.add(sm.TopClaims(TypeAdapter(list[sm.TopClaim]).validate_python(slot["top"])))
                used.setdefault(cls.capability, set()).add("top")
        elif cls.key:
            if cls.key in slot:
                out.add(TypeAdapter(cls).validate_python(slot[cls.key]))
                used.setdefault(cls.capability, set()).add(cls.key)
        else:
            names = {f.name for f in dataclasses.fields(cls)}
            if names <= set(slot):
                out.add(TypeAdapter(cls).validate_python({k: slot[k] for k in names}))
                used.setdefault(cls.capability, set()).update(names)
    for cap, slot in data.items():
        rest = {k: v for k, v in slot.items() if k not in used.get(cap, set())} if isinstance(slot, dict) else {}
        if rest:
            out.extra[cap] = rest
    return out


# ---------------------------------------------------------------------------------------------- requests


class AnalyzeRequest(_Closed):
    """What to analyse: exactly one of ``text``, ``html`` or ``url``."""

    text: Annotated[str | None, Field(description="article text (plain)")] = None
    html: Annotated[str | None, Field(description="an article page's HTML; the main text is extracted")] = None
    url: Annotated[str | None, Field(description="an http(s) URL, fetched behind the SSRF guard",
                                     max_length=2048)] = None
    title: Annotated[str | None, Field(description="title, when sending text", max_length=1000)] = None
    include_text: Annotated[bool, Field(description="include article.text in the answer")] = True

    @model_validator(mode="after")
    def _exactly_one(self) -> AnalyzeRequest:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
        return self


class ErrorDetail(_Closed):
    loc: list[str | int]
    msg: str


class ErrorResponse(_Closed):
    """Every error the service answers with (never a stack trace)."""

    ok: Literal[False] = False
    status: int
    code: Annotated[str, Field(description="presslens error code, e.g. E010", pattern=r"^E\d{3}$")]
    error: Annotated[str, Field(description="error class, e.g. BlockedURL")]
    message: str
    errors: list[ErrorDetail] = []


class Health(_Closed):
    status: Literal["ok", "starting"]
    presslens: str
    schema_version: str
    pipeline_loaded: bool
    in_flight: NonNegInt
    capacity: NonNegInt
    store: bool


__all__ = [
    "ATTRS_BY_LABEL",
    "AnalyzeRequest",
    "ArticleDoc",
    "DossierDocument",
    "ErrorResponse",
    "FindingDoc",
    "Health",
    "attrs_model",
    "document_to_dossier",
    "summaries_from_json",
]
