"""`presslens serve`: its arguments become the service configuration (the server itself runs in the browser test)."""

from __future__ import annotations

import shutil

import pytest

from presslens.cli import build_parser
from presslens.errors import ConfigError
from presslens.web.serve import TOKEN_ENV, config_from_args


def parse(*argv: str):
    return build_parser().parse_args(["serve", *argv])


def test_web_serve_defaults_are_loopback_and_closed(monkeypatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    args = parse()
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 1)
    cfg = config_from_args(args)
    assert cfg.allow_private is False and cfg.token is None and cfg.cache_dir is None and cfg.store is None


def test_web_serve_options_reach_the_config(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    cfg = config_from_args(parse("--allow-private", "--max-queue", "2", "--analysis-timeout", "5", "--max-body",
                                 "1000", "--workers", "2", "--limit-concurrency", "32"))
    assert cfg.allow_private and cfg.token == "from-env" and cfg.max_queue == 2 and cfg.analysis_timeout == 5
    assert cfg.max_open_requests == 32
    assert cfg.max_body_bytes == 1000 and cfg.cache_dir is not None  # several workers share a dossier folder
    shutil.rmtree(cfg.cache_dir)
    token = tmp_path / "token"
    token.write_text("from-file\n")
    assert config_from_args(parse("--token-file", str(token))).token == "from-file"


@pytest.mark.parametrize("argv", [("--workers", "0"), ("--port", "0"), ("--store", "/nonexistent/x.duckdb"),
                                  ("--max-queue", "-1"), ("--token-file", "/nonexistent/token"),
                                  ("--limit-concurrency", "0")])
def test_web_serve_bad_options_are_config_errors(argv) -> None:
    with pytest.raises(ConfigError):
        config_from_args(parse(*argv))


def test_web_serve_help_lists_the_options(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    out = capsys.readouterr().out
    for opt in ("--store", "--host", "--port", "--workers", "--allow-private", "--token-file"):
        assert opt in out
