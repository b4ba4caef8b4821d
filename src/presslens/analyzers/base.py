"""The analyzer contract: what an analyzer declares, receives and returns.

An analyzer is a class with a registered, versioned ``name``, the ``capability`` its findings belong to,
what it ``requires`` and what it ``produces``, and an :meth:`Analyzer.analyze` method that reads a
:class:`Context` and returns a :class:`Result`. It never edits another analyzer's output.

Requirement strings:
    ``nlp.sents``, ``nlp.tags``, ``nlp.lemmas``, ``nlp.ents`` (base pass), ``nlp.parse`` (lazy or full
    dependency parse), or ``analyzer:<name>`` (another analyzer's :class:`Result` must be available; it
    runs first).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..article import Article
from ..config import Settings
from ..dossier.attrs import Attrs
from ..dossier.model import KINDS, Finding
from ..dossier.summaries import Summary
from ..errors import ConfigError, error

if TYPE_CHECKING:  # spaCy stays unloaded until a pipeline is built (`presslens analyzers` starts fast)
    from ..nlp import NLPDoc

#: What the base NLP pass provides (``nlp.parse`` depends on the parse mode).
#: Model card of the shared encoder (``presslens.model_cards``), listed for every analyzer that reads it.
ENCODER_CARD = "presslens-minilm-mt-int8"
NLP_PROVIDES = ("nlp.sents", "nlp.tags", "nlp.lemmas", "nlp.ents", "nlp.parse")


@dataclass(slots=True)
class Result:
    """What one analyzer returns for one article.

    Attributes:
        findings: evidence-linked findings (offsets into ``Article.text``).
        summary: typed summaries (:mod:`presslens.dossier.summaries`), stored in ``Dossier.summaries``;
            a third-party analyzer may return a plain ``dict`` instead (kept in ``Dossier.summaries.extra``).
        indicators: article-level scalar indicators, merged into ``Dossier.indicators``.
        data: a typed object later analyzers may read through ``ctx.results[name].data`` (not serialised);
            its class is documented by the producing analyzer (``AttributionData`` for quotes…).
    """

    findings: list[Finding] = field(default_factory=list)
    summary: Summary | list[Summary] | dict[str, Any] = field(default_factory=list)
    indicators: dict[str, Any] = field(default_factory=dict)
    data: Any = None


class TimeBudgetExceeded(Exception):
    """An article's analysis time budget (``Settings.time_budget``) is spent; raised at a checkpoint."""


@dataclass(slots=True)
class Context:
    """What an analyzer sees: the article, its NLP document, settings and earlier analyzers' results."""

    article: Article
    nlp: NLPDoc
    settings: Settings
    results: dict[str, Result] = field(default_factory=dict)
    #: Finding ids already issued for this article (by any analyzer); see :meth:`new_id`.
    ids: set[str] = field(default_factory=set)
    #: ``time.perf_counter()`` value after which :meth:`check_time` raises (None: no limit).
    deadline: float | None = None

    @property
    def text(self) -> str:
        return self.article.text

    def check_time(self) -> None:
        """A checkpoint: raise :class:`TimeBudgetExceeded` when the article's time budget is spent.

        Analyzers call it once per sentence (or similar unit) in their loops, so that an article that would
        take too long fails alone instead of holding up a batch.
        """
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise TimeBudgetExceeded(f"time budget of {self.settings.time_budget:g} s per article spent")

    def new_id(self, label: str, start: int, end: int) -> str:
        """A finding id unique within this article's dossier: ``label@start-end``, then ``…#2``, ``#3`` for
        further findings with the same label and offsets (two quotes of one span with different cues)."""
        base = f"{label}@{start}-{end}"
        fid, n = base, 1
        while fid in self.ids:
            n += 1
            fid = f"{base}#{n}"
        self.ids.add(fid)
        return fid


class Analyzer(ABC):
    """Base class of every analyzer (built-in or plugin).

    Subclasses set the class attributes and implement :meth:`analyze`. ``__init__`` receives the run's
    settings and this analyzer's options (``settings.options_for(name)``); load models there, once.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    capability: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ("nlp.sents",)
    #: Analyzers whose results are used when they are selected too (run first if so), e.g. claims use
    #: attribution when it runs; read them with ``ctx.results.get(name)``.
    uses: ClassVar[tuple[str, ...]] = ()
    produces: ClassVar[tuple[str, ...]] = ()
    #: Languages the analyzer is valid for (ISO 639-1); None means any language.
    languages: ClassVar[tuple[str, ...] | None] = ("en",)
    #: Profiles (``Settings.profile``) under which the analyzer reads the shared encoder
    #: (:func:`presslens.encoders.sentence_states`); empty if it never does.
    encoder_profiles: ClassVar[tuple[str, ...]] = ()
    #: One line for docs and ``presslens analyzers``.
    description: ClassVar[str] = ""
    #: Shipped models this analyzer uses (keys of :data:`presslens.model_cards.CARDS`); their terms are shown
    #: by ``presslens analyzers``.
    model_cards: ClassVar[tuple[str, ...]] = ()
    #: Keyword options the analyzer accepts (``[analyzer."NAME"]`` in a config file); any other key is a
    #: ConfigError naming the valid ones, so a misspelled option never goes silently unused.
    option_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Settings | None = None, **options: Any) -> None:
        self.settings = settings or Settings()
        unknown = sorted(set(options) - set(self.option_names))
        if unknown:
            valid = ", ".join(self.option_names) or "none"
            raise error(ConfigError, "E022", key=f"analyzer.{self.name}.{unknown[0]}",
                        why=f"unknown option for {self.name}; valid options: {valid}")
        self.options = options

    @abstractmethod
    def analyze(self, ctx: Context) -> Result:
        """Analyse one article and return findings, summary and indicators."""

    def finding(self, ctx: Context, start: int, end: int, label: str, score: float, attrs: Attrs | None = None, *,
                fid: str = "", **free: Any) -> Finding:
        """Build a finding of this analyzer over ``ctx.text[start:end]`` (text always matches offsets).

        ``attrs`` is the typed attrs object of the label (:mod:`presslens.dossier.attrs`); keyword arguments
        instead give free-form attrs, for a label without a typed class (a plugin's own labels). The pipeline
        checks the attrs of every registered label against its class.

        The finding's kind is the label's prefix when that is a known capability (``quality.missing_media``
        → ``quality``), else the analyzer's capability. Its id comes from :meth:`Context.new_id` (unique in
        the dossier by construction) unless ``fid``, an id reserved earlier with ``ctx.new_id``, is given.
        """
        if attrs is not None and free:
            raise TypeError(f"{self.name}: {label} got typed attrs and free keys {sorted(free)}; put them in one place")
        prefix = label.split(".", 1)[0]
        kind = prefix if prefix in KINDS else self.capability
        return Finding.from_span(
            ctx.text, start, end, kind=kind, label=label, score=score, analyzer=self.name,
            attrs=attrs if attrs is not None else free,
            id=fid or ctx.new_id(label, start, end),
        )

    @classmethod
    def model_names(cls) -> tuple[str, ...]:
        """The shipped models the analyzer uses: its ``model_cards``, plus the shared encoder when it reads it."""
        names = tuple(cls.model_cards)
        if cls.encoder_profiles and ENCODER_CARD not in names:
            names += (ENCODER_CARD,)
        return names

    @classmethod
    def info(cls) -> dict[str, Any]:
        return {
            "name": cls.name,
            "version": cls.version,
            "capability": cls.capability,
            "requires": list(cls.requires),
            "produces": list(cls.produces),
            "uses": list(cls.uses),
            "languages": list(cls.languages) if cls.languages else None,
            "description": cls.description,
            "encoder_profiles": list(cls.encoder_profiles),
            "models": [_model_info(m) for m in cls.model_names()],
        }


def _model_info(name: str) -> dict[str, str]:
    from ..model_cards import card

    c = card(name)
    return {"name": c.name, "terms": c.terms, "data": c.data, "data_licence": c.data_licence, "card": c.card}


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Drop findings with the same label and offsets, keeping the highest score."""
    best: dict[tuple[str, int, int], Finding] = {}
    for f in findings:
        key = (f.label, f.start, f.end)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.label))


__all__ = ["NLP_PROVIDES", "Analyzer", "Context", "Result", "TimeBudgetExceeded", "dedupe"]
