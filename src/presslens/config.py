"""Settings: one object that travels through a run, built from keywords, a TOML file or the CLI.

A config file is TOML::

    [presslens]
    analyzers = ["presslens.voice.v1", "presslens.hedging.v1"]
    model = "en_core_web_sm"
    parse = "lazy"
    profile = "fast"

    [presslens.fetch]
    timeout = 10
    allow_private = false

    [analyzer."presslens.claims.v1"]
    top = 10
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, error

#: Model profiles: ``fast`` (hashed linear models, the default) and ``accurate`` (shared encoder + heads).
PROFILES = ("fast", "accurate")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits for URL fetching (see :mod:`presslens.ingest.url`)."""

    timeout: float = 15.0
    max_bytes: int = 10_000_000
    allow_private: bool = False
    user_agent: str = "presslens/0.1 (+offline credibility analysis)"
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class CorpusColumns:
    """Column mapping for CSV/JSONL/Parquet corpora; None means auto-detect."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told.

    Attributes:
        analyzers: registered analyzer names to run; None runs the built-ins and installed entry-point plugins.
        model: spaCy pipeline name or path; None tries the defaults (see :mod:`presslens.nlp`).
        parse: ``lazy`` | ``full`` | ``none`` — how the dependency parser runs.
        min_language_confidence: language-bound analyzers (most are English-only) are skipped, with a reason
            in the dossier, when the detected language is not theirs or its confidence is below this. Texts
            too short to identify are analysed (the dossier's language says ``py3langid:too-short``).
        max_chars: articles longer than this are refused with a clear error.
        strict: re-raise analyzer crashes instead of recording them (for development).
        batch_size: articles per spaCy batch.
        time_budget: seconds of analysis one article may take after its NLP pass; an analyzer still running
            when it is spent stops at its next checkpoint and is recorded as failed (the batch goes on); the
            analyzers after it are recorded as skipped. 0 means no limit.
        fetch: URL fetch limits. columns: corpus column mapping.
        analyzer_options: per-analyzer keyword options, keyed by analyzer name.
        profile: ``fast`` (default: hashed linear models over the spaCy pass) or ``accurate`` (learned heads over
            the shared transformer encoder, :mod:`presslens.encoders`, for subjectivity, check-worthiness and
            persuasion technique classification; slower, see docs/benchmarks.md).
    """

    analyzers: tuple[str, ...] | None = None
    model: str | None = None
    parse: str = "lazy"
    min_language_confidence: float = 0.5
    max_chars: int = 1_000_000
    strict: bool = False
    batch_size: int = 16
    time_budget: float = 120.0
    fetch: FetchSettings = field(default_factory=FetchSettings)
    columns: CorpusColumns = field(default_factory=CorpusColumns)
    analyzer_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile: str = "fast"

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise error(ConfigError, "E022", key="profile", why=f"{self.profile!r} is not one of {', '.join(PROFILES)}")
        if self.parse not in ("lazy", "full", "none"):
            raise error(ConfigError, "E022", key="parse", why=f"{self.parse!r} is not lazy, full or none")
        if not 0.0 <= self.min_language_confidence <= 1.0:
            raise error(ConfigError, "E022", key="min_language_confidence", why="must be in [0, 1]")
        if self.max_chars <= 0 or self.batch_size <= 0:
            raise error(ConfigError, "E022", key="max_chars/batch_size", why="must be positive")
        if self.time_budget < 0:
            raise error(ConfigError, "E022", key="time_budget", why="must be 0 (no limit) or a number of seconds")

    def __hash__(self) -> int:  # analyzer_options is a dict: hash a frozen copy, so pipelines can be cached
        return hash(tuple(_frozen(getattr(self, f.name)) for f in dataclasses.fields(self)))

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def options_for(self, analyzer: str) -> dict[str, Any]:
        return dict(self.analyzer_options.get(analyzer, {}))

    @classmethod
    def from_file(cls, path: str | Path, **overrides: Any) -> Settings:
        """Read a TOML config file; keyword overrides win over the file."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise error(ConfigError, "E023", path=path, why=exc) from exc
        return cls.from_dict(data, **overrides)

    @classmethod
    def from_dict(cls, data: dict[str, Any], **overrides: Any) -> Settings:
        """Settings from a parsed config file: ``[presslens]`` (with ``fetch`` and ``columns`` sub-tables) and
        ``[analyzer."NAME"]`` tables. Anything else, and values of the wrong type, are E022 errors naming the
        key (a misspelt table must not be ignored silently)."""
        stray = sorted(set(data) - {"presslens", "analyzer"})
        if stray:
            where = ("it belongs in the [presslens] table" if stray[0] in {f.name for f in dataclasses.fields(cls)}
                     else "unknown table or key")
            raise error(ConfigError, "E022", key=stray[0],
                        why=f"{where}; a config file has [presslens] (with [presslens.fetch] and "
                            "[presslens.columns]) and [analyzer.\"NAME\"] tables")
        if not isinstance(data.get("presslens", {}), dict):
            raise error(ConfigError, "E022", key="presslens", why="must be a table")
        top = dict(data.get("presslens", {}))
        kwargs: dict[str, Any] = {}
        known = {f.name for f in dataclasses.fields(cls)}
        for key, value in top.items():
            if key == "fetch":
                kwargs["fetch"] = _sub(FetchSettings, value, "fetch")
            elif key == "columns":
                kwargs["columns"] = _sub(CorpusColumns, value, "columns")
            elif key == "analyzers":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise error(ConfigError, "E022", key=key, why="must be a list of analyzer names")
                kwargs["analyzers"] = tuple(value)
            elif key in known and key != "analyzer_options":
                _check_type(cls, key, value, key)
                kwargs[key] = value
            else:
                raise error(ConfigError, "E022", key=key, why=f"unknown; valid keys: {', '.join(sorted(known))}")
        if "analyzer" in data:
            from .registry import analyzers

            if not isinstance(data["analyzer"], dict) or not all(isinstance(v, dict) for v in data["analyzer"].values()):
                raise error(ConfigError, "E022", key="analyzer", why='write options as [analyzer."NAME"] tables')

            analyzers.require_known(data["analyzer"])  # a misspelled [analyzer."NAME"] table is an error
            kwargs["analyzer_options"] = {k: dict(v) for k, v in data["analyzer"].items()}
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kwargs)


def _frozen(value: Any) -> Any:
    """A hashable stand-in for ``value`` (dicts and lists from TOML become sorted tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set):
        return tuple(_frozen(v) for v in value)
    return value


def _sub(kind: type, value: Any, name: str) -> Any:
    if not isinstance(value, dict):
        raise error(ConfigError, "E022", key=name, why="must be a table")
    valid = {f.name for f in dataclasses.fields(kind)}
    bad = set(value) - valid
    if bad:
        raise error(ConfigError, "E022", key=f"{name}.{sorted(bad)[0]}", why=f"unknown; valid: {sorted(valid)}")
    for key, v in value.items():
        _check_type(kind, key, v, f"{name}.{key}")
    return kind(**value)


#: What a config-file value may be, by the annotation of the settings field it sets.
_ACCEPTS: dict[str, tuple[type, ...]] = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}


def _check_type(kind: type, field_name: str, value: Any, key: str) -> None:
    """Refuse (E022) a config value whose type does not fit the settings field (``max_chars = "lots"``)."""
    hint = str(next(f.type for f in dataclasses.fields(kind) if f.name == field_name))
    parts = [p.strip() for p in hint.split("|")]
    if value is None or any(p not in _ACCEPTS and p != "None" for p in parts):
        return  # not a plain scalar field (TOML has no null either): nothing to check here
    accepted = tuple(t for p in parts if p != "None" for t in _ACCEPTS[p])
    if (isinstance(value, bool) and bool not in accepted) or not isinstance(value, accepted):
        want = " or ".join(p for p in parts if p != "None")
        raise error(ConfigError, "E022", key=key, why=f"must be {want}, not {type(value).__name__} {value!r}")


__all__ = ["PROFILES", "CorpusColumns", "FetchSettings", "Settings"]
