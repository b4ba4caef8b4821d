"""Fixtures for the corpus tests: small generated corpora (no shared data needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: Fast analyzers for batch tests (the full default set is exercised by the acceptance tests).
FAST = "presslens.voice.v1,presslens.quotes.v1,presslens.quantities.v1"

SENTENCES = (
    "The mayor said on Tuesday that {n} new homes would be built near the river.",
    "Critics called the plan a disaster, warning that it was rushed through the council.",
    "\"We will not back down,\" said Maria Lopez, a spokeswoman for the residents' group.",
    "Officials estimated the cost at {n} million dollars over five years.",
    "The council is expected to vote again next month after a public hearing.",
)


def article_text(i: int) -> str:
    parts = [s.format(n=100 + 7 * i) for s in SENTENCES]
    return f"Story number {i} about housing in town {i}.\n\n" + "\n\n".join(parts)


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    """A JSONL corpus of 12 articles from 3 outlets, plus one row with an empty text (a recorded failure)."""
    path = tmp_path / "corpus.jsonl"
    outlets = [("Daily Planet", "left"), ("Evening Star", "right"), ("Town Crier", "center")]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(12):
            outlet, lean = outlets[i % 3]
            fh.write(json.dumps({"id": f"a{i}", "title": f"Housing {i}", "text": article_text(i), "outlet": outlet,
                                 "url": f"https://example{i % 3}.com/story/{i}", "date": f"2020-03-{1 + i:02d}",
                                 "bias_text": lean}) + "\n")
        fh.write(json.dumps({"id": "empty", "text": "   ", "outlet": "Daily Planet"}) + "\n")
    return path
