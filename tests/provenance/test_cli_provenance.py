"""End to end through the CLI: `presslens outlet`, `presslens outlets import`, and palmyra's dossier."""

from __future__ import annotations

import json

import pytest

from presslens.cli import main
from presslens.dossier.schema import validate


@pytest.fixture(autouse=True)
def _no_user_registry(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSLENS_OUTLETS_DB", str(tmp_path / "none.sqlite"))


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_outlet_rt_card(capsys):
    code, out, _ = run(capsys, "outlet", "rt.com")
    assert code == 0
    assert "state-controlled [SC]" in out and "reference: https://github.com/ASD-at-GMF/state-media-profiles" in out


def test_outlet_json_sputnik_and_mirror(capsys):
    for q, grp in (("sputnikglobe.com", "rossiyasegodnya"), ("rtnewsru.com", "rt")):
        code, out, _ = run(capsys, "outlet", q, "--json")
        card = json.loads(out)
        assert code == 0 and card["group"]["id"] == grp and card["state_affiliation"]["code"] == "SC"


def test_outlet_unknown_prints_not_rated(capsys):
    code, out, _ = run(capsys, "outlet", "unknown-outlet-presslens-test.com")
    assert code == 0 and "not rated" in out
    code, out, _ = run(capsys, "outlet", "unknown-outlet-presslens-test.com", "--json")
    assert json.loads(out)["status"] == "not rated"


def test_outlet_impersonator_warns(capsys):
    code, out, _ = run(capsys, "outlet", "reuters-news.co")
    assert code == 0 and "WARNING: look-alike of Reuters (reuters.com)" in out


def test_outlets_import_then_card(capsys, tmp_path):
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("site,fact\nsome-paper-presslens.org,high\nbad row,\n", encoding="utf-8")
    db = tmp_path / "user.sqlite"
    code, out, _ = run(capsys, "outlets", "import", str(csv_path), "--rater", "My Rater", "--date", "2026-03",
                       "--column-map", "domain=site,factual=fact", "--user-registry", str(db))
    assert code == 0 and "imported 1 of 2 rows" in out and "skipped 1 row(s)" in out
    code, out, _ = run(capsys, "outlet", "some-paper-presslens.org", "--user-registry", str(db))
    assert "My Rater, 2026-03 [imported]" in out
    code, out, _ = run(capsys, "outlets", "raters", "--user-registry", str(db))
    assert "user:my-rater  [imported" in out and "lin2023  [shipped" in out


def test_outlets_import_bad_map_is_a_clear_error(capsys, tmp_path):
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("site,fact\nx.org,high\n", encoding="utf-8")
    code, _, err = run(capsys, "outlets", "import", str(csv_path), "--rater", "R", "--date", "2026",
                       "--column-map", "domain=nope", "--user-registry", str(tmp_path / "u.sqlite"))
    assert code == 2 and "not in the header" in err and "Traceback" not in err


def test_palmyra_acceptance(capsys, palmyra_text, tmp_path):
    path = tmp_path / "palmyra.txt"
    path.write_text(palmyra_text, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(path), "--format", "json",
                       "--analyzers", "presslens.republication.v1,presslens.provenance.v1")
    assert code == 0
    doc = json.loads(out)
    validate(doc)
    origin = doc["summaries"]["provenance"]["origin"]
    o = origin["outlet"]
    assert o["name"] == "Russia Insider" and o["domain"] == "russia-insider.com"
    assert origin["decided_by"] == "republication_footer"
    sig = origin["signals"][0]
    assert palmyra_text[sig["start"]:sig["end"]] == "Russia Insider"
    raters = {r["rater_id"] for r in o["ratings"]}
    assert len(raters) >= 3 and all(r["rater"] and r["date"] for r in o["ratings"])
    assert o["reading"]["factual_level"] in ("very low", "low")
    assert o["state_affiliation"] is None
    f = [f for f in doc["findings"] if f["label"] == "provenance.outlet"]
    assert f and f[0]["attrs"]["domain"] == "russia-insider.com"
