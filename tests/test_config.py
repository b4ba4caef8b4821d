"""Settings from TOML files and the CLI (issue 9 #24): read, validated, hashable (the pipeline cache hits),
misspelled keys and analyzer options refused; dependencies declared as the issue asks."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from presslens.analyzers.base import Analyzer
from presslens.cli import main
from presslens.config import Settings
from presslens.errors import ConfigError
from presslens.registry import analyzers

ROOT = Path(__file__).resolve().parents[1]

CONFIG = """
[presslens]
analyzers = ["presslens.voice.v1"]
parse = "none"
max_chars = 5000

[presslens.fetch]
timeout = 3
allow_private = true

[presslens.columns]
text = "body"

[analyzer."presslens.claims.v1"]
top = 3
"""


def test_from_file_reads_every_section(tmp_path):
    p = tmp_path / "presslens.toml"
    p.write_text(CONFIG, encoding="utf-8")
    s = Settings.from_file(p)
    assert s.analyzers == ("presslens.voice.v1",) and s.parse == "none" and s.max_chars == 5000
    assert s.fetch.timeout == 3 and s.fetch.allow_private and s.columns.text == "body"
    assert s.options_for("presslens.claims.v1") == {"top": 3}
    assert Settings.from_file(p, parse="full").parse == "full"  # keyword overrides win


@pytest.mark.parametrize(("text", "needle"), [
    ("[presslens]\nanalyzerz = []\n", "analyzerz"),
    ("[presslens.fetch]\ntimout = 3\n", "fetch.timout"),
    ('[analyzer."presslens.claimz.v1"]\ntop = 3\n', "presslens.claimz.v1"),
    ("[presslens\n", "could not be read"),
    # a misspelt or stray table, or a setting outside [presslens], used to be ignored without a word
    ("[pipeline]\nparse = \"none\"\n", "'pipeline': unknown table or key"),
    ("max_chars = 5000\n", "'max_chars': it belongs in the [presslens] table"),
    # values of the wrong type used to pass (and crash later, or never be noticed)
    ('[presslens]\nmax_chars = "lots"\n', "'max_chars': must be int, not str 'lots'"),
    ("[presslens]\nstrict = 1\n", "'strict': must be bool"),
    ('[presslens.fetch]\ntimeout = "x"\n', "'fetch.timeout': must be float"),
    ('[presslens]\nanalyzers = "presslens.voice.v1"\n', "'analyzers': must be a list"),
])
def test_bad_config_files_are_refused_with_the_key(tmp_path, text, needle):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Settings.from_file(p)
    assert needle in str(info.value)


def test_misspelled_analyzer_option_is_an_error():
    cls = analyzers.get("presslens.persuasion.v1")
    with pytest.raises(ConfigError, match=r"min_scor.*valid options: min_score"):
        cls(Settings(), min_scor=0.5)
    voice: type[Analyzer] = analyzers.get("presslens.voice.v1")
    with pytest.raises(ConfigError, match="valid options: none"):
        voice(Settings(), anything=1)


def test_settings_are_hashable_so_the_pipeline_cache_hits():
    a = Settings(analyzers=("presslens.voice.v1",), analyzer_options={"presslens.claims.v1": {"top": 3, "x": [1]}})
    b = Settings(analyzers=("presslens.voice.v1",), analyzer_options={"presslens.claims.v1": {"x": [1], "top": 3}})
    assert hash(a) == hash(b) and a == b
    from presslens.api import _cached_pipeline, load_pipeline

    before = _cached_pipeline.cache_info().hits
    assert load_pipeline(a) is load_pipeline(b)
    assert _cached_pipeline.cache_info().hits == before + 1


def test_cli_config_flag_and_flags_override_it(capsys, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[presslens]\nanalyzers = ["presslens.voice.v1"]\n', encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("As we reported last week, the council vote was a shocking failure for the city.", encoding="utf-8")
    assert main(["analyze", str(art), "--config", str(cfg)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in doc["analyzers"]] == ["presslens.voice.v1"]
    assert main(["analyze", str(art), "--config", str(cfg), "--analyzers", "presslens.hedging.v1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in doc["analyzers"]] == ["presslens.hedging.v1"]
    assert main(["analyze", str(art), "--config", str(tmp_path / "missing.toml")]) == 2
    assert "[E023]" in capsys.readouterr().err


def test_dependencies_are_pinned_and_heavy_parts_optional():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = meta["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower() for d in deps}
    assert not names & {"catalogue", "joblib", "pyarrow", "torch"}, "unused or heavy dependency in the core set"
    assert all("<" in d or "==" in d for d in deps), "every core dependency needs an upper bound"
    assert any(d.startswith("pyarrow") for d in meta["optional-dependencies"]["parquet"])
    assert isinstance(meta["license"], str)  # an SPDX expression, not the deprecated table


def test_parquet_without_pyarrow_is_a_clear_failure(tmp_path, monkeypatch):
    import sys

    from presslens.ingest import iter_articles

    path = tmp_path / "c.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    [f] = list(iter_articles([path]))
    assert f.code == "E009" and "presslens[parquet]" in f.message
