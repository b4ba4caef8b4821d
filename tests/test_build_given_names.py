"""scripts/build_given_names.py: a "Given Surname … he/she" pair only votes when NER reads the given name as
the first word of a PERSON entity, so outlets, places and boilerplate stay out of the given-name table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("spacy")

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_given_names.py"


@pytest.fixture(scope="module")
def build():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_given_names", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_given_names"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


TEXTS = [
    "Hillary Clinton said that she would campaign in the state.",
    "At the rally, Hillary Clinton told supporters that she was confident.",
    "Later, Hillary Clinton added that she expected to win.",
    "Fox News reported that he had resigned from the board.",
    "A spokesman for Fox News said that he could not comment.",
    "Fox News later confirmed that he had left the company.",
    "North Carolina Republicans said that he should resign.",
    "North Carolina Democrats argued that he had misled them.",
    "North Carolina Republicans added that he must testify.",
]


def test_build_given_names_keeps_people_drops_outlets_and_places(build) -> None:  # type: ignore[no-untyped-def]
    ev = build.Evidence()
    for t in TEXTS:
        ev.add(t)
    without_ner, _ = build.build_table(ev, ner=False)
    assert {"hillary", "fox", "carolina"} <= set(without_ner)  # the capitalisation tests alone let them in
    table, report = build.build_table(ev)
    assert table.get("hillary") == "f" and "fox" not in table and "carolina" not in table
    assert report["fox"]["kept_without_ner"] and not report["fox"]["kept"]
    assert not any(label.endswith("PERSON") for label in report["fox"]["labels"])
