"""``presslens serve``: the web service and browser UI (the work lives in :mod:`presslens.web.serve`)."""

from __future__ import annotations

import argparse

from ._base import Command, Namespace

EPILOG = """examples:
  presslens serve                               # http://127.0.0.1:8000
  presslens serve --store corpus.duckdb --workers 2
  PRESSLENS_API_TOKEN=s3cret presslens serve --host 0.0.0.0
"""


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="FILE", help="DuckDB corpus store (from `presslens batch`) for the corpus "
                   "endpoints and page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes, each with its own models (default 1)")
    p.add_argument("--allow-private", action="store_true",
                   help="let URLs resolve to loopback/private addresses (refused by default; logged when on)")
    p.add_argument("--token-file", metavar="FILE",
                   help="require the token in FILE on analyse endpoints (or set PRESSLENS_API_TOKEN)")
    p.add_argument("--config", metavar="FILE", help="presslens TOML settings for the pipeline")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES", help="request body limit (default 2 MB)")
    p.add_argument("--max-queue", type=int, default=None, metavar="N",
                   help="analyses waiting per worker before new ones get 429 (default 8)")
    p.add_argument("--analysis-timeout", type=float, default=None, metavar="S",
                   help="seconds an analysis may take before its request gets 503 (default 60)")
    p.add_argument("--limit-concurrency", type=int, default=None, metavar="N",
                   help="HTTP requests open at once per worker before new ones get a JSON 503 with Retry-After "
                   "(default 256)")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))


def _run(args: Namespace) -> int:
    from ..web.serve import run

    return run(args)


COMMANDS = [
    Command("serve", "run the web service and browser UI", _add_arguments, _run,
            description="Run the presslens web service (JSON API, OpenAPI docs, browser UI) with uvicorn. "
            "Models load once per worker; URLs go through the SSRF guard.", epilog=EPILOG),
]
