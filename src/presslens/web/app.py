"""The FastAPI application: JSON API, browser UI, one error shape, security headers, limits.

Build it with :func:`create_app`; ``presslens serve`` runs it under uvicorn (:mod:`presslens.web.serve`).
The app is a thin shell over the public API: ingestion (with the SSRF guard of :mod:`presslens.ingest.url`),
:class:`~presslens.pipeline.Pipeline` and the renderers.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, File, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..article import Article
from ..dossier.model import SCHEMA_VERSION, Dossier
from ..errors import (
    BlockedURL,
    ConfigError,
    FetchError,
    FetchTimeout,
    InputError,
    ModelError,
    PresslensError,
    ResponseTooLarge,
    ServiceError,
)
from .models import ARTICLE_ID_PATTERN, AnalyzeRequest, DossierDocument, ErrorResponse, Health
from .service import DossierCache, Pool, WebConfig, service_error

if TYPE_CHECKING:
    import httpx

    from ..ingest.url import Resolver
    from ..pipeline import Pipeline

log = logging.getLogger("presslens.web")

#: Content Security Policy of every response. Scripts only from this origin (no inline script at all, so
#: nothing an article contains can run); inline style *attributes* are allowed for the report's colour
#: swatches. No frames, no plugins, no form posts elsewhere, no base-URL tricks.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send `Origin: null` on our own forms
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorResponse} for s in (400, 401, 403, 404, 413, 422, 429, 500, 502, 503, 504)
}


def status_of(exc: PresslensError) -> int:
    """The HTTP status a presslens error is answered with."""
    if isinstance(exc, ServiceError):
        return exc.status
    if isinstance(exc, BlockedURL):
        return 400
    if isinstance(exc, FetchTimeout):
        return 504
    if isinstance(exc, ResponseTooLarge) or exc.code == "E014":
        return 422
    if isinstance(exc, FetchError):
        return 502
    if isinstance(exc, InputError):
        return 413 if exc.code == "E007" else 422
    if isinstance(exc, ModelError):
        return 503
    if isinstance(exc, ConfigError):
        return 500
    return 500


def error_body(status: int, code: str, kind: str, message: str, errors: list[dict[str, Any]] | None = None
               ) -> dict[str, Any]:
    """The one error shape (:class:`~presslens.web.models.ErrorResponse`)."""
    return {"ok": False, "status": status, "code": code, "error": kind, "message": message, "errors": errors or []}


@dataclass
class State:
    """What one worker holds: settings, its pipeline (loaded once), pools, cache and store."""

    config: WebConfig
    transport: httpx.BaseTransport | None = None
    resolver: Resolver | None = None
    pipeline: Pipeline | None = None
    store: Any = None
    analysis: Pool = field(init=False)
    fetch: Pool = field(init=False)
    cache: DossierCache = field(init=False)
    started: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        c = self.config
        self.settings = c.pipeline_settings()
        self.analysis = Pool("analysis", c.analysis_slots, c.max_queue, c.queue_timeout, c.analysis_timeout)
        self.fetch = Pool("fetch", c.fetch_slots, 0, c.queue_timeout, self.settings.fetch.timeout * 2 + 5)
        folder = Path(c.cache_dir) if c.cache_dir else None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self.cache = DossierCache(c.cache_size, folder)

    def load(self) -> Pipeline:
        if self.pipeline is None:
            from ..api import load_pipeline

            self.pipeline = load_pipeline(self.settings)
        return self.pipeline


#: ``Retry-After`` (seconds) of the 503 answered when a worker has ``max_open_requests`` requests open.
OVERLOAD_RETRY_AFTER = 1


class _Guard:
    """ASGI middleware: security headers on every response; request bodies capped at ``max_body_bytes``; at
    most ``max_open`` HTTP requests open at once (one more is answered 503 E083 with ``Retry-After`` in the
    service's own error shape, instead of uvicorn's plain-text 503 at its connection limit)."""

    def __init__(self, app: Callable[..., Awaitable[None]], max_body_bytes: int, max_open: int) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.max_open = max_open
        self.open = 0  # requests in progress in this worker (one event loop, so a plain counter)
        self.shed = 0

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.open >= self.max_open:
            self.shed += 1
            await self._overloaded(scope, send)
            return
        self.open += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self.open -= 1

    async def _guarded(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        started = False
        cut = False  # the body went over the limit: a 413 was sent, whatever the app says next is dropped

        async def send_with_headers(message: dict[str, Any]) -> None:
            nonlocal started
            if cut:
                return
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._too_large(send_with_headers)
            return
        received = 0

        async def limited_receive() -> dict[str, Any]:
            nonlocal received, cut
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body and not cut:
                    if not started:
                        await self._too_large(send_with_headers)
                    cut = True
                    raise _BodyTooLarge
            return message

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, send_with_headers)

    async def _overloaded(self, scope: MutableMapping[str, Any], send: Callable[..., Awaitable[None]]) -> None:
        exc = service_error("E083", 503, why=f"{self.open} requests open in this worker (limit {self.max_open})",
                            retry=OVERLOAD_RETRY_AFTER)
        log.warning("shed a request to %s: %d requests open (limit %d)", scope.get("path"), self.open, self.max_open)
        headers = {"Retry-After": str(OVERLOAD_RETRY_AFTER), "Connection": "close"}
        response = _error_response(Request(scope), 503, exc.code, "ServiceError", exc.message, headers=headers)

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await response(scope, _no_receive, with_headers)

    async def _too_large(self, send: Callable[..., Awaitable[None]]) -> None:
        exc = service_error("E080", 413, limit=self.max_body)
        response = JSONResponse(error_body(413, exc.code, "ServiceError", exc.message), status_code=413)
        await response({"type": "http"}, _no_receive, send)


class _BodyTooLarge(Exception):
    pass


async def _no_receive() -> dict[str, Any]:  # pragma: no cover - a JSONResponse never reads
    return {"type": "http.disconnect"}


def create_app(
    config: WebConfig | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
    preload: bool = True,
) -> FastAPI:
    """The presslens web application.

    Args:
        config: service settings (limits, token, store, ``allow_private``); defaults otherwise.
        transport, resolver: for URL fetches (tests pass ``httpx.MockTransport`` and a fake resolver so that
            no traffic leaves the machine); default: real connections and ``getaddrinfo``.
        preload: load the NLP pipeline at startup (once per worker) rather than on the first analysis.

    Example:
        >>> from fastapi.testclient import TestClient
        >>> with TestClient(create_app()) as client:
        ...     client.get("/healthz").json()["status"]
        'ok'
    """
    config = config or WebConfig()
    state = State(config, transport=transport, resolver=resolver)
    if config.allow_private:
        log.warning("allow_private is ON: URLs resolving to loopback/private/link-local addresses will be fetched")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if preload:
            t0 = time.perf_counter()
            await asyncio.to_thread(_warm, state)
            log.info("pipeline loaded in %.1f s (pid %d)", time.perf_counter() - t0, os.getpid())
        yield
        state.analysis.shutdown()
        state.fetch.shutdown()
        if state.store is not None:
            state.store.close()

    app = FastAPI(
        title="presslens",
        version=__version__,
        description="Offline credibility dossiers for news articles: every finding tied to character spans. "
                    "Errors share one shape (`ErrorResponse`) with a presslens error code.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.presslens = state
    state.store = _open_store(config)
    _handlers(app)
    _api_routes(app, state)
    from .ui import ui_routes

    ui_routes(app, state)
    app.add_middleware(_Guard, max_body_bytes=config.max_body_bytes, max_open=config.max_open_requests)
    return app


def _open_store(config: WebConfig) -> Any:
    if not config.store:
        return None
    from .corpus import open_store  # the store raises E066 with the install hint when DuckDB is missing

    return open_store(config.store)


def _warm(state: State) -> None:
    pipe = state.load()
    from ..ingest import from_text

    pipe.analyze(from_text("The minister said on Monday that the plan had clearly failed, according to officials."))


# ------------------------------------------------------------------------------------------- errors


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/healthz", "/openapi.json"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _handlers(app: FastAPI) -> None:
    async def presslens_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PresslensError)
        status = status_of(exc)
        if status >= 500 and not isinstance(exc, ServiceError | FetchError | ModelError):
            log.error("request %s %s failed: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": str(_retry_after(exc))} if status in (429, 503) else None
        return _error_response(request, status, exc.code, type(exc).__name__, exc.message, headers=headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [{"loc": [str(x) if not isinstance(x, int) else x for x in e.get("loc", ())],
                   "msg": str(e.get("msg", ""))} for e in exc.errors()]
        why = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors[:5])
        exc2 = service_error("E081", 422, why=why or "malformed request")
        return _error_response(request, 422, exc2.code, "RequestValidationError", exc2.message, errors=errors)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = "E087" if exc.status_code == 404 else "E081"
        message = (f"Nothing found for path {request.url.path!r}." if exc.status_code == 404
                   else f"Invalid request: {exc.detail}")
        return _error_response(request, exc.status_code, code, "HTTPException", message,
                               headers=getattr(exc, "headers", None))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        exc2 = service_error("E088", 500, kind=type(exc).__name__)
        return _error_response(request, 500, exc2.code, "InternalError", exc2.message)

    app.add_exception_handler(PresslensError, presslens_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


def _retry_after(exc: PresslensError) -> int:
    import re

    m = re.search(r"Retry after (\d+) s", exc.message)
    return int(m.group(1)) if m else 5


def _error_response(request: Request, status: int, code: str, kind: str, message: str, *,
                    errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        from .ui import render_error_page

        return HTMLResponse(render_error_page(status, code, message), status_code=status, headers=headers)
    return JSONResponse(error_body(status, code, kind, message, errors), status_code=status, headers=headers)


# ---------------------------------------------------------------------------------------------- API


def token_guard(state: State) -> Callable[[Request], None]:
    """A dependency refusing requests without the configured API token (no-op when none is configured)."""

    def check(request: Request) -> None:
        expected = state.config.token
        if not expected:
            return
        got = request.headers.get("authorization", "")
        scheme, _, value = got.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), expected.encode()):
            raise service_error("E085", 401)

    return check


async def analyze_article(state: State, build: Callable[[], Article]) -> Dossier:
    """Build the article and analyse it in the bounded pool; the dossier goes into the cache."""
    pipe = state.pipeline

    def work() -> Dossier:
        return (pipe or state.load()).analyze(build())

    dossier = await state.analysis.run(work)
    state.cache.put(dossier)
    return dossier


async def analyze_request(state: State, req: AnalyzeRequest) -> Dossier:
    """Turn an :class:`AnalyzeRequest` into a dossier (URLs fetched first, in the fetch pool)."""
    from .. import ingest

    limit = state.settings.max_chars
    if req.url is not None:
        url = req.url.strip()
        article = await state.fetch.run(
            lambda: ingest.fetch_url(url, state.settings.fetch, transport=state.transport, resolver=state.resolver))
        return await analyze_article(state, lambda: article)
    if req.html is not None:
        html = req.html
        _check_length(len(html), limit * 10, "html")
        return await analyze_article(state, lambda: ingest.from_html(html, origin="web:html"))
    text = req.text or ""
    _check_length(len(text), limit, "text")
    title = req.title
    return await analyze_article(state, lambda: ingest.from_text(text, origin="web:text", title=title))


def _check_length(size: int, limit: int, what: str) -> None:
    from ..errors import Errors

    if size > limit:
        raise InputError(Errors.E007.format(what=what, size=size, limit=limit), code="E007")


DossierId = Annotated[str, PathParam(pattern=ARTICLE_ID_PATTERN, description="article id (16 hex digits)")]


def _api_routes(app: FastAPI, state: State) -> None:
    need_token = Depends(token_guard(state))

    @app.get("/healthz", response_model=Health, tags=["service"], summary="Liveness and load")
    async def healthz() -> dict[str, Any]:
        return {
            "status": "ok" if state.pipeline is not None else "starting",
            "presslens": __version__,
            "schema_version": SCHEMA_VERSION,
            "pipeline_loaded": state.pipeline is not None,
            "in_flight": state.analysis.admitted,
            "capacity": state.analysis.capacity,
            "store": state.store is not None,
        }

    @app.post("/api/analyze", tags=["analysis"], summary="Analyse text, HTML or a URL",
              dependencies=[need_token], responses={200: {"model": DossierDocument}, **ERROR_RESPONSES})
    async def api_analyze(req: AnalyzeRequest) -> Response:
        """Analyse one article and answer its dossier (JSON Schema: `presslens schema`).

        URLs are fetched behind the SSRF guard: loopback, private, link-local, multicast and cloud-metadata
        addresses are refused (IPv4 and IPv6, every spelling, re-checked on each redirect) unless the service
        runs with `--allow-private`."""
        dossier = await analyze_request(state, req)
        return _dossier_response(dossier, req.include_text, status=200)

    @app.post("/api/analyze/file", tags=["analysis"], summary="Analyse an uploaded .txt or .html file",
              dependencies=[need_token], responses={200: {"model": DossierDocument}, **ERROR_RESPONSES})
    async def api_analyze_file(file: Annotated[UploadFile, File(description="a .txt or .html file")],
                               include_text: bool = True) -> Response:
        data = await file.read()
        dossier = await analyze_upload(state, data, file.filename)
        return _dossier_response(dossier, include_text, status=200)

    @app.get("/api/dossiers/{dossier_id}", tags=["analysis"], summary="A dossier analysed earlier",
             responses={200: {"model": DossierDocument}, **ERROR_RESPONSES})
    async def api_dossier(dossier_id: DossierId, include_text: bool = True) -> Response:
        return _dossier_response(get_dossier(state, dossier_id), include_text)

    @app.get("/api/outlets/{domain}", tags=["provenance"], summary="The provenance card of an outlet",
             responses=ERROR_RESPONSES)
    def api_outlet(domain: Annotated[str, PathParam(min_length=1, max_length=253,
                                                    description="a domain, URL host or outlet name")]
                   ) -> dict[str, Any]:
        """Every rater's rating (rater, date, licence, rationale), the per-axis reading and where raters
        disagree, state affiliation, media group and look-alike warnings; `status` is `not rated` when no
        shipped rater knows the outlet."""
        from ..provenance import outlet

        return outlet(domain).to_dict()

    if state.store is not None:
        from .corpus import corpus_api_routes

        corpus_api_routes(app, state)


async def analyze_upload(state: State, data: bytes, filename: str | None) -> Dossier:
    from .. import ingest

    name = Path(filename or "upload.txt").name[:200] or "upload.txt"
    return await analyze_article(state, lambda: ingest.from_bytes(data, origin=f"upload:{name}", filename=name))


def get_dossier(state: State, dossier_id: str) -> Dossier:
    dossier = state.cache.get(dossier_id)
    if dossier is None:
        raise service_error("E082", 404, id=dossier_id, n=state.config.cache_size)
    return dossier


def _dossier_response(dossier: Dossier, include_text: bool, status: int = 200) -> Response:
    return JSONResponse(dossier.to_dict(include_text=include_text), status_code=status,
                        headers={"Location": f"/api/dossiers/{dossier.article.id}"})


__all__ = ["CSP", "State", "create_app", "status_of"]
