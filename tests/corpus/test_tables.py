"""Store rows: presslens.tables rows keyed by item, the store's extra article columns, docs in sync."""

from __future__ import annotations

from pathlib import Path

from presslens import tables as T
from presslens.article import Article, Language
from presslens.corpus.rows import item_key, store_columns, store_rows
from presslens.dossier import attrs as A
from presslens.dossier.model import Dossier, Finding


def _dossier() -> Dossier:
    text = '"We won," said Ann Lee. Police said 400 fighters died. It is a shameful disgrace.'
    art = Article(text, outlet="Daily Planet", url="https://dp.example/x", published="2020-01-02",
                  language=Language("en", 0.99, "py3langid"), origin="c.jsonl#line=1", extra={"bias_text": "Left"})
    card = A.ModelCard("test-model", "1", None, {}, None)
    sp = Finding.from_span(text, 18, 25, kind="attribution", label="attribution.speaker", score=1.0,
                           analyzer="presslens.quotes.v1",
                           attrs=A.SpeakerAttrs(name="Ann Lee", kind="person", role="", organisation="", country="",
                                                party="P", official=False, mentions=(A.Span(18, 25),), n_quotes=1,
                                                quote_ids=("attribution.quote@0-9",)))
    q = Finding.from_span(text, 0, 9, kind="attribution", label="attribution.quote", score=0.9,
                          analyzer="presslens.quotes.v1",
                          attrs=A.QuoteAttrs(type="direct", cue=A.QuoteCue(10, 14, "said", "say", "speech"),
                                             speaker_mention=A.TextSpan(15, 22, "Ann Lee"), speaker_id=sp.id,
                                             speaker_name="Ann Lee", speaker_kind="person", how="trailing",
                                             quoted_regions=(A.Span(0, 9),), group="attribution.quote@0-9"))
    qty = Finding.from_span(text, 36, 39, kind="claims", label="claims.quantity", score=1.0,
                            analyzer="presslens.quantities.v1",
                            attrs=A.QuantityAttrs(value=400, low=None, high=None, comparator="=", unit=None, per=None,
                                                  counted="fighters", counted_span=A.Span(40, 48), kind="count",
                                                  written="digits", sentence=A.Span(26, 54), asserter="Police",
                                                  asserter_id=None))
    pers = Finding.from_span(text, 64, 81, kind="persuasion", label="persuasion.loaded_language", score=0.8,
                             analyzer="presslens.persuasion.v1",
                             attrs=A.TechniqueAttrs(technique="Loaded_Language", technique_probability=0.8,
                                                    alternatives=(), model=card))
    return Dossier(article=art, findings=[sp, q, qty, pers], indicators={"persuasion_score": 0.4})


def test_store_rows_are_presslens_tables_rows_with_the_item_key() -> None:
    d = _dossier()
    key = item_key(d.article.origin, d.article.id)
    rows = store_rows(d, key, "v1")
    cols = store_columns()
    assert set(rows) == set(cols)
    for name, table_rows in rows.items():
        assert table_rows or name == "claims", name
        for r in table_rows:
            assert tuple(r) == tuple(c for c, _ in cols[name])
            assert r["item_key"] == key
            assert (r["outlet"], r["language"], r["url"], r["date"]) == (
                "Daily Planet", "en", "https://dp.example/x", "2020-01-02")
        if name in T.TABLES:
            plain = list(T.rows(d, name))
            assert [{k: r[k] for k in plain[0]} for r in table_rows] == plain
    (a,) = rows["articles"]
    assert (a["lean"], a["analyzer_version"], a["text"]) == ("left", "v1", d.article.text)


def test_item_key_depends_on_origin_and_content() -> None:
    assert item_key("a", "h") != item_key("b", "h")
    assert item_key("a", "h") != item_key("a", "g")
    assert item_key("a", "h") == item_key("a", "h")


def test_docs_store_md_lists_every_table_and_column() -> None:
    from presslens.corpus.store import VIEWS, all_tables

    doc = (Path(__file__).resolve().parents[2] / "docs" / "store.md").read_text(encoding="utf-8")
    for name, (_, cols) in all_tables().items():
        section = doc.split(f"### `{name}`", 1)
        assert len(section) == 2, f"docs/store.md lacks table {name}"
        body = section[1].split("### ", 1)[0]
        for c, t in cols:
            assert f"| `{c}` | {t} |" in body, f"docs/store.md: {name}.{c} missing or wrong type"
    for view in VIEWS:
        assert f"### `{view}`" in doc
