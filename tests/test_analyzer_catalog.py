"""The built-in analyzers' catalogue (what ``presslens analyzers`` lists without importing them) matches the
classes. If this fails, run ``python scripts/update_analyzer_catalog.py`` and commit the result."""

from __future__ import annotations

import json

from presslens.registry import BUILTIN_ANALYZERS, CATALOG_PATH, analyzers


def test_catalog_matches_the_classes():
    catalog = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    assert sorted(catalog) == sorted(BUILTIN_ANALYZERS), "run python scripts/update_analyzer_catalog.py"
    for name in BUILTIN_ANALYZERS:
        assert catalog[name] == json.loads(json.dumps(analyzers.get(name).info())), (
            f"{name}: catalog.json is stale; run python scripts/update_analyzer_catalog.py")
