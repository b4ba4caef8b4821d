"""presslens.claims.v1 under the accurate profile: encoder head mixed with the lexical model."""

from __future__ import annotations

import numpy as np

from presslens.config import Settings
from presslens.pipeline import Pipeline

TEXT = (
    "Unemployment fell to 3.9 percent in April, the lowest rate since 2000, the Labor Department said.\n\n"
    "I just love walking my dog in the park on sunny mornings.\n\n"
    "The senator voted against the bill 14 times since 2019, records show."
)


def test_claims_accurate_profile_ranks_factual_claims_and_records_model(make_article):
    pipe = Pipeline(Settings(analyzers=("presslens.claims.v1",), profile="accurate"))
    d = pipe.analyze(make_article(TEXT))
    claims = [f for f in d.findings if f.label == "claims.claim"]
    texts = [f.text for f in claims]
    assert any(t.startswith("Unemployment fell") for t in texts)
    assert not any(t.startswith("I just love") for t in texts)
    card = claims[0].attrs["model"]
    assert card["name"] == "checkworthy-minilm" and card["encoder"].startswith("presslens-minilm-mt@")
    assert "ap" in card["validation"] and 0 < card["threshold"] < 1
    assert "checkworthy-minilm" in d.summaries.checkworthiness.model


def test_claims_accurate_mix_is_calibrated_probability(nlp, make_article):
    from presslens.claims.accurate import load_accurate
    from presslens.encoders import load_encoder

    model = load_accurate()
    sents = ["The city spent $4.2 million on the bridge in 2021.", "What a lovely day it is."]
    docs = [nlp.language(s) for s in sents]
    p = model.proba(docs, load_encoder().vectors(sents))
    assert p.shape == (2,) and np.all((p > 0) & (p < 1))
    assert p[0] > model.threshold > p[1]
    assert 0.0 <= model.meta["mix"]["alpha"] <= 1.0
