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


def test_runtime_registrations_are_not_in_the_default_run():
    from typing import ClassVar

    from presslens.analyzers.base import Analyzer, Context, Result
    from presslens.registry import BUILTIN_ANALYZERS, analyzers

    @analyzers.register("tests.optin.v1")
    class OptIn(Analyzer):
        name: ClassVar[str] = "tests.optin.v1"
        capability: ClassVar[str] = "editorial"

        def analyze(self, ctx: Context) -> Result:
            return Result()

    assert "tests.optin.v1" in analyzers.names()
    assert "tests.optin.v1" not in analyzers.defaults()
    assert analyzers.defaults()[: len(BUILTIN_ANALYZERS)] == list(BUILTIN_ANALYZERS)
