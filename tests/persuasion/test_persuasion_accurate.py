"""presslens.persuasion.v1 under the accurate profile: encoder technique head mixed with the fast classifier."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.config import Settings
from presslens.pipeline import Pipeline

#: A loaded paragraph: the example article is a neutral report, where the accurate span tagger finds nothing.
LOADED = ("\n\nThis throws their entire narrative into chaos. Literally every piece of so-called evidence they "
          "produced is a sordid lie, and the corrupt elites who peddle it want to destroy our great nation.")


def test_persuasion_accurate_profile_records_model_and_valid_probabilities(palmyra_text, make_article):
    fast = Pipeline(Settings(analyzers=("presslens.persuasion.v1",))).analyze(make_article(palmyra_text + LOADED))
    acc = Pipeline(Settings(analyzers=("presslens.persuasion.v1",), profile="accurate")).analyze(
        make_article(palmyra_text + LOADED))
    spans_fast = [f for f in fast.findings if f.kind == "persuasion"]
    spans_acc = [f for f in acc.findings if f.kind == "persuasion"]
    assert spans_fast and spans_acc
    assert all(f.attrs["model"]["name"] == "persuasion-v1" for f in spans_fast)
    for f in spans_acc:
        card = f.attrs["model"]
        assert card["name"] == "technique-minilm" and card["encoder"].startswith("presslens-minilm-mt@")
        assert "micro_f1" in card["validation"]
        assert 0.0 < f.attrs["technique_probability"] <= 1.0


def test_persuasion_accurate_mix_rows_are_distributions(nlp, make_article):
    from presslens.encoders import sentence_states
    from presslens.persuasion.accurate import FEATURES, load_accurate, span_features

    acc = load_accurate()
    assert acc.window == 128 and acc.head.meta["features"] == FEATURES
    text = "They are traitors who hate this country. The vote is on Monday."
    states = sentence_states(nlp(make_article(text)), window=acc.window)
    spans = [(9, 17), (45, 49)]
    x = span_features(states, spans)
    # span part: pooled cached token states; sentence part: the vector of the sentence holding the span
    assert np.allclose(x[:, : states.info.dim], states.span_vectors(spans))
    assert np.allclose(x[0, states.info.dim :], states.vectors[0]) and np.allclose(x[1, states.info.dim :], states.vectors[1])
    fast = np.full((2, len(acc.classes)), 1.0 / len(acc.classes))
    p = acc.proba(spans, states, fast)
    assert p.shape == (2, len(acc.classes)) and np.allclose(p.sum(1), 1.0)
    assert acc.classes[int(p[0].argmax())] in ("Name_Calling,Labeling", "Loaded_Language")
    with pytest.raises(ValueError, match="window"):  # a pass of another window would give other features
        acc.proba(spans, sentence_states(nlp(make_article(text)), window=0), fast)
