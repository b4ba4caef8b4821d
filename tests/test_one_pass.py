"""The accurate profile encodes each article once (issue 11): every analyzer that reads the shared encoder asks for
the same window, the pass is cached on the document, nothing re-encodes span or sentence texts, and articles are
never batched together (int8 activations are quantised per batch)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from presslens import encoders
from presslens.config import Settings
from presslens.pipeline import Pipeline

#: A loaded paragraph, so the persuasion analyzer has spans to classify (the technique head runs too).
LOADED = ("\n\nThis throws their entire narrative into chaos. Literally every piece of so-called evidence they "
          "produced is a sordid lie, and the corrupt elites who peddle it want to destroy our great nation.")


class _CountingSession:
    """An onnxruntime session that records the ``input_ids`` shape of every call."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self.calls: list[tuple[int, ...]] = []

    def run(self, outputs: Any, feeds: dict[str, np.ndarray]) -> Any:
        self.calls.append(tuple(feeds["input_ids"].shape))
        return self._session.run(outputs, feeds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


@pytest.fixture()
def spied(monkeypatch):
    """The shared encoder with its session counted, the windows asked of :func:`encode_texts` recorded, and
    :meth:`Encoder.encode` (texts encoded on their own: spans, sentences) forbidden during an analysis."""
    enc = encoders.load_encoder()
    session = _CountingSession(enc.session)
    monkeypatch.setattr(enc, "session", session)
    asked: list[tuple[int, int]] = []  # (window, number of texts) per encode_texts call that had work to do
    real = encoders.encode_texts

    def encode_texts(items, encoder=None, window=None):
        if items:
            asked.append((encoders.WINDOW if window is None else int(window), len(items)))
        return real(items, encoder, window)

    def encode(self, texts, batch_size=encoders.BATCH_SIZE):
        raise AssertionError(f"an analyzer encoded {len(texts)} texts on their own instead of reading the article pass")

    monkeypatch.setattr(encoders, "encode_texts", encode_texts)
    monkeypatch.setattr(encoders.Encoder, "encode", encode)
    return enc, session, asked


def _expected_runs(enc: encoders.Encoder, doc: Any, window: int) -> int:
    from presslens.article import strip_span

    text = doc.article.text
    spans = [strip_span(text, s.start_char, s.end_char) for s in doc.sents]
    _, _, windows = encoders._article_windows(enc, text, spans, window)
    return math.ceil(len(windows) / encoders.BATCH_SIZE)


def test_accurate_profile_encodes_each_article_once(spied, palmyra_text, make_article):
    enc, session, asked = spied
    pipe = Pipeline(Settings(profile="accurate"))
    users = [a.name for a in pipe.analyzers if "accurate" in a.encoder_profiles]
    assert {"presslens.persuasion.v1", "presslens.claims.v1", "presslens.subjectivity.v1"} <= set(users)
    arts = [make_article(palmyra_text + LOADED), make_article(palmyra_text.split("\n\n")[0] + LOADED)]
    dossiers = list(pipe.analyze_many(arts))
    assert all(hasattr(d, "findings") for d in dossiers)
    for d in dossiers:
        assert {r.name: r.status for r in d.runs if r.name in users} == dict.fromkeys(users, "ok")
    assert any(f.kind == "persuasion" and f.attrs["model"]["name"] == "technique-minilm"
               for f in dossiers[0].findings)  # the technique head ran on the cached pass
    # one window for every encoder reader: one pass per article, each article in its own batches
    assert {w for w, _ in asked} == {encoders.chunks.MAX_TOKENS}, f"analyzers asked for windows {asked}"
    assert all(n == 1 for _, n in asked), "articles were encoded together (int8 quantises per batch)"
    assert len(asked) == len(arts)
    docs = [pipe.nlp(a) for a in arts]
    assert len(session.calls) == sum(_expected_runs(enc, doc, encoders.chunks.MAX_TOKENS) for doc in docs)


def test_accurate_profile_single_article_one_session_call(spied, make_article):
    enc, session, asked = spied
    pipe = Pipeline(Settings(profile="accurate"))
    art = make_article("The senate passed the bill on Tuesday, officials said." + LOADED)
    pipe.analyze(art)
    assert len(asked) == 1 and len(session.calls) == _expected_runs(enc, pipe.nlp(art), encoders.chunks.MAX_TOKENS) == 1


def test_default_window_is_the_shipped_heads_window():
    """The default window (``PRESSLENS_ENCODER_WINDOW`` unset) is the one every shipped head reads, so a caller
    that names no window shares the analyzers' pass."""
    from presslens.encoders.heads import Head

    pkg = encoders.MODEL_DIR.parents[1]
    windows = {str(p.relative_to(pkg)): Head.load(p).window for p in sorted(pkg.glob("*/models/*-minilm.npz"))}
    assert len(windows) >= 4
    assert set(windows.values()) == {encoders.chunks.MAX_TOKENS}, windows
    import os

    if "PRESSLENS_ENCODER_WINDOW" not in os.environ:
        assert encoders.WINDOW == encoders.chunks.MAX_TOKENS


def test_encoder_window_environment_variable_still_sets_the_default():
    import os
    import subprocess
    import sys

    env = {**os.environ, "PRESSLENS_ENCODER_WINDOW": "0"}
    out = subprocess.run([sys.executable, "-c", "import presslens.encoders as e; print(e.WINDOW)"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"
