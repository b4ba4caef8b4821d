"""Near-duplicates: shingling, LSH, relations, clusters, passage reuse and the palmyra republication scenario."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

from presslens.config import Settings
from presslens.corpus.batch import run_batch
from presslens.corpus.dupes import Doc, DupeSettings, copy_context, detect, find_duplicates
from presslens.corpus.shingles import lsh_pairs, shingle_hashes, signatures
from presslens.corpus.store import Store

from .conftest import FAST

HERE = Path(__file__).resolve().parent
WORDS = ("council budget river housing police report minister election court vote school hospital road "
         "water energy price market union strike farmer border trade tax bill senate governor mayor crowd "
         "protest storm flood fire doctor nurse teacher student army navy airport train bridge museum").split()


def _text(seed: int, n_paragraphs: int = 5, words: int = 40) -> str:
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."
                       for _ in range(n_paragraphs))


def test_shingles_ignore_case_and_punctuation_and_keep_texts_apart() -> None:
    flat, off = shingle_hashes(["The Mayor, said: ok then yes.", "the mayor said OK then yes", "two words", ""])
    assert off.tolist() == [0, 2, 4, 5, 5]
    assert sorted(flat[0:2].tolist()) == sorted(flat[2:4].tolist())


def test_lsh_finds_near_duplicates_not_unrelated_texts() -> None:
    base = [_text(i) for i in range(30)]
    edited = base[3].replace("council", "assembly", 2)
    texts = [*base, edited]
    flat, off = shingle_hashes(texts)
    pairs = {tuple(p) for p in lsh_pairs(signatures(flat, off)).tolist()}
    assert (3, 30) in pairs
    assert all(30 in p for p in pairs if p != (3, 30)) or len(pairs) == 1


def _doc(key: str, text: str, outlet: str, date: str, **kw) -> Doc:
    return Doc(key, key, outlet, "en", f"https://{outlet.lower().replace(' ', '')}.example/{key}", date, text, **kw)


def test_relations_verbatim_edited_excerpt_passage_and_boilerplate() -> None:
    a = _text(1, 8)
    paras = a.split("\n\n")
    boiler = ("Sign up for our daily newsletter to get the best of our reporting delivered to your inbox every "
              "morning, and follow us on social media for breaking news alerts, videos and more stories.")
    docs = [
        _doc("a", a, "Origin Times", "2020-01-01"),
        _doc("verb", a + "\n\nRead more at Copy One.", "Copy One", "2020-01-02"),
        _doc("edit", re.sub(r"\bcouncil\b", "assembly", a).replace("price", "cost"), "Copy Two", "2020-01-03"),
        _doc("exc", "\n\n".join(paras[:4]), "Copy Three", "2020-01-04"),
        _doc("pass", _text(99, 6) + "\n\n" + paras[5], "Copy Four", "2020-01-05"),
    ]
    # boilerplate-only overlaps: 8 unrelated articles sharing a newsletter footer
    docs += [_doc(f"b{i}", _text(200 + i, 5) + "\n\n" + boiler, "Bulk News", f"2020-02-{i + 1:02d}") for i in range(8)]
    res = detect(docs, DupeSettings())
    rel = {(res.docs[p.a].key, res.docs[p.b].key): p.relation for p in res.pairs}
    assert rel[("a", "verb")] == "verbatim"
    assert rel[("a", "edit")] == "lightly edited"
    assert rel[("a", "exc")] == "excerpt"
    assert not any(k[0].startswith("b") or k[1].startswith("b") for k in rel)
    (cluster,) = res.clusters
    assert cluster.members[0].doc.key == "a"
    assert {m.doc.key for m in cluster.members} == {"a", "verb", "edit", "exc"}
    (p,) = res.passages
    d, s = res.docs[p.doc], res.docs[p.source]
    assert (d.key, s.key) == ("pass", "a")
    assert d.text[p.start : p.end] == s.text[p.source_start : p.source_end] == paras[5]
    assert not p.credited


def _edit(text: str, swaps: dict[str, str], drop: str, footer: str) -> str:
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text.replace(drop, "").replace("This post first appeared on Russia Insider", footer)


@pytest.fixture()
def palmyra_store(palmyra_text: str, tmp_path: Path) -> Path:
    rt = (HERE / "data" / "rt_palmyra_report.txt").read_text(encoding="utf-8")
    copy1 = _edit(palmyra_text, {"lightning-fast": "rapid", "Call the Russians": "Call Moscow", "great video": "video"},
                  "Just as we suspected: ", "Source: Russia Insider")
    copy2 = _edit(palmyra_text, {"Confirmed:": "CONFIRMED -", "extremely active": "very active",
                                 "glory": "credit"}, "A great video with some more details:", "")
    rows = [
        {"text": rt, "outlet": "RT", "url": "https://www.rt.com/news/337520-palmyra-russian-advisers/",
         "date": "2016-03-25"},
        {"text": palmyra_text, "outlet": "Russia Insider", "url": "https://russia-insider.com/en/palmyra",
         "date": "2016-03-26"},
        {"text": copy1, "outlet": "Global Alert Network", "url": "https://globalalert.example/palmyra",
         "date": "2016-03-27"},
        {"text": copy2, "outlet": "Frontline Dispatch", "url": "https://frontline.example/palmyra",
         "date": "2016-03-28"},
    ]
    corpus = tmp_path / "palmyra.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = tmp_path / "s.duckdb"
    run_batch([corpus], store, Settings(analyzers=(*FAST.split(","), "presslens.republication.v1")), workers=1,
              quiet=True)
    return store


def test_palmyra_republication_cluster_and_passage_reuse(palmyra_store: Path, palmyra_text: str) -> None:
    """Acceptance: palmyra + two edited copies + an RT-style report whose paragraphs palmyra reuses."""
    res = find_duplicates(palmyra_store)
    (cluster,) = res.clusters
    assert [m.doc.outlet for m in cluster.members] == ["Russia Insider", "Global Alert Network", "Frontline Dispatch"]
    assert [m.relation for m in cluster.members] == ["origin", "lightly edited", "lightly edited"]
    assert (cluster.n_outlets, cluster.n_origins) == (3, 1)
    assert cluster.line == "3 outlets carried this text; 1 independent origin"
    assert cluster.sources == ["RT (2016-03-25)"]
    assert "republication footer: Russia Insider" in cluster.members[0].evidence
    in_palmyra = [p for p in res.passages if res.docs[p.doc].outlet == "Russia Insider"]
    assert len(in_palmyra) == 4
    rt = next(d for d in res.docs if d.outlet == "RT")
    for p in in_palmyra:
        assert res.docs[p.source] is rt and not p.credited
        assert palmyra_text[p.start : p.end] == rt.text[p.source_start : p.source_end]
    assert "Russia’s General Staff said" in palmyra_text[in_palmyra[0].start : in_palmyra[0].end]
    with Store(palmyra_store, read_only=True) as s:
        key = s.one("SELECT item_key FROM articles WHERE outlet = 'Russia Insider'")[0]
        ctx = copy_context(s, key)
        assert ctx.line == "3 outlets carried this text; 1 independent origin"
        assert len(ctx.passages) == 4
        f = ctx.passages[0]
        assert f.label == "provenance.passage_reuse" and f.attrs["source_outlet"] == "RT"
        assert f.attrs["source_span"]["text"] == f.text
        assert s.count("duplicate_clusters") == 3
        assert s.one("SELECT count(*) FROM passage_reuse WHERE outlet IS NULL OR date IS NULL")[0] == 0


def test_dupes_cli(palmyra_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from presslens.cli import main

    assert main(["dupes", "--store", str(palmyra_store)]) == 0
    out = capsys.readouterr().out
    assert "3 outlets carried this text; 1 independent origin" in out and "copied from RT" in out
    assert main(["dupes", "--store", str(palmyra_store), "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["members"][0]["relation"] == "origin"


def test_empty_and_tiny_inputs() -> None:
    assert detect([], DupeSettings()).clusters == []
    res = detect([_doc("x", "one two", "A", "2020-01-01"), _doc("y", "", "B", "2020-01-02")])
    assert res.pairs == [] and res.passages == []
    assert np.all(signatures(*shingle_hashes([""]))[0] == np.iinfo(np.uint32).max)
