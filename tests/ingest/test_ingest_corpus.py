"""Corpus readers: CSV/TSV, JSONL, JSON arrays and Parquet; column mapping; bad rows become failures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from presslens.article import Article
from presslens.config import CorpusColumns, Settings
from presslens.dossier import Failure
from presslens.errors import UnsupportedInput
from presslens.ingest import iter_articles, iter_corpus

DATA = Path(__file__).parent / "data"
PARAGRAPH = (DATA / "paragraph.txt").read_text(encoding="utf-8").strip()
BODY = "\n\n".join([PARAGRAPH] * 4)
ALLSIDES = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
)


def split(items: list[Article | Failure]) -> tuple[list[Article], list[Failure]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_auto_columns(tmp_path: Path) -> None:
    body = BODY.replace("\n", "\r\n")
    csv_text = (
        "headline,body,link,pubdate,source,byline,id,topic\r\n"
        f'"Buses, more of them","{body}",https://www.metro.example/a,2020-05-01,Metro Daily,"By Ann Lee, AP",a1,transport\r\n'
        f'Second,"He said ""no"". {PARAGRAPH}",,9/6/17,Metro Daily,,a2,politics\r\n'
    )
    items = list(iter_corpus(write_csv(tmp_path / "c.csv", csv_text)))
    arts, fails = split(items)
    assert not fails and len(arts) == 2
    a, b = arts
    assert a.text == BODY  # CRLF inside the quoted cell normalised
    assert a.title == "Buses, more of them"
    assert a.url == "https://www.metro.example/a" and a.domain == "metro.example"
    assert a.published == "2020-05-01" and a.published_source == "corpus:pubdate"
    assert a.outlet == "Metro Daily"
    assert a.byline.persons == ("Ann Lee",) and a.byline.agencies == ("AP",)
    assert a.extra == {"topic": "transport", "corpus_id": "a1"}
    assert a.origin.endswith("c.csv#row=1") and a.input_format == "csv"
    assert b.text.startswith('He said "no".') and b.published == "2017-09-06" and b.url is None
    assert b.origin.endswith("#row=2")


def test_csv_explicit_columns_semicolons_and_cp1252(tmp_path: Path) -> None:
    csv_text = (
        "Nr;Überschrift;Inhalt;Quelle;Datum\n"
        f"1;Caf\u00e9 \u201cclosed\u201d;{PARAGRAPH} The caf\u00e9\u2019s owner agreed.;Le Monde;2021-02-03\n"
    )
    path = write_csv(tmp_path / "legacy.csv", csv_text, "cp1252")
    settings = Settings(
        columns=CorpusColumns(text="Inhalt", title="Überschrift", outlet="Quelle", date="datum")
    )
    [a] = list(iter_corpus(path, settings))
    assert isinstance(a, Article)
    assert a.title == "Caf\u00e9 \u201cclosed\u201d"
    assert a.text.endswith("The caf\u00e9\u2019s owner agreed.")
    assert a.outlet == "Le Monde" and a.published == "2021-02-03"
    assert "encoding_repaired" in [f.code for f in a.flags]
    assert a.extra == {"Nr": "1"}


def test_tsv_and_huge_field(tmp_path: Path) -> None:
    big = " ".join([PARAGRAPH] * 3000)  # ~900 KB cell, far above the csv module default limit
    path = write_csv(tmp_path / "t.tsv", f"title\ttext\nBig\t{big}\nSmall\t{PARAGRAPH}\n")
    arts, fails = split(list(iter_corpus(path)))
    assert not fails and [len(a.text) for a in arts] == [len(big), len(PARAGRAPH)]


def test_csv_malformed_rows_become_failures(tmp_path: Path) -> None:
    csv_text = (
        "title,text,date\n"
        f'ok,"{PARAGRAPH}",2020-01-01\n'
        "too,many,fields,here\n"
        "empty,,2020-01-02\n"
        "\n"
        f'also ok,"{PARAGRAPH}",2099-01-01\n'
    )
    items = list(iter_articles([write_csv(tmp_path / "m.csv", csv_text)]))
    arts, fails = split(items)
    assert [a.origin.rsplit("#", 1)[1] for a in arts] == ["row=1", "row=4"]
    assert [(f.origin.rsplit("#", 1)[1], f.code) for f in fails] == [("row=2", "E005"), ("row=3", "E001")]
    assert "4 fields where the header has 3" in fails[0].message
    assert "future_date" in [f.code for f in arts[1].flags]  # dates in the future are flagged


def test_missing_mapped_column_is_a_usage_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", f'title,content\nx,"{PARAGRAPH}"\n')
    settings = Settings(columns=CorpusColumns(text="article_body"))
    with pytest.raises(UnsupportedInput) as info:
        list(iter_articles([path], settings))
    assert info.value.code == "E006"
    assert "'article_body'" in str(info.value) and "'title', 'content'" in str(info.value)


def test_no_text_column_auto_is_a_failure_for_that_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", "a,b\n1,2\n")
    [f] = list(iter_articles([path]))
    assert isinstance(f, Failure) and f.code == "E006" and "'a', 'b'" in f.message


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "title": "One",
                "content": BODY,
                "url": "http://news.example/1",
                "authors": ["Ann Lee", "Bo Chen"],
            }
        ),
        '{"title": "broken", "content": ',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "No text", "content": "   "}),
        json.dumps({"title": "Two", "content": PARAGRAPH, "date": "2019-03-04", "domain": "news.example"}),
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, fails = split(list(iter_articles([path])))
    assert [a.title for a in arts] == ["One", "Two"]
    assert arts[0].byline.persons == ("Ann Lee", "Bo Chen")
    assert arts[0].origin.endswith("c.jsonl#line=1") and arts[0].input_format == "jsonl"
    assert (
        arts[1].origin.endswith("#line=6")
        and arts[1].domain == "news.example"
        and arts[1].outlet == "news.example"
    )
    assert [(f.origin.rsplit("#", 1)[1], f.code) for f in fails] == [
        ("line=2", "E005"),
        ("line=4", "E005"),
        ("line=5", "E001"),
    ]
    assert "line 2" in fails[0].message


def test_json_array_streamed(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    rows = [{"body": f"{i}. {PARAGRAPH}", "headline": f"H{i}"} for i in range(5)] + [7]
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    arts, fails = split(list(iter_corpus(path)))
    assert [a.title for a in arts] == [f"H{i}" for i in range(5)]
    assert len(fails) == 1 and fails[0].origin.endswith("#row=6")
    # a .json file holding JSON Lines is read as such
    jl = tmp_path / "lines.json"
    jl.write_text("\n".join(json.dumps(r) for r in rows[:2]), encoding="utf-8")
    assert [a.title for a in iter_corpus(jl)] == ["H0", "H1"]  # type: ignore[union-attr]


def test_parquet_auto_and_explicit(tmp_path: Path) -> None:
    table = pa.table(
        {
            "article_id": [1, 2, 3],
            "headline": ["A", "B", "C"],
            "full_text": [BODY, None, PARAGRAPH],
            "published_at": [dt.datetime(2021, 1, 2, 3, 4, 5), None, dt.datetime(2022, 5, 6)],
            "site": ["S1", "S2", "S3"],
            "score": [0.5, 0.1, 0.9],
        }
    )
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=2)
    arts, fails = split(list(iter_articles([path])))
    assert [a.title for a in arts] == ["A", "C"]
    assert arts[0].published == "2021-01-02T03:04:05" and arts[0].published_source == "corpus:published_at"
    assert arts[1].published == "2022-05-06"
    assert arts[0].outlet == "S1" and arts[0].input_format == "parquet"
    assert arts[0].extra == {"score": 0.5, "corpus_id": 1}
    assert [(f.origin.rsplit("#", 1)[1], f.code) for f in fails] == [("row=2", "E001")]
    explicit = Settings(columns=CorpusColumns(text="full_text", title="site", outlet="headline"))
    first = next(iter_corpus(path, explicit))
    assert isinstance(first, Article) and (first.title, first.outlet) == ("S1", "A")


def test_corrupt_parquet_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    [f] = list(iter_articles([path]))
    assert isinstance(f, Failure) and f.code == "E005"


def test_allsides_sample_first_200_lines(tmp_path: Path) -> None:
    if not ALLSIDES.exists():
        pytest.skip(f"AllSides sample not found at {ALLSIDES} (needs ../shared/data beside the checkout)")
    head = tmp_path / "allsides_200.jsonl"
    with ALLSIDES.open("rb") as src, head.open("wb") as dst:
        for _ in range(200):
            dst.write(src.readline())
    raw = [json.loads(line) for line in head.read_text(encoding="utf-8").splitlines()]
    items = list(iter_articles([head]))
    arts, fails = split(items)
    assert len(items) == 200 and len(arts) >= 195, fails[:3]
    assert all(a.domain and a.outlet for a in arts)
    dated = {
        f"{head}#line={i}"
        for i, r in enumerate(raw, 1)
        if r["date"][:4].isdigit() and r["date"][:2] in ("19", "20")
    }
    assert dated and all(a.published for a in arts if a.origin in dated)
    assert all(a.published_source == "corpus:date" for a in arts if a.published)
    assert sum(1 for a in arts if a.byline.persons) >= 150
    assert all(a.language.code == "en" for a in arts)
