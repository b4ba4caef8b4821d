"""The accurate profile's span tagger: Viterbi decoding, span mapping, the head-file contract, the analyzer path."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from presslens.encoders.heads import Head, platt_probability
from presslens.persuasion.accurate_si import (
    SpanTagger,
    emissions,
    load_tagger,
    piece_probs,
    tags_to_spans,
    union,
    viterbi,
)

NEG = -1e4
TRANS = np.array([[0.0, 0.0, NEG], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
START = np.array([0.0, 0.0, NEG])


def test_tags_to_spans_cross_line_breaks_and_score_is_max():
    text = "They lie.\nAll of them lie."
    offsets = np.array([[0, 4], [5, 8], [8, 9], [10, 13], [14, 16], [17, 21], [22, 25], [25, 26]])
    tags = np.array([0, 1, 2, 2, 2, 0, 1, 0])
    p_in = np.array([0.1, 0.8, 0.6, 0.9, 0.7, 0.2, 0.6, 0.1])
    spans = tags_to_spans(tags, offsets, p_in)
    assert spans == [(5, 16, 0.9), (22, 25, 0.6)]
    assert "\n" in text[5:16]


def test_emissions_mix_and_bias():
    proba = np.array([[0.8, 0.1, 0.1], [0.2, 0.4, 0.4]])
    _emit, p_in = emissions(proba, np.array([0.0, 1.0]), beta=0.5, o_bias=0.0)
    assert np.allclose(p_in, [0.1, 0.9], atol=1e-6)
    biased, _ = emissions(proba, None, beta=1.0, o_bias=1.0)
    plain, _ = emissions(proba, None, beta=1.0, o_bias=0.0)
    assert np.allclose(biased[:, 0] - plain[:, 0], 1.0) and np.allclose(biased[:, 1:], plain[:, 1:])
    cost, _ = emissions(proba, None, beta=1.0, o_bias=0.0, i_penalty=0.3)
    assert np.allclose(plain[:, 2] - cost[:, 2], 0.3) and np.allclose(cost[:, :2], plain[:, :2])


def test_i_penalty_drops_a_span_held_up_by_middling_pieces():
    # a run of pieces that are each only slightly more inside than outside: the cost per piece ends it
    proba = np.array([[0.9, 0.05, 0.05], [0.3, 0.6, 0.1]] + [[0.25, 0.02, 0.73]] * 5 + [[0.9, 0.05, 0.05]])
    trans = np.log(np.array([[0.9, 0.1, 1e-9], [0.1, 0.01, 0.89], [0.1, 0.01, 0.89]]))
    plain, _ = emissions(proba, None, 1.0, 0.0)
    costly, _ = emissions(proba, None, 1.0, 0.0, i_penalty=0.5)
    assert viterbi(plain, trans, START)[1:7].tolist() == [1, 2, 2, 2, 2, 2]
    assert viterbi(costly, trans, START).tolist() == [0] * 8


def test_union_keeps_only_non_overlapping_fast_spans():
    assert union([(10, 20, 0.9)], [(0, 5, 0.5), (15, 30, 0.7)]) == [(0, 5, 0.5), (10, 20, 0.9)]


def test_piece_probs_maps_spacy_tokens_to_pieces():
    p = piece_probs([(0, 4), (5, 13)], np.array([0.2, 0.9]), np.array([[0, 4], [5, 9], [9, 13]]))
    assert np.allclose(p, [0.2, 0.9, 0.9])


def _head(meta: dict, classes: list[str] | None = None) -> Head:
    d = 4
    w = np.zeros((d, 3), np.float32)
    w[0] = [0.0, 5.0, 0.0]  # feature 0 high → B
    w[1] = [0.0, 0.0, 5.0]  # feature 1 high → I
    return Head(name="t", version="0", classes=classes or ["O", "B", "I"], mean=np.zeros(d, np.float32),
                scale=np.ones(d, np.float32), weights=[w], biases=[np.array([2.0, 0.0, 0.0], np.float32)],
                calibration=[1.0], meta=meta)


def test_span_tagger_reads_everything_from_its_head_file(tmp_path):
    from presslens.encoders import Encoded, EncoderInfo, SentenceStates

    meta = {"features": "token", "window": 64, "transitions": TRANS.tolist(), "start": START.tolist(),
            "decode": {"o_bias": 0.0, "beta": 1.0, "union": True, "i_penalty": 0.25}, "validation": {"si_f1": 0.1}}
    path = tmp_path / "h.npz"
    _head(meta).save(path)
    tagger = SpanTagger(Head.load(path))
    assert tagger.window == 64 and tagger.union and tagger.i_penalty == 0.25 and tagger.card()["threshold"] is None
    tokens = np.zeros((5, 4), np.float32)
    tokens[1, 0] = tokens[2, 1] = tokens[3, 1] = 1.0
    info = EncoderInfo("e", "1", 4, 256, "0" * 64)
    states = SentenceStates(spans=[(0, 30)], encoded=Encoded(np.zeros((1, 4), np.float32), [], [], []), info=info,
                            tokens=tokens, offsets=np.array([[0, 3], [4, 8], [9, 12], [13, 17], [18, 22]]), window=64)
    spans = tagger.spans(states, fast_spans=[(19, 22, 0.5), (10, 14, 0.4)])
    assert [(a, b) for a, b, _ in spans] == [(4, 17), (19, 22)]
    cal = SpanTagger(replace(tagger.head, meta={**meta, "inside_calibration": [1.0, -3.0]}))
    (a, b, score), _ = cal.spans(states, fast_spans=[(19, 22, 0.5)])
    assert (a, b) == (4, 17) and abs(score - platt_probability(spans[0][2], (1.0, -3.0))) < 1e-9 and score < spans[0][2]
    with pytest.raises(ValueError):
        SpanTagger(_head(meta, ["A", "B", "C"]))


def test_shipped_tagger_card_and_window():
    from presslens.encoders import load_encoder

    tagger = load_tagger()
    card = tagger.card()
    assert card["name"] == "span-tagger-minilm" and card["encoder"] == load_encoder().info.id
    assert "f1" in card["validation"] and tagger.window == 128 and not tagger.union
    assert tagger.inside_calibration is not None and tagger.trans[0, 2] <= -1e3  # span scores calibrated; O → I forbidden


def test_inside_calibration_is_monotone_and_applied_to_span_scores():
    ab = (1.1, -2.0)
    qs = [platt_probability(p, ab) for p in (0.0, 0.2, 0.5, 0.8, 1.0)]
    assert qs == sorted(qs) and all(0.0 < q < 1.0 for q in qs)
    assert abs(platt_probability(0.5, (1.0, 0.0)) - 0.5) < 1e-9


LOADED = ("This throws their entire narrative into chaos. Literally every piece of so-called evidence they produced is "
          "a sordid lie, and the corrupt elites who peddle it want to destroy our great nation. Wake up, America! "
          "The vote will take place on Monday, officials said.")


def test_accurate_profile_spans_come_from_the_tagger(make_article):
    from presslens.config import Settings
    from presslens.pipeline import Pipeline

    d = Pipeline(Settings(analyzers=("presslens.persuasion.v1",), profile="accurate")).analyze(make_article(LOADED))
    spans = [f for f in d.findings if f.kind == "persuasion"]
    assert spans
    for f in spans:
        assert f.attrs["span_model"]["name"] == "span-tagger-minilm" and f.attrs["model"]["name"] == "technique-minilm"
        assert "f1" in f.attrs["span_model"]["validation"]
        assert 0.0 <= f.score <= 1.0 and f.end > f.start
        assert "Monday" not in LOADED[f.start:f.end]  # the neutral sentence stays out
    ordered = sorted((f.start, f.end) for f in spans)
    assert all(b0 <= a1 for (_, b0), (a1, _) in itertools.pairwise(ordered))  # never overlap
