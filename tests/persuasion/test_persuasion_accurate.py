"""presslens.persuasion.v1 under the accurate profile: encoder technique head mixed with the fast classifier."""

from __future__ import annotations

import numpy as np

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


def test_persuasion_accurate_mix_rows_are_distributions():
    from presslens.encoders import load_encoder
    from presslens.encoders import sentence_states as _  # noqa: F401  (import path used at run time)
    from presslens.persuasion.accurate import load_accurate

    acc = load_accurate()
    enc = load_encoder()
    text = "They are traitors who hate this country. The vote is on Monday."
    from presslens.encoders import Encoded, SentenceStates

    spans = [(0, 40), (41, len(text))]
    encd = enc.encode([text[a:b] for a, b in spans])
    states = SentenceStates(spans=spans, encoded=Encoded(encd.vectors, encd.tokens, encd.offsets, encd.truncated),
                            info=enc.info)
    fast = np.full((2, len(acc.classes)), 1.0 / len(acc.classes))
    p = acc.proba(text, [(15, 23), (45, 49)], states, enc, fast)
    assert p.shape == (2, len(acc.classes)) and np.allclose(p.sum(1), 1.0)
    assert acc.classes[int(p[0].argmax())] in ("Name_Calling,Labeling", "Loaded_Language")
