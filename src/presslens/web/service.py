"""The analysis service behind the web app: one pipeline per worker, a bounded pool, load shedding, a cache.

Admission control (why the service never queues without bound):

- at most ``analysis_slots`` analyses run at once (each in a worker thread, off the event loop);
- at most ``max_queue`` more may wait for a slot; a request beyond that is answered **429** at once;
- a request that waited ``queue_timeout`` seconds without getting a slot is answered **503**;
- an analysis that runs past ``analysis_timeout`` is answered **503** (E084); its thread finishes in the
  background and keeps its slot until then, so abandoned work can never pile up beyond the pool.

URL fetches have their own, larger pool (``fetch_slots``; waiting on a slow server must not block analysis),
shed the same way.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from ..config import Settings
from ..dossier.model import Dossier
from ..errors import Errors, ServiceError

log = logging.getLogger("presslens.web")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Everything ``presslens serve`` can be told (passed to each worker process as JSON).

    Attributes:
        store: path of a DuckDB corpus store for the corpus endpoints, or None.
        allow_private: let URLs resolve to loopback/private addresses (off by default; logged when on).
        token: API token required (``Authorization: Bearer``) on analyse and write endpoints; None: open.
        config_file: a presslens TOML settings file for the pipeline.
        max_body_bytes: request bodies above this are refused with 413 (E080).
        analysis_slots: analyses running at once per worker.
        max_queue: analyses waiting for a slot before new ones get 429.
        queue_timeout: seconds a request may wait for a slot before it gets 503.
        analysis_timeout: seconds an analysis may run before its request gets 503 (E084).
        fetch_slots: URL fetches at once per worker (more are answered 429).
        cache_size: dossiers kept for ``GET /api/dossiers/{id}`` (per worker in memory).
        cache_dir: folder shared by the workers where dossiers are also kept as JSON (None: memory only).
        max_chars: article length limit for web requests (characters).
        max_open_requests: HTTP requests open at once per worker; one beyond that is answered 503 (E083,
            ``Retry-After``) in the service's error shape before any work is done.
    """

    store: str | None = None
    allow_private: bool = False
    token: str | None = None
    config_file: str | None = None
    max_body_bytes: int = 2_000_000
    analysis_slots: int = 1
    max_queue: int = 8
    queue_timeout: float = 20.0
    analysis_timeout: float = 60.0
    fetch_slots: int = 4
    cache_size: int = 256
    cache_dir: str | None = None
    max_chars: int = 300_000
    max_open_requests: int = 256

    def __post_init__(self) -> None:
        for key in ("max_body_bytes", "analysis_slots", "fetch_slots", "cache_size", "max_chars",
                    "max_open_requests"):
            if getattr(self, key) <= 0:
                raise ValueError(f"WebConfig.{key} must be positive")
        if self.max_queue < 0 or self.queue_timeout <= 0 or self.analysis_timeout <= 0:
            raise ValueError("WebConfig: max_queue must be >= 0 and the timeouts positive")

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> WebConfig:
        return cls(**json.loads(text))

    def replace(self, **changes: Any) -> WebConfig:
        return replace(self, **changes)

    def pipeline_settings(self) -> Settings:
        """The pipeline settings: the config file (if any), the web length limit, and ``allow_private``."""
        base = Settings.from_file(self.config_file) if self.config_file else Settings()
        fetch = replace(base.fetch, allow_private=self.allow_private or base.fetch.allow_private)
        return base.replace(fetch=fetch, max_chars=min(base.max_chars, self.max_chars))


def service_error(code: str, status: int, **fields: object) -> ServiceError:
    """A :class:`ServiceError` with the catalogue message ``code``."""
    return ServiceError(getattr(Errors, code).format(**fields), code=code, status=status)


class Pool:
    """A bounded thread pool with admission control (see the module docstring)."""

    def __init__(self, name: str, slots: int, max_queue: int, queue_timeout: float, run_timeout: float) -> None:
        self.name = name
        self.slots = slots
        self.max_queue = max_queue
        self.queue_timeout = queue_timeout
        self.run_timeout = run_timeout
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._sem: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self.admitted = 0  # running + waiting
        self.shed_429 = 0
        self.shed_503 = 0

    @property
    def capacity(self) -> int:
        return self.slots + self.max_queue

    @contextlib.contextmanager
    def _admission(self) -> Iterator[None]:
        with self._lock:
            if self.admitted >= self.capacity:
                self.shed_429 += 1
                raise service_error("E083", 429, why=f"{self.admitted} {self.name} requests in progress or queued",
                                    retry=max(1, int(self.run_timeout // 10) or 1))
            self.admitted += 1
        try:
            yield
        finally:
            with self._lock:
                self.admitted -= 1

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in the pool; 429 when full, 503 when no slot came in time or the run took too long."""
        with self._admission():
            loop = asyncio.get_running_loop()
            if self._sem is None or self._loop is not loop:  # one semaphore per event loop (tests run several)
                self._sem, self._loop = asyncio.Semaphore(self.slots), loop
            sem = self._sem
            try:
                await asyncio.wait_for(sem.acquire(), self.queue_timeout)
            except TimeoutError:
                self.shed_503 += 1
                raise service_error("E083", 503, why=f"no {self.name} slot free within {self.queue_timeout:g} s",
                                    retry=max(1, int(self.queue_timeout))) from None

            def task() -> T:
                try:
                    return fn()
                finally:  # the slot is held until the work is really done, even if its request gave up
                    loop.call_soon_threadsafe(sem.release)

            try:
                future = loop.run_in_executor(self._pool(), task)
            except BaseException:
                sem.release()
                raise
            try:
                return await asyncio.wait_for(asyncio.shield(future), self.run_timeout)
            except TimeoutError:
                self.shed_503 += 1
                future.add_done_callback(_swallow)
                raise service_error("E084", 503, seconds=f"{self.run_timeout:g}") from None

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(self.slots, thread_name_prefix=self.name)
            return self._executor

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


def _swallow(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled() and fut.exception() is not None:
        log.warning("abandoned work failed: %s", fut.exception())


@dataclass
class DossierCache:
    """The most recent dossiers by article id (LRU in memory; also JSON files in ``folder`` if given, so the
    workers of one service can answer for each other)."""

    size: int
    folder: Path | None = None
    _items: collections.OrderedDict[str, Dossier] = field(default_factory=collections.OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, dossier: Dossier) -> None:
        key = dossier.article.id
        with self._lock:
            self._items[key] = dossier
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        if self.folder is not None:
            self._write(key, dossier)

    def get(self, key: str) -> Dossier | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        if self.folder is not None:
            return self._read(key)
        return None

    def _write(self, key: str, dossier: Dossier) -> None:
        assert self.folder is not None
        path = self.folder / f"{key}.json"
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(dossier.to_dict(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in files[: max(0, len(files) - self.size)]:
            with contextlib.suppress(OSError):
                old.unlink()

    def _read(self, key: str) -> Dossier | None:
        from .models import document_to_dossier

        assert self.folder is not None
        path = self.folder / f"{key}.json"
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:
            dossier: Dossier = document_to_dossier(doc)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("cached dossier %s unreadable: %s", key, exc)
            return None
        with self._lock:
            self._items[key] = dossier
        return dossier

    def recent(self, n: int) -> list[Dossier]:
        """The ``n`` most recently used dossiers in this worker, newest first."""
        with self._lock:
            return list(reversed(self._items.values()))[:n]

    def all(self) -> list[Dossier]:
        """Every dossier this worker holds (and, with a shared folder, those of the other workers)."""
        if self.folder is not None:
            for path in sorted(self.folder.glob("*.json")):
                if path.stem not in self._items:
                    self._read(path.stem)
        with self._lock:
            return list(self._items.values())

    def __len__(self) -> int:
        return len(self._items)


__all__ = ["DossierCache", "Pool", "WebConfig", "service_error"]
