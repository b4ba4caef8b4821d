"""Dossier output methods and the inline (Jupyter) report."""

from __future__ import annotations

import json
import re

import pytest

import presslens
from presslens.render.html import render_html
from presslens.render.markdown import render_markdown
from presslens.render.notebook import render_inline, scope_css

TEXT = "As we wrote last week, it is clear the plan failed. The minister said the plan had worked."


@pytest.fixture(scope="module")
def dossier():
    return presslens.analyze(TEXT, analyzers=("presslens.voice.v1", "presslens.quotes.v1"))


def test_scope_css_prefixes_every_selector_at_every_depth():
    css = ":root{--a:1}*{box-sizing:border-box}body{margin:0}.a,.b p{color:red}@media print{body{x:1}.c{y:2}}"
    assert scope_css(css, "#s") == ("#s{--a:1}#s *{box-sizing:border-box}#s{margin:0}#s .a,#s .b p{color:red}"
                                    "@media print{#s{x:1}#s .c{y:2}}")


def test_inline_report_css_never_reaches_outside_its_box(dossier):
    html = render_inline(dossier)
    box = re.search(r'id="(presslens-[0-9a-f]+)"', html).group(1)
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    selectors = [s.strip() for head in re.findall(r"([^{}]+)\{", css) if not head.strip().startswith("@")
                 for s in head.split(",")]
    assert selectors and all(s.startswith(f"#{box}") for s in selectors)
    assert f"document.getElementById('{box}')" in html and "document.querySelectorAll('section.item')" not in html
    assert "At a glance" in html and "the plan had worked" in html
    assert render_inline(dossier) != html  # a fresh id per rendering: two cells never share handlers


def test_dossier_output_methods_match_the_renderers(dossier):
    assert dossier._repr_html_().startswith('<div class="presslens-nb"')
    assert json.loads(dossier.to_json()) == json.loads(json.dumps(dossier.to_dict()))
    assert "text" not in json.loads(dossier.to_json(include_text=False))["article"]
    assert dossier.to_html() == render_html([dossier])
    assert dossier.to_markdown() == render_markdown([dossier])


def test_inline_report_escapes_article_text():
    d = presslens.analyze("The minister said <script>alert(1)</script> the plan had worked well enough.",
                          analyzers=("presslens.quotes.v1",))
    html = d._repr_html_()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
