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


__all__ = ["load_schema", "validate"]
