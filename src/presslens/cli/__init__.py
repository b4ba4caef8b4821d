"""Command-line interface: parse arguments → public API → renderer. Nothing else lives here.

One module per command (or family of commands). A command module defines one or more :class:`Command`
objects in a module-level ``COMMANDS`` list; adding a command is one line in :data:`COMMAND_MODULES`.
Command modules must stay cheap to import (argparse only at top level; import the pipeline, spaCy, numpy…
inside the ``run`` function), so that ``presslens --version`` and ``presslens COMMAND --help`` start
instantly: ``tests/test_cli_startup.py`` checks that building the parser imports no heavy module.

Exit codes (also in docs/cli.md):

- 0: every input analysed, every analyzer ran (or was skipped with a recorded reason);
- 1: some inputs failed (each is listed on stderr and recorded in the output);
- 2: usage or configuration error (bad option, unknown analyzer, unwritable output path, missing file for a
  command that needs one); nothing was analysed;
- 3: every input became a dossier, but at least one analyzer failed on at least one of them (each failure
  is named on stderr: ``presslens: ORIGIN: analyzer NAME failed: …``; ``-v`` shows the traceback);
- 126: (nearly) all inputs failed;
- 130: interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from .. import _version
from ._base import EXIT_INTERRUPTED, EXIT_USAGE, Command, Namespace, report_error

#: Modules defining the commands, in the order ``presslens --help`` lists them. One line per module.
COMMAND_MODULES: tuple[str, ...] = (
    "presslens.cli.analyze",
    "presslens.cli.tables",
    "presslens.cli.info",
    "presslens.cli.corpus",
    "presslens.cli.outlets",
    "presslens.cli.serve",
)

EPILOG = """examples:
  presslens analyze article.html -o dossier.html
  presslens analyze ../shared/examples/palmyra.txt --format json
  presslens analyze corpus.jsonl --text-col body -o dossiers.jsonl
  cat story.txt | presslens analyze - --format md
  presslens quotes article.txt --wide
  presslens analyzers
  presslens outlet rt.com
"""


def load_commands() -> dict[str, Command]:
    """name → :class:`Command` for every command of every module in :data:`COMMAND_MODULES`."""
    out: dict[str, Command] = {}
    for module in COMMAND_MODULES:
        for cmd in importlib.import_module(module).COMMANDS:
            if cmd.name in out:
                raise RuntimeError(f"command {cmd.name!r} is defined twice ({module})")
            out[cmd.name] = cmd
    return out


COMMANDS: dict[str, Command] = load_commands()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presslens",
        description="Turn news articles into evidence-linked credibility dossiers (offline).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"presslens {_version.version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in COMMANDS.values():
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.description or cmd.help,
                           epilog=cmd.epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
        cmd.add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``presslens`` command; returns the exit code."""
    parser = build_parser()
    try:
        args: Namespace = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    verbose, quiet = getattr(args, "verbose", False), getattr(args, "quiet", False)
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    logging.basicConfig(level=level, format="presslens: %(message)s", stream=sys.stderr, force=True)
    try:
        return COMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        print("presslens: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the one place where every error becomes one line + an exit code
        return report_error(exc, verbose=verbose)


__all__ = ["COMMANDS", "COMMAND_MODULES", "Command", "build_parser", "load_commands", "main"]
