"""What every command shares: the Command record, exit codes, option groups, settings, pre-flight checks.

Nothing heavy is imported here at module level (see the package docstring).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AnalyzerError, ConfigError, PresslensError, error

if TYPE_CHECKING:
    from ..config import Settings

Namespace = argparse.Namespace

EXIT_OK = 0
#: Some inputs could not be analysed (each one is listed on stderr and recorded in the output).
EXIT_SOME_FAILED = 1
#: Usage or configuration error; nothing was analysed.
EXIT_USAGE = 2
#: Every input became a dossier, but at least one analyzer failed on at least one of them.
EXIT_ANALYZER_FAILED = 3
#: An unexpected error inside presslens (a bug: please report it with the ``-v`` traceback).
EXIT_INTERNAL = 70
#: (Nearly) all inputs failed, as trafilatura does.
EXIT_ALL_FAILED = 126
EXIT_INTERRUPTED = 130

#: Share of failed inputs from which the exit code is 126 ("nearly all failed").
NEARLY_ALL_FAILED = 0.99

#: Inputs that hold many articles (their table output names each article).
CORPUS_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"})

CORPUS_COLUMNS = ("text", "title", "url", "date", "outlet", "author", "id")



@dataclasses.dataclass(frozen=True)
class Command:
    """One subcommand: its name, help, how it adds its arguments and what it runs.

    ``run`` returns the exit code. Keep both callables' modules cheap to import.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Namespace], int]
    description: str | None = None
    epilog: str | None = None


def report_error(exc: BaseException, *, verbose: bool) -> int:
    """Print ``exc`` as one line on stderr (plus the traceback with ``-v``) and return its exit code."""
    if isinstance(exc, AnalyzerError):  # --strict stops at the first analyzer crash
        print(f"presslens: error: {exc}", file=sys.stderr)
        _traceback_or_hint(exc, verbose)
        return EXIT_ANALYZER_FAILED
    if isinstance(exc, PresslensError):
        print(f"presslens: error: {exc}", file=sys.stderr)
        if verbose:
            traceback.print_exception(exc, file=sys.stderr)
        return EXIT_USAGE
    print(f"presslens: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    _traceback_or_hint(exc, verbose)
    return EXIT_INTERNAL


def _traceback_or_hint(exc: BaseException, verbose: bool) -> None:
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    else:
        print("presslens: (run with -v for the traceback)", file=sys.stderr)


# -- option groups ---------------------------------------------------------------------------------------
def add_input_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file (.txt, .html), folder (recursive), URL, corpus (.csv, .tsv, .jsonl, .parquet) or - for stdin")
    for col in CORPUS_COLUMNS:
        g.add_argument(f"--{col}-col", metavar="NAME", help=f"corpus column holding the {col} (default: auto-detect)")
    g.add_argument("--max-chars", type=_positive_int, default=None, metavar="N",
                   help="longest article text accepted, in characters, for every kind of input (default 1000000)")
    g.add_argument("--allow-private", action="store_true",
                   help="allow URLs that resolve to loopback/private addresses (refused by default)")
    g.add_argument("--timeout", type=float, default=None, metavar="S", help="URL fetch timeout in seconds (default 15)")
    g.add_argument("--max-bytes", type=_positive_int, default=None, metavar="N",
                   help="URL download cap in bytes, before HTML extraction (default 10000000)")


def add_run_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("analysis")
    g.add_argument("--analyzers", metavar="A,B", help="comma-separated analyzer names (see `presslens analyzers`)")
    g.add_argument("--config", metavar="FILE", help="TOML settings file (see docs/config.md)")
    g.add_argument("--model", metavar="NAME", help="spaCy pipeline to load (default: en_core_web_sm, then the bundled copy)")
    g.add_argument("--parse", choices=("lazy", "full", "none"), help="dependency parsing: lazy (default), full, none")
    g.add_argument("--profile", choices=("fast", "accurate"),
                   help="models: fast (default; hashed linear models) or accurate (shared encoder + learned heads)")
    g.add_argument("--strict", action="store_true", help="stop on the first analyzer crash, exit code 3 (development)")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress or warnings on stderr")
    g.add_argument("-v", "--verbose", action="store_true", help="log details to stderr, with tracebacks of failures")
    g.add_argument("--progress", choices=("auto", "bar", "log", "none"), default="auto",
                   help="progress on stderr: a bar on a terminal, a log line every --progress-every seconds "
                        "otherwise (auto, the default), or none")
    g.add_argument("--progress-every", type=float, default=30.0, metavar="S",
                   help="seconds between progress log lines when stderr is not a terminal (default 30)")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be positive")
    return n


# -- settings --------------------------------------------------------------------------------------------
def settings_from_args(args: Namespace) -> Settings:
    """Settings from ``--config`` (if any) overridden by the command-line flags."""
    from ..config import Settings

    overrides: dict[str, Any] = {}
    if getattr(args, "analyzers", None):
        overrides["analyzers"] = tuple(a.strip() for a in args.analyzers.split(",") if a.strip())
    for key in ("model", "parse", "max_chars", "profile"):
        if getattr(args, key, None):
            overrides[key] = getattr(args, key)
    if getattr(args, "strict", False):
        overrides["strict"] = True
    base = Settings.from_file(args.config) if getattr(args, "config", None) else Settings()
    fchanges = {k: v for k, v in (("timeout", getattr(args, "timeout", None)),
                                   ("max_bytes", getattr(args, "max_bytes", None))) if v is not None}
    if getattr(args, "allow_private", False):
        fchanges["allow_private"] = True
    if fchanges:
        overrides["fetch"] = dataclasses.replace(base.fetch, **fchanges)
    cols = {c: getattr(args, f"{c}_col", None) for c in CORPUS_COLUMNS}
    if any(cols.values()):
        overrides["columns"] = dataclasses.replace(base.columns, **{k: v for k, v in cols.items() if v})
    settings = base.replace(**overrides) if overrides else base
    check_analyzer_names(settings)
    return settings


def check_analyzer_names(settings: Settings) -> None:
    """Unknown analyzer names fail here, before any model loads (E020)."""
    if settings.analyzers is not None:
        from ..registry import analyzers

        analyzers.require_known(settings.analyzers)


# -- inputs and outputs ----------------------------------------------------------------------------------
def sources(inputs: Sequence[str]) -> list[str | Path]:
    """Command-line inputs as API sources: ``-`` and URL-like strings (any scheme) stay strings, the rest are
    paths. A non-http(s) scheme is then refused by ingestion with a message naming the scheme (never mangled
    into a file name)."""
    from ..ingest.sources import is_url

    return [s if s == "-" or is_url(s) else Path(s) for s in inputs]


def is_many(inputs: Sequence[str]) -> bool:
    """Whether the inputs may hold several articles (then tables name each one)."""
    if len(inputs) > 1:
        return True
    from ..ingest.sources import is_url

    first = inputs[0]
    if first == "-" or is_url(first):
        return False
    p = Path(first)
    return p.is_dir() or p.suffix.lower() in CORPUS_SUFFIXES


def check_output_path(path: str | None) -> None:
    """Refuse an output path that cannot be written before any work starts (E025, exit 2)."""
    if not path:
        return
    p = Path(path)
    if p.is_dir():
        raise error(ConfigError, "E025", path=path, why="it is an existing directory; name a file inside it")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise error(ConfigError, "E025", path=path, why=f"the directory {str(parent)!r} does not exist")
    if not parent.is_dir():
        raise error(ConfigError, "E025", path=path, why=f"{str(parent)!r} is not a directory")
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise error(ConfigError, "E025", path=path, why="permission denied")


def exit_code(n_ok: int, n_failed: int, n_analyzer_failed: int = 0) -> int:
    """The documented exit code for a finished run (see the package docstring)."""
    total = n_ok + n_failed
    if n_failed:
        return EXIT_ALL_FAILED if total and n_failed / total >= NEARLY_ALL_FAILED else EXIT_SOME_FAILED
    return EXIT_ANALYZER_FAILED if n_analyzer_failed else EXIT_OK


__all__ = [
    "CORPUS_SUFFIXES",
    "EXIT_ALL_FAILED",
    "EXIT_ANALYZER_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "Command",
    "Namespace",
    "add_input_options",
    "add_run_options",
    "check_analyzer_names",
    "check_output_path",
    "exit_code",
    "is_many",
    "report_error",
    "settings_from_args",
    "sources",
]
