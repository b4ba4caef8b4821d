"""The browser UI: pages rendered server-side with Jinja2 (autoescaping on), scripts only from /static.

Pages: ``/`` (paste text, upload a file or give a URL), ``/dossiers/{id}`` (the dossier, with the same look and
the same markup as the HTML report), ``/corpus`` (charts over the analysed articles or the store), ``/docs``
(the API reference, generated from the OpenAPI document). Nothing is fetched from another origin, so the UI
works offline; no script is inlined, so the Content-Security-Policy forbids inline script altogether.
"""

from __future__ import annotations

import functools
import hmac
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from markupsafe import Markup

from .. import __version__
from ..dossier.model import Dossier
from ..errors import PresslensError
from . import charts
from .models import AnalyzeRequest
from .service import service_error

if TYPE_CHECKING:
    import jinja2

    from .app import State

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".png": "image/png", ".svg": "image/svg+xml"}


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("presslens.web", "templates"),
        autoescape=True,  # every value is escaped unless it is Markup built by code that escaped it
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["version"] = __version__
    return env


def render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


def render_error_page(status: int, code: str, message: str) -> str:
    return render("error.html", status=status, code=code, message=message, title=f"Error {status}")


# ------------------------------------------------------------------------------------ report reuse


def report_section(dossier: Dossier) -> Markup:
    """The dossier's section of the HTML report: the report's own template (``article.html.j2``, autoescaped)
    rendered with its view of the dossier, so the page looks exactly like ``presslens analyze -o x.html``."""
    from ..render.html import environment
    from ..render.view import build_report

    return Markup(environment().get_template("article.html.j2").render(r=build_report(dossier, 0)))


@functools.lru_cache(maxsize=1)
def report_assets() -> dict[str, str]:
    """The HTML report's stylesheet and script, served as files so that no script is inline."""
    from ..render.html import asset

    return {"report.css": asset("report.css"), "report.js": asset("report.js")}


# ----------------------------------------------------------------------------------------- routes


def _same_origin(request: Request) -> bool:
    """Form posts must come from this service's own pages (a cross-site form cannot start an analysis)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        referer = request.headers.get("referer")
        if not referer:
            return origin is None  # a non-browser client, or a browser that sends neither
        origin = referer
    parts = urlsplit(origin)
    return parts.netloc == request.headers.get("host", "")


def ui_routes(app: FastAPI, state: State) -> None:
    from .app import analyze_request, analyze_upload, get_dossier

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(render("index.html", title="Analyse an article", error=None, form={},
                                   need_token=bool(state.config.token), recent=_recent(state)))

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(
        request: Request,
        text: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
        token: Annotated[str, Form()] = "",
    ) -> Response:
        if not _same_origin(request):
            raise service_error("E089", 403, origin=request.headers.get("origin") or request.headers.get("referer"))
        form = {"text": text, "url": url}
        try:
            if state.config.token and not hmac.compare_digest(token.encode(), state.config.token.encode()):
                raise service_error("E085", 401)
            data = await file.read() if file is not None and file.filename else b""
            if data:
                dossier = await analyze_upload(state, data, file.filename if file else None)
            elif url.strip():
                dossier = await analyze_request(state, AnalyzeRequest(url=url.strip()))
            elif text.strip():
                dossier = await analyze_request(state, AnalyzeRequest(text=text))
            else:
                raise service_error("E081", 422, why="paste a text, choose a file or give a URL")
        except PresslensError as exc:
            from .app import status_of

            status = status_of(exc)
            return HTMLResponse(render("index.html", title="Analyse an article", error=exc, form=form,
                                       need_token=bool(state.config.token), recent=_recent(state)),
                                status_code=status)
        return RedirectResponse(f"/dossiers/{dossier.article.id}", status_code=303)

    @app.get("/dossiers/{dossier_id}", response_class=HTMLResponse, include_in_schema=False)
    async def dossier_page(dossier_id: str) -> HTMLResponse:
        if not _is_id(dossier_id):
            raise service_error("E082", 404, id=dossier_id[:40], n=state.config.cache_size)
        dossier = get_dossier(state, dossier_id)
        title = dossier.article.title or " ".join(dossier.article.text.split()[:12])
        return HTMLResponse(render("dossier.html", title=title, dossier=dossier, section=report_section(dossier)))

    @app.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
    async def corpus_page() -> HTMLResponse:
        from .corpus import corpus_overview

        overview = corpus_overview(state)
        return HTMLResponse(render("corpus.html", title="Corpus", overview=overview, charts=charts))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs_page() -> HTMLResponse:
        return HTMLResponse(render("docs.html", title="API reference", spec=app.openapi()))

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if suffix not in STATIC_TYPES or "/" in name or name.startswith("."):
            raise service_error("E087", 404, what="file", value=name[:60])
        generated = report_assets()
        if name in generated:
            body: str | bytes = generated[name]
        else:
            res = resources.files("presslens.web").joinpath("static", name)
            if not res.is_file():
                raise service_error("E087", 404, what="file", value=name[:60])
            body = res.read_bytes()
        return Response(body, media_type=STATIC_TYPES[suffix], headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/robots.txt", include_in_schema=False)
    async def robots() -> PlainTextResponse:
        return PlainTextResponse("User-agent: *\nDisallow: /\n")


def _is_id(s: str) -> bool:
    return len(s) == 16 and all(c in "0123456789abcdef" for c in s)


def _recent(state: State) -> list[Dossier]:
    return state.cache.recent(10)


__all__ = ["render", "render_error_page", "report_assets", "report_section", "ui_routes"]
