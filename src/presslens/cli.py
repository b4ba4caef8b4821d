"""Command-line interface: parse arguments → public API → renderer. Nothing else lives here.

Exit codes: 0 all inputs analysed; 1 some inputs failed; 2 usage or configuration error; 126 (nearly) all
inputs failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .config import CorpusColumns, FetchSettings, Settings
from .dossier.model import Dossier, Failure
from .errors import PresslensError

log = logging.getLogger("presslens")

#: Inputs that hold many articles (their table output names each article).
CORPUS_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"})

#: Share of failed inputs from which the exit code is 126 ("nearly all failed"), as trafilatura does.
NEARLY_ALL_FAILED = 0.99

EPILOG = """examples:
  presslens analyze article.html -o dossier.html
  presslens analyze ../shared/examples/palmyra.txt --format json
  presslens analyze corpus.jsonl --text-col body --format json -o dossiers.jsonl
  cat story.txt | presslens analyze - --format md
  presslens analyzers
"""


def _input_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file (.txt, .html), folder (recursive), URL, corpus (.csv, .tsv, .jsonl, .parquet) or - for stdin")
    for col in ("text", "title", "url", "date", "outlet", "author", "id"):
        g.add_argument(f"--{col}-col", metavar="NAME", help=f"corpus column holding the {col} (default: auto-detect)")
    g.add_argument("--allow-private", action="store_true",
                   help="allow URLs that resolve to loopback/private addresses (refused by default)")
    g.add_argument("--timeout", type=float, default=None, metavar="S", help="URL fetch timeout in seconds (default 15)")
    g.add_argument("--max-bytes", type=int, default=None, metavar="N", help="URL response size cap (default 10 MB)")


def _run_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("analysis")
    g.add_argument("--analyzers", metavar="A,B", help="comma-separated analyzer names (see `presslens analyzers`)")
    g.add_argument("--config", metavar="FILE", help="TOML settings file (see docs/config.md)")
    g.add_argument("--model", metavar="NAME", help="spaCy pipeline to load (default: en_core_web_sm, then the bundled copy)")
    g.add_argument("--parse", choices=("lazy", "full", "none"), help="dependency parsing: lazy (default), full, none")
    g.add_argument("--strict", action="store_true", help="stop on the first analyzer crash (development)")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress or warnings on stderr")
    g.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presslens",
        description="Turn news articles into evidence-linked credibility dossiers (offline).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse articles and write dossiers (JSON, HTML or Markdown)",
                       description="Analyse one or more inputs and write their credibility dossiers.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_options(p)
    g = p.add_argument_group("output")
    g.add_argument("-f", "--format", default=None, choices=("json", "html", "md"),
                   help="output format (default: from the -o extension, else json)")
    g.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    g.add_argument("--no-text", action="store_true", help="leave the article text out of JSON output")
    _run_options(p)

    p = sub.add_parser("analyzers", help="list the registered analyzers",
                       description="List registered analyzers with what they need and produce.")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("schema", help="print the dossier JSON Schema", description="Print the JSON Schema of dossiers.")

    for name, helptext in (("quotes", "print the quotes of an article with speaker, role and cue"),
                           ("claims", "print the check-worthy claims of an article, ranked"),
                           ("persuasion", "print persuasion-technique spans with technique and score")):
        p = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ".")
        _input_options(p)
        if name == "claims":
            p.add_argument("--top", type=int, default=10, help="how many claims to print (default 10)")
        p.add_argument("--json", action="store_true", help="print rows as JSON")
        _run_options(p)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "analyzers", None):
        overrides["analyzers"] = tuple(a.strip() for a in args.analyzers.split(",") if a.strip())
    for key in ("model", "parse"):
        if getattr(args, key, None):
            overrides[key] = getattr(args, key)
    if getattr(args, "strict", False):
        overrides["strict"] = True
    base = Settings.from_file(args.config) if getattr(args, "config", None) else Settings()
    fetch = base.fetch
    fchanges = {k: v for k, v in (("timeout", args.timeout), ("max_bytes", args.max_bytes)) if v is not None}
    if args.allow_private:
        fchanges["allow_private"] = True
    if fchanges:
        overrides["fetch"] = FetchSettings(**{**_asdict(fetch), **fchanges})
    cols = {c: getattr(args, f"{c}_col") for c in ("text", "title", "url", "date", "outlet", "author", "id")}
    if any(cols.values()):
        overrides["columns"] = CorpusColumns(**{**_asdict(base.columns), **{k: v for k, v in cols.items() if v}})
    return base.replace(**overrides) if overrides else base


def _asdict(obj: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _items(args: argparse.Namespace, settings: Settings) -> Iterator[Dossier | Failure]:
    """Analyse the inputs as a stream, reporting failures (and progress on a terminal) on stderr."""
    from .api import analyze_many

    progress = not args.quiet and (sys.stderr.isatty() or args.verbose)
    t0 = time.perf_counter()
    n = n_failed = 0
    for n, item in enumerate(analyze_many(_sources(args.inputs), settings), 1):
        if isinstance(item, Failure):
            n_failed += 1
            if not args.quiet:
                print(f"presslens: failed {item.origin}: [{item.code}] {item.message}", file=sys.stderr)
        elif not args.quiet:
            for r in item.runs:
                if r.status == "failed":
                    print(f"presslens: {item.article.origin}: analyzer {r.name} failed: {r.reason}", file=sys.stderr)
        if progress and n % 10 == 0:
            rate = n / max(1e-9, time.perf_counter() - t0)
            print(f"\rpresslens: {n} items ({rate:.1f}/s), {n_failed} failed", end="", file=sys.stderr)
        yield item
    if progress and n >= 10:
        print(file=sys.stderr)


def _sources(inputs: Sequence[str]) -> list[str | Path]:
    out: list[str | Path] = []
    for s in inputs:
        out.append(s if s == "-" or s.lower().startswith(("http://", "https://")) else Path(s))
    return out


def _exit_code(n_ok: int, n_failed: int) -> int:
    total = n_ok + n_failed
    if n_failed == 0:
        return 0
    if total and n_failed / total >= NEARLY_ALL_FAILED:
        return 126
    return 1


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh
    else:
        yield sys.stdout


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .registry import renderers
    from .render.json import stream_json

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = {".html": "html", ".htm": "html", ".md": "md"}.get(suffix, "json")
    _, render = renderers.get(fmt)  # fail on a bad format before any work
    settings = _settings(args)
    counts = {"ok": 0, "failed": 0}

    def counted() -> Iterator[Dossier | Failure]:
        for item in _items(args, settings):
            counts["failed" if isinstance(item, Failure) else "ok"] += 1
            yield item

    if fmt == "json":  # streamed: one dossier per line as it is made
        with _output(args.output) as out:
            stream_json(counted(), out, include_text=not args.no_text)
    else:  # a report is one document: collect, then render
        items = list(counted())
        dossiers = [i for i in items if isinstance(i, Dossier)]
        failures = [i for i in items if isinstance(i, Failure)]
        with _output(args.output) as out:
            out.write(render(dossiers, failures))
    if args.output and not args.quiet:
        print(f"presslens: wrote {counts['ok']} dossier(s) to {args.output}"
              + (f"; {counts['failed']} input(s) failed" if counts["failed"] else ""), file=sys.stderr)
    return _exit_code(counts["ok"], counts["failed"])


def _cmd_analyzers(args: argparse.Namespace) -> int:
    from .registry import analyzers

    infos = []
    for name in analyzers.names():
        try:
            infos.append(analyzers.get(name).info())
        except Exception as exc:  # a broken plugin must not hide the others
            infos.append({"name": name, "error": str(exc)})
    if args.json:
        print(json.dumps(infos, indent=2))
        return 0
    for i in infos:
        if "error" in i:
            print(f"{i['name']}\n    cannot be loaded: {i['error']}")
            continue
        print(f"{i['name']}  [{i['capability']}]  {i['description']}")
        print(f"    requires: {', '.join(i['requires']) or '-'}   languages: {', '.join(i['languages'] or ['any'])}")
        print(f"    produces: {', '.join(i['produces'])}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .dossier.schema import load_schema

    print(json.dumps(load_schema(), indent=2))
    return 0


#: Table commands: analyzers to run and the function building rows from a dossier.
def _table_spec(command: str) -> tuple[tuple[str, ...], Callable[..., list[dict[str, str]]]]:
    if command == "quotes":
        from .attribution import quote_rows

        return ("presslens.quotes.v1", "presslens.sourcing.v1"), quote_rows
    if command == "claims":
        from .claims import claim_rows

        return ("presslens.hedging.v1", "presslens.quotes.v1", "presslens.claims.v1"), claim_rows
    from .persuasion import span_rows

    return ("presslens.persuasion.v1",), span_rows


def format_table(rows: Sequence[dict[str, str]], max_width: int = 70) -> str:
    """A plain-text table of ``rows`` (column widths capped at ``max_width``)."""
    if not rows:
        return "(none)\n"
    cols = list(rows[0])

    def cell(v: Any) -> str:
        s = " ".join(str(v if v is not None else "").split())
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    widths = {c: max(len(c), *(len(cell(r.get(c, ""))) for r in rows)) for c in cols}
    lines = ["  ".join(c.upper().ljust(widths[c]) for c in cols).rstrip(), "  ".join("-" * widths[c] for c in cols)]
    lines += ["  ".join(cell(r.get(c, "")).ljust(widths[c]) for c in cols).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def _cmd_table(args: argparse.Namespace) -> int:
    names, rows_of = _table_spec(args.command)
    settings = _settings(args)
    if settings.analyzers is None:
        from .registry import analyzers

        available = set(analyzers.names())
        settings = settings.replace(analyzers=tuple(n for n in names if n in available))
    n_ok = n_failed = 0
    first = Path(args.inputs[0])
    several = len(args.inputs) > 1 or first.is_dir() or first.suffix.lower() in CORPUS_SUFFIXES
    for item in _items(args, settings):
        if isinstance(item, Failure):
            n_failed += 1
            continue
        n_ok += 1
        rows = rows_of(item, top=args.top) if args.command == "claims" else rows_of(item)
        if args.json:
            sys.stdout.write(json.dumps({"origin": item.article.origin, "rows": rows}, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write((f"== {item.article.origin}\n" if several else "") + format_table(rows))
    return _exit_code(n_ok, n_failed)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "analyze": _cmd_analyze,
    "analyzers": _cmd_analyzers,
    "schema": _cmd_schema,
    "quotes": _cmd_table,
    "claims": _cmd_table,
    "persuasion": _cmd_table,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``presslens`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    level = logging.DEBUG if getattr(args, "verbose", False) else (
        logging.ERROR if getattr(args, "quiet", False) else logging.WARNING)
    logging.basicConfig(level=level, format="presslens: %(message)s", stream=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except PresslensError as exc:
        print(f"presslens: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("presslens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
