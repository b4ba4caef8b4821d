"""CLI contract (issue 9): analyzer failures are reported, output paths checked early, JSON shape fixed by the
inputs, error messages carry their code once, focused views fit the terminal, progress without a TTY."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from presslens.analyzers.base import Analyzer, Context, Result
from presslens.cli import main
from presslens.cli.tables import Column, format_table
from presslens.registry import analyzers

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
VOICE = "presslens.voice.v1"
TEXT = "As we reported last week, the council vote was a shocking failure for the city and its mayor."


@analyzers.register("tests.cli_crash.v1")
class CliCrash(Analyzer):
    """Fails on every article, as the IndexError in speakers.py once did."""

    name: ClassVar[str] = "tests.cli_crash.v1"
    capability: ClassVar[str] = "editorial"

    def analyze(self, ctx: Context) -> Result:
        found: list[Result] = []
        return found[0]  # IndexError: list index out of range


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def cli(*argv: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "presslens", *argv], capture_output=True, text=True,
                          env=full_env, input=stdin, timeout=120)


@pytest.fixture()
def article(tmp_path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


# -- item 1: analyzer crashes are reported ------------------------------------------------------------------
def test_analyzer_crash_is_named_on_stderr_with_exit_code_3(capsys, article):
    code, out, err = run(capsys, "analyze", article, "--analyzers", f"{VOICE},tests.cli_crash.v1")
    assert code == 3
    lines = [ln for ln in err.splitlines() if "tests.cli_crash.v1 failed" in ln]
    assert len(lines) == 1 and str(article) in lines[0] and "IndexError" in lines[0]
    assert "Traceback" not in err and "-v" in err
    doc = json.loads(out)
    assert {r["name"]: r["status"] for r in doc["analyzers"]} == {VOICE: "ok", "tests.cli_crash.v1": "failed"}


def test_analyzer_crash_traceback_with_verbose(capsys, article):
    code, _, err = run(capsys, "analyze", article, "--analyzers", "tests.cli_crash.v1", "-v")
    assert code == 3
    assert "Traceback" in err and "IndexError" in err and "cli_crash" in err


def test_strict_names_the_analyzer_and_exits_3(capsys, article):
    code, out, err = run(capsys, "analyze", article, "--analyzers", "tests.cli_crash.v1", "--strict")
    assert code == 3 and out == ""
    assert "[E040]" in err and "tests.cli_crash.v1" in err and "IndexError" in err
    assert err.count("[E040]") == 1
    code, _, err = run(capsys, "analyze", article, "--analyzers", "tests.cli_crash.v1", "--strict", "-v")
    assert code == 3 and "Traceback" in err


def test_focused_view_says_analyzer_failed_not_none(capsys, article, monkeypatch):
    quotes = analyzers.get("presslens.quotes.v1")

    def boom(self, ctx):
        raise IndexError("list index out of range")

    monkeypatch.setattr(quotes, "analyze", boom)
    code, out, err = run(capsys, "quotes", article)
    assert code == 3
    assert "analyzer failed: presslens.quotes.v1" in out and "(none" not in out
    assert "presslens.quotes.v1 failed" in err
    code, out, _ = run(capsys, "quotes", article, "--json")
    assert json.loads(out)["status"].startswith("analyzer failed")


def test_empty_view_says_the_analyzer_ran(capsys, tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text("The bridge opened on Monday after two years of work on its new deck.", encoding="utf-8")
    code, out, _ = run(capsys, "quotes", p)
    assert code == 0 and "(none: the analyzer ran and found nothing)" in out


# -- item 4: output path checked before anything loads -------------------------------------------------------
@pytest.mark.parametrize("target", ["missing/dir/x.html", "."])
def test_bad_output_path_is_a_clear_error_before_loading(capsys, article, tmp_path, monkeypatch, target):
    import presslens.api

    def no_load(*a, **k):
        raise AssertionError("the pipeline must not load for a bad output path")

    monkeypatch.setattr(presslens.api, "load_pipeline", no_load)
    out_path = tmp_path / target
    code, _, err = run(capsys, "analyze", article, "-o", out_path)
    assert code == 2
    assert "[E025]" in err and "Traceback" not in err
    assert ("does not exist" in err) if "missing" in target else ("directory" in err)


def test_all_failed_inputs_never_load_the_pipeline(capsys, tmp_path, monkeypatch):
    import presslens.api

    monkeypatch.setattr(presslens.api, "load_pipeline", lambda *a, **k: pytest.fail("pipeline loaded"))
    code, _, _ = run(capsys, "analyze", tmp_path / "nope.txt", "-q")
    assert code == 126


# -- item 5: JSON shape fixed by the inputs and the output suffix ----------------------------------------------
def test_jsonl_output_is_json_lines_for_one_article(capsys, article, tmp_path):
    out_path = tmp_path / "x.jsonl"
    code, _, _ = run(capsys, "analyze", article, "-o", out_path, "--analyzers", VOICE)
    assert code == 0
    lines = out_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["schema_version"]
    code, out, _ = run(capsys, "analyze", article, "--format", "jsonl", "--analyzers", VOICE)
    assert len(out.splitlines()) == 1


def test_corpus_of_one_row_is_json_lines(capsys, tmp_path):
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", corpus, "--analyzers", VOICE)
    assert code == 0 and len(out.splitlines()) == 1


# -- item 6, 8: messages ---------------------------------------------------------------------------------
@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://example.org/a.txt", "javascript:alert(1)"])
def test_unsupported_scheme_is_named(capsys, source):
    code, out, err = run(capsys, "analyze", source)
    assert code == 126
    failure = json.loads(out)["failure"]
    scheme = source.split(":", 1)[0]
    assert f"scheme {scheme!r}" in failure["message"] and failure["origin"] == source
    assert "no such file" not in failure["message"]
    assert err.count(f"[{failure['code']}]") == 1


def test_failure_code_is_printed_once(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  ")
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "analyze", empty, missing)
    assert code == 126
    for line in out.splitlines():
        assert not json.loads(line)["failure"]["message"].startswith("[E")
    assert "[E001] [E001]" not in err and "[E003] [E003]" not in err and "[E001]" in err


# -- item 13: table widths ---------------------------------------------------------------------------------
ROWS = [{"speaker": "Maria Okafor", "quote": "word " * 60}]
COLS = [Column("speaker", "speaker"), Column("quote", "quote", long=True)]


def test_table_fits_the_width_and_wide_and_full_show_everything():
    fit = format_table(ROWS, COLS, width=80)
    assert all(len(ln) <= 80 for ln in fit.splitlines()) and "…" in fit
    wide = format_table(ROWS, COLS, width=80, mode="wide")
    assert all(len(ln) <= 80 for ln in wide.splitlines())
    assert " ".join(wide.split()).count("word") == 60
    full = format_table(ROWS, COLS, mode="full")
    assert full.count("word") == 60 and len(full.splitlines()) == 3


# -- item 29: cheap start-up ----------------------------------------------------------------------------
def test_light_commands_do_not_import_heavy_modules():
    code = ("import sys; from presslens.cli import build_parser; import presslens, presslens.errors, "
            "presslens.config; build_parser(); "
            "heavy = [m for m in ('spacy', 'numpy', 'sklearn', 'trafilatura', 'presslens.pipeline') if m in sys.modules];"
            "print(heavy)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(SRC)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_analyzers_listing_imports_no_analyzer():
    code = ("import sys, contextlib, io; from presslens.cli import main; "
            "out = io.StringIO(); ctx = contextlib.redirect_stdout(out); ctx.__enter__(); rc = main(['analyzers']); "
            "ctx.__exit__(None, None, None); "
            "heavy = [m for m in ('spacy', 'sklearn', 'presslens.claims.analyzer') if m in sys.modules]; "
            "print(rc, heavy, 'presslens.claims.v1' in out.getvalue())")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(SRC)})
    assert res.stdout.strip() == "0 [] True", res.stderr


def test_version_and_schema_through_subprocess():
    res = cli("--version")
    assert res.returncode == 0 and res.stdout.startswith("presslens ")
    res = cli("schema")
    assert res.returncode == 0 and json.loads(res.stdout)["title"] == "presslens dossier"


# -- item 14: progress without a terminal ----------------------------------------------------------------
def test_progress_log_lines_when_stderr_is_not_a_tty(tmp_path):
    corpus = tmp_path / "three.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"{TEXT} Item {i}."}) + "\n" for i in range(3)), encoding="utf-8")
    res = cli("analyze", str(corpus), "--analyzers", VOICE, "--progress-every", "0")
    assert res.returncode == 0, res.stderr
    progress = [ln for ln in res.stderr.splitlines() if "progress:" in ln]
    assert progress and "3/3 items (100%)" in progress[-1]
    assert any("1/3 items (33%)" in ln and "ETA" in ln for ln in progress)
    assert "done: 3/3 items" in res.stderr


# -- item 9: one size limit, in characters, with a flag ---------------------------------------------------
def test_max_chars_limit_speaks_characters_and_names_the_flag(capsys, tmp_path):
    p = tmp_path / "long.txt"
    p.write_text(TEXT * 3, encoding="utf-8")  # ~290 characters, under 4 bytes/char × 200
    code, out, err = run(capsys, "analyze", p, "--max-chars", "200", "--analyzers", VOICE)
    assert code == 126
    failure = json.loads(out)["failure"]
    assert failure["code"] == "E007" and "characters" in failure["message"] and "bytes" not in failure["message"]
    assert "--max-chars" in failure["message"] and err.count("[E007]") == 1
    code, out, _ = run(capsys, "analyze", p, "--max-chars", "50", "--analyzers", VOICE)
    failure = json.loads(out)["failure"]
    assert failure["code"] == "E008" and "--max-chars" in failure["message"]
    code, _, err = run(capsys, "analyze", p, "--max-chars", "0")
    assert code == 2 and "must be positive" in err


# -- item 10: corpus columns -----------------------------------------------------------------------------
def test_missing_text_column_suggests_text_col(capsys, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"body_html": TEXT}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", corpus)
    assert code == 126 and "--text-col" in json.loads(out.splitlines()[0])["failure"]["message"]


def test_wrong_text_col_leaves_no_empty_output_file(capsys, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"body": TEXT}) + "\n", encoding="utf-8")
    out_path = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "analyze", corpus, "--text-col", "bodyy", "-o", out_path)
    assert code == 2 and "[E006]" in err and "--text-col" in err and "'body'" in err
    assert not out_path.exists()


# -- item 1 acceptance: the crash repro runs clean through the CLI ----------------------------------------
def test_according_to_which_repro_runs_clean(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("They also find that the extent to which moderation helps varies according to which office "
                 "you're talking about.\n", encoding="utf-8")
    code, out, err = run(capsys, "analyze", p)
    assert code == 0, err
    assert "failed" not in err
    assert all(r["status"] != "failed" for r in json.loads(out)["analyzers"])
    code, out, err = run(capsys, "quotes", p)
    assert code == 0 and "analyzer failed" not in out


# -- item 13: the persuasion view explains its two scores and shows no duplicate column ---------------------
def test_persuasion_view_columns_and_legend(capsys, tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("This disgraceful, corrupt regime must be stopped now! Every patriot knows the truth: they are "
                 "destroying our country, and only a fool would believe their lies.\n", encoding="utf-8")
    code, out, _ = run(capsys, "persuasion", p, "--full")
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:5] == ["TECHNIQUE", "SPAN", "P", "TECHNIQUE", "P"] and "LABEL" not in header
    assert "span p: model confidence" in out and "technique p: probability" in out


# -- item 14: a rich bar when asked (a terminal gets it by default) ---------------------------------------------
def test_progress_bar_shows_total_and_percentage(capsys, tmp_path):
    corpus = tmp_path / "three.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"{TEXT} Item {i}."}) + "\n" for i in range(3)), encoding="utf-8")
    code, _, err = run(capsys, "analyze", corpus, "--analyzers", VOICE, "--progress", "bar")
    assert code == 0
    assert "3/3" in err and "100%" in err
    code, _, err = run(capsys, "analyze", corpus, "--analyzers", VOICE, "--progress", "bar", "-q")
    assert err == ""


# -- item 7: the loopback refusal reads as a sentence and names the flag ------------------------------------------
def test_loopback_refusal_names_the_flag(capsys):
    code, out, err = run(capsys, "analyze", "http://127.0.0.1:9/story.html")
    assert code == 126
    message = json.loads(out)["failure"]["message"]
    assert "127.0.0.1 is a loopback address; use --allow-private" in message
    assert "resolves to 127.0.0.1 is" not in message
    assert err.count("[E010]") == 1


def test_python_dash_m_presslens_cli():
    res = subprocess.run([sys.executable, "-m", "presslens.cli", "--version"], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(SRC)})
    assert res.returncode == 0 and res.stdout.startswith("presslens ")


def test_a_path_with_a_colon_and_a_space_is_never_analysed_as_text(capsys, tmp_path):
    code, out, _ = run(capsys, "analyze", "notes: draft.txt", "-q")
    assert code == 126 and json.loads(out)["failure"]["code"] == "E003"


def test_progress_totals_for_csv_and_folders(tmp_path):
    from presslens.cli._run import estimate_total

    csv_path = tmp_path / "c.csv"
    csv_path.write_text('id,text\n1,"two\nlines"\n2,plain\n\n3,more\n', encoding="utf-8")
    folder = tmp_path / "f"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.html", "sub/c.txt", ".hidden"):
        (folder / name).write_text("x", encoding="utf-8")
    assert estimate_total([str(csv_path)]) == 3
    assert estimate_total([str(folder), str(csv_path), "-"]) == 7
    (folder / "sub" / "corpus.jsonl").write_text("{}\n", encoding="utf-8")
    assert estimate_total([str(folder)]) is None


def test_long_column_gets_half_the_line():
    rows = [{"a": "x" * 40, "b": "y" * 40, "c": "z" * 40, "text": "word " * 40}]
    cols = [Column("a", "a"), Column("b", "b"), Column("c", "c"), Column("text", "text", long=True)]
    first = format_table(rows, cols, width=100).splitlines()[2]
    assert len(first) <= 100 and first.count("word") >= 9  # ≥ 50 characters of the long column


@pytest.mark.parametrize("top", ["-3", "0", "ten"])
def test_claims_top_must_be_a_positive_count(capsys, top):
    """`--top -3` used to print every claim but the last three (a Python slice), with exit code 0."""
    assert main(["claims", "x.txt", "--top", top]) == 2
    assert "argument --top" in capsys.readouterr().err
