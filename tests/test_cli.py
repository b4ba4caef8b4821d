"""End-to-end tests through the CLI, in process (``main(argv)``)."""

from __future__ import annotations

import io
import itertools
import json
import sys
from pathlib import Path

import pytest

from presslens.cli import main
from presslens.dossier.schema import validate

ROOT = Path(__file__).resolve().parents[1]
NEWS_JSONL = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"

FOUNDATION = "presslens.quality.v1,presslens.voice.v1,presslens.hedging.v1,presslens.republication.v1"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_analyze_palmyra_json_validates(capsys, palmyra_text, tmp_path):
    path = tmp_path / "palmyra.txt"
    path.write_text(palmyra_text, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(path), "--format", "json", "--analyzers", FOUNDATION)
    assert code == 0
    doc = json.loads(out)
    validate(doc)
    labels = {f["label"] for f in doc["findings"]}
    assert {"provenance.republication", "editorial.outlet_voice", "quality.missing_media"} <= labels


def test_analyze_example_html_to_report(capsys, tmp_path):
    out_file = tmp_path / "dossier.html"
    code, _, err = run(capsys, "analyze", str(ROOT / "examples" / "harbour-bridge.html"), "-o", str(out_file),
                       "--analyzers", FOUNDATION)
    assert code == 0, err
    page = out_file.read_text()
    assert page.startswith("<!doctype html>")
    assert "Harbour Watch" in page
    assert "<b>not text</b>" not in page  # the page's scripts are not article text


def test_markdown_from_stdin(capsys, monkeypatch):
    text = "As we reported, the council vote was a shocking failure!\n\nThis post first appeared on City Blog"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "analyze", "-", "--format", "md", "--analyzers", FOUNDATION)
    assert code == 0
    assert "The outlet speaking for itself" in out and "republished from City Blog" in out


def test_bad_inputs_are_listed_and_exit_code_reflects_them(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The ministry said on Monday that the new bridge would open in May next year.")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "analyze", str(good), str(binary), str(missing), "--analyzers", FOUNDATION)
    assert code == 1
    lines = [json.loads(x) for x in out.splitlines()]
    failures = [x["failure"] for x in lines if "failure" in x]
    assert {f["origin"] for f in failures} >= {str(binary), str(missing)}
    assert "bad.txt" in err
    assert sum("schema_version" in x for x in lines) == 1


def test_all_failed_exit_126(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   ")
    code, _, _ = run(capsys, "analyze", str(empty), "--analyzers", FOUNDATION)
    assert code == 126


def test_unknown_analyzer_is_usage_error(capsys, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Some English text for the test of the command line.")
    code, _, err = run(capsys, "analyze", str(f), "--analyzers", "presslens.nope.v1")
    assert code == 2
    assert "E020" in err and "presslens.voice.v1" in err


def test_no_command_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "analyze" in out


def test_analyzers_and_schema_commands(capsys):
    code, out, _ = run(capsys, "analyzers", "--json")
    assert code == 0
    names = {a["name"] for a in json.loads(out)}
    assert "presslens.voice.v1" in names
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "presslens dossier"


def test_corpus_sample_batch_completes(capsys, tmp_path):
    if not NEWS_JSONL.exists():
        pytest.skip(f"news sample not found at {NEWS_JSONL}")
    sample = tmp_path / "sample.jsonl"
    with NEWS_JSONL.open(encoding="utf-8") as src:
        sample.write_text("".join(itertools.islice(src, 25)), encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(sample), "--analyzers", FOUNDATION, "--no-text")
    assert code in (0, 1)
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 25
    for doc in lines:
        if "failure" not in doc:
            validate(doc)


@pytest.fixture()
def local_site():
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "examples"))

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # keep test output clean
            pass

    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = Quiet(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_loopback_refused_by_default_and_allowed_on_request(capsys, local_site):
    url = f"{local_site}/harbour-bridge.html"
    code, out, err = run(capsys, "analyze", url, "--analyzers", FOUNDATION, "-q")
    assert code == 126
    assert json.loads(out)["failure"]["code"] == "E010"
    code, out, err = run(capsys, "analyze", url, "--allow-private", "--analyzers", FOUNDATION)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["article"]["origin"] == url
    assert doc["article"]["outlet"] == "The Northfield Ledger"
    assert any(f["label"] == "provenance.republication" for f in doc["findings"])


def test_quotes_table_names_each_corpus_article(capsys, tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        json.dumps({"text": "The minister said on Monday that the bridge would reopen next year."}) + "\n"
        + json.dumps({"text": "The mayor told reporters that the plan was a disaster for the city."}) + "\n")
    code, out, _ = run(capsys, "quotes", str(corpus))
    assert code == 0
    assert out.count("== ") == 2 and "#line=2" in out
    assert "minister" in out and "mayor" in out
