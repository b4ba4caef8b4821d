"""The "Where it comes from" card comes first in the HTML report and the Markdown brief."""

from __future__ import annotations

import pytest

from presslens.article import Article
from presslens.config import Settings
from presslens.pipeline import Pipeline
from presslens.render import render_html, render_markdown

ANALYZERS = ("presslens.republication.v1", "presslens.provenance.v1")


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Settings(analyzers=ANALYZERS))


def test_palmyra_card_first_in_html_and_markdown(pipe, palmyra_text):
    d = pipe.analyze(Article(palmyra_text, origin="palmyra.txt"))
    assert d.summaries.origin is not None and d.summaries.origin.outlet.domain == "russia-insider.com"
    html = render_html([d])
    body = html[html.index('<section class="item"'):]
    card = body.index("Where it comes from")
    assert card < body.index("At a glance") < body.index('<article class="doc">')
    chunk = body[card:body.index("At a glance")]
    assert "Russia Insider" in chunk and "russia-insider.com" in chunk and "republication footer" in chunk
    assert chunk.count("<tr><td>") >= 3 and "State affiliation" in chunk
    md = render_markdown([d])
    sections = [ln for ln in md.splitlines() if ln.startswith("## ")]
    assert sections[0] == "## Where it comes from"
    first = md[md.index("## Where it comes from"):md.index(sections[1])]
    assert "Russia Insider" in first and "**Raters:** factual reading" in first


def test_unknown_outlet_card_says_not_rated(pipe):
    d = pipe.analyze(Article("Some text about a council meeting that went on for hours.",
                             url="https://unknown-outlet-presslens-test.org/a", origin="x"))
    html = render_html([d])
    assert "<b>not rated</b>" in html
    assert "not rated (no rater in the registry" in render_markdown([d])


def test_lookalike_warning_in_card(pipe):
    d = pipe.analyze(Article("Markets rallied on Tuesday after the announcement.", url="https://reuters-news.co/x",
                             origin="y"))
    html = render_html([d])
    assert "imitates Reuters (reuters.com)" in html
    assert "Look-alike:** imitates Reuters" in render_markdown([d])
