"""The pipeline: Article → shared NLP pass → analyzers in dependency order → Dossier."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

from . import __version__
from .analyzers.base import NLP_PROVIDES, Analyzer, Context, TimeBudgetExceeded
from .article import INCOMPLETE_FLAGS, Article
from .config import Settings
from .dossier.attrs import AttrsError, validate_attrs
from .dossier.model import SCHEMA_VERSION, AnalyzerRun, Dossier, Failure, Finding
from .errors import AnalyzerError, ConfigError, EmptyInput, InputError, PresslensError, error, message_of
from .ingest.language import TOO_SHORT, detect_language
from .nlp import NLP, NLPDoc, load_nlp
from .registry import analyzers as analyzer_registry

log = logging.getLogger(__name__)


def resolve_order(names: Iterable[str]) -> list[type[Analyzer]]:
    """Analyzer classes for ``names`` plus their ``analyzer:`` requirements, in dependency order.

    Raises:
        ConfigError: unknown name, cyclic requirements or a requirement nothing provides.
    """
    classes: dict[str, type[Analyzer]] = {}
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in classes:
            return
        if name in visiting:
            raise error(ConfigError, "E021", name=name, need="(cyclic analyzer requirement)")
        visiting.add(name)
        cls = analyzer_registry.get(name)
        for req in cls.requires:
            if req.startswith("analyzer:"):
                visit(req.split(":", 1)[1])
            elif req not in NLP_PROVIDES:
                raise error(ConfigError, "E021", name=name, need=req)
        visiting.discard(name)
        classes[name] = cls
        order.append(name)

    names = list(names)
    selected = set(names)

    def visit_with_uses(name: str) -> None:
        for used in analyzer_registry.get(name).uses:
            if used in selected and used not in classes:
                visit_with_uses(used)
        visit(name)

    for n in names:
        visit_with_uses(n)
    return [classes[n] for n in order]


class Pipeline:
    """A configured analysis run: one NLP pipeline and a list of analyzer instances.

    Args:
        settings: the run's settings (analyzers, model, parse mode…).
        nlp: an already loaded :class:`~presslens.nlp.NLP` to share (optional).

    Example:
        >>> pipe = Pipeline(Settings(analyzers=("presslens.voice.v1",)))
        >>> dossier = pipe.analyze(Article("As we wrote yesterday, it is clear."))
    """

    def __init__(self, settings: Settings | None = None, nlp: NLP | None = None) -> None:
        self.settings = settings or Settings()
        names = self.settings.analyzers if self.settings.analyzers is not None else analyzer_registry.defaults()
        self.analyzer_classes = resolve_order(names)
        self.nlp = nlp or load_nlp(self.settings.model, self.settings.parse)
        self.analyzers: list[Analyzer] = [
            cls(self.settings, **self.settings.options_for(cls.name)) for cls in self.analyzer_classes
        ]

    def describe(self) -> dict[str, Any]:
        return {
            "presslens": __version__,
            "nlp": self.nlp.describe(),
            "analyzers": [{"name": a.name, "version": a.version} for a in self.analyzers],
        }

    # -- single article -------------------------------------------------------------------------------
    def analyze(self, article: Article) -> Dossier:
        """Analyse one article. Raises InputError for input that cannot be analysed."""
        article = _prepare(article, self.settings)
        t0 = time.perf_counter()
        doc = self.nlp(article)
        return self._run(doc, time.perf_counter() - t0)

    def analyze_doc(self, doc: Doc, article: Article) -> Dossier:
        """Analyse an article whose spaCy Doc someone else made (``doc.text == article.text``).

        The path of the presslens spaCy components (:mod:`presslens.components`): the same analyzers,
        language gate and dossier as :meth:`analyze`, on the host pipeline's Doc instead of a new NLP pass.
        """
        if doc.text != article.text:
            raise ValueError("the Doc's text differs from the article's text: offsets would not match")
        article = _prepare(article, self.settings)
        return self._run(NLPDoc(article, doc, self.nlp), 0.0)

    def analyze_many(self, items: Iterable[Article | Failure]) -> Iterator[Dossier | Failure]:
        """Analyse a stream of articles in spaCy batches; failures pass through, nothing is dropped."""
        batch: list[Article] = []
        for item in items:
            if isinstance(item, Failure):
                yield from self._flush(batch)
                batch = []
                yield item
                continue
            try:
                batch.append(_prepare(item, self.settings))
            except PresslensError as exc:
                yield Failure(item.origin or item.id, exc.code, exc.message, stage="ingest")
                continue
            if len(batch) >= self.settings.batch_size:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def _flush(self, batch: list[Article]) -> Iterator[Dossier | Failure]:
        if not batch:
            return
        t0 = time.perf_counter()
        try:
            docs = list(self.nlp.pipe(batch, batch_size=self.settings.batch_size))
        except Exception:  # one bad article must not sink the batch: retry one by one
            log.warning("spaCy batch failed; retrying %d articles one by one", len(batch))
            for art in batch:
                try:
                    yield self.analyze(art)
                except Exception as exc:
                    if self.settings.strict:
                        raise
                    yield Failure(art.origin or art.id, getattr(exc, "code", "E040"), message_of(exc), stage="nlp")
            return
        per = (time.perf_counter() - t0) / len(batch)
        for doc in docs:
            try:
                yield self._run(doc, per)
            except Exception as exc:
                if self.settings.strict:
                    raise
                yield Failure(doc.article.origin or doc.article.id, getattr(exc, "code", "E040"), message_of(exc),
                              "analyze")

    def _skip_reason(self, analyzer: Analyzer, article: Article) -> str:
        """Why ``analyzer`` must not run on ``article`` ("" if it may).

        Language-bound analyzers run when the detected language is one of theirs with at least
        ``settings.min_language_confidence``, and on texts too short to identify (a headline, a sentence: the
        analyzers' own language is assumed, and the dossier says so). Anything else is skipped with a reason.
        """
        langs = analyzer.languages
        lang = article.language
        if langs is not None and not (lang.code == "und" and lang.method == TOO_SHORT):
            if lang.code == "und":
                return f"article language could not be determined; analyzer supports {list(langs)}"
            if lang.code not in langs:
                return f"article language is {lang.code!r} (confidence {lang.confidence:.2f}); analyzer supports {list(langs)}"
            if lang.confidence < self.settings.min_language_confidence:
                return (f"article language {lang.code!r} detected with confidence {lang.confidence:.2f}, below "
                        f"min_language_confidence {self.settings.min_language_confidence}")
        if "nlp.parse" in analyzer.requires and not self.nlp.can_parse:
            return "dependency parsing is disabled (parse='none')"
        return ""

    def _run(self, doc: NLPDoc, nlp_seconds: float) -> Dossier:
        article = doc.article
        budget = self.settings.time_budget
        deadline = time.perf_counter() + budget if budget > 0 else None
        ctx = Context(article=article, nlp=doc, settings=self.settings, deadline=deadline)
        dossier = Dossier(article=article)
        timing: dict[str, float] = {"nlp": nlp_seconds}
        seen_ids: set[str] = set()
        for analyzer in self.analyzers:
            reason = self._skip_reason(analyzer, article)
            if not reason and deadline is not None and time.perf_counter() > deadline:
                dossier.runs.append(AnalyzerRun(analyzer.name, analyzer.version, "failed",
                                                f"time budget of {budget:g} s per article spent before it ran"))
                continue
            missing = [r.split(":", 1)[1] for r in analyzer.requires if r.startswith("analyzer:")
                       and r.split(":", 1)[1] not in ctx.results]
            if not reason and missing:
                reason = f"required analyzer(s) {missing} did not run"
            if reason:
                dossier.runs.append(AnalyzerRun(analyzer.name, analyzer.version, "skipped", reason))
                continue
            t0 = time.perf_counter()
            try:
                result = analyzer.analyze(ctx)
                _check(result.findings, article.text, analyzer.name, seen_ids)
            except Exception as exc:
                why = message_of(exc)
                if self.settings.strict and not isinstance(exc, TimeBudgetExceeded):
                    # stop here, naming the analyzer (the cause keeps the traceback)
                    raise error(AnalyzerError, "E040", name=analyzer.name, why=why) from exc
                # Recorded in the dossier (runs[].status == "failed"); callers (the CLI) report it. The traceback
                # is logged at DEBUG level (``presslens -v``).
                log.debug("analyzer %s failed on %s: %s", analyzer.name, article.origin or article.id, why,
                          exc_info=exc)
                dossier.runs.append(AnalyzerRun(analyzer.name, analyzer.version, "failed", why,
                                                time.perf_counter() - t0))
                continue
            dt = time.perf_counter() - t0
            timing[analyzer.name] = dt
            ctx.results[analyzer.name] = result
            seen_ids.update(f.id for f in result.findings)
            dossier.findings.extend(result.findings)
            dossier.summaries.merge(analyzer.capability, result.summary)
            dossier.indicators.update(result.indicators)
            dossier.runs.append(AnalyzerRun(analyzer.name, analyzer.version, "ok", "", dt, len(result.findings)))
        _overall(dossier)
        dossier.provenance = {
            "presslens": __version__,
            "schema_version": SCHEMA_VERSION,
            "nlp": self.nlp.describe(),
            "profile": self.settings.profile,
            "sentences": len(doc.sents),
            "sentences_parsed": doc.n_parsed,
            "timing_seconds": {k: round(v, 5) for k, v in timing.items()},
        }
        return dossier


def _prepare(article: Article, settings: Settings) -> Article:
    """Refuse what cannot be analysed and detect the language if ingestion did not."""
    if not article.text.strip():
        raise error(EmptyInput, "E001", what=article.origin or "the article")
    if len(article.text) > settings.max_chars:
        raise error(InputError, "E007", what=article.origin or "the article", size=len(article.text),
                    limit=settings.max_chars)
    if article.language.method == "unset":
        article = dataclasses.replace(article, language=detect_language(article.text))
    return article


def _check(findings: list[Finding], text: str, name: str, seen_ids: set[str]) -> None:
    """The evidence contract: every finding slices exactly from the analysed text over a non-reversed span,
    its id is unique in the dossier (``seen_ids``: ids of the analyzers that ran before), and the attrs of a
    label with a typed class (:mod:`presslens.dossier.attrs`) follow that class."""
    ids: set[str] = set()
    for f in findings:
        if f.analyzer != name:
            raise ValueError(f"finding {f.id} claims analyzer {f.analyzer!r}")
        try:
            validate_attrs(f.label, f.attrs)
        except AttrsError as exc:
            raise AttrsError(f"analyzer {name} wrote {f.id}: {exc}") from None
        if not 0 <= f.start <= f.end <= len(text) or text[f.start : f.end] != f.text:
            raise ValueError(f"finding {f.id} does not slice from the text at {f.start}..{f.end}")
        if f.id in ids or f.id in seen_ids:
            raise ValueError(f"finding id {f.id!r} is not unique in the dossier")
        ids.add(f.id)


def _overall(dossier: Dossier) -> None:
    words = max(1, dossier.article.word_count)
    flags = sorted({f.code for f in dossier.article.flags} & INCOMPLETE_FLAGS)
    if flags:
        # A teaser is never scored as if it were the article: article-level scores are withheld (findings
        # stay, each still tied to its evidence).
        withheld = {k: v for k, v in dossier.indicators.items() if k.endswith("_score") and v is not None}
        for k in withheld:
            dossier.indicators[k] = None
        dossier.indicators["scores_withheld"] = {"because": flags, "scores": withheld}
    counts: dict[str, int] = {}
    for f in dossier.findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    dossier.indicators.setdefault("words", dossier.article.word_count)
    dossier.indicators["findings_by_kind"] = dict(sorted(counts.items()))
    dossier.indicators["findings_per_1000_words"] = round(1000 * len(dossier.findings) / words, 2)


__all__ = ["Pipeline", "resolve_order"]
