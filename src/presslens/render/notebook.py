"""The inline report of a dossier in Jupyter (``Dossier._repr_html_``).

The same template as the HTML report's article section (``article.html.j2`` over the shared report view),
inside one ``<div class="presslens-nb">`` whose id is unique per rendering. Its CSS is the report's, scoped:
every selector is prefixed with that id (``body``, ``:root`` and ``*`` become the container), so the
notebook's own styles are untouched; its script binds only the sections inside the container, so a second
rendering never double-binds the first. The container has a maximum height and scrolls.
"""

from __future__ import annotations

import re
import uuid

from ..dossier.model import Dossier
from .html import asset, environment
from .view import build_report

#: Height above which the inline report scrolls (px).
MAX_HEIGHT = 900

#: The report script's page-wide lookup, replaced by a lookup inside the container (checked: see render_inline).
_PAGE_LOOKUP = "document.querySelectorAll('section.item')"


def scope_css(css: str, scope: str) -> str:
    """Prefix every selector of ``css`` with ``scope`` (an id or class selector), at any ``@media`` depth.

    ``:root``, ``html`` and ``body`` become ``scope`` itself; ``*`` becomes ``scope *``. ``@`` rules other than
    ``@media``/``@supports`` (``@font-face``, ``@keyframes``…) are kept as they are.

    Examples:
        >>> scope_css("body{margin:0}.a,.b p{color:red}", "#x")
        '#x{margin:0}#x .a,#x .b p{color:red}'
    """
    out: list[str] = []
    i, n = 0, len(css)
    while i < n:
        brace = css.find("{", i)
        if brace == -1:
            out.append(css[i:])
            break
        head = css[i:brace].strip()
        if head.startswith("@media") or head.startswith("@supports"):
            end = _block_end(css, brace)
            out.append(f"{head}{{{scope_css(css[brace + 1:end], scope)}}}")
            i = end + 1
            continue
        end = _block_end(css, brace)
        body = css[brace + 1:end]
        if head.startswith("@"):
            out.append(f"{head}{{{body}}}")
        else:
            out.append(",".join(_scope_selector(s.strip(), scope) for s in head.split(",")) + "{" + body + "}")
        i = end + 1
    return "".join(out)


def _block_end(css: str, brace: int) -> int:
    depth = 0
    for j in range(brace, len(css)):
        if css[j] == "{":
            depth += 1
        elif css[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced braces in CSS")


def _scope_selector(sel: str, scope: str) -> str:
    m = re.match(r"^(:root|html|body)\b(.*)$", sel)
    if m:
        return scope + m.group(2)
    return f"{scope} {sel}"


def render_inline(dossier: Dossier) -> str:
    """HTML for a notebook cell: the article report, styles scoped to its container.

    Raises:
        RuntimeError: the report script no longer has the page-wide lookup this function scopes (the report
            templates changed; a test keeps the two in step).
    """
    box = f"presslens-{uuid.uuid4().hex[:12]}"
    report = build_report(dossier, 0)
    body = environment().get_template("article.html.j2").render(r=report)
    css = scope_css(asset("report.css"), f"#{box}")
    js = asset("report.js")
    if _PAGE_LOOKUP not in js:
        raise RuntimeError("report.js changed: the inline report cannot scope its script")
    js = js.replace(_PAGE_LOOKUP, "root.querySelectorAll('section.item')")
    return (
        f'<div class="presslens-nb" id="{box}" style="max-height:{MAX_HEIGHT}px;overflow:auto;'
        f'border:1px solid #ddd;border-radius:6px">'
        f"<style>{css}</style>{body}"
        f"<script>(function(root){{if(!root)return;{js}}})(document.getElementById('{box}'));</script></div>"
    )


__all__ = ["MAX_HEIGHT", "render_inline", "scope_css"]
