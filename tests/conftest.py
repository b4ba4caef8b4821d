"""Shared fixtures: the NLP pipeline (loaded once per run), paths to shared data, small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: ../shared beside a clone; worktrees one level deeper (/work/wt/NAME) find /work/shared.
SHARED = next((p.resolve() for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()),
              (ROOT / ".." / "shared").resolve())
PALMYRA = SHARED / "examples" / "palmyra.txt"
NEWS_JSONL = SHARED / "data" / "news" / "allsides_sample" / "articles.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from presslens.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def palmyra_text() -> str:
    if not PALMYRA.exists():
        pytest.skip(f"example article not found at {PALMYRA} (needs ../shared beside the checkout)")
    return PALMYRA.read_text(encoding="utf-8")


@pytest.fixture()
def make_article():
    from presslens.ingest import from_text

    return from_text
