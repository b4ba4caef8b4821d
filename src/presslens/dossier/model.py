"""Findings, failures and the Dossier: the machine-readable result of an analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..article import Article
from .attrs import Attrs, attrs_class
from .summaries import Summaries

_A = TypeVar("_A", bound=Attrs)

#: Version of the JSON document shape; bump on any change and log it in docs/schema.md.
SCHEMA_VERSION = "1.2"

#: Capabilities a finding may belong to (``Finding.kind``).
KINDS = ("editorial", "attribution", "claims", "persuasion", "provenance", "quality")


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence-linked output.

    Attributes:
        kind: capability, one of :data:`KINDS`.
        label: ``capability.name`` (``editorial.outlet_voice``, ``persuasion.loaded_language``…).
        start, end: character offsets into ``Article.text``; ``text == article.text[start:end]``.
        text: the covered text.
        score: confidence or strength in [0, 1].
        analyzer: registered name of the producing analyzer (``presslens.voice.v1``).
        attrs: label-specific details in their JSON form (lemma, outlet name, speaker id…). For a label
            with a typed class (:mod:`presslens.dossier.attrs`) they follow that class: build them through it
            and read them with :meth:`attrs_as` (or :attr:`details`), never by key.
        id: unique within a dossier; other findings refer to it from ``attrs``.
    """

    kind: str
    label: str
    start: int
    end: int
    text: str
    score: float
    analyzer: str
    attrs: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Finding.kind {self.kind!r} is not one of {KINDS}")
        if not (0 <= self.start <= self.end):
            raise ValueError(f"Finding offsets out of order: {self.start}..{self.end}")
        if not (0.0 <= self.score <= 1.0):
            raise ValueError(f"Finding.score {self.score} is outside [0, 1]")
        if not self.id:
            object.__setattr__(self, "id", f"{self.label}@{self.start}-{self.end}")

    @classmethod
    def from_span(
        cls,
        text: str,
        start: int,
        end: int,
        *,
        kind: str,
        label: str,
        score: float,
        analyzer: str,
        attrs: Attrs | dict[str, Any] | None = None,
        id: str = "",
    ) -> Finding:
        """Build a finding over ``text[start:end]``, so the text always matches the offsets.

        ``attrs`` is the typed attrs object of the label (stored in its JSON form), or a plain dict for a
        label without a typed class (third-party analyzers).
        """
        if end > len(text):
            raise ValueError(f"Finding end {end} beyond text length {len(text)}")
        data = attrs.to_dict() if isinstance(attrs, Attrs) else dict(attrs or {})
        return cls(kind, label, start, end, text[start:end], float(score), analyzer, data, id)

    @property
    def details(self) -> Attrs | None:
        """The typed attrs of this finding (None for a label without a typed class).

        Raises:
            AttrsError: the attrs do not follow the label's class.
        """
        cls = attrs_class(self.label)
        return cls.from_dict(self.attrs) if cls is not None else None

    def attrs_as(self, cls: type[_A]) -> _A:
        """The attrs as ``cls``, the typed class of this finding's label
        (``f.attrs_as(QuoteAttrs).speaker_name``).

        Raises:
            TypeError: ``cls`` is not the class of this label.
            AttrsError: the attrs do not follow it.
        """
        own = attrs_class(self.label)
        if own is not cls:
            raise TypeError(f"{self.label} attrs are {own.__name__ if own else 'free-form'}, not {cls.__name__}")
        return cls.from_dict(self.attrs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "analyzer": self.analyzer,
            "attrs": self.attrs,
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be analysed, with the reason (batches record these and go on)."""

    origin: str
    code: str
    message: str
    stage: str = "ingest"

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "code": self.code, "message": self.message, "stage": self.stage}


@dataclass(slots=True)
class AnalyzerRun:
    """What happened to one analyzer on one article: ran, skipped (and why) or failed."""

    name: str
    version: str
    status: str  # "ok" | "skipped" | "failed"
    reason: str = ""
    seconds: float = 0.0
    n_findings: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "status": self.status,
            "reason": self.reason,
            "seconds": round(self.seconds, 5),
            "n_findings": self.n_findings,
        }


@dataclass(slots=True)
class Dossier:
    """The credibility dossier of one article."""

    article: Article
    findings: list[Finding] = field(default_factory=list)
    summaries: Summaries = field(default_factory=Summaries)
    indicators: dict[str, Any] = field(default_factory=dict)
    runs: list[AnalyzerRun] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    def by_label(self, label: str) -> list[Finding]:
        """Findings whose label equals ``label`` or starts with ``label + '.'``."""
        return [f for f in self.findings if f.label == label or f.label.startswith(label + ".")]

    def by_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def check_offsets(self) -> None:
        """Raise ValueError if any finding's text does not slice exactly from the article text."""
        text = self.article.text
        for f in self.findings:
            if f.end > len(text) or text[f.start : f.end] != f.text:
                raise ValueError(f"Finding {f.id} does not match article text at {f.start}..{f.end}")

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        art = self.article.to_dict()
        if not include_text:
            art.pop("text", None)
        return {
            "schema_version": SCHEMA_VERSION,
            "article": art,
            "findings": [f.to_dict() for f in sorted(self.findings, key=lambda f: (f.start, f.end, f.label))],
            "summaries": self.summaries.to_dict(),
            "indicators": self.indicators,
            "analyzers": [r.to_dict() for r in self.runs],
            "provenance": self.provenance,
        }

    # -- output (the renderers are imported on use: they import this module) ----------------------------
    def to_json(self, *, include_text: bool = True, indent: int | None = 2) -> str:
        """The dossier as JSON text (the document :meth:`to_dict` builds; schema in ``presslens schema``)."""
        import json

        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        """The self-contained HTML report page (what ``presslens analyze --format html`` writes)."""
        from ..render.html import render_html

        return render_html([self])

    def to_markdown(self) -> str:
        """The Markdown brief (what ``presslens analyze --format md`` writes)."""
        from ..render.markdown import render_markdown

        return render_markdown([self])

    def _repr_html_(self) -> str:
        """Jupyter's inline display: the article report with its styles scoped to the cell."""
        from ..render.notebook import render_inline

        return render_inline(self)


__all__ = ["KINDS", "SCHEMA_VERSION", "AnalyzerRun", "Dossier", "Failure", "Finding"]
