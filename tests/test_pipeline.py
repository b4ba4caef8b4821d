from __future__ import annotations

from typing import ClassVar

import pytest

from presslens import Article, Failure, Settings
from presslens.analyzers.base import Analyzer, Context, Result
from presslens.dossier.model import Finding
from presslens.errors import ConfigError, EmptyInput
from presslens.ingest import from_text
from presslens.pipeline import Pipeline, resolve_order
from presslens.registry import analyzers


@analyzers.register("tests.crash.v1")
class CrashAnalyzer(Analyzer):
    name: ClassVar[str] = "tests.crash.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        raise RuntimeError("boom")


@analyzers.register("tests.liar.v1")
class LiarAnalyzer(Analyzer):
    name: ClassVar[str] = "tests.liar.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        return Result(findings=[Finding("editorial", "editorial.x", 0, 3, "???", 0.5, self.name)])


@analyzers.register("tests.needs_voice.v1")
class NeedsVoice(Analyzer):
    name: ClassVar[str] = "tests.needs_voice.v1"
    capability: ClassVar[str] = "editorial"
    requires: ClassVar[tuple[str, ...]] = ("analyzer:presslens.voice.v1",)

    def analyze(self, ctx: Context) -> Result:
        voice = ctx.results["presslens.voice.v1"]
        return Result(summary={"seen_voice_findings": len(voice.findings)})


@analyzers.register("tests.needs_magic.v1")
class NeedsMagic(Analyzer):
    name: ClassVar[str] = "tests.needs_magic.v1"
    capability: ClassVar[str] = "editorial"
    requires: ClassVar[tuple[str, ...]] = ("nlp.magic",)

    def analyze(self, ctx: Context) -> Result:
        return Result()


def _pipe(*names: str, **kw) -> Pipeline:
    return Pipeline(Settings(analyzers=names, **kw))


def test_resolve_order_pulls_in_requirements():
    order = [c.name for c in resolve_order(["tests.needs_voice.v1"])]
    assert order == ["presslens.voice.v1", "tests.needs_voice.v1"]


def test_unknown_analyzer_lists_available():
    with pytest.raises(ConfigError, match=r"presslens\.voice\.v1"):
        resolve_order(["presslens.nope.v1"])


def test_unmet_requirement_is_named():
    with pytest.raises(ConfigError, match=r"nlp\.magic"):
        resolve_order(["tests.needs_magic.v1"])


def test_crashing_analyzer_is_recorded_not_raised():
    d = _pipe("tests.crash.v1", "presslens.voice.v1").analyze(from_text("As we wrote, this is extremely bad."))
    runs = {r.name: r for r in d.runs}
    assert runs["tests.crash.v1"].status == "failed"
    assert "boom" in runs["tests.crash.v1"].reason
    assert runs["presslens.voice.v1"].status == "ok"
    assert d.by_label("editorial.outlet_voice")


def test_strict_mode_reraises():
    with pytest.raises(RuntimeError):
        _pipe("tests.crash.v1", strict=True).analyze(from_text("Some text that is English enough to detect."))


def test_finding_with_wrong_offsets_is_rejected():
    d = _pipe("tests.liar.v1").analyze(from_text("This is an English sentence about the news."))
    (run,) = d.runs
    assert run.status == "failed" and "slice" in run.reason
    assert not d.findings


def test_english_analyzers_skip_other_languages_with_reason():
    german = ("Die Regierung hat am Montag angekündigt, dass die Steuern im nächsten Jahr steigen werden. "
              "Der Minister sagte, es gebe keine Alternative.")
    d = _pipe("presslens.voice.v1", "presslens.quality.v1").analyze(from_text(german))
    runs = {r.name: r for r in d.runs}
    assert runs["presslens.voice.v1"].status == "skipped"
    assert "'de'" in runs["presslens.voice.v1"].reason
    assert runs["presslens.quality.v1"].status == "ok"
    assert d.article.language.code == "de"


def test_language_detected_when_article_built_directly():
    d = _pipe("presslens.voice.v1").analyze(Article("The committee approved the budget on Tuesday after a long debate."))
    assert d.article.language.code == "en" and d.article.language.method == "py3langid"


def test_empty_article_raises():
    with pytest.raises(EmptyInput):
        _pipe("presslens.voice.v1").analyze(Article("   \n "))


def test_analyze_many_keeps_order_and_records_failures():
    items = [from_text("First article: as we wrote, it is clear."), Failure("bad.bin", "E002", "binary"),
             Article(""), from_text("Second article: officials said the bridge reopened.")]
    out = list(_pipe("presslens.voice.v1", batch_size=2).analyze_many(items))
    assert [type(o).__name__ for o in out] == ["Dossier", "Failure", "Failure", "Dossier"]
    assert out[2].code == "E001"


def test_dependent_analyzer_sees_earlier_result():
    d = _pipe("tests.needs_voice.v1").analyze(from_text("As we wrote yesterday, the plan is extremely bad."))
    assert d.summaries.extra["editorial"]["seen_voice_findings"] >= 2


def test_max_chars_refused():
    with pytest.raises(Exception, match="E007"):
        _pipe("presslens.voice.v1", max_chars=10).analyze(from_text("This article is longer than ten characters."))


@analyzers.register("tests.scorer.v1")
class Scorer(Analyzer):
    name: ClassVar[str] = "tests.scorer.v1"
    capability: ClassVar[str] = "persuasion"

    def analyze(self, ctx: Context) -> Result:
        return Result(indicators={"tests_score": 0.9, "tests_count": 3})


def test_scores_withheld_on_incomplete_text():
    from dataclasses import replace

    from presslens.article import QualityFlag

    art = from_text("The council approved the budget for the new harbour plan on Tuesday evening.")
    assert not {f.code for f in art.flags} & {"paywall", "truncated"}
    teaser = replace(art, flags=(QualityFlag("paywall", "paywall teaser", 0, 11),))
    d = _pipe("tests.scorer.v1").analyze(teaser)
    assert d.indicators["tests_score"] is None
    assert d.indicators["tests_count"] == 3
    assert d.indicators["scores_withheld"] == {"because": ["paywall"], "scores": {"tests_score": 0.9}}
    full = _pipe("tests.scorer.v1").analyze(art)
    assert full.indicators["tests_score"] == 0.9


def test_too_short_to_identify_is_analysed_but_uncertain_language_is_not():
    short = _pipe("presslens.voice.v1").analyze(from_text("As we wrote, it's clear."))
    assert short.article.language.code == "und"
    assert short.runs[0].status == "ok" and short.by_label("editorial.outlet_voice")
    from dataclasses import replace

    from presslens.article import Language

    art = from_text("The committee approved the budget on Tuesday after a long debate in the chamber.")
    unsure = replace(art, language=Language("en", 0.4, "py3langid"))
    d = _pipe("presslens.voice.v1", min_language_confidence=0.6).analyze(unsure)
    assert d.runs[0].status == "skipped" and "0.40" in d.runs[0].reason


@analyzers.register("tests.twins.v1")
class TwinsAnalyzer(Analyzer):
    """Two findings with the same label and offsets, built the ordinary way: their ids must differ."""

    name: ClassVar[str] = "tests.twins.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        return Result(findings=[self.finding(ctx, 0, 4, "editorial.x", 0.5) for _ in range(3)])


@analyzers.register("tests.same_id.v1")
class SameIdAnalyzer(Analyzer):
    """Findings that force one id on two spans: the pipeline must refuse them."""

    name: ClassVar[str] = "tests.same_id.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        return Result(findings=[Finding.from_span(ctx.text, a, a + 2, kind="editorial", label="editorial.x", score=0.5,
                                                  analyzer=self.name, id="editorial.x@dup") for a in (0, 5)])


@analyzers.register("tests.slow.v1")
class SlowAnalyzer(Analyzer):
    """Loops forever, checking the time budget at every step (as real analyzers do once per sentence)."""

    name: ClassVar[str] = "tests.slow.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        while True:
            ctx.check_time()


def test_issue9_finding_ids_unique_by_construction():
    d = _pipe("tests.twins.v1").analyze(from_text("This is an English sentence about the news."))
    ids = [f.id for f in d.findings]
    assert ids == ["editorial.x@0-4", "editorial.x@0-4#2", "editorial.x@0-4#3"]


def test_issue9_duplicate_finding_ids_are_rejected():
    d = _pipe("tests.same_id.v1").analyze(from_text("This is an English sentence about the news."))
    (run,) = d.runs
    assert run.status == "failed" and "not unique" in run.reason
    assert not d.findings


def test_issue9_time_budget_records_a_failure_and_the_batch_goes_on():
    texts = ["As we wrote, this is extremely bad news for everyone.", "This is plainly a second English article."]
    out = list(_pipe("tests.slow.v1", "presslens.voice.v1", time_budget=0.2, strict=True).analyze_many(
        [from_text(t) for t in texts]))
    assert len(out) == 2
    for d in out:
        runs = {r.name: r for r in d.runs}
        assert runs["tests.slow.v1"].status == "failed" and "time budget" in runs["tests.slow.v1"].reason
        assert runs["presslens.voice.v1"].status == "failed" and "time budget" in runs["presslens.voice.v1"].reason


def test_issue9_time_budget_zero_means_no_limit():
    with pytest.raises(ConfigError):
        Settings(time_budget=-1)
    assert Settings(time_budget=0).time_budget == 0
