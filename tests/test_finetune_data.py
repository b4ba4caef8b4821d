"""The pieces of encoder fine-tuning that must agree with run time: windows, BIO labels, span decoding."""

from __future__ import annotations

import random

import numpy as np

from presslens._training.finetune import (
    bio_labels,
    decode_bio,
    length_batches,
    load_tokenizer,
    sentence_spans,
    transition_logs,
    viterbi,
    windows,
)
from presslens._training.persuasion_data import PTCArticle


def test_sentence_spans_are_stripped_non_blank_lines() -> None:
    text = "First line.\n\n  Second one \nThird"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["First line.", "Second one", "Third"]


def test_bio_labels_merge_overlaps_and_mark_span_starts() -> None:
    offsets = np.array([[0, 0], [0, 3], [4, 7], [8, 11], [12, 15], [16, 19], [0, 0]])
    special = np.array([True, False, False, False, False, False, True])
    labels = bio_labels(offsets, special, [(4, 9), (8, 11), (16, 18)])
    assert labels.tolist() == [-100, 0, 1, 2, 0, 1, -100]


def test_decode_bio_round_trips_token_labels() -> None:
    offsets = np.array([[0, 3], [4, 7], [8, 11], [12, 15], [16, 19]])
    assert decode_bio([0, 1, 2, 0, 1], offsets) == [(4, 11), (16, 19)]
    # an I after O opens a span; B right after I starts a new one
    assert decode_bio([2, 2, 1, 2, 0], offsets) == [(0, 7), (8, 15)]
    assert decode_bio([0, 0, 0, 0, 0], offsets) == []


def test_viterbi_never_moves_from_o_to_i() -> None:
    trans = transition_logs([np.array([0, 1, 2, 2, 0, 0, 1, 0])])
    assert trans[0, 2] < -1000
    logp = np.log(np.array([[0.9, 0.05, 0.05], [0.1, 0.2, 0.7], [0.1, 0.1, 0.8]]))
    path = viterbi(logp, trans)
    assert path.tolist() != [0, 2, 2] and path[1] == 1
    assert viterbi(np.zeros((0, 3)), trans).tolist() == []


def test_windows_pack_lines_and_label_spans_across_line_breaks() -> None:
    tok = load_tokenizer()
    text = "The minister lied.\nEveryone knows it.\n\nShares rose today."
    start = text.index("lied")
    end = text.index("knows") + len("knows")
    art = PTCArticle("1", text, ((start, end),), ())
    ws = windows(art, tok, max_tokens=128)
    assert len(ws) == 1 and (ws[0].start, ws[0].end) == (0, len(text))
    w = ws[0]
    keep = ~w.special
    spans = decode_bio(np.maximum(w.labels[keep], 0), w.offsets[keep])
    assert spans == [(start, end)]
    # one sentence per window when the budget is 0
    assert len(windows(art, tok, max_tokens=0)) == 3


def test_length_batches_cover_every_item_once() -> None:
    lengths = [random.Random(1).randint(1, 50) for _ in range(103)]
    batches = length_batches(lengths, 8, random.Random(0), pool=3)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(103)) and max(len(b) for b in batches) == 8
