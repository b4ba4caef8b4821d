"""Typed finding attrs (presslens.dossier.attrs): producers, consumers, the pipeline check and the JSON Schema
share one class per label, so a renamed key fails loudly instead of emptying a panel (issue 9, item 21)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest

from presslens import Settings
from presslens.analyzers.base import Analyzer, Context, Result
from presslens.dossier import attrs as A
from presslens.dossier.model import Finding
from presslens.errors import AnalyzerError
from presslens.ingest import from_text
from presslens.pipeline import Pipeline
from presslens.registry import BUILTIN_ANALYZERS, analyzers

from .conftest import PALMYRA

ROOT = Path(__file__).resolve().parents[1]
HARBOUR = ROOT / "examples" / "harbour-bridge.html"


@analyzers.register("tests.renamed_attrs.v1")
class RenamedAttrsAnalyzer(Analyzer):
    """Writes a quote whose ``speaker_name`` was renamed ``speaker``, as a careless refactoring would."""

    name: ClassVar[str] = "tests.renamed_attrs.v1"
    capability: ClassVar[str] = "attribution"
    produces: ClassVar[tuple[str, ...]] = ("attribution.quote",)

    def analyze(self, ctx: Context) -> Result:
        good = _quote().to_dict()
        good["speaker"] = good.pop("speaker_name")
        return Result(findings=[self.finding(ctx, 0, 4, "attribution.quote", 0.5, **good)])


@analyzers.register("tests.free_attrs.v1")
class FreeAttrsAnalyzer(Analyzer):
    """A plugin label nobody typed keeps free-form attrs."""

    name: ClassVar[str] = "tests.free_attrs.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        return Result(findings=[self.finding(ctx, 0, 4, "editorial.plugin_thing", 0.5, anything=[1, "x"])])


def _quote(**kw: object) -> A.QuoteAttrs:
    base: dict[str, object] = dict(type="direct", cue=A.QuoteCue(10, 14, "said", "say", "speech"),
                                   speaker_mention=A.TextSpan(15, 22, "Ann Lee"), speaker_id="attribution.speaker@15-22",
                                   speaker_name="Ann Lee", speaker_kind="person", how="trailing",
                                   quoted_regions=(A.Span(0, 9),), group="attribution.quote@0-9")
    base.update(kw)
    return A.QuoteAttrs(**base)  # type: ignore[arg-type]


def test_attrs_json_form_keeps_key_names_and_order():
    d = _quote().to_dict()
    assert list(d) == ["type", "cue", "speaker_mention", "speaker_id", "speaker_name", "speaker_kind", "how",
                       "quoted_regions", "group"]
    assert d["cue"] == {"start": 10, "end": 14, "text": "said", "lemma": "say", "class": "speech"}
    assert d["quoted_regions"] == [{"start": 0, "end": 9}]
    assert A.QuoteAttrs.from_dict(d) == _quote()


def test_attrs_omitted_fields_appear_only_when_set():
    card = A.ModelCard("m", "1", None, {}, None)
    bare = A.TechniqueAttrs("Doubt", 0.5, (("persuasion.doubt", 0.2),), card)
    assert "contains" not in bare.to_dict()
    full = A.TechniqueAttrs("Doubt", 0.5, (), card, contains=(("persuasion.doubt", 3, 9),))
    assert full.to_dict()["contains"] == [["persuasion.doubt", 3, 9]]
    assert A.TechniqueAttrs.from_dict(full.to_dict()) == full
    flag = A.FlagAttrs("single_source", "why", ("s",), (A.TextSpan(0, 1, "x"),))
    assert "party" not in flag.to_dict()
    assert list(A.FlagAttrs("single_party", "why", (), (), party="P").to_dict())[-1] == "party"


def test_attrs_renamed_key_is_reported_by_name():
    d = _quote().to_dict()
    d["speaker"] = d.pop("speaker_name")
    with pytest.raises(A.AttrsError) as err:
        A.validate_attrs("attribution.quote", d)
    msg = str(err.value)
    assert "attribution.quote" in msg and "unknown key 'speaker'" in msg and "missing key 'speaker_name'" in msg


@pytest.mark.parametrize(("label", "change", "needle"), [
    ("attribution.quote", lambda d: d.__setitem__("type", "rumour"), "'rumour' is not one of"),
    ("attribution.quote", lambda d: d["cue"].pop("class"), "cue: missing key 'class'"),
    ("attribution.quote", lambda d: d.__setitem__("quoted_regions", [{"start": -1, "end": 2}]), "below 0"),
    ("attribution.quote", lambda d: d.__setitem__("speaker_id", 3), "speaker_id"),
])
def test_attrs_wrong_values_are_rejected(label, change, needle):
    d = json.loads(json.dumps(_quote().to_dict()))
    change(d)
    with pytest.raises(A.AttrsError, match=needle.replace("(", r"\(")):
        A.validate_attrs(label, d)


def test_attrs_booleans_are_not_numbers():
    assert A.problems(int, True) and A.problems(float, False) and not A.problems(float, 3)
    assert A.problems(A.SpeakerAttrs, {**_speaker().to_dict(), "n_quotes": True})


def _speaker() -> A.SpeakerAttrs:
    return A.SpeakerAttrs("Ann Lee", "person", "", "", "", "", False, (A.Span(15, 22),), 1, ("q",))


def test_attrs_registry_resolves_exact_labels_before_families():
    assert A.attrs_class("quality.missing_media") is A.MissingMediaAttrs
    assert A.attrs_class("quality.paywall") is A.InputFlagAttrs
    assert A.attrs_class("persuasion.doubt") is A.TechniqueAttrs
    assert A.attrs_class("claims.duration") is A.QuantityAttrs
    assert A.attrs_class("editorial.plugin_thing") is None
    A.validate_attrs("editorial.plugin_thing", {"anything": 1})  # free labels pass


def test_attrs_every_builtin_label_has_a_class():
    for name in BUILTIN_ANALYZERS:
        cls = analyzers.get(name)
        for label in cls.produces:
            assert A.attrs_class(label) is not None, f"{name} produces {label} without a typed attrs class"


def test_finding_attrs_as_names_the_wrong_class():
    text = '"We won," said Ann Lee.'
    f = Finding.from_span(text, 0, 9, kind="attribution", label="attribution.quote", score=0.9,
                          analyzer="presslens.quotes.v1", attrs=_quote())
    assert f.attrs["speaker_name"] == "Ann Lee" and f.attrs_as(A.QuoteAttrs).speaker_name == "Ann Lee"
    assert f.details == _quote()
    with pytest.raises(TypeError, match="QuoteAttrs, not SpeakerAttrs"):
        f.attrs_as(A.SpeakerAttrs)


def test_pipeline_fails_the_analyzer_that_renames_a_key():
    article = from_text("Some text that is long enough to be English and analysed here.")
    d = Pipeline(Settings(analyzers=("tests.renamed_attrs.v1",))).analyze(article)
    run = next(r for r in d.runs if r.name == "tests.renamed_attrs.v1")
    assert run.status == "failed" and not d.findings
    assert "tests.renamed_attrs.v1" in run.reason and "attribution.quote" in run.reason and "speaker_name" in run.reason
    with pytest.raises(AnalyzerError, match=r"tests\.renamed_attrs\.v1"):
        Pipeline(Settings(analyzers=("tests.renamed_attrs.v1",), strict=True)).analyze(article)


def test_pipeline_keeps_free_attrs_of_untyped_labels():
    d = Pipeline(Settings(analyzers=("tests.free_attrs.v1",))).analyze(
        from_text("Some text that is long enough to be English and analysed here."))
    assert d.findings[0].attrs == {"anything": [1, "x"]} and d.findings[0].details is None


@pytest.fixture(scope="module")
def example_dossiers():
    from presslens.ingest.sources import load

    paths = [p for p in (PALMYRA, HARBOUR) if p.exists()]
    if not paths:
        pytest.skip("examples not found")
    pipe = Pipeline(Settings())
    return [pipe.analyze(load(p)) for p in paths]


def test_attrs_every_example_finding_round_trips_byte_for_byte(example_dossiers):
    labels = set()
    for d in example_dossiers:
        for f in d.findings:
            typed = f.details
            assert typed is not None, f"{f.label} has no typed attrs class"
            assert json.dumps(typed.to_dict(), ensure_ascii=False) == json.dumps(f.attrs, ensure_ascii=False), f.id
            labels.add(f.label)
    # the examples exercise every family the renderers explain
    assert {"attribution.quote", "attribution.speaker", "attribution.cue", "attribution.flag", "claims.claim",
            "claims.quantity", "editorial.booster", "editorial.hedge", "provenance.republication"} <= labels


def test_explain_reads_typed_attrs_and_says_when_it_cannot():
    from presslens.render.view import explain

    text = '"We won," said Ann Lee.'
    good = Finding.from_span(text, 0, 9, kind="attribution", label="attribution.quote", score=0.9,
                             analyzer="presslens.quotes.v1", attrs=_quote())
    lines, _ = explain(good, {good.id: good})
    assert lines == ["Direct quote by Ann Lee.", "Attribution cue: “said”."]
    broken = Finding.from_span(text, 0, 9, kind="attribution", label="attribution.quote", score=0.9,
                               analyzer="presslens.quotes.v1", attrs={"type": "direct"})
    lines, _ = explain(broken, {broken.id: broken})
    assert "missing key 'speaker_name'" in lines[-1]


def test_schema_rejects_a_renamed_attrs_key_of_any_builtin_label(example_dossiers):
    import jsonschema

    from presslens.dossier.schema import validate

    doc = example_dossiers[0].to_dict()
    validate(doc)
    by_label = {f["label"]: i for i, f in enumerate(doc["findings"])}
    for label in ("editorial.booster", "attribution.cue", "provenance.republication", "editorial.intensifier"):
        bad = json.loads(json.dumps(doc))
        attrs = bad["findings"][by_label[label]]["attrs"]
        first = next(iter(attrs))
        attrs[first + "_renamed"] = attrs.pop(first)
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)


def test_attrs_docstrings_describe_real_fields():
    import dataclasses

    classes = {c for c in A.ATTRS.values()} | {A.QuoteCue, A.ModelCard, A.Span, A.TextSpan, A.Entity}
    for cls in classes:
        names = {f.name for f in dataclasses.fields(cls)}
        assert set(A._field_docs(cls)) <= names, cls.__name__
    _rules, defs = A.attrs_schema()
    assert defs["attrs.QuoteAttrs"]["properties"]["speaker_mention"]["description"].startswith("the noun phrase")
    assert defs["attrs.QuoteCue"]["properties"]["class"]["description"].startswith("``speech``")
