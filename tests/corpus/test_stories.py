"""Stories: clustering within a time window, leans, parties, number disagreements, one-sided coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.config import Settings
from presslens.corpus.batch import run_batch
from presslens.corpus.stories import StoryDoc, StorySettings, cluster, find_stories

from .conftest import FAST

DAM = [
    ("Daily Planet", "left", "2021-05-03",
     "Dam collapse floods valley villages",
     "The Kessel dam collapsed on Monday and flood water swept through three valley villages. "
     "Rescue officials said 120 people were missing after the dam collapse. \"We are searching every house,\" "
     "said Anna Berg, the regional rescue chief."),
    ("Evening Star", "right", "2021-05-04",
     "Kessel dam collapse: villages under water",
     "Flood water from the collapsed Kessel dam covered three valley villages. Police said 45 people were missing "
     "after the dam collapse, far fewer than first feared. The governor blamed years of neglect of the dam."),
    ("Town Crier", "center", "2021-05-04",
     "Valley villages flooded after Kessel dam collapse",
     "Three villages in the valley flooded when the Kessel dam collapsed. The mayor said 130 people were missing "
     "after the collapse and asked volunteers to help the rescue teams."),
]
TAX = [
    ("Evening Star", "right", "2021-06-10", "Senate passes tariff bill on imported steel",
     "The Senate passed a bill raising tariffs on imported steel by 25 percent. Supporters said the tariff bill "
     "protects steel jobs; the steel industry welcomed the tariff vote."),
    ("Morning Ledger", "right", "2021-06-11", "Steel tariff bill clears the Senate",
     "A bill that raises tariffs on imported steel cleared the Senate on Thursday. The steel tariff vote was 60 to "
     "40, and steel makers praised the tariff bill."),
]
OTHER = [("Daily Planet", "left", "2021-05-03", "Museum reopens after renovation",
          "The city museum reopened its doors after two years of renovation work on the old building."),
         ("Town Crier", "center", "2021-01-02", "Dam collapse anniversary", "Nothing about floods here at all.")]


@pytest.fixture()
def story_store(tmp_path: Path) -> Path:
    corpus = tmp_path / "news.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i, (outlet, lean, date, title, text) in enumerate(DAM + TAX + OTHER):
            fh.write(json.dumps({"id": str(i), "outlet": outlet, "bias_text": lean, "date": date, "title": title,
                                 "text": text, "url": f"https://news{i}.example/a"}) + "\n")
    store = tmp_path / "s.duckdb"
    run_batch([corpus], store, Settings(analyzers=tuple(FAST.split(","))), workers=1, quiet=True)
    return store


def test_stories_compare_outlets(story_store: Path) -> None:
    res = find_stories(story_store, StorySettings())
    assert len(res.stories) == 2
    dam, tax = res.stories
    assert sorted(dam.outlets) == ["Daily Planet", "Evening Star", "Town Crier"]
    assert dam.leans == {"Daily Planet": "left", "Evening Star": "right", "Town Crier": "center"}
    assert dam.one_sided is None
    assert tax.one_sided is not None and "one lean (right" in tax.one_sided
    # 120 / 130 missing (within tolerance) vs 45 missing: disagreements name both sides, spans and asserters
    pairs = {tuple(sorted((x.a["outlet"], x.b["outlet"]))) for x in dam.disagreements}
    assert pairs == {("Daily Planet", "Evening Star"), ("Evening Star", "Town Crier")}
    x = next(x for x in dam.disagreements if "Daily Planet" in (x.a["outlet"], x.b["outlet"]))
    values = sorted((x.a["value"], x.b["value"]))
    assert values == [45.0, 120.0]
    for side in (x.a, x.b):
        assert side["text"] in side["sentence"]["text"] and side["counted"].startswith("people")
    assert "Anna Berg" in " ".join(dam.parties.get("Daily Planet", []))


def test_stories_cli_and_tables(story_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from presslens.cli import main
    from presslens.corpus.store import Store

    assert main(["stories", "--store", str(story_store)]) == 0
    out = capsys.readouterr().out
    assert "numbers disagree on" in out and "one-sided coverage" in out
    with Store(story_store, read_only=True) as s:
        assert s.count("stories") == 5
        labels = {r[0] for r in s.con.execute("SELECT label FROM story_findings").fetchall()}
        assert {"story.number_disagreement", "story.one_sided", "story.parties_quoted"} <= labels
        assert s.one("SELECT count(*) FROM stories WHERE outlet IS NULL OR date IS NULL OR url IS NULL")[0] == 0


def test_time_window_and_undated() -> None:
    docs = [StoryDoc(str(i), str(i), "O", "en", None, d, "Dam collapse floods valley villages", "dam collapse flood",
                     None, None) for i, d in enumerate(("2021-05-03", "2021-05-05", "2021-06-30", None))]
    groups = cluster(docs, StorySettings(days=3))
    assert [[i for i, _ in g] for g in groups] == [[0, 1]]
