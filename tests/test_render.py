from __future__ import annotations

import json

import pytest

from presslens import Settings
from presslens.dossier.model import SCHEMA_VERSION, Dossier, Failure, Finding
from presslens.dossier.schema import validate
from presslens.ingest import from_text
from presslens.pipeline import Pipeline
from presslens.render import render_html, render_json, render_markdown


@pytest.fixture(scope="module")
def dossier():
    pipe = Pipeline(Settings(analyzers=("presslens.quality.v1", "presslens.voice.v1", "presslens.hedging.v1",
                                        "presslens.republication.v1")))
    text = ('As we wrote, <script>alert("x")</script> it\'s clear the plan is extremely bad!\n\n'
            "Officials said the budget & schedule were fine.\n\nThis post first appeared on <b>Example</b> News")
    return pipe.analyze(from_text(text, origin="t.txt"))


def test_json_validates_against_schema(dossier):
    doc = json.loads(render_json([dossier]))
    validate(doc)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["findings"]


def test_json_lines_for_many_and_failures(dossier):
    out = render_json([dossier, dossier], [Failure("x.bin", "E002", "binary")])
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert len(lines) == 3 and lines[-1]["failure"]["code"] == "E002"


def test_json_without_text_still_validates(dossier):
    doc = json.loads(render_json([dossier], include_text=False))
    assert "text" not in doc["article"]
    validate(doc)


def test_html_escapes_article_text(dossier):
    page = render_html([dossier])
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "&lt;b&gt;Example&lt;/b&gt;" in page
    # the findings JSON cannot close its script element
    block = page.split('class="findings">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block)
    assert "http://" not in page.replace("http-equiv", "") and "https://" not in page


def test_html_overlapping_spans_render_once_each(dossier):
    text = "abcdefghij"
    a = Finding("editorial", "editorial.a", 0, 6, "abcdef", 0.5, "t.a.v1")
    b = Finding("persuasion", "persuasion.b", 3, 9, "defghi", 0.5, "t.b.v1")
    d = Dossier(from_text(text), [a, b])
    page = render_html([d])
    body = page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    # three highlighted segments: abc (a), def (a+b), ghi (b), then plain j
    assert body.count('data-f="') == 3
    assert f'data-f="{a.id} {b.id}"' in body or f'data-f="{b.id} {a.id}"' in body
    assert body.endswith("j</p>")
    visible = "".join(part.split(">", 1)[-1] for part in body.split("<span")).replace("</span>", "")
    assert "abcdefghij" in visible.replace("<p>", "").replace("</p>", "")


def test_markdown_is_a_brief_with_failures(dossier):
    md = render_markdown([dossier], [Failure("bad.csv#row=3", "E001", "empty text")])
    for section in ("## Where it comes from", "## At a glance", "## How it persuades", "## What was not analysed"):
        assert section in md
    assert "The outlet speaking for itself" in md  # labels in words, not internal names
    assert "editorial.outlet_voice" not in md and "True" not in md and "{'" not in md
    assert "bad.csv#row=3" in md


def test_schema_types_quote_attrs_and_old_versions_still_validate(dossier):
    import jsonschema

    doc = json.loads(render_json([dossier]))
    bad = json.loads(json.dumps(doc))
    bad["findings"].append({"id": "q", "kind": "attribution", "label": "attribution.quote", "start": 0, "end": 2,
                            "text": doc["article"]["text"][:2], "score": 0.5, "analyzer": "presslens.quotes.v1",
                            "attrs": {"type": "rumour"}})
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
    old = json.loads(json.dumps(doc))
    old["schema_version"] = "1.0"
    validate(old)  # stored 1.0 dossiers validate against the 1.0 schema


def test_html_panels_link_to_findings(palmyra_text):
    from presslens import analyze

    d = analyze(palmyra_text)
    page = render_html([d])
    ids = {f.id for f in d.findings}
    for title in ("Who speaks", "Claims to check", "How it persuades", "At a glance", "Where it comes from"):
        assert f"<h3>{title}</h3>" in page
    refs = [chunk.split('"', 1)[0] for chunk in page.split('data-ref="')[1:]]
    assert refs and all(r in ids for r in refs)
    speaker = next(f for f in d.by_label("attribution.speaker") if f.attrs["name"] == "Sergey Rudskoy")
    assert f'data-ref="{speaker.id}"' in page


def test_html_says_which_analyzers_did_not_run():
    pipe = Pipeline(Settings(analyzers=("presslens.quality.v1", "presslens.voice.v1")))
    german = ("Die Regierung hat am Montag angekündigt, dass die Steuern im nächsten Jahr steigen werden. "
              "Der Minister sagte, es gebe keine Alternative.")
    page = render_html([pipe.analyze(from_text(german))])
    assert "<b>presslens.voice.v1</b>: skipped" in page
    assert "article language is &#39;de&#39;" in page
