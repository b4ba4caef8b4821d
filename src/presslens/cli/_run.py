"""Running an analysis from the command line: the item stream, its progress, and failure reporting on stderr.

Every input failure and every analyzer failure is one line on stderr that names the input (and the analyzer);
``-v`` adds the traceback (logged by the pipeline at DEBUG level). :class:`RunCounts` feeds the exit code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._base import CORPUS_SUFFIXES, Namespace, exit_code, sources

if TYPE_CHECKING:
    from ..config import Settings
    from ..dossier.model import Dossier, Failure


@dataclasses.dataclass
class RunCounts:
    """What a run produced: dossiers, failed inputs, and dossiers in which an analyzer failed."""

    ok: int = 0
    failed: int = 0
    analyzer_failures: int = 0  # (article, analyzer) pairs
    articles_with_analyzer_failures: int = 0

    def exit_code(self) -> int:
        return exit_code(self.ok, self.failed, self.analyzer_failures)


# -- progress --------------------------------------------------------------------------------------------
def estimate_total(inputs: Sequence[str]) -> int | None:
    """How many items the inputs hold, when that is cheap to know: files, folders of article files, JSON Lines
    (non-blank lines), CSV/TSV (records), Parquet (row count in the footer); None otherwise (a JSON array, a
    folder holding corpora). An estimate: the progress display never shows more than 100 %."""
    total = 0
    for src in sources(inputs):
        if isinstance(src, str):  # URL or stdin: one article
            total += 1
            continue
        if src.is_dir():
            for _, dirnames, filenames in os.walk(src):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                names = [f for f in filenames if not f.startswith(".")]
                if any(Path(f).suffix.lower() in CORPUS_SUFFIXES for f in names):
                    return None
                total += len(names)
            continue
        n = _count_items(src)
        if n is None:
            return None
        total += n
    return total


def _count_items(path: Path) -> int | None:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix in (".csv", ".tsv"):
            import csv

            csv.field_size_limit(2**31 - 1)
            with path.open(encoding="utf-8", errors="replace", newline="") as fh:
                rows = sum(1 for row in csv.reader(fh, delimiter="\t" if suffix == ".tsv" else ",") if row)
            return max(0, rows - 1)  # the header
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
    except Exception:  # an unreadable corpus is reported by ingestion; progress just lacks a total
        return None
    return None if suffix == ".json" else 1


def _fmt_seconds(seconds: float) -> str:
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{(s % 3600) // 60:02d}m"


class Progress:
    """Progress on stderr: a rich bar on a terminal, plain periodic log lines otherwise.

    Args:
        mode: ``bar`` | ``log`` | ``none`` (``auto`` is resolved by :func:`make_progress`).
        total: number of items when known (then percentage and ETA are shown).
        every: seconds between log lines (``log`` mode).
    """

    def __init__(self, mode: str, total: int | None, every: float, stream: TextIO | None = None) -> None:
        self.mode = mode
        self.total = total
        self.every = max(0.0, every)
        self.stream = stream or sys.stderr
        self.t0 = time.perf_counter()
        self.last_log = self.t0
        self.n = 0
        self.failed = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("presslens"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"),
                TimeRemainingColumn(), console=Console(file=self.stream), transient=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("analyse", total=self.total, failed=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
        elif self.mode == "log" and self.n:
            self._log(final=True)

    def note(self, message: str) -> None:
        """Print one line on stderr without garbling the bar."""
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            print(message, file=self.stream, flush=True)

    def advance(self, failed: bool) -> None:
        self.n += 1
        self.failed += failed
        if self._bar is not None:
            grown = {"total": self.n} if self.total is not None and self.n > self.total else {}
            self._bar.update(self._task, advance=1, failed=self.failed, **grown)
        elif self.mode == "log":
            now = time.perf_counter()
            if now - self.last_log >= self.every:
                self.last_log = now
                self._log()

    def line(self, final: bool = False) -> str:
        """The plain progress line (``done:`` at the end)."""
        elapsed = time.perf_counter() - self.t0
        rate = self.n / elapsed if elapsed > 0 else 0.0
        total = max(self.total, self.n) if self.total else None  # an estimate never shows more than 100 %
        head = f"{self.n}/{total} items ({100 * self.n / total:.0f}%)" if total else f"{self.n} items"
        parts = [head, f"{self.failed} failed", f"{rate:.1f}/s", f"elapsed {_fmt_seconds(elapsed)}"]
        if not final and total and rate > 0 and self.n < total:
            parts.append(f"ETA {_fmt_seconds((total - self.n) / rate)}")
        return "presslens: " + ("done: " if final else "progress: ") + ", ".join(parts)

    def _log(self, final: bool = False) -> None:
        print(self.line(final), file=self.stream, flush=True)


def make_progress(args: Namespace, total: int | None) -> Progress:
    mode = getattr(args, "progress", "auto")
    if getattr(args, "quiet", False):
        mode = "none"
    elif mode == "auto":
        if total is not None and total <= 1:
            mode = "none"  # one article: nothing to report progress on
        else:
            mode = "bar" if sys.stderr.isatty() else "log"
    return Progress(mode, total, getattr(args, "progress_every", 30.0))


# -- the item stream -------------------------------------------------------------------------------------
def analysed_items(args: Namespace, settings: Settings, counts: RunCounts) -> Iterator[Dossier | Failure]:
    """Analyse the inputs as a stream, counting results and reporting failures and progress on stderr."""
    from ..api import analyze_many
    from ..dossier.model import Failure

    quiet = getattr(args, "quiet", False)
    verbose = getattr(args, "verbose", False)
    with make_progress(args, estimate_total(args.inputs)) as progress:
        for item in analyze_many(sources(args.inputs), settings):
            if isinstance(item, Failure):
                counts.failed += 1
                if not quiet:
                    progress.note(f"presslens: failed {item.origin}: [{item.code}] {item.message}")
            else:
                counts.ok += 1
                failed_runs = [r for r in item.runs if r.status == "failed"]
                if failed_runs:
                    counts.analyzer_failures += len(failed_runs)
                    counts.articles_with_analyzer_failures += 1
                    if not quiet:
                        for r in failed_runs:
                            progress.note(f"presslens: {item.article.origin or item.article.id}: "
                                          f"analyzer {r.name} failed: {r.reason}")
            progress.advance(isinstance(item, Failure))
            yield item
    if counts.analyzer_failures and not quiet:
        print(f"presslens: {counts.analyzer_failures} analyzer failure(s) in "
              f"{counts.articles_with_analyzer_failures} article(s); their findings are missing from the output"
              + ("" if verbose else " (run with -v for tracebacks)") + "; exit code 3", file=sys.stderr)


@contextlib.contextmanager
def output_stream(path: str | None) -> Iterator[TextIO]:
    """``path`` opened for writing (removed again if nothing could be written), else stdout."""
    if not path:
        yield sys.stdout
        return
    p = Path(path)
    existed = p.exists()
    fh = p.open("w", encoding="utf-8")
    ok = False
    try:
        yield fh
        ok = True
    finally:
        fh.close()
        if not ok and not existed and p.exists() and p.stat().st_size == 0:
            p.unlink()  # never leave an empty output file behind after an error


__all__ = ["Progress", "RunCounts", "analysed_items", "estimate_total", "make_progress", "output_stream"]
