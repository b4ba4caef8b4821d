"""The pydantic models of the web API against the dossier JSON Schema: same shape, same verdicts."""

from __future__ import annotations

import copy
import dataclasses
import typing
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, ValidationError

from presslens.dossier.attrs import Record, json_keys
from presslens.dossier.model import KINDS, SCHEMA_VERSION
from presslens.dossier.schema import load_schema
from presslens.web.models import ATTRS_BY_LABEL, DossierDocument, document_to_dossier

SCHEMA = load_schema()


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return _resolve(SCHEMA["$defs"][ref.rsplit("/", 1)[1]])
    for alt in node.get("anyOf", []):
        if alt.get("type") == "object" or "$ref" in alt:
            return _resolve(alt)
    return node


def _model_of(annotation: Any) -> type | None:
    """The BaseModel or dataclass inside an annotation like ``Model | None`` or ``list[Model]``."""
    if isinstance(annotation, type) and (issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _compare_dataclass(node: dict[str, Any], cls: type, path: str) -> None:
    node = _resolve(node)
    keys = json_keys(cls) if issubclass(cls, Record) else {f.name: f.name for f in dataclasses.fields(cls)}
    fields = {keys[f.name]: f for f in dataclasses.fields(cls)}
    assert set(fields) == set(node.get("properties", {})), f"{path}: {sorted(fields)} vs {sorted(node['properties'])}"
    hints = typing.get_type_hints(cls)
    for key, f in fields.items():
        name = f.name
        sub = node["properties"][key]
        if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
            sub = sub["items"]
        inner = _model_of(hints[name])
        if inner is not None and dataclasses.is_dataclass(inner):
            _compare_dataclass(sub, inner, f"{path}.{name}")


def _compare(schema_node: dict[str, Any], model: type, path: str) -> None:
    if dataclasses.is_dataclass(model):
        _compare_dataclass(schema_node, model, path)
        return
    node = _resolve(schema_node)
    props = node.get("properties", {})
    fields = {(f.alias or name): f for name, f in model.model_fields.items()}
    assert set(fields) == set(props), f"{path}: model {sorted(fields)} vs schema {sorted(props)}"
    required = {name for name, f in fields.items() if f.is_required()}
    assert required == set(node.get("required", [])), f"{path}: required keys differ"
    closed = node.get("additionalProperties") is False or "propertyNames" in node
    assert (model.model_config.get("extra") == "forbid") == closed, f"{path}: additionalProperties differs"
    if "propertyNames" in node:  # summaries: the keys are the capabilities
        assert set(node["propertyNames"]["enum"]) == set(fields) == set(props)
    for name, f in fields.items():
        sub = props[name]
        if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
            sub = sub["items"]
        inner = _model_of(f.annotation)
        if inner is not None:
            _compare(sub, inner, f"{path}.{name}")


def test_web_models_mirror_the_dossier_schema() -> None:
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert DossierDocument.model_fields["schema_version"].annotation.__args__ == (SCHEMA_VERSION,)
    assert set(SCHEMA["properties"]["findings"]["items"]["properties"]["kind"]["enum"]) == set(KINDS)
    _compare(SCHEMA, DossierDocument, "dossier")


def test_web_models_type_the_same_finding_attrs_as_the_schema() -> None:
    rules = SCHEMA["properties"]["findings"]["items"]["allOf"]
    by_label = {}
    for rule in rules:
        cond = rule["if"]["properties"]["label"]
        key = cond.get("const") or cond["pattern"].lstrip("^").replace("\\.", ".")
        by_label[key] = rule["then"]["properties"]["attrs"]
    assert set(by_label) == set(ATTRS_BY_LABEL)
    for label, node in by_label.items():
        _compare(node, ATTRS_BY_LABEL[label], f"attrs[{label}]")


@pytest.fixture(scope="module")
def palmyra_doc(palmyra: str) -> dict[str, Any]:
    import presslens

    return presslens.analyze(palmyra).to_dict()


def test_web_models_accept_a_real_dossier_and_rebuild_it(palmyra_doc: dict[str, Any]) -> None:
    jsonschema.validate(palmyra_doc, SCHEMA)
    model = DossierDocument.model_validate(palmyra_doc)
    assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == palmyra_doc
    assert document_to_dossier(palmyra_doc).to_dict() == palmyra_doc


def _mutations(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []

    def mutate(name, fn):
        d = copy.deepcopy(doc)
        fn(d)
        out.append((name, d))

    mutate("extra top-level key", lambda d: d.__setitem__("surprise", 1))
    mutate("schema version", lambda d: d.__setitem__("schema_version", "0.9"))
    mutate("article id", lambda d: d["article"].__setitem__("id", "XYZ"))
    mutate("no byline", lambda d: d["article"].pop("byline"))
    mutate("kind", lambda d: d["findings"][0].__setitem__("kind", "gossip"))
    mutate("score", lambda d: d["findings"][0].__setitem__("score", 1.5))
    mutate("label", lambda d: d["findings"][0].__setitem__("label", "Not A Label"))
    mutate("analyzer name", lambda d: d["findings"][0].__setitem__("analyzer", "voice"))
    mutate("finding extra", lambda d: d["findings"][0].__setitem__("colour", "red"))
    mutate("negative start", lambda d: d["findings"][0].__setitem__("start", -1))
    mutate("summary kind", lambda d: d["summaries"].__setitem__("gossip", {}))
    mutate("typed summary", lambda d: d["summaries"]["attribution"]["sourcing"].__setitem__("n_speakers", "many"))
    mutate("persuasion summary", lambda d: d["summaries"]["persuasion"].pop("score"))
    mutate("run status", lambda d: d["analyzers"][0].__setitem__("status", "meh"))
    mutate("paragraph", lambda d: d["article"].__setitem__("paragraphs", [[0, 1, 2]]))
    mutate("provenance", lambda d: d["provenance"].pop("timing_seconds"))
    quote = next(i for i, f in enumerate(doc["findings"]) if f["label"] == "attribution.quote")
    mutate("quote type", lambda d: d["findings"][quote]["attrs"].__setitem__("type", "rumour"))
    mutate("quote attrs", lambda d: d["findings"][quote]["attrs"].pop("speaker_id"))
    claim = next(i for i, f in enumerate(doc["findings"]) if f["label"] == "claims.claim")
    mutate("claim rank", lambda d: d["findings"][claim]["attrs"].__setitem__("rank", 0))
    return out


def test_web_models_and_schema_reject_the_same_broken_documents(palmyra_doc: dict[str, Any]) -> None:
    for name, doc in _mutations(palmyra_doc):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, SCHEMA)
        with pytest.raises(ValidationError):
            DossierDocument.model_validate(doc)
        assert name
