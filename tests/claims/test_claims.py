"""Check-worthiness model, claim findings, claim_rows and the palmyra acceptance test."""

from __future__ import annotations

import numpy as np
import pytest

from presslens import Settings
from presslens.article import Article
from presslens.claims import claim_rows
from presslens.claims.checkworthy import MODEL_PATH, CheckworthyModel, load_model, score_texts
from presslens.errors import ModelError
from presslens.pipeline import Pipeline

CLAIMS = ("presslens.claims.v1",)
WITH_ATTRIBUTION = ("presslens.quotes.v1", "presslens.hedging.v1", "presslens.claims.v1")


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Settings(analyzers=WITH_ATTRIBUTION, strict=True))


def test_model_is_small_and_loads_once():
    assert MODEL_PATH.stat().st_size < 2_000_000
    assert load_model() is load_model()
    m = load_model()
    assert 0.0 < m.threshold < 1.0 and m.meta["seed"]


def test_factual_sentences_outscore_opinion_and_chatter(nlp):
    s = score_texts([
        "Unemployment fell to 3.5 percent last year, the lowest rate since 1969.",
        "We spent $4 billion on the program and 2 million children lost coverage.",
        "Thank you very much, it is great to be here tonight.",
        "I think that is a wonderful question.",
    ], nlp)
    assert s.shape == (4,) and np.all((s >= 0) & (s <= 1))
    assert min(s[0], s[1]) > max(s[2], s[3])


def test_missing_model_raises_model_error(tmp_path):
    with pytest.raises(ModelError):
        CheckworthyModel.load(tmp_path / "nope.npz")


def test_claims_have_rank_quantities_and_no_faked_asserter():
    text = ("The city council met on Tuesday. Crime fell 12 percent in 2023 while the police budget grew by "
            "$40 million. Thank you all for coming.")
    d = Pipeline(Settings(analyzers=CLAIMS, strict=True)).analyze(Article(text))
    d.check_offsets()
    claims = d.by_label("claims.claim")
    assert claims and claims[0].attrs["rank"] >= 1
    top = min(claims, key=lambda f: f.attrs["rank"])
    assert top.text.startswith("Crime fell 12 percent")
    qtexts = {f.id: f.text for f in d.by_label("claims.quantity")}
    assert [qtexts[i] for i in top.attrs["quantities"]] == ["12 percent", "$40 million"]
    assert top.attrs["asserter"] is None
    assert not any(f.text.startswith("Thank you") for f in claims)
    assert d.indicators["claims_checkworthy_count"] == len(claims)
    assert d.summaries.top_claims.claims[0].id == top.id
    row = claim_rows(d, top=1)[0]
    assert set(row) == {"rank", "score", "sentence", "numbers", "asserter"}
    assert row["rank"] == "1" and "12 percent" in row["numbers"] and row["asserter"] == ""


def test_asserter_comes_from_attribution(pipe):
    text = ('The minister said that 4,500 new homes were built last year and 300 schools were repaired. '
            'The weather was pleasant.')
    d = pipe.analyze(Article(text))
    qs = d.by_label("claims.quantity")
    assert {f.text for f in qs} == {"4,500", "300"}
    speakers = {f.id: f.attrs.get("name") for f in d.by_label("attribution.speaker")}
    if not speakers:
        pytest.skip("attribution found no speaker here")
    assert all(f.attrs["asserter"] in speakers.values() for f in qs)
    assert all(f.attrs["asserter_id"] in speakers for f in qs)


def test_palmyra_acceptance(pipe, palmyra_text):
    d = pipe.analyze(Article(palmyra_text))
    d.check_offsets()
    qs = d.by_label("claims.quantity")

    def find(counted: str):
        hits = [f for f in qs if f.attrs["counted"] == counted]
        assert hits, f"no quantity counting {counted!r}: {[(f.text, f.attrs['counted']) for f in qs]}"
        return hits[0]

    expected = [
        ("militants killed or injured", ">", 1000),
        ("tanks", "=", 19),
        ("armored fighting vehicles", "=", 37),
        ("pickup trucks mounting heavy weaponry", "=", 98),
        ("other combat vehicles", "=", 100),
        ("Russian military advisors", "=", 4),
    ]
    for counted, comparator, value in expected:
        f = find(counted)
        assert (f.attrs["comparator"], f.attrs["value"], f.attrs["kind"]) == (comparator, value, "count")
    assert find("militants killed or injured").text == "over 1,000"
    # the casualty figures are General Rudskoy's, the advisors sentence is the outlet's own
    rudskoy = {find(c).attrs["asserter"] for c, _, _ in expected[:5]}
    assert len(rudskoy) == 1 and "Rudskoy" in (rudskoy.pop() or "")
    assert find("Russian military advisors").attrs["asserter"] is None
    top3 = [r["sentence"] for r in claim_rows(d, top=3)]
    assert any("over 1,000 militants killed or injured" in s for s in top3)


def test_claims_link_hedges_and_boosters():
    text = ("The mayor clearly lied: crime reportedly rose 40 percent last year, and the city may have lost "
            "$2 million.")
    d = Pipeline(Settings(analyzers=("presslens.hedging.v1", "presslens.claims.v1"), strict=True)).analyze(Article(text))
    hedges = {f.id for f in d.by_label("editorial.hedge")}
    boosters = {f.id for f in d.by_label("editorial.booster")}
    if not hedges or not boosters:
        pytest.skip("the hedging lexicon changed: no hedge or booster in the sample")
    (claim,) = d.by_label("claims.claim")
    assert set(claim.attrs["hedges"]) == hedges and set(claim.attrs["boosters"]) == boosters
    assert len(claim.attrs["quantities"]) == 2


def test_no_claims_gives_empty_rows():
    d = Pipeline(Settings(analyzers=CLAIMS, strict=True)).analyze(Article("Hello there. Thanks a lot, friends!"))
    assert d.by_label("claims.claim") == [] and claim_rows(d) == []
    assert d.indicators["claims_checkworthy_count"] == 0


def test_issue9_republication_footer_is_not_a_claim():
    text = ("The city spent $48.5 million on the bridge repair, nearly 20 percent more than planned in 2022.\n\n"
            "This article first appeared on Harbour Watch, which reported that the repairs cost 48 million dollars.")
    p = Pipeline(Settings(analyzers=("presslens.republication.v1", "presslens.claims.v1")))
    d = p.analyze(Article(text))
    claims = d.by_label("claims.claim")
    assert claims and all("first appeared" not in f.text for f in claims)


def test_issue9_claims_do_not_start_mid_quotation():
    text = ('"The repair cost $48.5 million. That is 20 percent more than the 2019 estimate of $40 million," '
            "the council member said on Friday.\n\nThe bridge carries 40,000 vehicles a day, according to the city.")
    p = Pipeline(Settings(analyzers=("presslens.claims.v1",)))
    d = p.analyze(Article(text))
    quote_end = text.index('," ')
    for f in d.by_label("claims.claim"):
        assert not (0 < f.start < quote_end), f.text  # a claim inside the quotation starts at its opening mark


def test_issue9_shared_sentence_features_equal_token_features(nlp, palmyra_text):
    """Claims and subjectivity read one hashed-feature pass per article, built from the document's token
    table; on real articles it gives the feature strings, counts and scores of the token-by-token path."""
    import itertools
    import json

    from presslens.claims.analyzer import MIN_WORDS
    from presslens.claims.checkworthy import (
        _tfidf_block_arrays,
        _tfidf_block_sparse,
        doc_counts,
        doc_sentence_features,
        raw_counts,
        scorable_sentences,
        sentence_features,
    )
    from presslens.subjectivity.analyzer import load_fast
    from tests.conftest import NEWS_JSONL

    texts = [palmyra_text, "Short.\n\nI said 3 % of us, we paid $5 in 2020?  \n\n A headline"]
    if NEWS_JSONL.exists():
        with NEWS_JSONL.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in itertools.islice(fh, 8)]
    model, subj = load_model(), load_fast()
    for text in texts:
        d = nlp(Article(text))
        sents = scorable_sentences(d, MIN_WORDS)
        assert [s.start for s in sents] == [
            s.start for s in d.sents if sum(1 for t in s if t.is_alpha) >= MIN_WORDS]
        for s in d.sents:
            assert doc_sentence_features(d, s) == sentence_features(s, d.sentence_ents(s)) == sentence_features(s)
        xw, xc = doc_counts(d, sents)
        assert doc_counts(d, sents)[0] is xw  # computed once per article
        rw, rc = raw_counts(sents, [d.sentence_ents(s) for s in sents])
        assert (xw != rw).nnz == 0 and (xc != rc).nnz == 0
        for attr in ("indptr", "indices", "data"):  # char counts from per-word counts: the same arrays
            assert np.array_equal(getattr(xc, attr), getattr(rc, attr))
        assert np.array_equal(model.score_counts(xw, xc), model.score_spans(sents))
        assert np.array_equal(subj.score_counts(xw, xc), subj.score_spans(sents))
        # tf-idf on the stored entries: bit-identical to scipy's sparse products, for both models' idf vectors
        for x, idf in ((xw, model.idf_words), (xc, model.idf_chars), (xw, subj.idf_words), (xc, subj.idf_chars)):
            ref, fast = _tfidf_block_sparse(x, idf), _tfidf_block_arrays(x, idf)
            assert fast is not None
            for attr in ("indptr", "indices", "data"):
                assert np.array_equal(getattr(ref, attr), getattr(fast, attr))
