"""The batch engine: stream inputs through the pipeline on a process pool (or Ray) into a DuckDB store.

- Inputs are read in the main process as a stream (anything ``presslens analyze`` accepts) and cut into
  chunks; each chunk's item keys (:func:`~presslens.corpus.rows.item_key`: input origin + content hash) are
  looked up in the store, and only the items not yet stored by the same analyzer version are sent out.
- Workers load the models once (pool initializer / Ray actor) and return flattened table rows
  (:func:`~presslens.corpus.rows.store_rows`, built on :func:`presslens.tables.rows`), so the main process only writes.
- At most ``2 × workers`` chunks are in flight, so memory is bounded whatever the corpus size.
- Every completed chunk is written in one transaction; killing the run at any moment and rerunning it
  processes every item exactly once. Failures (ingest, NLP, analysis, a crashed worker) are rows in
  ``failures`` with code and reason; they are not retried unless ``retry_failed`` is set.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..article import Article
from ..config import Settings
from ..dossier.model import Dossier, Failure
from .rows import item_key, store_rows
from .store import ItemResult, Store

log = logging.getLogger(__name__)

#: Items per chunk sent to a worker (one spaCy batch).
CHUNK_ITEMS = 16
#: Chunks in flight per worker (bounds memory).
IN_FLIGHT_PER_WORKER = 2


def analyzer_version(settings: Settings) -> str:
    """A fingerprint of what analyses an article: presslens version, analyzers and their versions, model, parse.

    A store row made under another fingerprint is re-analysed by the next batch run.
    """
    from ..pipeline import resolve_order
    from ..registry import analyzers as registry

    names = settings.analyzers if settings.analyzers is not None else registry.defaults()
    classes = resolve_order(names)
    desc = {
        "presslens": __version__,
        "analyzers": [f"{c.name}@{c.version}" for c in classes],
        "model": settings.model,
        "parse": settings.parse,
        "options": settings.analyzer_options,
        "min_language_confidence": settings.min_language_confidence,
    }
    digest = hashlib.sha256(json.dumps(desc, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return f"{__version__}+{digest}"


# -- worker side ------------------------------------------------------------------------------------------
_PIPELINE: Any = None


#: Seconds between two checks of a pool worker's parent (the fallback where the kernel cannot signal us).
PARENT_WATCH_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """End this worker process when ``parent_pid`` (the batch driver) is gone, even if it was SIGKILLed.

    On Linux the kernel sends SIGKILL to the worker when its parent dies (``prctl(PR_SET_PDEATHSIG)``); on
    every platform a daemon thread also checks ``os.getppid()`` every :data:`PARENT_WATCH_SECONDS` and leaves
    with ``os._exit`` once the worker has been re-parented. A driver that died before this ran is caught by
    the first check. Without this, a killed driver leaves its pool workers running (they block on a queue
    whose write end they hold themselves), each holding a loaded pipeline.
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
                log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError) as exc:  # no libc prctl: the thread below still watches
            log.debug("prctl unavailable: %s", exc)
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_WATCH_SECONDS)
        os._exit(1)

    import threading

    threading.Thread(target=watch, name="presslens-parent-watch", daemon=True).start()


def init_worker(settings: Settings, parent_pid: int | None = None) -> None:
    """Load the pipeline (models) once in this worker process.

    Args:
        settings (Settings): the pipeline settings.
        parent_pid (int | None): the driver's pid for a pool worker, which then dies with it
            (:func:`die_with_parent`); None for a Ray actor, whose life Ray manages.
    """
    global _PIPELINE
    if parent_pid is not None:
        die_with_parent(parent_pid)
    from ..pipeline import Pipeline

    _PIPELINE = Pipeline(settings)


def analyze_chunk(items: Sequence[tuple[str, Article]], version: str, pipeline: Any = None) -> list[ItemResult]:
    """Analyse one chunk of (key, article) pairs; one :class:`ItemResult` per item, in order, never dropped."""
    pipe = pipeline or _PIPELINE
    if pipe is None:
        raise RuntimeError("analyze_chunk called in a process whose pipeline was not initialised")
    out: list[ItemResult] = []
    results: list[Dossier | Failure]
    try:
        results = list(pipe.analyze_many(a for _, a in items))
    except Exception as exc:  # the pipeline isolates items; this is a last line of defence
        results = [Failure(a.origin, getattr(exc, "code", "E040"), f"{type(exc).__name__}: {exc}", "batch")
                   for _, a in items]
    for (key, art), res in zip(items, results, strict=True):
        if isinstance(res, Failure):
            out.append(ItemResult(key, art.origin, art.id,
                                  failure={"code": res.code, "message": res.message, "stage": res.stage}))
            continue
        try:
            rows = store_rows(res, key, version)
        except Exception as exc:
            out.append(ItemResult(key, art.origin, art.id, failure={
                "code": "E071", "message": f"flattening failed: {type(exc).__name__}: {exc}", "stage": "store"}))
            continue
        out.append(ItemResult(key, art.origin, art.id, rows=rows))
    return out


# -- progress -------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Progress:
    """Progress with total, rate and ETA: redrawn in place on a terminal, plain periodic lines otherwise."""

    total: int | None
    stream: TextIO | None = None
    every: float = 10.0
    quiet: bool = False
    plain: bool = False
    done: int = 0
    failed: int = 0
    skipped: int = 0
    #: Items skipped because an earlier run recorded them as failed (not retried without ``retry_failed``).
    skipped_failed: int = 0
    #: Failures shown one per line (origin, code, reason); the rest are only counted (all are in the store).
    max_failure_lines: int = 20
    t0: float = field(default_factory=time.perf_counter)
    _last: float = 0.0
    _tty: bool = False
    _shown_counts: tuple[int, int, int] | None = None
    _failure_lines: int = 0

    def __post_init__(self) -> None:
        self.stream = self.stream or sys.stderr
        self._tty = not self.plain and bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, done: int = 0, failed: int = 0, skipped: int = 0, force: bool = False) -> None:
        self.done += done
        self.failed += failed
        self.skipped += skipped
        now = time.perf_counter()
        if self.quiet or (not force and now - self._last < (0.5 if self._tty else self.every)):
            return
        self._last = now
        if force and self._shown_counts == (self.done, self.failed, self.skipped) and not self._tty:
            return  # the last line printed already says this
        self._shown_counts = (self.done, self.failed, self.skipped)
        line = self.line(now)
        if self._tty:
            print("\r" + line.ljust(100), end="", file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)

    def failure(self, result: ItemResult) -> None:
        """Say on the stream which item failed and why (the first ``max_failure_lines``; then a count at the end)."""
        self._failure_lines += 1
        if self.quiet or self._failure_lines > self.max_failure_lines or result.failure is None:
            return
        f = result.failure
        print(("\r" if self._tty else "") + f"presslens batch: failed {result.origin}: [{f.get('code')}] "
              f"{f.get('message')}".ljust(100 if self._tty else 0), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        elapsed = max(1e-9, (now or time.perf_counter()) - self.t0)
        processed = self.done + self.failed
        rate = processed / elapsed
        seen = processed + self.skipped
        if self.total:
            left = max(0, self.total - seen)
            eta = _hms(left / rate) if rate > 0 else "?"
            head = f"{seen}/{self.total} ({100 * seen / self.total:.1f}%)"
        else:
            eta, head = "?", f"{seen}"
        return (f"presslens batch: {head} items, {self.done} analysed, {self.failed} failed, {self.skipped} "
                f"already stored; {rate:.2f} items/s; elapsed {_hms(elapsed)}, ETA {eta}")

    def close(self) -> None:
        if not self.quiet:
            self.update(force=True)
            if self._tty:
                print(file=self.stream)
            hidden = self._failure_lines - self.max_failure_lines
            if hidden > 0:
                print(f"presslens batch: {hidden} more failures not shown (every failure is in the store's "
                      "`failures` table: presslens export --table failures)", file=self.stream)


def _hms(s: float) -> str:
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def count_items(inputs: Sequence[str | Path]) -> int | None:
    """A cheap count of input items (lines, rows, files) for the progress total; None when unknown."""
    total = 0
    for src in inputs:
        if isinstance(src, str) and (src == "-" or src.lower().startswith(("http://", "https://"))):
            total += 1
            continue
        p = Path(src)
        suf = p.suffix.lower()
        try:
            if p.is_dir():
                total += sum(1 for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            elif suf in (".jsonl", ".ndjson"):
                with open(p, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif suf in (".csv", ".tsv", ".tab"):
                with open(p, encoding="utf-8", errors="replace", newline="") as fh:
                    csv.field_size_limit(64 * 1024 * 1024)
                    total += max(0, sum(1 for _ in csv.reader(fh, delimiter="\t" if suf != ".csv" else ",")) - 1)
            elif suf in (".parquet", ".pq"):
                import pyarrow.parquet as pq

                total += pq.ParquetFile(p).metadata.num_rows
            elif suf == ".json":
                return None
            else:
                total += 1
        except OSError:
            total += 1  # the reader will record the failure
    return total


# -- engines ----------------------------------------------------------------------------------------------------
class LocalEngine:
    """A process pool (``workers`` > 1) or the current process (``workers`` == 1)."""

    name = "local"

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = max(1, workers)
        self._pool: Any = None
        self._pipe: Any = None

    def __enter__(self) -> LocalEngine:
        if self.workers == 1:
            from ..pipeline import Pipeline

            self._pipe = Pipeline(self.settings)
        else:
            self._pool = self._new_pool()
        return self

    def _new_pool(self) -> Any:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=init_worker,
                                   initargs=(self.settings, os.getpid()))

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def map(self, chunks: Iterable[list[tuple[str, Article]]], version: str) -> Iterator[list[ItemResult]]:
        if self._pipe is not None:
            for chunk in chunks:
                yield analyze_chunk(chunk, version, self._pipe)
            return
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        pending: dict[Any, list[tuple[str, Article]]] = {}
        it = iter(chunks)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < limit:
                nxt = next(it, None)
                if nxt is None:
                    exhausted = True
                    break
                pending[self._pool.submit(analyze_chunk, nxt, version)] = nxt
            if not pending:
                break
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            broken = False
            for fut in finished:
                chunk = pending.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool as exc:
                    broken = True
                    yield _crashed(chunk, f"worker process died: {exc}")
                except Exception as exc:
                    yield _crashed(chunk, f"{type(exc).__name__}: {exc}")
            if broken:  # every other in-flight chunk died with the pool: record them, start a new pool
                for chunk in pending.values():
                    yield _crashed(chunk, "worker pool broke while this chunk was in flight")
                pending.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()


def _crashed(chunk: Sequence[tuple[str, Article]], why: str) -> list[ItemResult]:
    return [ItemResult(k, a.origin, a.id, failure={"code": "E070", "message": why, "stage": "worker"})
            for k, a in chunk]


class RayEngine:
    """The same :func:`analyze_chunk` on Ray actors (each loads the models once); ``address`` joins a cluster."""

    name = "ray"

    def __init__(self, settings: Settings, workers: int, address: str | None = None) -> None:
        self.settings = settings
        self.workers = max(1, workers)
        self.address = address
        self._started = False

    def __enter__(self) -> RayEngine:
        try:
            import ray
        except ImportError as exc:
            from ..errors import ConfigError

            raise ConfigError("--engine ray needs Ray: pip install 'presslens[ray]'", code="E072") from exc
        if not ray.is_initialized():
            ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                     include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
            self._started = True

        @ray.remote(num_cpus=1)
        class _Worker:
            def __init__(self, settings: Settings) -> None:
                init_worker(settings)

            def run(self, chunk: list[tuple[str, Article]], version: str) -> list[ItemResult]:
                return analyze_chunk(chunk, version)

        worker: Any = _Worker  # ray.remote made it an actor class (its .remote is not visible to the type checker)
        self._actors = [worker.remote(self.settings) for _ in range(self.workers)]
        return self

    def __exit__(self, *exc: object) -> None:
        import ray

        for a in getattr(self, "_actors", []):
            ray.kill(a)
        if self._started:
            ray.shutdown()

    def map(self, chunks: Iterable[list[tuple[str, Article]]], version: str) -> Iterator[list[ItemResult]]:
        import ray

        free = deque(self._actors)
        pending: dict[Any, tuple[Any, list[tuple[str, Article]]]] = {}
        it = iter(chunks)
        exhausted = False
        limit = self.workers * IN_FLIGHT_PER_WORKER
        while pending or not exhausted:
            while not exhausted and len(pending) < limit:
                chunk = next(it, None)
                if chunk is None:
                    exhausted = True
                    break
                actor = free[0]
                free.rotate(-1)
                pending[actor.run.remote(chunk, version)] = (actor, chunk)
            if not pending:
                break
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                _, chunk = pending.pop(ref)
                try:
                    yield ray.get(ref)
                except Exception as exc:
                    yield _crashed(chunk, f"ray task failed: {type(exc).__name__}: {exc}")


# -- driver -----------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class BatchReport:
    """What a batch run did."""

    run_id: str
    analyzer_version: str
    total: int | None
    done: int
    failed: int
    skipped: int
    seconds: float
    status: str
    #: Of ``skipped``: items an earlier run recorded as failed (rerun them with ``retry_failed``).
    skipped_failed: int = 0


def _chunks(items: Iterable[Article | Failure], size: int, store: Store, version: str, retry_failed: bool,
            on_skip: Callable[[int, int], None], on_ingest_failures: Callable[[list[ItemResult]], None],
            ) -> Iterator[list[tuple[str, Article]]]:
    buf: list[tuple[str, Article | Failure]] = []

    def flush() -> Iterator[list[tuple[str, Article]]]:
        keys = [k for k, _ in buf]
        done = store.done_keys(keys, version)
        failed: set[str] = set()
        if done:
            failed = {r[0] for r in store.con.execute(
                "SELECT item_key FROM failures WHERE item_key IN (SELECT unnest(?))", [sorted(done)]).fetchall()}
        if retry_failed:
            done -= failed
        seen: set[str] = set()
        todo: list[tuple[str, Article]] = []
        fails: list[ItemResult] = []
        n_skip = n_skip_failed = 0
        for k, item in buf:
            if k in done or k in seen:
                n_skip += 1
                n_skip_failed += k in done and k in failed
                continue
            seen.add(k)
            if isinstance(item, Failure):
                fails.append(ItemResult(k, item.origin, "", failure={"code": item.code, "message": item.message,
                                                                       "stage": item.stage}))
            else:
                todo.append((k, item))
        if n_skip:
            on_skip(n_skip, n_skip_failed)
        if fails:
            on_ingest_failures(fails)
        if todo:
            yield todo

    for item in items:
        if isinstance(item, Failure):
            buf.append((item_key(item.origin, ""), item))
        else:
            buf.append((item_key(item.origin, item.id), item))
        if len(buf) >= size:
            yield from flush()
            buf = []
    if buf:
        yield from flush()


def run_batch(inputs: Sequence[str | Path], store_path: str | Path, settings: Settings | None = None, *,
              workers: int | None = None, engine: str = "local", ray_address: str | None = None,
              chunk_items: int = CHUNK_ITEMS, retry_failed: bool = False, progress_stream: TextIO | None = None,
              progress_every: float = 10.0, quiet: bool = False, plain: bool = False) -> BatchReport:
    """Analyse ``inputs`` into the store at ``store_path``; resumable (see the module docstring).

    Args:
        inputs: paths (files, folders, corpora), URLs or ``"-"``; relative paths are made absolute so the
            resume key does not depend on the working directory.
        workers: processes (default: all cores).
        engine: ``local`` (process pool) or ``ray``.
    """
    from .. import ingest

    settings = settings or Settings()
    workers = workers or os.cpu_count() or 1
    version = analyzer_version(settings)
    sources: list[str | Path] = [s if isinstance(s, str) and (s == "-" or "://" in s) else Path(s).resolve()
                                 for s in inputs]
    run_id = uuid.uuid4().hex[:12]
    progress = Progress(count_items(sources), progress_stream, progress_every, quiet, plain)
    eng: LocalEngine | RayEngine = (RayEngine(settings, workers, ray_address) if engine == "ray"
                                    else LocalEngine(settings, workers))
    status = "interrupted"
    with Store(store_path) as store:
        store.start_run(run_id, eng.name, workers, [str(s) for s in sources], version,
                        {"settings": repr(settings)}, __version__)

        def ingest_failures(results: list[ItemResult]) -> None:
            store.write(results, version, run_id)
            for r in results:
                progress.failure(r)
            progress.update(failed=len(results))

        def skipped(n: int, n_failed: int) -> None:
            progress.skipped_failed += n_failed
            progress.update(skipped=n)

        try:
            with eng:
                chunks = _chunks(ingest.iter_articles(sources, settings), chunk_items, store, version, retry_failed,
                                 skipped, ingest_failures)
                for results in eng.map(chunks, version):
                    store.write(results, version, run_id)
                    for r in results:
                        if r.failure is not None:
                            progress.failure(r)
                    nf = sum(1 for r in results if r.failure is not None)
                    progress.update(done=len(results) - nf, failed=nf)
            status = "finished"
        finally:
            progress.close()
            seconds = time.perf_counter() - progress.t0
            store.finish_run(run_id, status, progress.done, progress.failed, progress.skipped, seconds)
    return BatchReport(run_id, version, progress.total, progress.done, progress.failed, progress.skipped,
                       seconds, status, progress.skipped_failed)


__all__ = ["BatchReport", "LocalEngine", "Progress", "RayEngine", "analyze_chunk", "analyzer_version",
           "count_items", "die_with_parent", "init_worker", "run_batch"]
