"""Focused views: ``presslens quotes``, ``presslens claims``, ``presslens persuasion``.

Each runs only the analyzers its view needs and prints one table per article. Tables fit the terminal width
(``COLUMNS`` or the terminal's size; 120 columns when stdout is not a terminal), cutting the long text column
with "…"; ``--wide`` wraps long cells over several lines instead, ``--full`` prints every cell whole on one
line (for grep and pipes). When an analyzer of the view fails or is skipped, the view says so instead of
printing "(none)": an empty table means the analyzer ran and found nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ._base import Command, Namespace, add_input_options, add_run_options, is_many, settings_from_args

if TYPE_CHECKING:
    from ..dossier.model import Dossier

#: Width used when stdout is not a terminal and ``COLUMNS`` is unset.
PIPE_WIDTH = 120
#: In fitted tables, short columns are cut at this many characters; the long column takes the rest.
SHORT_COLUMN_MAX = 28
#: In wrapped (``--wide``) tables short columns wrap at this width (nothing is lost), leaving more to the long one.
SHORT_COLUMN_WRAP = 20
#: Short columns are narrowed down to this (or their header) to give the long column half the line.
SHORT_COLUMN_MIN = 12
#: The long column never shrinks below this.
LONG_COLUMN_MIN = 24


@dataclasses.dataclass(frozen=True)
class Column:
    """A displayed column: the row key it shows, its header, and whether it is the long (flexible) one."""

    key: str
    header: str
    long: bool = False


@dataclasses.dataclass(frozen=True)
class View:
    """One focused view: which analyzers it runs, which is primary, how rows are made and shown."""

    name: str
    help: str
    analyzers: tuple[str, ...]
    primary: str
    columns: tuple[Column, ...]
    rows: Callable[[Dossier, Namespace], list[dict[str, str]]]
    legend: str = ""


def _quote_rows(d: Dossier, args: Namespace) -> list[dict[str, str]]:
    from ..attribution import quote_rows

    return quote_rows(d)


def _claim_rows(d: Dossier, args: Namespace) -> list[dict[str, str]]:
    from ..claims import claim_rows

    return claim_rows(d, top=args.top)


def _persuasion_rows(d: Dossier, args: Namespace) -> list[dict[str, str]]:
    from ..persuasion import span_rows

    return span_rows(d)


VIEWS: dict[str, View] = {
    "quotes": View(
        "quotes", "print the quotes of an article with speaker, role and cue",
        ("presslens.quotes.v1", "presslens.sourcing.v1"), "presslens.quotes.v1",
        (Column("speaker", "speaker"), Column("role", "role"), Column("cue", "cue"), Column("type", "type"),
         Column("quote", "quote", long=True)),
        _quote_rows),
    "claims": View(
        "claims", "print the check-worthy claims of an article, ranked",
        ("presslens.hedging.v1", "presslens.quotes.v1", "presslens.claims.v1"), "presslens.claims.v1",
        (Column("rank", "#"), Column("score", "score"), Column("sentence", "claim", long=True),
         Column("numbers", "numbers"), Column("asserter", "asserter")),
        _claim_rows,
        legend="score: check-worthiness, the model's probability that a fact-checker would check the claim."),
    "persuasion": View(
        "persuasion", "print persuasion-technique spans with technique and scores",
        ("presslens.persuasion.v1",), "presslens.persuasion.v1",
        (Column("technique", "technique"), Column("score", "span p"),
         Column("technique_probability", "technique p"), Column("start", "at"), Column("text", "text", long=True)),
        _persuasion_rows,
        legend="span p: model confidence that these words are persuasive language; technique p: probability "
               "that the named technique is the right one for the span; at: character offset in the article."),
}


def _count(value: str) -> int:
    """An argparse type: a whole number ≥ 1 (``--top -3`` used to print all but the last three claims)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def add_arguments_for(view: View) -> Callable[[argparse.ArgumentParser], None]:
    def add(p: argparse.ArgumentParser) -> None:
        add_input_options(p)
        g = p.add_argument_group("output")
        if view.name == "claims":
            g.add_argument("--top", type=_count, default=10, metavar="N", help="how many claims to print (default 10)")
        g.add_argument("--json", action="store_true", help="print rows as JSON Lines (one object per article)")
        width = g.add_mutually_exclusive_group()
        width.add_argument("--wide", action="store_true", help="wrap long cells over several lines instead of cutting them")
        width.add_argument("--full", action="store_true", help="print every cell whole on one line (no width limit)")
        add_run_options(p)

    return add


def terminal_width() -> int:
    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, int(os.environ["COLUMNS"]))
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((PIPE_WIDTH, 24)).columns)
    return PIPE_WIDTH


def _clean(v: object) -> str:
    return " ".join(str(v if v is not None else "").split())


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: max(0, n - 1)] + "…"


def format_table(rows: Sequence[dict[str, str]], columns: Sequence[Column] | None = None, *,
                 width: int | None = None, mode: str = "fit") -> str:
    """A plain-text table of ``rows``.

    Args:
        columns: what to show (default: every key of the first row; the last one is the long column).
        width: total width to fit (``fit`` and ``wide`` modes); default: :func:`terminal_width`.
        mode: ``fit`` cuts cells with "…" to fit ``width``; ``wide`` wraps them over several lines;
            ``full`` prints every cell whole (no width limit).
    """
    if not rows:
        return "(none: the analyzer ran and found nothing)\n"
    if columns is None:
        keys = list(rows[0])
        columns = [Column(k, k, long=(i == len(keys) - 1)) for i, k in enumerate(keys)]
    width = width or terminal_width()
    cells = [{c.key: _clean(r.get(c.key, "")) for c in columns} for r in rows]
    natural = {c.key: max(len(c.header), *(len(cell[c.key]) for cell in cells)) for c in columns}
    widths = dict(natural)
    if mode != "full":
        for c in columns:
            if not c.long:
                cap = SHORT_COLUMN_WRAP if mode == "wide" else SHORT_COLUMN_MAX
                widths[c.key] = min(natural[c.key], max(len(c.header), cap))
        gaps = 2 * (len(columns) - 1)
        fixed = sum(widths[c.key] for c in columns if not c.long)
        longs = [c for c in columns if c.long]
        shorts = [c for c in columns if not c.long]
        for c in longs:  # the long column (the quote, the claim) gets what is left, and at least half the line
            left = width - gaps - fixed
            widths[c.key] = min(natural[c.key], max(LONG_COLUMN_MIN, left, width // 2))

        def floor(col: Column) -> int:
            return max(len(col.header), SHORT_COLUMN_MIN)

        # Then narrow the widest short columns until the line fits (or they are all at their floor).
        while shorts and sum(widths.values()) + gaps > width:
            widest = max(shorts, key=lambda col: widths[col.key] - floor(col))
            if widths[widest.key] <= floor(widest):
                break
            widths[widest.key] -= 1
    lines = ["  ".join(c.header.upper().ljust(widths[c.key]) for c in columns).rstrip(),
             "  ".join("-" * widths[c.key] for c in columns)]
    for cell in cells:
        if mode == "wide":
            wrapped = {c.key: textwrap.wrap(cell[c.key], widths[c.key], break_long_words=True) or [""]
                       for c in columns}
            height = max(len(w) for w in wrapped.values())
            for i in range(height):
                lines.append("  ".join((wrapped[c.key][i] if i < len(wrapped[c.key]) else "").ljust(widths[c.key])
                                       for c in columns).rstrip())
        else:
            lines.append("  ".join(_cut(cell[c.key], widths[c.key]).ljust(widths[c.key])
                                   for c in columns).rstrip())
    return "\n".join(lines) + "\n"


def view_status(view: View, dossier: Dossier) -> tuple[str, list[str]]:
    """(why the table cannot be trusted or "" if it can, notes about secondary analyzers)."""
    runs = {r.name: r for r in dossier.runs}
    primary = runs.get(view.primary)
    blocker = ""
    if primary is None:
        blocker = f"(analyzer {view.primary} did not run)"
    elif primary.status == "failed":
        blocker = f"(analyzer failed: {view.primary}: {primary.reason})"
    elif primary.status == "skipped":
        blocker = f"(not analysed: {view.primary} was skipped: {primary.reason})"
    notes = [f"(note: analyzer {r.name} failed, so some columns may be empty: {r.reason})"
             for name, r in runs.items() if name != view.primary and r.status == "failed"]
    return blocker, notes


def run(args: Namespace) -> int:
    from ..dossier.model import Failure
    from ..registry import analyzers
    from ._run import RunCounts, analysed_items

    view = VIEWS[args.command]
    settings = settings_from_args(args)
    if settings.analyzers is None:
        available = set(analyzers.names())
        settings = settings.replace(analyzers=tuple(n for n in view.analyzers if n in available))
    mode = "full" if args.full else "wide" if args.wide else "fit"
    several = is_many(args.inputs)
    counts = RunCounts()
    for item in analysed_items(args, settings, counts):
        if isinstance(item, Failure):
            continue
        blocker, notes = view_status(view, item)
        rows = [] if blocker else view.rows(item, args)
        if args.json:
            record: dict[str, object] = {"origin": item.article.origin, "rows": rows}
            if blocker:
                record["status"] = blocker.strip("()")
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        out = f"== {item.article.origin}\n" if several else ""
        out += (blocker + "\n") if blocker else format_table(rows, view.columns, mode=mode)
        out += "".join(n + "\n" for n in notes)
        if rows and view.legend:
            out += textwrap.fill(view.legend, width=terminal_width() if mode != "full" else 10_000) + "\n"
        sys.stdout.write(out)
        sys.stdout.flush()
    return counts.exit_code()


COMMANDS = [Command(v.name, v.help, add_arguments_for(v), run, description=v.help[0].upper() + v.help[1:] + ".")
            for v in VIEWS.values()]
