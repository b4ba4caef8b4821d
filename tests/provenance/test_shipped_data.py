"""The shipped table: licences documented, no MBFC-derived data, loads fast enough to open per process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from presslens.provenance.store import shipped_path

ROOT = Path(__file__).resolve().parents[2]
EXCLUDED_IDS = ("mbfc", "baly", "burdisso", "idiap", "kagi")


def test_no_mbfc_derived_sources_or_values():
    con = sqlite3.connect(shipped_path())
    ids = [r[0] for r in con.execute("SELECT id FROM sources")]
    assert ids and not [i for i in ids if any(x in i for x in EXCLUDED_IDS)]
    used = {r[0] for r in con.execute("SELECT DISTINCT source FROM ratings")}
    assert used <= set(ids)
    # no links to MBFC review pages, no MBFC list names in labels or notes (mediabiasfactcheck.com itself may be
    # a rated domain: Wikipedia rates it)
    bad = con.execute("SELECT COUNT(*) FROM ratings WHERE url LIKE '%mediabiasfactcheck.com/%' "
                      "OR note LIKE '%mediabiasfactcheck.com/%' OR instr(label, 'media_bias_fact_check') > 0 "
                      "OR instr(note, 'media_bias_fact_check') > 0").fetchone()[0]
    assert bad == 0
    assert con.execute("SELECT COUNT(*) FROM ratings WHERE label LIKE '%questionable sources%'").fetchone()[0] == 0


def test_every_shipped_source_is_documented():
    doc = (shipped_path().parent / "SOURCES.md").read_text(encoding="utf-8")
    con = sqlite3.connect(shipped_path())
    for sid, licence in con.execute("SELECT id, licence FROM sources"):
        assert f"`{sid}`" in doc, sid
        assert licence


def test_no_mbfc_files_in_repository():
    for p in (ROOT / "src").rglob("*"):
        if p.is_file() and p.suffix in (".json", ".csv", ".tsv", ".gz", ".sqlite", ".txt"):
            assert "mediabiasfactcheck.com/" not in p.read_bytes().decode("latin-1").lower(), p


def test_size_is_a_few_megabytes():
    assert shipped_path().stat().st_size < 8_000_000
