"""Registries of pluggable things: analyzers and output renderers.

Built-in analyzers are listed once in :data:`BUILTIN_ANALYZERS` (name → ``module:Class``) and imported
lazily on first lookup, so importing presslens stays cheap and import cycles cannot form. Third-party
analyzers register the same way through the ``presslens.analyzers`` entry-point group::

    # in the plugin's pyproject.toml
    [project.entry-points."presslens.analyzers"]
    "acme.clickbait.v1" = "acme_presslens.clickbait:ClickbaitAnalyzer"

or at run time with the decorator::

    from presslens.registry import analyzers

    @analyzers.register("acme.clickbait.v1")
    class ClickbaitAnalyzer(Analyzer): ...

Names are namespaced and versioned (``presslens.voice.v1``); new behaviour gets ``.v2`` and the old name
keeps working. ``tests/test_registry.py`` pins this table against ``tests/analyzer_registrations.json``.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, error

if TYPE_CHECKING:
    from .analyzers.base import Analyzer

#: Built-in analyzers in default run order (requirements are also honoured by the pipeline).
BUILTIN_ANALYZERS: dict[str, str] = {
    "presslens.quality.v1": "presslens.editorial.quality:QualityAnalyzer",
    "presslens.voice.v1": "presslens.editorial.voice:OutletVoiceAnalyzer",
    "presslens.hedging.v1": "presslens.editorial.hedging:HedgingAnalyzer",
    "presslens.republication.v1": "presslens.editorial.republication:RepublicationAnalyzer",
    "presslens.provenance.v1": "presslens.provenance.analyzer:ProvenanceAnalyzer",
    "presslens.quotes.v1": "presslens.attribution.analyzer:QuotesAnalyzer",
    "presslens.sourcing.v1": "presslens.attribution.analyzer:SourcingAnalyzer",
    "presslens.quantities.v1": "presslens.claims.quantities:QuantityAnalyzer",
    "presslens.claims.v1": "presslens.claims.analyzer:ClaimAnalyzer",
    "presslens.persuasion.v1": "presslens.persuasion.analyzer:PersuasionAnalyzer",
    "presslens.subjectivity.v1": "presslens.subjectivity.analyzer:SubjectivityAnalyzer",
    # attribution (issue 4), claims (issue 5) and persuasion (issue 6) add their lines here, in run order.
}

ENTRY_POINT_GROUP = "presslens.analyzers"


def _valid_name(name: str) -> None:
    parts = name.split(".")
    if len(parts) < 3 or not parts[-1].startswith("v") or not parts[-1][1:].isdigit():
        raise error(ConfigError, "E022", key="analyzer name", why=f"{name!r} must look like 'namespace.name.v1'")


class AnalyzerRegistry:
    """Name → analyzer class, with lazy built-ins and entry-point plugins."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Analyzer]] = {}
        self._lazy: dict[str, str] = dict(BUILTIN_ANALYZERS)
        self._plugins_loaded = False

    def register(self, name: str) -> Callable[[type[Analyzer]], type[Analyzer]]:
        """Decorator registering an analyzer class under ``name`` (which must equal ``cls.name``)."""
        _valid_name(name)

        def deco(cls: type[Analyzer]) -> type[Analyzer]:
            if getattr(cls, "name", None) != name:
                raise error(ConfigError, "E022", key="name", why=f"class {cls.__name__} declares {cls.name!r}, not {name!r}")
            if name in self._classes and self._classes[name] is not cls:
                raise error(ConfigError, "E022", key="name", why=f"{name!r} is already registered")
            self._classes[name] = cls
            self._lazy.pop(name, None)
            return cls

        return deco

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name not in self._classes and ep.name not in self._lazy:
                self._lazy[ep.name] = ep.value

    def names(self) -> list[str]:
        """All registered names: built-ins first, in default order, then plugins."""
        self._load_plugins()
        seen = list(BUILTIN_ANALYZERS)
        seen += [n for n in list(self._lazy) + list(self._classes) if n not in seen]
        return seen

    def defaults(self) -> list[str]:
        """The analyzers a run uses when none are named: built-ins, then installed entry-point plugins.

        Analyzers registered at run time with :meth:`register` run only when named (so a test or a notebook
        experiment never changes what everyone else's default run does).
        """
        self._load_plugins()
        plugins = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in BUILTIN_ANALYZERS)
        return list(BUILTIN_ANALYZERS) + plugins

    def require_known(self, names: Iterable[str]) -> None:
        """Raise ConfigError (E020, listing the valid names) for the first name not registered; imports nothing."""
        known = self.names()
        for name in names:
            if name not in known and name not in self._classes:
                raise error(ConfigError, "E020", name=name, available=", ".join(known))

    def get(self, name: str) -> type[Analyzer]:
        """The analyzer class registered as ``name``; ConfigError listing the valid names otherwise."""
        if name in self._classes:
            return self._classes[name]
        self._load_plugins()
        target = self._lazy.get(name)
        if target is None:
            raise error(ConfigError, "E020", name=name, available=", ".join(self.names()))
        module, _, attr = target.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        if getattr(cls, "name", None) != name:
            raise error(ConfigError, "E022", key=name, why=f"{target} declares name {getattr(cls, 'name', None)!r}")
        self._classes[name] = cls
        self._lazy.pop(name, None)
        return cls

    def info(self, name: str) -> dict[str, Any]:
        """What ``presslens analyzers`` shows for ``name`` (the class's ``info()``).

        Built-ins are answered from :data:`CATALOG_PATH`, a snapshot of their ``info()`` kept in step by
        ``tests/test_analyzer_catalog.py`` (``python scripts/update_analyzer_catalog.py`` rewrites it), so that
        listing them imports no analyzer module, spaCy or scikit-learn. Plugins are imported.
        """
        if name in BUILTIN_ANALYZERS and name not in self._classes:
            entry = _catalog().get(name)
            if entry is not None:
                return dict(entry)
        return self.get(name).info()

    def table(self) -> dict[str, str]:
        """name → ``module:Class`` for every registration (for the snapshot test and the docs)."""
        out = {}
        for n in self.names():
            if n in self._lazy:
                out[n] = self._lazy[n]
            else:
                cls = self._classes[n]
                out[n] = f"{cls.__module__}:{cls.__qualname__}"
        return out


#: Snapshot of the built-in analyzers' ``info()`` (see :meth:`AnalyzerRegistry.info`).
CATALOG_PATH = Path(__file__).parent / "analyzers" / "catalog.json"


@functools.cache
def _catalog() -> dict[str, dict[str, Any]]:
    try:
        data: dict[str, dict[str, Any]] = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def write_catalog(path: Path = CATALOG_PATH) -> dict[str, dict[str, Any]]:
    """Rewrite the built-in analyzers' catalogue from their classes (imports them all)."""
    data = {name: analyzers.get(name).info() for name in BUILTIN_ANALYZERS}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _catalog.cache_clear()
    return data


analyzers = AnalyzerRegistry()


class RendererRegistry:
    """Output formats: name → (media type, render function)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[str, Callable[..., Any]]] = {}

    def register(self, name: str, media_type: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._items[name] = (media_type, fn)
            return fn

        return deco

    def get(self, name: str) -> tuple[str, Callable[..., Any]]:
        importlib.import_module("presslens.render")
        if name not in self._items:
            raise error(ConfigError, "E024", name=name, available=", ".join(sorted(self._items)))
        return self._items[name]

    def names(self) -> list[str]:
        importlib.import_module("presslens.render")
        return sorted(self._items)


renderers = RendererRegistry()

__all__ = ["BUILTIN_ANALYZERS", "CATALOG_PATH", "AnalyzerRegistry", "RendererRegistry", "analyzers", "renderers", "write_catalog"]
