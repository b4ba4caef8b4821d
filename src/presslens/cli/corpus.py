"""``presslens batch``, ``export``, ``dupes`` and ``stories``: a corpus into a DuckDB store, tables out of it, copies in it.

The work lives in :mod:`presslens.corpus`; this module only parses arguments (cheap to import).
"""

from __future__ import annotations

import argparse
import sys

from ._base import Command, Namespace, add_input_options, add_run_options, settings_from_args, sources

EPILOG = """examples:
  presslens batch ../shared/data/news/allsides_sample/articles.jsonl --store corpus.duckdb
  presslens batch more/ --store corpus.duckdb --workers 2
  presslens export --store corpus.duckdb --table quotes --format parquet -o quotes.parquet
  presslens dupes --store corpus.duckdb
  presslens stories --store corpus.duckdb --days 3
"""


def _add_batch_arguments(p: argparse.ArgumentParser) -> None:
    add_input_options(p)
    g = p.add_argument_group("batch")
    g.add_argument("--store", required=True, metavar="FILE", help="DuckDB store file (created if missing)")
    g.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    g.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local process pool (default) or Ray actors (pip install 'presslens[ray]')")
    g.add_argument("--ray-address", metavar="ADDR", help="Ray cluster to join (default: start a local runtime)")
    g.add_argument("--chunk", type=int, default=16, metavar="N", help="items per worker task (default 16)")
    g.add_argument("--retry-failed", action="store_true", help="re-analyse items recorded as failed")
    add_run_options(p)


def run_batch(args: Namespace) -> int:
    from ..corpus.batch import run_batch as run
    from ..errors import ConfigError

    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers must be at least 1", code="E022")
    if args.chunk < 1:
        raise ConfigError("--chunk must be at least 1", code="E022")
    settings = settings_from_args(args)
    mode = "none" if args.quiet else args.progress
    report = run(sources(args.inputs), args.store, settings, workers=args.workers, engine=args.engine,
                 ray_address=args.ray_address, chunk_items=args.chunk, retry_failed=args.retry_failed,
                 progress_every=args.progress_every, quiet=mode == "none",
                 plain=mode == "log")
    if not args.quiet:
        earlier = (f", {report.skipped_failed} of them recorded as failed by an earlier run (--retry-failed "
                   "retries them)") if report.skipped_failed else ""
        print(f"presslens: run {report.run_id}: {report.done} analysed, {report.failed} failed, {report.skipped} "
              f"already in {args.store}{earlier} ({report.seconds:.1f} s; analyzer version "
              f"{report.analyzer_version})", file=sys.stderr)
    if report.failed and report.done == 0 and report.skipped == 0:
        return 126
    return 1 if report.failed or report.skipped_failed else 0  # inputs that failed earlier still failed


def _add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", required=True, metavar="FILE", help="the DuckDB store")
    p.add_argument("--table", required=True, metavar="NAME", help="table or view (see docs/store.md)")
    p.add_argument("--format", choices=("parquet", "csv", "jsonl"), default=None,
                   help="output format (default: from the -o extension, else jsonl)")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (stdout for csv/jsonl when omitted)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run_export(args: Namespace) -> int:
    from pathlib import Path

    from ..corpus.export import export_table
    from ._base import check_output_path

    check_output_path(args.output)
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}.get(suffix, "jsonl")
    manifest = export_table(args.store, args.table, fmt, args.output)
    if args.output and not args.quiet:
        print(f"presslens: wrote {manifest['rows']} rows of {args.table} to {args.output} "
              f"(manifest: {args.output}.manifest.json)", file=sys.stderr)
    return 0


def _add_dupes_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", required=True, metavar="FILE", help="the DuckDB store (after presslens batch)")
    p.add_argument("--threshold", type=float, default=0.5, metavar="J",
                   help="Jaccard from which two articles are lightly edited copies (default 0.5)")
    p.add_argument("--shingle", type=int, default=5, metavar="K", help="words per shingle (default 5)")
    p.add_argument("--article", metavar="ITEM_KEY",
                   help="after detection, print what the store knows about copies of this article")
    p.add_argument("--json", action="store_true", help="print clusters as JSON Lines")


def run_dupes(args: Namespace) -> int:
    import json

    from ..corpus.dupes import DupeSettings, copy_context, find_duplicates
    from ..corpus.store import Store
    from ..dossier.attrs import PassageReuseAttrs
    from ..errors import ConfigError

    if not 0 < args.threshold <= 1 or args.shingle < 1:
        raise ConfigError("--threshold must be in (0, 1] and --shingle at least 1", code="E022")
    result = find_duplicates(args.store, DupeSettings(threshold=args.threshold, shingle=args.shingle))
    if args.json:
        for c in result.clusters:
            sys.stdout.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.describe())
    if args.article:
        with Store(args.store, read_only=True) as store:
            ctx = copy_context(store, args.article)
        sys.stdout.write(f"\n{args.article}: {ctx.line}\n")
        for f in ctx.passages:
            reuse = f.attrs_as(PassageReuseAttrs)
            src = reuse.source_span
            sys.stdout.write(f"  passage [{f.start}:{f.end}] copied from {reuse.source_outlet} "
                             f"[{src.start}:{src.end}]{'' if reuse.credited else ' without credit'}\n")
    return 0


def _add_stories_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", required=True, metavar="FILE", help="the DuckDB store (after presslens batch)")
    p.add_argument("--days", type=int, default=3, metavar="N", help="time window in days (default 3)")
    p.add_argument("--threshold", type=float, default=None, metavar="COS",
                   help="TF-IDF cosine from which two articles are linked (default 0.15, chosen on the labelled set)")
    p.add_argument("--json", action="store_true", help="print stories as JSON Lines")


def run_stories(args: Namespace) -> int:
    import json

    from ..corpus.stories import StorySettings, find_stories
    from ..errors import ConfigError

    if args.days < 0 or (args.threshold is not None and not 0 < args.threshold <= 1):
        raise ConfigError("--days must be ≥ 0 and --threshold in (0, 1]", code="E022")
    settings = StorySettings(days=args.days) if args.threshold is None else StorySettings(days=args.days,
                                                                                          threshold=args.threshold)
    result = find_stories(args.store, settings)
    if args.json:
        for st in result.stories:
            sys.stdout.write(json.dumps(st.to_dict(), ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write(result.describe())
    return 0


COMMANDS = [
    Command("batch", "analyse a corpus into a DuckDB store on every core (resumable)", _add_batch_arguments,
            run_batch, description="Analyse inputs into a DuckDB store on a process pool (or Ray). Killing it "
            "and rerunning processes every item exactly once; a changed analyzer version re-analyses.",
            epilog=EPILOG),
    Command("export", "stream a complete store table to Parquet, CSV or JSON Lines", _add_export_arguments,
            run_export, description="Export a whole table of a store; every row carries outlet, language, URL "
            "and date. Run provenance goes to OUTPUT.manifest.json.", epilog=EPILOG),
    Command("dupes", "near-duplicates, republication clusters and passage reuse in a store", _add_dupes_arguments,
            run_dupes, description="Find near-duplicate articles in a store (MinHash LSH over word shingles, "
            "verified on exact shingle sets), cluster them earliest publication first with each copy's relation, "
            "and find paragraphs copied from earlier articles.", epilog=EPILOG),
    Command("stories", "cluster a store's articles into stories and compare outlets", _add_stories_arguments,
            run_stories, description="Cluster articles about the same event within a time window (TF-IDF); per "
            "story: outlets and lean, parties quoted, number disagreements with both evidences and asserters, "
            "one-sided coverage.", epilog=EPILOG),
]
