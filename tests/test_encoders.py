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


def test_encoders_windows_cover_every_token_in_article_offsets(nlp, make_article):
    text = "Prices rose 3% in May.\nCritics called it a scandal.\n\nThe bank declined to comment on the figures."
    doc = nlp(make_article(text))
    st = sentence_states(doc, window=16)
    assert st.window == 16
    offs = st.token_offsets
    assert len(offs) == len(st.token_states) > 10
    assert all(text[a:b].strip() for a, b in offs)
    assert (np.diff(offs[:, 0]) > 0).all()  # text order, no token twice
    assert np.allclose(np.linalg.norm(st.vectors, axis=1), 1.0, atol=1e-4)
    # each sentence's tokens lie inside it
    for k, (a, b) in enumerate(st.spans):
        mine = offs[st.token_sentence == k]
        assert len(mine) and (mine[:, 0] >= a).all() and (mine[:, 1] <= b).all()


def test_encoders_window_zero_matches_isolated_sentences(nlp, make_article, encoder):
    doc = nlp(make_article("The minister resigned on Monday. Markets fell sharply after the news."))
    st = sentence_states(doc, window=0)
    alone = encoder.encode([doc.article.text[a:b] for a, b in st.spans])
    cos = (st.vectors * alone.vectors).sum(1)
    assert (cos > 0.97).all()  # same context; only [CLS]/[SEP] are left out of the pool


def test_encoders_batch_equals_single_and_is_cached(nlp, make_article):
    from presslens.encoders import encode_docs

    texts = ["Shares rose. The index closed higher on Friday.", "What a disgraceful decision! Voters will not forget."]
    docs = [nlp(make_article(t)) for t in texts]
    batch = encode_docs(docs, window=128)
    assert sentence_states(docs[0], window=128) is batch[0]
    single = sentence_states(nlp(make_article(texts[1])), window=128)
    assert np.allclose(single.token_states, batch[1].token_states, atol=1e-5)  # articles never share a batch


def test_encoders_long_sentence_split_without_losing_tokens(nlp, make_article, encoder):
    text = " ".join(["word"] * 400) + "."
    st = sentence_states(nlp(make_article(text)), window=128)
    assert len(st.token_states) == 401  # more than the encoder's 256 word pieces: cut into pieces, none dropped


def test_encoders_span_vectors_pool_cached_tokens(nlp, make_article):
    text = "They are traitors who hate this country. The vote is on Monday."
    st = sentence_states(nlp(make_article(text)))
    v = st.span_vectors([(9, 17), (0, len(text)), (40, 41)])
    assert v.shape == (3, st.info.dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert np.allclose(v[2], st.vectors[0], atol=1e-6)  # whitespace: falls back to the sentence holding it
