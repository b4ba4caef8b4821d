"""Renderers: Dossier → JSON, Markdown or a self-contained HTML report.

Each renderer takes a list of dossiers and a list of failures and returns ``str``; register new ones with
``presslens.registry.renderers.register(name, media_type)``.
"""

from __future__ import annotations

from . import html as _html  # noqa: F401  (registers "html")
from . import json as _json  # noqa: F401  (registers "json")
from . import markdown as _md  # noqa: F401  (registers "md")
from .html import render_html
from .json import render_json
from .markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown"]
