"""The browser UI, in process: pages, the form flow, escaping of hostile article text, the corpus page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

HOSTILE_TEXT = (
    'The minister said "</script><script>alert(1)</script>" was clearly a lie. '
    "Officials claimed <img src=x onerror=alert(2)> and &lt;b&gt; tags were harmless, according to the ministry. "
    "Critics said the <iframe src=javascript:alert(3)> plan had obviously failed.\n\n"
    "The report said {{ 7*7 }} and {% raw %} were template syntax."
)


def test_web_index_page_has_the_three_inputs(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    for needle in ('name="text"', 'name="file"', 'name="url"', 'action="/analyze"', 'lang="en"',
                   '<script src="/static/app.js"'):
        assert needle in html
    assert not re.search(r"<script>(?!</script>)", html), "no inline script"
    assert "https://" not in html.replace('placeholder="https://…"', "")  # nothing from another origin


def test_web_form_flow_palmyra_to_dossier_page(client: TestClient, palmyra: str) -> None:
    r = client.post("/analyze", data={"text": palmyra}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert "At a glance" in html and "independent party" in html and "Persuasion" in html  # the report's box
    assert 'class="hl' in html and "attribution.quote" in html  # highlights and quote findings
    assert "Claims to check" in html and "Who speaks" in html and "Sergey Rudskoy" in html  # claims, speakers
    assert 'type="checkbox" value="persuasion"' in html  # filter by kind
    assert not re.search(r"<script>(?!</script>)", html)


def test_web_hostile_article_text_is_escaped_everywhere(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": HOSTILE_TEXT}, follow_redirects=False)
    assert r.status_code == 303, r.text
    html = client.get(r.headers["location"]).text
    for raw in ("<script>alert(1)", "</script><script>", "<img src=x", "<iframe"):
        assert raw not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html  # text is data, never a template
    body = client.get("/").text
    assert "<img src=x" not in body  # the recent list escapes titles/text too
    api = client.post("/api/analyze", json={"text": HOSTILE_TEXT})
    assert api.headers["content-type"].startswith("application/json")


def test_web_form_errors_are_shown_on_the_page(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "   "}, follow_redirects=False)
    assert r.status_code == 422 and 'role="alert"' in r.text and "E081" in r.text
    r = client.post("/analyze", data={"url": "http://[::1]/"}, follow_redirects=False)
    assert r.status_code == 400 and "E010" in r.text and "loopback" in r.text
    assert 'value="http://[::1]/"' in r.text  # the form keeps what was typed


def test_web_cross_origin_form_post_refused(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "The plan failed, officials said."},
                    headers={"Origin": "https://evil.example", "Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 403 and "E089" in r.text


def test_web_upload_through_the_form(client: TestClient) -> None:
    html = (b"<html><head><title>Upload test</title></head><body><article>"
            + b"<p>The council said on Tuesday that the bridge would reopen in May, according to a statement.</p>" * 3
            + b"</article></body></html>")
    r = client.post("/analyze", files={"file": ("story.html", html, "text/html")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert "Upload test" in client.get(r.headers["location"]).text


def test_web_corpus_page_draws_charts(client: TestClient, palmyra: str) -> None:
    client.post("/api/analyze", json={"text": palmyra})
    r = client.get("/corpus")
    assert r.status_code == 200
    assert r.text.count("<svg") >= 3 and 'role="img"' in r.text and "<desc>" in r.text
    assert "Technique density" in r.text and "Sourcing balance" in r.text


def test_web_static_files_and_unknown_names(client: TestClient) -> None:
    assert client.get("/static/report.js").headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in client.get("/static/report.js").text
    assert "innerHTML" not in client.get("/static/app.js").text
    assert client.get("/static/app.css").status_code == 200
    for bad in ("/static/../app.py", "/static/.hidden.js", "/static/app.py", "/static/nope.js"):
        assert client.get(bad).status_code == 404
    page = client.get("/dossiers/0123456789abcdef", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "E082" in page.text
