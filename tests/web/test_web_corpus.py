"""Corpus endpoints and page over a DuckDB store, the outlet card endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the corpus store needs duckdb (pip install -e '.[dev]')")

from fastapi.testclient import TestClient

from presslens.web import WebConfig

from .conftest import make_client
from .test_web_api import assert_error

BODY = ("The mayor said on Tuesday that {n} new homes would be built near the river. "
        "Critics called the plan an utter disaster, warning that it was rushed through the council. "
        "\"We will not back down,\" said Maria Lopez, a spokeswoman for the residents' group. "
        "Officials estimated the cost at {n} million dollars over five years, according to the city budget office.")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    import presslens
    from presslens.corpus.dupes import find_duplicates
    from presslens.corpus.rows import item_key, store_rows
    from presslens.corpus.store import ItemResult, Store
    from presslens.corpus.stories import find_stories
    from presslens.ingest import from_text

    path = tmp_path_factory.mktemp("store") / "corpus.duckdb"
    outlets = ["Daily Planet", "Evening Star", "Town Crier"]
    results = []
    for i in range(6):
        text = f"Housing story {i}\n\n" + BODY.format(n=100 + (i % 2))  # two texts, copied across outlets
        art = from_text(text, origin=f"row{i}", outlet=outlets[i % 3], published=f"2020-03-{1 + i:02d}",
                        url=f"https://example{i % 3}.com/{i}", title=f"Housing story {i}")
        d = presslens.analyze(art)
        key = item_key(art.origin, art.id)
        results.append(ItemResult(key, art.origin, art.id, rows=store_rows(d, key, "test")))
    with Store(path) as store:
        store.write(results, "test", "run1")
    find_duplicates(path)
    find_stories(path)
    return path


@pytest.fixture(scope="module")
def corpus_client(store_path: Path):
    with make_client(WebConfig(store=str(store_path))) as c:
        yield c


def test_web_corpus_articles_filter_and_paginate(corpus_client: TestClient) -> None:
    r = corpus_client.get("/api/corpus/articles")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 6 and len(body["items"]) == 6
    assert [a["date"] for a in body["items"]] == sorted((a["date"] for a in body["items"]), reverse=True)
    page = corpus_client.get("/api/corpus/articles", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 6 and [a["item_key"] for a in page["items"]] == [a["item_key"] for a in body["items"][2:4]]
    planet = corpus_client.get("/api/corpus/articles", params={"outlet": "Daily Planet"}).json()
    assert planet["total"] == 2 and {a["outlet"] for a in planet["items"]} == {"Daily Planet"}
    lopez = corpus_client.get("/api/corpus/articles", params={"speaker": "lopez"}).json()
    assert lopez["total"] == 6
    assert corpus_client.get("/api/corpus/articles", params={"speaker": "nobody%"}).json()["total"] == 0
    dated = corpus_client.get("/api/corpus/articles", params={"date_from": "2020-03-03", "date_to": "2020-03-04"})
    assert dated.json()["total"] == 2


@pytest.mark.parametrize("hostile", ["' OR 1=1 --", "Daily Planet'; DROP TABLE articles; --", "%", "_", "\\"])
def test_web_corpus_filters_are_parameters_not_sql(corpus_client: TestClient, hostile: str) -> None:
    for key in ("outlet", "technique", "speaker"):
        r = corpus_client.get("/api/corpus/articles", params={key: hostile})
        assert r.status_code == 200 and r.json()["total"] == 0, (key, r.text)
    assert corpus_client.get("/api/corpus/articles").json()["total"] == 6  # nothing was dropped


def test_web_corpus_bad_parameters_get_422(corpus_client: TestClient) -> None:
    assert_error(corpus_client.get("/api/corpus/articles", params={"limit": 0}), 422, "E081")
    assert_error(corpus_client.get("/api/corpus/articles", params={"date_from": "yesterday"}), 422, "E081")


def test_web_corpus_outlets_duplicates_and_page(corpus_client: TestClient) -> None:
    outlets = corpus_client.get("/api/corpus/outlets").json()["items"]
    assert {o["outlet"] for o in outlets} == {"Daily Planet", "Evening Star", "Town Crier"}
    assert all(o["n_articles"] == 2 for o in outlets)
    dupes = corpus_client.get("/api/corpus/duplicates").json()
    assert dupes["total"] >= 1 and dupes["items"][0]["members"][0]["position"] == 0
    stories = corpus_client.get("/api/corpus/stories").json()
    assert stories["total"] >= 1 and len({m["outlet"] for m in stories["items"][0]["members"]}) >= 2
    page = corpus_client.get("/corpus")
    assert page.status_code == 200 and "6 article(s) in the store" in page.text
    assert page.text.count("<svg") >= 4 and "Duplicate clusters" in page.text
    assert "Story: " in page.text and "days since the first article" in page.text  # a story's timeline
    assert corpus_client.get("/healthz").json()["store"] is True


def test_web_corpus_endpoints_absent_without_a_store(client: TestClient) -> None:
    assert_error(client.get("/api/corpus/articles"), 404, "E087")


def test_web_outlet_card(client: TestClient) -> None:
    r = client.get("/api/outlets/rt.com")
    assert r.status_code == 200, r.text
    card = r.json()
    assert card["domain"] == "rt.com" and card["status"] == "rated" and card["ratings"]
    assert client.get("/api/outlets/nonexistent-outlet.example").json()["status"] == "not rated"
    assert_error(client.get("/api/outlets/" + "x" * 300), 422, "E081")
