"""presslens analyzers as spaCy components (presslens.components)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

import presslens
from presslens import components
from presslens.nlp import DEFAULT_MODELS

ROOT = Path(__file__).resolve().parents[1]
MODEL = next((m for m in DEFAULT_MODELS if importlib.util.find_spec(m) is not None), None)
pytestmark = pytest.mark.skipif(MODEL is None, reason=f"none of the spaCy pipelines {DEFAULT_MODELS} is installed")


def _key(findings):
    return sorted((f.label, f.start, f.end, f.text, f.score, f.analyzer, repr(f.attrs)) for f in findings)


@pytest.fixture(scope="module")
def host():
    """A plain English pipeline, as a user would load it."""
    return spacy.load(MODEL)


def _with(pipe_names, line_breaks=False):
    nlp = spacy.load(MODEL)
    if line_breaks:
        nlp.add_pipe("presslens_line_breaks", before="parser")
    for name in pipe_names:
        nlp.add_pipe(name)
    return nlp


def test_components_every_builtin_analyzer_has_a_factory_listed_as_entry_point():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    assert set(declared) == {"presslens", *components.FACTORIES}
    assert {components.FACTORIES[n] for n in components.FACTORIES} == set(presslens.registry.BUILTIN_ANALYZERS)
    for name in declared:
        assert spacy.language.Language.has_factory(name)


def test_components_add_pipe_quotes_yields_the_rudskoy_quotes(palmyra_text):
    """Issue 14 acceptance: spacy.load(<English pipeline>) + add_pipe("presslens_quotes") on palmyra."""
    nlp = _with(["presslens_quotes"])
    doc = nlp(palmyra_text)
    quotes = doc.spans["presslens_quotes"]
    rudskoy = [s for s in quotes if s._.speaker == "Sergey Rudskoy"]
    assert len(rudskoy) == 3
    assert rudskoy[0].text.startswith("“The Syrian army’s operation in Palmyra has been a remarkable success.")
    assert rudskoy[1].text.startswith("Islamic State (IS, formerly ISIS/ISIL) suffered heavy casualties")
    assert rudskoy[2].text.startswith("The Russian Air Force and Special Forces played a vital role")
    assert all(s.label_ == "attribution.quote" and s._.finding.analyzer == "presslens.quotes.v1" for s in quotes)
    assert "Sergey Rudskoy" in [s._.finding.attrs["name"] for s in doc.spans["presslens_speakers"]]
    assert [r.status for r in doc._.presslens_runs] == ["ok"]


@pytest.mark.parametrize("factory", ["presslens_quotes", "presslens_claims", "presslens_persuasion", "presslens"])
def test_components_give_the_same_findings_as_presslens_analyze(palmyra_text, factory):
    """One implementation: a component's findings equal presslens.analyze's on the same text and parse."""
    nlp = _with([factory], line_breaks=True)
    doc = nlp(palmyra_text)
    analyzers = [components.FACTORIES[factory]] if factory != "presslens" else None
    dossier = presslens.analyze(palmyra_text, analyzers=analyzers, parse="full")
    assert dossier.findings and _key(doc._.presslens_findings) == _key(dossier.findings)
    assert doc._.presslens_summaries == dossier.summaries.to_dict()
    assert doc._.presslens_indicators == dossier.indicators
    assert [(r.name, r.status) for r in doc._.presslens_runs] == [(r.name, r.status) for r in dossier.runs]
    for key, group in doc.spans.items():
        assert key.startswith("presslens_") and all(s._.finding is not None for s in group)


def test_components_persuasion_spans_carry_the_technique_and_docs_serialise(palmyra_text):
    nlp = _with(["presslens_persuasion", "presslens_quotes"])
    doc = nlp(palmyra_text)
    spans = doc.spans["presslens_persuasion"]
    assert spans and all(s._.technique == s._.finding.attrs["technique"] for s in spans)
    assert all(0 <= s._.score <= 1 for s in spans)
    # both components' findings are on the Doc, and the Doc survives a DocBin round trip
    analyzers = {f.analyzer for f in doc._.presslens_findings}
    assert analyzers == {"presslens.persuasion.v1", "presslens.quotes.v1"}
    db = DocBin(store_user_data=True)
    db.add(doc)
    (back,) = DocBin(store_user_data=True).from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    assert _key(back._.presslens_findings) == _key(doc._.presslens_findings)
    assert [s._.technique for s in back.spans["presslens_persuasion"]] == [s._.technique for s in spans]


def test_components_take_article_metadata_and_skip_other_languages(host):
    nlp = _with(["presslens_voice"])
    text = "As we wrote last week, it is clear the plan failed. Everyone knows the minister lied."
    doc = nlp.make_doc(text)
    doc._.presslens_article = presslens.Article(text, outlet="Example Times", url="https://example.org/a")
    doc = nlp(doc)
    assert any(f.label == "editorial.outlet_voice" for f in doc._.presslens_findings)
    de = nlp("Die Regierung hat am Montag in Berlin beschlossen, dass die Steuern im nächsten Jahr steigen werden, "
             "wie der Finanzminister den Journalisten sagte.")
    (run,) = de._.presslens_runs
    assert run.status == "skipped" and "'de'" in run.reason and de._.presslens_findings == []
    assert nlp("   ")._.presslens_findings == []


def test_components_resolve_through_the_installed_entry_points():
    """After `pip install -e .`, spaCy finds the factories without importing presslens first."""
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    if "presslens_quotes" not in names:
        pytest.skip("presslens is not installed with its spacy_factories entry points (pip install -e .)")
    code = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); nlp.add_pipe('presslens_voice'); "
            "doc = nlp('As we wrote last week, the plan failed.'); "
            "print(sorted(s.label_ for s in doc.spans['presslens_voice']))")
    out = subprocess.run([sys.executable, "-c", code, MODEL], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "editorial.outlet_voice" in out.stdout
