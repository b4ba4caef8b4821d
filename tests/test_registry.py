from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from presslens.errors import ConfigError
from presslens.registry import AnalyzerRegistry


def test_entry_point_plugins_are_discovered_lazily(monkeypatch):
    ep = EntryPoint(name="acme.voice.v1", value="presslens.editorial.voice:OutletVoiceAnalyzer",
                    group="presslens.analyzers")
    monkeypatch.setattr("presslens.registry.entry_points", lambda group: [ep] if group == "presslens.analyzers" else [])
    reg = AnalyzerRegistry()
    assert "acme.voice.v1" in reg.names()
    # the class declares another name: loading refuses it with a clear message
    with pytest.raises(ConfigError, match="declares name"):
        reg.get("acme.voice.v1")


def test_register_checks_names():
    reg = AnalyzerRegistry()
    with pytest.raises(ConfigError):
        reg.register("no-version")

    class Wrong:
        name = "other.name.v1"

    with pytest.raises(ConfigError):
        reg.register("tests.right.v1")(Wrong)  # type: ignore[arg-type]
