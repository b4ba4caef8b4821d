"""Dossiers as tables: presslens.tables.rows, to_arrow, to_frame."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import presslens
from presslens import tables
from presslens.article import Article, Language
from presslens.dossier import attrs as A
from presslens.dossier.model import Dossier, Failure, Finding
from presslens.errors import ConfigError

NEWS_JSONL = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"

TEXT = "The minister said the plan had failed. Prices rose 5% in May."


def _dossier(**meta: object) -> Dossier:
    art = Article(TEXT, language=Language("en", 0.99, "test"), **meta)  # type: ignore[arg-type]
    card = A.ModelCard("test-model", "1", None, {}, None)
    quote = Finding.from_span(TEXT, 18, 37, kind="attribution", label="attribution.quote", score=0.9,
                              analyzer="presslens.quotes.v1",
                              attrs=A.QuoteAttrs(type="indirect", cue=A.QuoteCue(13, 17, "said", "say", "speech"),
                                                 speaker_mention=A.TextSpan(0, 12, "The minister"),
                                                 speaker_id="attribution.speaker@0-12", speaker_name="minister",
                                                 speaker_kind="person", how="complement", quoted_regions=(),
                                                 group="attribution.quote@18-37"))
    qty = Finding.from_span(TEXT, 51, 53, kind="claims", label="claims.quantity", score=0.8,
                            analyzer="presslens.quantities.v1",
                            attrs=A.QuantityAttrs(value=5, low=None, high=None, comparator="=", unit="%", per=None,
                                                  counted="Prices", counted_span=A.Span(39, 45), kind="percent",
                                                  written="digits", sentence=A.Span(39, 61), asserter=None,
                                                  asserter_id=None))
    claim = Finding.from_span(TEXT, 39, 61, kind="claims", label="claims.claim", score=0.7,
                              analyzer="presslens.claims.v1",
                              attrs=A.ClaimAttrs(checkworthiness=0.7, rank=1, quantities=(qty.id,), entities=(),
                                                 asserter=None, asserter_id=None, hedges=(), boosters=(), model=card))
    loaded = Finding.from_span(TEXT, 31, 37, kind="persuasion", label="persuasion.loaded_language", score=0.6,
                               analyzer="presslens.persuasion.v1",
                               attrs=A.TechniqueAttrs(technique="Loaded_Language", technique_probability=0.8,
                                                      alternatives=(), model=card))
    return Dossier(article=art, findings=[claim, quote, qty, loaded], indicators={"words": 12})


META = {"outlet": "Example Times", "domain": "example.org", "url": "https://example.org/a", "published": "2024-05-02",
        "origin": "corpus.jsonl#line=1"}


def test_tables_every_row_carries_the_article_columns():
    d = _dossier(**META)
    for name in tables.TABLES:
        for row in tables.rows(d, name):
            assert list(row) == [c.name for c in tables.columns(name)]
            assert row["outlet"] == "Example Times" and row["language"] == "en"
            assert row["url"] == META["url"] and row["date"] == "2024-05-02" and row["domain"] == "example.org"


def test_tables_rows_read_the_findings():
    d = _dossier(**META)
    (q,) = tables.rows(d, "quotes")
    assert (q["text"], q["speaker_name"], q["cue"], q["speaker_mention"]) == ("the plan had failed", "minister", "said",
                                                                             "The minister")
    (c,) = tables.rows(d, "claims")
    assert c["n_quantities"] == 1 and c["rank"] == 1 and c["text"] == TEXT[39:61]
    (n,) = tables.rows(d, "quantities")
    assert n["value"] == 5.0 and n["unit"] == "%" and n["quantity_kind"] == "percent"
    (p,) = tables.rows(d, "persuasion")
    assert p["technique"] == "Loaded_Language" and p["technique_probability"] == 0.8
    assert [r["label"] for r in tables.rows(d, "findings")] == [
        "attribution.quote", "persuasion.loaded_language", "claims.claim", "claims.quantity"]
    (a,) = tables.rows(d, "articles")
    assert a["n_findings"] == 4 and json.loads(a["indicators"]) == {"words": 12}
    assert list(tables.rows(d, "speakers")) == [] and list(tables.rows(d, "failures")) == []


def test_tables_failures_only_in_the_failures_table():
    f = Failure("bad.html", "E003", "no text", "ingest")
    assert list(tables.rows(f, "quotes")) == []
    assert list(tables.rows(f, "failures")) == [{"origin": "bad.html", "code": "E003", "message": "no text",
                                                 "stage": "ingest"}]
    df = presslens.to_frame([_dossier(**META), f], table="failures")
    assert df.to_dict("records") == [{"origin": "bad.html", "code": "E003", "message": "no text", "stage": "ingest"}]


def test_tables_unknown_table_names_the_valid_ones():
    with pytest.raises(ConfigError, match="quotes"):
        list(tables.rows(_dossier(), "quotess"))
    with pytest.raises(ConfigError):
        presslens.to_frame([], table="nope")


def test_tables_to_arrow_is_typed_and_to_frame_keeps_missing_values():
    import pyarrow as pa

    both = [_dossier(**META), _dossier()]
    t = presslens.to_arrow(both, table="claims")
    assert t.schema == tables.arrow_schema("claims")
    assert t.schema.field("rank").type == pa.int64() and t.num_rows == 2
    df = presslens.to_frame(both, table="claims")
    assert str(df["rank"].dtype) == "Int64" and str(df["n_quantities"].dtype) == "Int64"
    assert df["outlet"].tolist()[0] == "Example Times" and df["outlet"].isna().tolist() == [False, True]
    # an empty input still has the table's columns
    empty = presslens.to_frame([], table="quotes")
    assert list(empty.columns) == [c.name for c in tables.columns("quotes")] and len(empty) == 0


def test_tables_duckdb_types_cover_every_column():
    for cols in tables.TABLES.values():
        assert all(tables.duckdb_type(c) in ("VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "JSON") for c in cols)


def test_tables_reject_what_is_not_a_dossier():
    with pytest.raises(TypeError, match="str"):
        presslens.to_frame(["some text"], table="quotes")  # type: ignore[list-item]


@pytest.fixture(scope="module")
def allsides20():
    if not NEWS_JSONL.exists():
        pytest.skip(f"AllSides sample not found at {NEWS_JSONL} (needs ../shared beside the checkout)")
    from presslens.config import Settings
    from presslens.ingest import iter_articles

    settings = Settings(analyzers=("presslens.hedging.v1", "presslens.quotes.v1", "presslens.claims.v1"))
    records = [json.loads(line) for line in itertools.islice(NEWS_JSONL.open(encoding="utf-8"), 20)]
    articles = list(itertools.islice(iter_articles([NEWS_JSONL], settings), 20))
    return records, list(presslens.analyze_many(articles, settings))


def test_tables_claims_of_20_allsides_dossiers_keep_outlet_language_url_date(allsides20):
    """Issue 14 acceptance: no missing outlet, language, URL or date where the input had them."""
    records, dossiers = allsides20
    assert all(isinstance(d, Dossier) for d in dossiers) and len(dossiers) == 20
    df = presslens.to_frame(dossiers, table="claims")
    assert len(df) > 20 and set(df["article_id"]) == {d.article.id for d in dossiers}
    by_url = {r["url"]: r for r in records}
    for row in df.itertuples():
        rec = by_url[row.url]
        assert row.outlet == rec["source"]
        assert row.language == "en"
        if rec["date"]:
            assert row.date == rec["date"]
    assert df[["outlet", "language", "url"]].notna().all().all()
    assert df["date"].notna().sum() == sum(n for r in records if r["date"]
                                            for n in [len(df[df["url"] == r["url"]])])
