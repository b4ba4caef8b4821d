"""The shipped ONNX encoder: loads offline, encodes in batches, caches one pass per article."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.encoders import MODEL_DIR, load_encoder, sentence_states


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


def test_encoders_shipped_files_and_size():
    import json

    meta = json.loads((MODEL_DIR / "encoder.json").read_text())
    onnx = MODEL_DIR / meta["onnx"]
    assert onnx.stat().st_size <= 25 * 1024 * 1024
    import hashlib

    assert hashlib.sha256(onnx.read_bytes()).hexdigest() == meta["onnx_sha256"]


def test_encoders_vectors_normalised_and_batch_invariant(encoder):
    texts = ["The minister said the budget would be cut by 4 percent.", "Shares rose.",
             "What a disgraceful, cowardly decision by this government!"]
    enc = encoder.encode(texts, batch_size=2)
    assert enc.vectors.shape == (3, encoder.info.dim)
    assert np.allclose(np.linalg.norm(enc.vectors, axis=1), 1.0, atol=1e-4)
    alone = encoder.encode([texts[1]])
    assert np.allclose(alone.vectors[0], enc.vectors[1], atol=1e-3)  # padding does not leak into the pool
    # token offsets slice the input text
    for text, offs, toks in zip(texts, enc.offsets, enc.tokens, strict=True):
        assert len(offs) == len(toks) > 0
        assert all(text[a:b].strip() for a, b in offs)


def test_encoders_paraphrase_closer_than_unrelated(encoder):
    v = encoder.vectors(["The president resigned on Monday.", "On Monday the president stepped down.",
                         "Heavy rain flooded the football stadium."])
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_encoders_empty_inputs(encoder):
    assert encoder.encode([]).vectors.shape == (0, encoder.info.dim)
    enc = encoder.encode([""])
    assert enc.tokens[0].shape[0] == 0 and np.isfinite(enc.vectors).all()


def test_encoders_sentence_states_cached_on_doc(nlp, make_article):
    doc = nlp(make_article("Prices rose 3% in May. Critics called it a scandal.\n\nThe bank declined to comment."))
    first = sentence_states(doc)
    assert sentence_states(doc) is first
    assert len(first.spans) == len(doc.sents)
    for (a, b), vec in zip(first.spans, first.encoded.vectors, strict=True):
        assert doc.article.text[a:b] == doc.article.text[a:b].strip()
        assert vec.shape == (first.info.dim,)
    assert first.index_of(*first.spans[1]) == 1
