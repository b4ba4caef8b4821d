"""The Markdown brief: a readable account of each article a journalist could forward.

Rendered from ``render/templates/brief.md.j2`` over the same report view as the HTML
(:mod:`presslens.render.view`): where it comes from, at a glance, who speaks (grouped by party, with roles and
the sourcing flags with their reasons), the claims to check with their numbers and asserters, how it persuades,
and what was not analysed and why.

Safety does not depend on the template: every value interpolated into the brief passes through
:func:`md_escape` (the environment's ``finalize``), which turns Markdown and HTML syntax from the article into
literal text, so raw text from the article never becomes live HTML, a link or formatting.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from ..dossier.model import Dossier, Failure
from ..registry import renderers
from .view import build_report

#: Characters with a meaning in Markdown (CommonMark + GFM tables/strikethrough) or HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!{}])")
#: Line starts that open a block (list item, numbered list, quote, heading): escaped after collapsing.
_BLOCK_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(?=\s|$)")


def md_escape(value: Any) -> str:
    """``value`` as literal Markdown text: whitespace collapsed to one line, every special character escaped
    with a backslash (``<script>`` becomes ``\\<script\\>``, shown as text, never parsed as HTML)."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _code(value: Any) -> Markup:
    """Inline code content (between backticks in the template): backticks replaced, nothing else to escape."""
    return Markup(" ".join(str(value).split()).replace("`", "'"))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("presslens.render", "templates"),
        autoescape=False,  # Markdown, not HTML: md_escape below does the escaping for every value
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["code"] = _code
    return env


@renderers.register("md", "text/markdown")
def render_markdown(dossiers: Sequence[Dossier], failures: Sequence[Failure] = ()) -> str:
    """The Markdown brief of one or more dossiers (and the inputs that failed)."""
    reports = [build_report(d, i) for i, d in enumerate(dossiers)]
    out = environment().get_template("brief.md.j2").render(reports=reports, failures=list(failures))
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


__all__ = ["md_escape", "render_markdown"]
