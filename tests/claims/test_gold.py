"""Integrity of the quantity gold sets and the parser-free fallback."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from presslens import Settings
from presslens.article import Article
from presslens.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "eval" / "quantities"
KINDS = {"count", "percent", "money", "measure", "rate"}
COMPARATORS = {"=", ">", "≥", "<", "≤", "≈"}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["gold.jsonl", "gold_blind.jsonl"])
def test_gold_records_are_well_formed(name):
    rows = _rows(name)
    assert len(rows) >= 10
    for row in rows:
        assert row["source"] in ("allsides", "fakenews") and len(row["sha256"]) == 64
        assert "text" not in row  # texts are never stored
        for m in row["mentions"]:
            assert 0 <= m["start"] < m["end"] <= row["chars"]
            assert m["kind"] in KINDS and m["comparator"] in COMPARATORS
            assert (m["value"] is None) == (m["low"] is not None)
            assert (m["counted"] is None) == (m["counted_head"] is None)
    total = sum(len(r["mentions"]) for r in _rows("gold.jsonl") + _rows("gold_blind.jsonl"))
    assert total >= 150


def test_gold_offsets_slice_the_shared_texts():
    spec = importlib.util.spec_from_file_location("select_articles", EVAL / "select_articles.py")
    assert spec and spec.loader
    sel = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sel)
    if not sel.ALLSIDES.exists() or not sel.FAKENEWS.exists():
        pytest.skip(f"news samples not found under {sel.NEWS} (needs ../shared beside the checkout)")
    texts = {("allsides", a): t for a, _, t in sel.allsides()} | {("fakenews", a): t for a, _, t in sel.fakenews()}
    for row in _rows("gold.jsonl") + _rows("gold_blind.jsonl"):
        text = texts[(row["source"], row["id"])]
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == row["sha256"]
        for m in row["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_counted_phrase_without_parser():
    text = "Four soldiers and 12 armored vehicles were lost, and 42% of voters approve."
    d = Pipeline(Settings(analyzers=("presslens.claims.v1",), parse="none", strict=True)).analyze(Article(text))
    got = {f.text: f.attrs["counted"] for f in d.by_label("claims.quantity")}
    assert got == {"Four": "soldiers", "12": "armored vehicles", "42%": "voters"}
    assert [r.status for r in d.runs] == ["ok", "ok"]
