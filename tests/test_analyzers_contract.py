"""Shared checks on every built-in analyzer: offsets slice the text, output is deterministic, odd input
never crashes (strict mode re-raises any analyzer exception)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens import Settings
from presslens.article import Language
from presslens.errors import EmptyInput
from presslens.ingest import from_text
from presslens.pipeline import Pipeline
from presslens.registry import BUILTIN_ANALYZERS

ODD_TEXTS = [
    "“Unclosed quote runs on, he said.\n\nAnother paragraph “with” nested \"straight 'and' curly” quotes.",
    "!!! ??? ... “” \"\" '' — – -\n\n:\n\n:",
    "Emoji 🚀🔥 and RTL text שלום עולם mixed with English words, the minister said on Monday.",
    "Zero\u200bwidth\u200bjoiners and\ttabs\tand\r\nwindows\r\nline breaks, reportedly.",
    "A" * 5000,
    "word " * 3000,
    "He said. She said. They said. It said. We said. You said.\n" * 20,
    "1, 2, 3, 4, 5 million, 6 percent, $7bn, 8 km/h, 9 per day, over 10 and at least 11 of 12 tanks.",
    "This post first appeared on\n\nWatch:\n\n\n",
    "Q: What happened?\nA: Nobody knows! It's clear that officials, according to sources, may have lied.",
]


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Settings(analyzers=tuple(BUILTIN_ANALYZERS), strict=True))


def _check(pipe, text):
    try:
        article = from_text(text)
    except EmptyInput:
        return
    # force English so that every English-only analyzer really runs on the odd text
    d = pipe.analyze(replace(article, language=Language("en", 1.0, "forced")))
    assert all(r.status == "ok" for r in d.runs), [(r.name, r.status, r.reason) for r in d.runs]
    d.check_offsets()
    for f in d.findings:
        assert 0 <= f.start <= f.end <= len(text)
    assert not [r for r in d.runs if r.status == "failed"]
    return d


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_odd_inputs_never_crash_and_offsets_slice(pipe, text):
    _check(pipe, text)


def test_output_is_deterministic(pipe, palmyra_text):
    a = pipe.analyze(from_text(palmyra_text)).to_dict()
    b = pipe.analyze(from_text(palmyra_text)).to_dict()
    for doc in (a, b):
        doc["provenance"].pop("timing_seconds")
        for run in doc["analyzers"]:
            run.pop("seconds")
    assert a == b


ALPHABET = st.sampled_from([*"abcdefghij ABCDEF .,;:!?\"'“”‘’()-—\n\n0123456789$%", "said", " he ", " we ", "May"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ALPHABET, min_size=1, max_size=200).map("".join))
def test_random_texts_never_crash(pipe, text):
    _check(pipe, text)
