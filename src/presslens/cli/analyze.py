"""``presslens analyze``: inputs → dossiers as JSON, JSON Lines, HTML or Markdown."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._base import (
    Command,
    Namespace,
    add_input_options,
    add_run_options,
    check_output_path,
    is_many,
    settings_from_args,
)

if TYPE_CHECKING:
    from ..dossier.model import Dossier, Failure

FORMATS = ("json", "jsonl", "html", "md")
#: Output suffix → format, when ``--format`` is not given.
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}

EPILOG = """JSON shape: JSON Lines (one dossier or {"failure": …} per line) for --format jsonl, for -o FILE.jsonl,
and whenever the inputs may hold several articles (several inputs, a folder, a corpus); one pretty JSON
object for a single article input. The shape never depends on how many items a run happens to produce.

exit codes: 0 ok; 1 some inputs failed; 2 usage error; 3 an analyzer failed on some article;
126 (nearly) all inputs failed; 130 interrupted.
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_input_options(p)
    g = p.add_argument_group("output")
    g.add_argument("-f", "--format", default=None, choices=FORMATS,
                   help="output format (default: from the -o extension, else json)")
    g.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    g.add_argument("--no-text", action="store_true", help="leave the article text out of JSON output")
    add_run_options(p)


def output_format(args: Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    return SUFFIX_FORMATS.get(suffix, "json")


def run(args: Namespace) -> int:
    from ._run import RunCounts, analysed_items, output_stream

    fmt = output_format(args)
    check_output_path(args.output)  # before anything loads
    settings = settings_from_args(args)
    lines = fmt == "jsonl" or (fmt == "json" and (is_many(args.inputs)
                                                   or Path(args.output or "").suffix.lower() in (".jsonl", ".ndjson")))
    counts = RunCounts()
    items = analysed_items(args, settings, counts)
    if fmt in ("json", "jsonl"):  # streamed: one dossier per line as it is made
        with output_stream(args.output) as out:
            _write_json(items, out, lines=lines, include_text=not args.no_text)
    else:  # a report is one document: collect, then render
        from ..dossier.model import Dossier, Failure
        from ..registry import renderers

        _, render = renderers.get(fmt)
        collected = list(items)
        dossiers = [i for i in collected if isinstance(i, Dossier)]
        failures = [i for i in collected if isinstance(i, Failure)]
        text = render(dossiers, failures)
        with output_stream(args.output) as out:
            out.write(text)
    if args.output and not args.quiet:
        print(f"presslens: wrote {counts.ok} dossier(s) to {args.output}"
              + (f"; {counts.failed} input(s) failed" if counts.failed else ""), file=sys.stderr)
    return counts.exit_code()


def _write_json(items: Iterable[Dossier | Failure], out: TextIO, *, lines: bool, include_text: bool) -> None:
    from ..dossier.model import Failure
    from ..render.json import json_line

    for item in items:
        if lines:
            out.write(json_line(item, include_text) + "\n")
        else:
            record = {"failure": item.to_dict()} if isinstance(item, Failure) else item.to_dict(include_text)
            out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        out.flush()


COMMANDS = [
    Command("analyze", "analyse articles and write dossiers (JSON, JSON Lines, HTML or Markdown)", add_arguments, run,
            description="Analyse one or more inputs and write their credibility dossiers.", epilog=EPILOG),
]
