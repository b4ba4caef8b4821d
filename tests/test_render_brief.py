"""Renderers as a journalist reads them (issue 9, items 11 and 12): escaping, CSS classes, links, the brief."""

from __future__ import annotations

import re

import pytest

from presslens import Settings
from presslens.dossier.model import Dossier, Finding
from presslens.ingest import from_text
from presslens.pipeline import Pipeline
from presslens.render import render_html, render_markdown
from presslens.render.html import asset
from presslens.render.markdown import md_escape
from presslens.render.view import LONG_SPAN, build_report

HOSTILE = ('Officials said <img src=x onerror="alert(1)"> the plan is <b>fine</b>. It is clear the plan will '
           'fail [click](javascript:alert(1)) and *obviously* nobody <script>alert("x")</script> asked!\n\n'
           "# not a heading\n\n1. not a list\n\nThis article first appeared on <i>Evil</i> News")


@pytest.fixture(scope="module")
def hostile():
    pipe = Pipeline(Settings(analyzers=("presslens.quality.v1", "presslens.voice.v1", "presslens.hedging.v1",
                                        "presslens.republication.v1")))
    return pipe.analyze(from_text(HOSTILE, origin="<evil>.txt"))


def _css_classes() -> set[str]:
    return set(re.findall(r"\.([a-zA-Z][\w-]*)", re.sub(r"url\([^)]*\)", "", asset("report.css"))))


def _used_classes(page: str) -> set[str]:
    used: set[str] = set()
    for attr in re.findall(r'class="([^"]*)"', page):
        used.update(attr.split())
    # classes the script sets on elements it creates: el(tag, "cls", …) and classList.add/toggle
    js = asset("report.js")
    used.update(c for c in re.findall(r"el\('\w+','([\w-]+)'", js))
    used.update(re.findall(r"classList\.add\('([\w-]+)'", js))
    used.update("hide-" + k for k in re.findall(r'<input type="checkbox" value="([\w-]+)"', page))
    return used


def test_markdown_never_passes_article_html_or_markdown(hostile):
    markdown_it = pytest.importorskip("markdown_it")
    md = render_markdown([hostile])
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    assert "<img" not in html and "<script" not in html and "<b>fine" not in html and "<i>" not in html
    assert 'href="javascript' not in html and "<h1>not a heading" not in html
    # the text itself is still there, as text
    assert "&lt;img src=x" in html


def test_md_escape_collapses_lines_and_escapes_markup():
    assert md_escape("a\n\n# b <x>") == "a \\# b \\<x\\>"
    assert md_escape("1. item") == "\\1. item" and md_escape("0.17") == "0.17"


def test_html_escapes_hostile_text_everywhere(hostile):
    page = render_html([hostile])
    assert "<img src=x" not in page and "<script>alert" not in page and "<b>fine</b>" not in page
    assert "&lt;img src=x onerror=" in page
    assert "<i>Evil</i>" not in page  # the republication outlet name is article text too


def test_every_css_class_used_exists(hostile):
    long = "word " * (LONG_SPAN // 5 + 20)
    text = "Start. " + long + "end."
    findings = [Finding("editorial", "editorial.intensifier", 7, 7 + len(long) - 1, text[7:7 + len(long) - 1], 0.5,
                        "t.a.v1"),
                Finding("persuasion", "persuasion.loaded_language", 7, 7 + len(long) - 1, text[7:7 + len(long) - 1],
                        0.5, "t.b.v1"),
                Finding("provenance", "provenance.republication", 0, 6, text[0:6], 0.5, "t.c.v1"),
                Finding("quality", "quality.short", 0, 5, text[0:5], 0.5, "t.d.v1"),
                Finding("persuasion", "persuasion.doubt", 2, 5, text[2:5], 0.5, "t.e.v1")]
    page = render_html([hostile, Dossier(from_text(text), findings)])
    missing = _used_classes(page) - _css_classes()
    assert not missing, f"classes without CSS: {sorted(missing)}"
    # a long finding is underlined in a class the legend can switch off
    long_classes = {c for seg in build_report(Dossier(from_text(text), findings)).paragraphs[0] for c in seg.classes}
    assert {"u-editorial", "u-persuasion"} <= long_classes
    css = asset("report.css")
    for kind in ("editorial", "persuasion", "provenance", "quality"):
        assert f".hide-{kind} .u-{kind}" in css and f".hide-{kind} .k-{kind}" in css


@pytest.fixture(scope="module")
def palmyra_dossier(palmyra_text):
    return Pipeline(Settings()).analyze(from_text(palmyra_text, origin="palmyra.txt"))


def test_glance_links_resolve_to_findings(palmyra_dossier):
    d = palmyra_dossier
    ids = {f.id for f in d.findings}
    report = build_report(d)
    headings = [g.heading for g in report.glance]
    assert headings[0] == "Origin" and {"Sourcing", "Claims to check", "Persuasion"} <= set(headings)
    links = [lk.id for g in report.glance for lk in g.links]
    assert links and set(links) <= ids
    page = render_html([d])
    glance = page.split('class="card glance"', 1)[1].split("</ul>", 1)[0]
    refs = re.findall(r'data-ref="([^"]+)"', glance)
    assert refs and set(refs) <= ids
    # every link anywhere on the page, and every explained relation, resolves
    assert set(re.findall(r'data-ref="([^"]+)"', page)) <= ids
    assert all(lk["id"] in ids for f in report.findings for lk in f["links"])


def test_title_decided_once_and_headline_shown_once(palmyra_dossier):
    d = palmyra_dossier
    assert d.article.title and d.article.title.startswith("Confirmed: Russian Special Forces")
    page = render_html([d])
    text_part = page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    assert "Confirmed: Russian" not in text_part  # rendered as the heading, not repeated as a paragraph
    md = render_markdown([d])
    assert md.startswith("# Confirmed: Russian Special Forces")


def test_details_explain_evidence_in_words(palmyra_dossier):
    report = build_report(palmyra_dossier)
    quote = next(f for f in report.findings if f["label"] == "attribution.quote" and f["attrs"].get("speaker_id"))
    assert "quote by" in quote["explain"][0].lower()
    assert quote["attrs"]["speaker_id"] in {lk["id"] for lk in quote["links"]}
    booster = next(f for f in report.findings if f["label"] == "editorial.booster")
    assert "Certainty claim" in booster["explain"][0]


def test_markdown_brief_names_flags_roles_and_asserters(palmyra_dossier):
    md = render_markdown([palmyra_dossier])
    s = palmyra_dossier.summaries.sourcing
    for flag in s.flags:
        assert flag.reason.split(":")[0] in md
    for c in palmyra_dossier.summaries.top_claims.claims[:3]:
        assert "asserted by: " + (md_escape(c.asserter) if c.asserter else "no one named") in md
    roles = [p.role for p in s.speakers if p.role]
    assert roles and any(md_escape(r) in md for r in roles)
    assert "presslens.persuasion.v1" not in md or "## What was not analysed" in md


def test_full_page_print_is_not_clipped_by_a_scrolling_sidebar():
    css = asset("report.css")
    side = re.search(r"aside\.side\{([^}]*)\}", css)
    assert side and "max-height" not in side.group(1) and "overflow" not in side.group(1)
    assert "@media print" in css


def test_page_carries_the_script_and_styles_verbatim(hostile):
    page = render_html([hostile])
    assert f"<script>{asset('report.js')}</script>" in page
    assert f"<style>{asset('report.css')}</style>" in page


def test_report_in_a_real_browser_shows_evidence_on_click(hostile, tmp_path):
    """Headless Chromium (Debian ``chromium`` + Playwright): no script error, a click explains the finding."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    path = tmp_path / "report.html"
    path.write_text(render_html([hostile]), encoding="utf-8")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: errors.append("dialog: " + d.message))
        page.goto(path.as_uri())
        page.locator("[data-f*='editorial.booster']").first.click()
        details = page.locator(".details-body").first.inner_text()
        glance = page.locator(".glance a[data-ref]")
        if glance.count():
            glance.first.click()
        browser.close()
    assert not errors, errors
    assert "Certainty claim" in details and "raw attributes" in details
