from __future__ import annotations

import json
from pathlib import Path

import presslens
from presslens.registry import analyzers

ROOT = Path(__file__).resolve().parents[1]


def test_all_matches_public_namespace():
    public = {n for n in dir(presslens)
              if not n.startswith("_") and n != "annotations" and not isinstance(getattr(presslens, n), type(presslens))}
    assert set(presslens.__all__) - {"__version__"} == public


def test_registry_table_is_pinned():
    """A renamed or lost analyzer registration fails loudly (update the JSON on purpose)."""
    pinned = json.loads((ROOT / "tests" / "analyzer_registrations.json").read_text())
    table = analyzers.table()
    builtin = {k: v for k, v in table.items() if k.startswith("presslens.")}
    assert builtin == pinned


def test_every_builtin_analyzer_loads_and_declares_itself():
    for name in analyzers.names():
        if not name.startswith("presslens."):
            continue
        cls = analyzers.get(name)
        info = cls.info()
        assert info["name"] == name
        assert info["capability"] in presslens.dossier.KINDS
        assert info["produces"] and info["description"]
        for label in info["produces"]:
            assert label.split(".")[0] in presslens.dossier.KINDS
