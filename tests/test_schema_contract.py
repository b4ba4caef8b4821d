"""The typed summaries are the contract between analyzers, renderers and the JSON Schema (issue 9, item 21)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from presslens import Settings
from presslens.dossier import summaries as sm
from presslens.dossier.model import SCHEMA_VERSION
from presslens.dossier.schema import build_schema, load_schema, validate
from presslens.ingest import from_text
from presslens.pipeline import Pipeline
from presslens.render import render_json

from .conftest import PALMYRA

ROOT = Path(__file__).resolve().parents[1]
HARBOUR = ROOT / "examples" / "harbour-bridge.html"


def test_shipped_schema_matches_the_summary_classes():
    pytest.importorskip("pydantic")
    shipped = load_schema(SCHEMA_VERSION)
    assert build_schema(shipped) == shipped, "run: python scripts/build_schema.py (and log the change in docs/schema.md)"


def test_every_summary_type_has_a_typed_slot():
    fields = {f.name: f.type for f in dataclasses.fields(sm.Summaries)}
    for cls in sm.SUMMARY_TYPES:
        assert any(cls.__name__ in str(t) for t in fields.values()), cls
        assert cls.capability, cls
    s = sm.Summaries()
    s.merge("claims", [sm.QuantitiesSummary(count=1, by_kind={"count": 1}, attributed=0)])
    s.merge("tests", {"free": 1})
    assert s.quantities is not None and s.to_dict() == {
        "claims": {"quantities": {"count": 1, "by_kind": {"count": 1}, "attributed": 0}}, "tests": {"free": 1}}
    with pytest.raises(TypeError):
        s.merge("claims", 3)  # type: ignore[arg-type]


def test_schema_rejects_a_renamed_summary_field():
    import jsonschema

    pipe = Pipeline(Settings(analyzers=("presslens.hedging.v1",)))
    doc = json.loads(render_json([pipe.analyze(from_text("It is clear the plan will fail, officials said."))]))
    validate(doc)
    doc["summaries"]["editorial"]["certainty"]["n_boosters"] = doc["summaries"]["editorial"]["certainty"].pop("boosters")
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


@pytest.fixture(scope="module")
def full_pipe():
    return Pipeline(Settings())


@pytest.mark.parametrize("name", ["palmyra", "harbour-bridge"])
def test_examples_validate_against_the_schema(full_pipe, name):
    from presslens.ingest.sources import load

    path = PALMYRA if name == "palmyra" else HARBOUR
    if not path.exists():
        pytest.skip(f"example not found at {path}")
    d = full_pipe.analyze(load(path))
    doc = json.loads(render_json([d]))
    validate(doc)
    assert doc["schema_version"] == SCHEMA_VERSION
    # every typed summary that refers to a finding names one that exists
    ids = {f.id for f in d.findings}
    s = d.summaries
    refs = [f.finding_id for f in (s.sourcing.flags if s.sourcing else [])]
    refs += [c.id for c in (s.top_claims.claims if s.top_claims else [])]
    refs += [t.id for t in (s.persuasion.top_spans if s.persuasion else [])]
    refs += [p.id for p in (s.sourcing.speakers if s.sourcing else [])]
    assert refs and set(refs) <= ids
