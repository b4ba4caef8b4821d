"""A self-contained HTML report: the article with findings highlighted, an "at a glance" box, panels, details.

Rendered from Jinja2 templates (``render/templates/``) with autoescaping on, so article text can never become
markup whatever a template does with it; the findings travel as JSON through ``|tojson`` (``<``, ``>``, ``&``
escaped), so an article containing ``</script>`` cannot break out. No network: CSS and JS are inlined.
Overlapping findings are rendered by cutting the text at every finding boundary: each segment carries the ids of
all findings covering it, and a click shows them all, explained in words (:func:`presslens.render.view.explain`),
with the raw attributes behind a toggle.

The templates are reusable: :func:`environment` gives the configured Jinja2 environment (the web UI renders
``article.html.j2`` with a :class:`~presslens.render.view.ArticleReport` as ``r``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import jinja2
from markupsafe import Markup

from .. import __version__
from ..dossier.model import Dossier, Failure
from ..registry import renderers
from .view import KIND_ORDER, KIND_TITLES, LONG_SPAN, build_report

TEMPLATES = "templates"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the HTML report (autoescaping on for every template)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("presslens.render", TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@functools.lru_cache(maxsize=4)
def asset(name: str) -> str:
    """A static file of the report (``report.css``, ``report.js``)."""
    return resources.files("presslens.render").joinpath(TEMPLATES, name).read_text(encoding="utf-8")


@renderers.register("html", "text/html")
def render_html(dossiers: Sequence[Dossier], failures: Sequence[Failure] = ()) -> str:
    """One self-contained HTML page for one or more dossiers (and the inputs that failed)."""
    reports = [build_report(d, i) for i, d in enumerate(dossiers)]
    title = reports[0].origin.title if len(reports) == 1 else f"{len(reports)} articles"
    return environment().get_template("report.html.j2").render(
        reports=reports, failures=list(failures), version=__version__, page_title=f"presslens: {title}",
        # the package's own static files, inserted verbatim (not article data; escaping would break the script)
        css=Markup(asset("report.css")), js=Markup(asset("report.js")),
    )


__all__ = ["KIND_ORDER", "KIND_TITLES", "LONG_SPAN", "environment", "render_html"]
