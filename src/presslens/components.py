"""presslens analyzers as spaCy pipeline components.

Each built-in analyzer is a registered spaCy factory named ``presslens_<name>`` (``presslens_quotes``,
``presslens_claims``, ``presslens_persuasion``…), and the factory ``presslens`` runs a chosen set (all
built-ins by default). They are registered through the ``spacy_factories`` entry points, so after
``pip install presslens`` a spaCy config or ``nlp.add_pipe("presslens_quotes")`` finds them without an import::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("presslens_quotes")
    doc = nlp(text)
    for span in doc.spans["presslens_quotes"]:
        print(span._.speaker, span.text)

A component is a thin adapter: it wraps the host pipeline (:meth:`NLP.from_language`) and calls
:meth:`Pipeline.analyze_doc`, the code path of :func:`presslens.analyze`, on the host's Doc (no second NLP
pass, no second implementation). An analyzer's ``analyzer:`` requirements run inside the component
(``presslens_claims`` also runs the quantity finder). What it writes:

- ``doc._.presslens_findings``: every finding of the presslens components run so far (list of
  :class:`~presslens.dossier.Finding`, offsets into ``doc.text``);
- ``doc._.presslens_summaries`` and ``doc._.presslens_indicators``: the dossier's summaries (in their JSON form,
  ``Dossier.summaries.to_dict()``) and indicators;
- ``doc._.presslens_runs``: what each analyzer did (``ok``, ``skipped`` with the reason, ``failed``);
- ``doc.spans["presslens_<group>"]``: one span per finding, labelled with the finding label; the group is
  :func:`span_key` of the label (``presslens_quotes``, ``presslens_speakers``, ``presslens_cues``,
  ``presslens_claims``, ``presslens_quantities``, ``presslens_persuasion``, else the analyzer's name);
- span extensions: ``span._.finding`` (the Finding), ``span._.technique`` (PTC technique of a persuasion span),
  ``span._.speaker`` (resolved speaker of a quote), ``span._.score``.

Article metadata (outlet, URL, date…) can be given by setting ``doc._.presslens_article`` to an
:class:`~presslens.Article` with the same text before the component runs. Everything is stored as plain data in
``doc.user_data``, so Docs stay serialisable (``DocBin``, ``nlp.pipe(n_process=2)``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .article import Article
from .config import Settings
from .dossier.attrs import QuoteAttrs, TechniqueAttrs
from .dossier.model import AnalyzerRun, Dossier, Finding
from .ingest.text import from_text
from .nlp import NLP
from .pipeline import Pipeline
from .registry import BUILTIN_ANALYZERS

#: Where a component keeps its plain-data results in ``doc.user_data``.
USER_DATA_KEY = "presslens"

#: Finding labels with their own span group (others go to ``presslens_<analyzer short name>``).
LABEL_SPAN_KEYS = {
    "attribution.quote": "presslens_quotes",
    "attribution.cue": "presslens_cues",
    "attribution.speaker": "presslens_speakers",
    "claims.claim": "presslens_claims",
    "claims.quantity": "presslens_quantities",
    "claims.duration": "presslens_quantities",
}


def factory_name(analyzer: str) -> str:
    """The spaCy factory name of a registered analyzer: ``presslens.quotes.v1`` → ``presslens_quotes``."""
    return "presslens_" + analyzer.split(".")[-2]


#: spaCy factory name → the analyzer it runs, for every built-in analyzer.
FACTORIES: dict[str, str] = {factory_name(name): name for name in BUILTIN_ANALYZERS}


def span_key(finding: Finding) -> str:
    """The ``doc.spans`` key a finding goes to."""
    if finding.label in LABEL_SPAN_KEYS:
        return LABEL_SPAN_KEYS[finding.label]
    if finding.kind == "persuasion":
        return "presslens_persuasion"
    return factory_name(finding.analyzer)


class PresslensComponent:
    """A spaCy component running presslens analyzers on the host pipeline's Doc.

    Args:
        nlp: the host pipeline (spaCy passes it).
        name: the component's name in the host pipeline.
        analyzers: registered analyzer names to run (their ``analyzer:`` requirements run too); None runs
            the default set of :func:`presslens.analyze`.
        strict: re-raise analyzer crashes instead of recording them as failed runs.
        min_language_confidence: as in :class:`~presslens.Settings`.
    """

    def __init__(self, nlp: Language, name: str, analyzers: Iterable[str] | None, strict: bool = False,
                 min_language_confidence: float = 0.5) -> None:
        self.name = name
        self.language = nlp
        self.settings = Settings(analyzers=tuple(analyzers) if analyzers is not None else None, parse="full",
                                 strict=strict,
                                 min_language_confidence=min_language_confidence)
        self._pipeline: Pipeline | None = None
        _register_extensions()

    @property
    def pipeline(self) -> Pipeline:
        """The presslens pipeline over the host (built on first use: analyzers load their models once)."""
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings, nlp=NLP.from_language(self.language))
        return self._pipeline

    def __call__(self, doc: Doc) -> Doc:
        if not doc.text.strip():
            return doc
        dossier = self.pipeline.analyze_doc(doc, _article(doc))
        _store(doc, dossier)
        return doc


def _article(doc: Doc) -> Article:
    given = doc._.presslens_article
    if isinstance(given, Article) and given.text == doc.text:
        return given
    article = from_text(doc.text, origin="spacy")
    if article.text != doc.text:  # from_text normalised newlines: keep the Doc's text, offsets index it
        article = Article(doc.text, origin="spacy", language=article.language)
    return article


def _store(doc: Doc, dossier: Dossier) -> None:
    data = doc.user_data.setdefault(USER_DATA_KEY, {"findings": [], "summaries": {}, "indicators": {}, "runs": []})
    seen = {f["id"] for f in data["findings"]}
    new = [f for f in dossier.findings if f.id not in seen]
    data["findings"].extend(dataclasses.asdict(f) for f in new)
    data["findings"].sort(key=lambda f: (f["start"], f["end"], f["label"]))
    for cap, summary in dossier.summaries.to_dict().items():
        data["summaries"].setdefault(cap, {}).update(summary)
    data["indicators"].update(dossier.indicators)
    data["runs"].extend(r.to_dict() for r in dossier.runs)
    for f in new:
        span = doc.char_span(f.start, f.end, label=f.label, alignment_mode="expand")
        if span is None:  # cannot happen with alignment_mode="expand" on offsets inside the text
            continue
        key = span_key(f)
        group = list(doc.spans[key]) if key in doc.spans else []
        doc.spans[key] = [*group, span]


def _plain(v: Any) -> Any:
    """Lists again where a msgpack round trip (DocBin, ``nlp.pipe(n_process=…)``) made tuples."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def _finding(d: dict[str, Any]) -> Finding:
    return Finding(**{**d, "attrs": _plain(d["attrs"])})


def _findings(doc: Doc) -> list[Finding]:
    data = doc.user_data.get(USER_DATA_KEY)
    return [_finding(f) for f in data["findings"]] if data else []


def _finding_of(span: Span) -> Finding | None:
    """The finding behind a span of a presslens span group (same label and token-aligned offsets)."""
    data = span.doc.user_data.get(USER_DATA_KEY)
    if not data:
        return None
    for f in data["findings"]:
        if f["label"] != span.label_:
            continue
        s = span.doc.char_span(f["start"], f["end"], alignment_mode="expand")
        if s is not None and s.start_char == span.start_char and s.end_char == span.end_char:
            return _finding(f)
    return None


def _technique(span: Span) -> str | None:
    """``span._.technique``: the PTC technique of a persuasion span (None for other spans)."""
    f = _finding_of(span)
    d = f.details if f else None
    return d.technique if isinstance(d, TechniqueAttrs) else None


def _speaker(span: Span) -> str | None:
    """``span._.speaker``: the resolved speaker's name of a quote span (None for other spans)."""
    f = _finding_of(span)
    d = f.details if f else None
    return d.speaker_name if isinstance(d, QuoteAttrs) else None


def _data(key: str) -> Any:
    def get(doc: Doc) -> Any:
        data = doc.user_data.get(USER_DATA_KEY)
        return _plain(data[key]) if data else ({} if key != "runs" else [])

    return get


def _runs(doc: Doc) -> list[AnalyzerRun]:
    return [AnalyzerRun(**r) for r in _data("runs")(doc)]


def _register_extensions() -> None:
    if Doc.has_extension("presslens_findings"):
        return
    Doc.set_extension("presslens_findings", getter=_findings)
    Doc.set_extension("presslens_summaries", getter=_data("summaries"))
    Doc.set_extension("presslens_indicators", getter=_data("indicators"))
    Doc.set_extension("presslens_runs", getter=_runs)
    Doc.set_extension("presslens_article", default=None)
    Span.set_extension("finding", getter=_finding_of)
    Span.set_extension("technique", getter=_technique)
    Span.set_extension("speaker", getter=_speaker)
    Span.set_extension("score", getter=lambda span: (f.score if (f := _finding_of(span)) else None))


def _make(analyzers: tuple[str, ...]) -> Any:
    def make(nlp: Language, name: str, strict: bool, min_language_confidence: float) -> PresslensComponent:
        return PresslensComponent(nlp, name, analyzers, strict=strict, min_language_confidence=min_language_confidence)

    return make


_DEFAULTS = {"strict": False, "min_language_confidence": 0.5}

for _factory, _analyzer in FACTORIES.items():
    Language.factory(_factory, default_config=_DEFAULTS, func=_make((_analyzer,)))


@Language.factory("presslens", default_config={"analyzers": None, **_DEFAULTS})
def make_presslens(nlp: Language, name: str, analyzers: list[str] | None, strict: bool,
                   min_language_confidence: float) -> PresslensComponent:
    """The ``presslens`` factory: the named analyzers (default: those :func:`presslens.analyze` runs) in one
    component."""
    return PresslensComponent(nlp, name, analyzers, strict=strict, min_language_confidence=min_language_confidence)


__all__ = ["FACTORIES", "LABEL_SPAN_KEYS", "PresslensComponent", "factory_name", "make_presslens", "span_key"]
