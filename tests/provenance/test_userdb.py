"""User registry: importing a rating CSV beside the shipped table."""

from __future__ import annotations

import pytest

from presslens.errors import UnsupportedInput
from presslens.provenance.registry import Registry
from presslens.provenance.store import Store
from presslens.provenance.userdb import import_csv, parse_column_map, remove_rater

CSV = """Source,Site URL,Factual Reporting,Bias,Flags,Review
Russia Insider,https://russia-insider.com/en,Low,Extreme Right,"propaganda, conspiracy",https://rater.example/ri
Some Paper,www.some-paper-presslens.org,Very High,Left-Center,,https://rater.example/sp
,not a domain,High,Center,,
Empty Row,empty-presslens.com,,,,
"""


def test_import_and_cards(tmp_path):
    src = tmp_path / "ratings.csv"
    src.write_text(CSV, encoding="utf-8")
    db = tmp_path / "user.sqlite"
    cmap = parse_column_map("domain=Site URL,name=Source,factual=Factual Reporting,lean=Bias,flags=Flags,url=Review")
    rep = import_csv(src, db, rater="Example Rater", date="2026-01", column_map=cmap, licence="internal use")
    assert rep.rows == 4 and rep.imported == 2
    assert rep.skipped == {"not a domain or URL": 1, "no rating in the mapped columns": 1}
    reg = Registry(Store(user=db))
    card = reg.card("russia-insider.com")
    mine = [r for r in card.ratings if not r.shipped]
    assert len(mine) == 1
    r = mine[0]
    assert r.rater == "Example Rater" and r.date == "2026-01" and r.licence == "internal use"
    assert r.factual_level == "low" and r.lean == "far right" and set(r.flags) >= {"propaganda", "conspiracy"}
    assert r.rationale_url == "https://rater.example/ri"
    new = reg.card("Some Paper")
    assert new.domain == "some-paper-presslens.org" and new.ratings[0].lean == "lean left"
    # re-import replaces, remove deletes
    import_csv(src, db, rater="Example Rater", date="2026-02", column_map=cmap)
    assert len([r for r in Registry(Store(user=db)).card("russia-insider.com").ratings if not r.shipped]) == 1
    assert remove_rater(db, "Example Rater") == 2
    assert not [r for r in Registry(Store(user=db)).card("russia-insider.com").ratings if not r.shipped]


def test_numeric_scale_detected(tmp_path):
    src = tmp_path / "scores.csv"
    src.write_text("domain,score\nalpha-presslens.com,95\nbeta-presslens.com,20\n", encoding="utf-8")
    db = tmp_path / "u.sqlite"
    import_csv(src, db, rater="Scores", date="2025", column_map=parse_column_map("domain=domain,factual=score"))
    reg = Registry(Store(user=db))
    assert reg.card("alpha-presslens.com").ratings[0].factual == 0.95
    assert reg.card("beta-presslens.com").reading.factual_level == "low"


def test_bad_inputs_are_clear_errors(tmp_path):
    with pytest.raises(UnsupportedInput):
        parse_column_map("factual=x")
    with pytest.raises(UnsupportedInput):
        parse_column_map("domain")
    src = tmp_path / "r.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnsupportedInput, match="not in the header"):
        import_csv(src, tmp_path / "u.sqlite", rater="X", date="2025", column_map={"domain": "Domain"})
    with pytest.raises(UnsupportedInput, match="not found"):
        import_csv(tmp_path / "missing.csv", tmp_path / "u.sqlite", rater="X", date="2025", column_map={"domain": "a"})
    for bad in ("notadate", "2026-13", "26-01", "2026/01/05"):  # was stored as the ratings' date without a word
        with pytest.raises(UnsupportedInput, match="YYYY-MM-DD"):
            import_csv(src, tmp_path / "u.sqlite", rater="X", date=bad, column_map={"domain": "a"})
    assert not (tmp_path / "u.sqlite").exists()
