"""The versioned JSON Schema of dossiers, shipped in the package, and a validator."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from .model import SCHEMA_VERSION


@functools.lru_cache(maxsize=4)
def load_schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema for dossier documents of ``version``."""
    path = resources.files("presslens.dossier").joinpath("schemas", f"dossier-{version}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def validate(document: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``document`` does not follow its schema version, and
    ``ValueError`` if a finding's text does not slice from ``article.text`` (when the text is included)."""
    import jsonschema

    version = document.get("schema_version", SCHEMA_VERSION)
    jsonschema.validate(document, load_schema(version))
    text = document["article"].get("text")
    if text is not None:
        for f in document["findings"]:
            if text[f["start"] : f["end"]] != f["text"]:
                raise ValueError(f"finding {f['id']} does not slice from article.text")


def summaries_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON Schema of ``summaries`` derived from the typed summary classes, and the ``$defs`` it uses.

    Built with pydantic (a development dependency) from :mod:`presslens.dossier.summaries`;
    ``scripts/build_schema.py`` writes it into the shipped schema and ``tests/test_schema_contract.py``
    checks the shipped schema still matches the classes. Each typed summary is strict (every field required,
    no unknown field); a capability object stays open for third-party analyzers' free-form summaries.
    """
    from pydantic import TypeAdapter

    from . import summaries as sm

    defs: dict[str, Any] = {}
    capabilities: dict[str, dict[str, Any]] = {}

    def adapt(tp: Any) -> dict[str, Any]:
        schema = TypeAdapter(tp).json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        return schema

    for cls in sm.SUMMARY_TYPES:
        slot = capabilities.setdefault(cls.capability, {"type": "object", "properties": {}})
        if cls is sm.TopClaims:
            defs["TopClaim"] = adapt(sm.TopClaim)
            slot["properties"][cls.key] = {"type": "array", "items": {"$ref": "#/$defs/TopClaim"}}
            continue
        schema = adapt(cls)
        if cls.key:
            defs[cls.__name__] = schema
            slot["properties"][cls.key] = {"$ref": f"#/$defs/{cls.__name__}"}
        else:  # fields sit directly in summaries[capability]
            slot["properties"].update(schema["properties"])
            slot["required"] = sorted(schema["properties"])
            slot["description"] = schema.get("description", "")
    for d in defs.values():
        if d.get("type") == "object" and "properties" in d:
            d["required"] = list(d["properties"])
            d["additionalProperties"] = False
    summaries = {
        "type": "object",
        "description": "Article-level summaries per capability; see presslens.dossier.summaries for each class.",
        "propertyNames": {"enum": ["editorial", "attribution", "claims", "persuasion", "provenance", "quality"]},
        "properties": capabilities,
        "additionalProperties": {"type": "object"},
    }
    return summaries, dict(sorted(defs.items()))


#: Hand-written finding-attrs ``$defs`` of schema 1.1, replaced by the generated ``attrs.*`` ones.
_OLD_ATTRS_DEFS = ("span", "quote", "speaker", "quantity", "claim", "technique")


def build_schema(base: dict[str, Any]) -> dict[str, Any]:
    """``base`` (the previous schema) with the current version, summaries and summary ``$defs``, and the
    finding ``attrs`` rules and ``attrs.*`` ``$defs`` generated from :mod:`presslens.dossier.attrs`."""
    from .attrs import attrs_schema

    out = json.loads(json.dumps(base))
    rules, attrs_defs = attrs_schema()
    finding = out["properties"]["findings"]["items"]
    finding["allOf"] = rules
    finding["properties"]["attrs"] = {
        "type": "object",
        "description": "Label-specific details; labels with a typed class (presslens.dossier.attrs) follow it "
                       "exactly (the allOf rules), other labels (plugins) are free-form.",
    }
    all_defs = out.setdefault("$defs", {})
    for name in [*_OLD_ATTRS_DEFS, *(k for k in all_defs if k.startswith("attrs."))]:
        all_defs.pop(name, None)
    all_defs.update(attrs_defs)
    summaries, defs = summaries_schema()
    out["$id"] = f"https://presslens.invalid/schemas/dossier-{SCHEMA_VERSION}.json"
    out["description"] = ("Credibility dossier of one news article. Offsets index article.text (Python str indices, "
                          "i.e. Unicode code points). Version history: docs/schema.md.")
    out["properties"]["schema_version"] = {"const": SCHEMA_VERSION}
    out["properties"]["summaries"] = summaries
    out.setdefault("$defs", {}).update({f"summary.{k}": v for k, v in defs.items()})
    text = json.dumps(out)
    for name in defs:  # the summary defs live under a "summary." prefix next to the finding defs
        text = text.replace(f'"#/$defs/{name}"', f'"#/$defs/summary.{name}"')
    return json.loads(text)


__all__ = ["build_schema", "load_schema", "summaries_schema", "validate"]
