"""presslens.subjectivity.v1 in both profiles, the shared encoder pass, the --profile option, the heads."""

from __future__ import annotations

import json

import numpy as np
import pytest

from presslens.config import Settings
from presslens.errors import ConfigError
from presslens.pipeline import Pipeline

TEXT = (
    "The city council approved the budget on Tuesday by a vote of seven to two.\n\n"
    "Frankly, this is the most shameful, cowardly betrayal of voters I have ever witnessed.\n\n"
    "The plan allocates 4 million dollars to road repairs, according to the clerk's office."
)
NAME = "presslens.subjectivity.v1"


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_subjectivity_opinion_outscores_report(profile, make_article):
    pipe = Pipeline(Settings(analyzers=(NAME,), profile=profile))
    dossier = pipe.analyze(make_article(TEXT))
    run = dossier.runs[0]
    assert run.status == "ok", run.reason
    summary = dossier.summaries.subjectivity
    assert summary.sentences_scored == 3 and summary.profile == profile
    assert summary.model.name == ("subjectivity-minilm" if profile == "accurate" else "subjectivity-fast")
    subj = [f for f in dossier.findings if f.label == "editorial.subjective_sentence"]
    assert [f.text for f in subj] == ["Frankly, this is the most shameful, cowardly betrayal of voters I have ever witnessed."]
    card = subj[0].attrs["model"]
    assert card["name"] == ("subjectivity-minilm" if profile == "accurate" else "subjectivity-fast")
    assert 0 < card["threshold"] < 1 and "macro_f1" in card["validation"]
    assert (card["encoder"] is not None) == (profile == "accurate")
    assert dossier.indicators["opinion_vs_report"] == "mixed"
    assert dossier.provenance["profile"] == profile


def test_subjectivity_encoder_runs_once_per_article(make_article, monkeypatch):
    from presslens.encoders import Encoder

    calls = []
    original = Encoder.encode_ids

    def counting(self, windows, batch_size=32):
        calls.append(len(windows))
        return original(self, windows, batch_size)

    monkeypatch.setattr(Encoder, "encode_ids", counting)
    pipe = Pipeline(Settings(analyzers=(NAME, "presslens.claims.v1"), profile="accurate"))
    pipe.analyze(make_article(TEXT))
    assert calls == [1]  # one pass: the three sentences fit one 128-piece window, shared by both analyzers


def test_accurate_sentence_heads_read_the_window_128_pass(make_article):
    """Under --profile accurate, subjectivity and check-worthiness findings come from the 128-piece window pass
    (the span tagger's): that pass is cached on the document, no one-sentence (window 0) pass is made."""
    from presslens.claims.accurate import load_accurate
    from presslens.encoders import CACHE_KEY, SentenceStates
    from presslens.encoders.heads import load_head
    from presslens.subjectivity import ACCURATE_PATH

    assert load_head(str(ACCURATE_PATH)).window == 128 and load_accurate().head.window == 128
    pipe = Pipeline(Settings(analyzers=(NAME, "presslens.claims.v1"), profile="accurate"))
    doc = pipe.nlp(make_article(TEXT))
    dossier = pipe._run(doc, 0.0)
    assert {r.status for r in dossier.runs} == {"ok"}
    keys = sorted(k for k in doc.cache if k.startswith(CACHE_KEY))
    assert keys == [f"{CACHE_KEY}@128"]
    claims = [f for f in dossier.findings if f.label == "claims.claim"]
    assert claims and all(f.attrs["model"]["name"] == "checkworthy-minilm" for f in claims)
    states = doc.cache[f"{CACHE_KEY}@128"]
    assert isinstance(states, SentenceStates) and states.window == 128
    # the recorded scores are the head's over that pass's sentence vectors
    subj = [f for f in dossier.findings if f.label == "editorial.subjective_sentence"]
    head = load_head(str(ACCURATE_PATH))
    assert subj
    for f in subj:
        i = states.index_of(f.start, f.end)
        assert i is not None
        assert f.attrs["p_subjective"] == pytest.approx(float(head.proba(states.vectors[i : i + 1])[0]), abs=1e-4)


def test_subjectivity_bad_profile_is_a_config_error():
    with pytest.raises(ConfigError, match="profile"):
        Settings(profile="turbo")
    assert Settings.from_dict({"presslens": {"profile": "accurate"}}).profile == "accurate"


def test_subjectivity_head_matches_sklearn_and_calibrates():
    """Tiny training smoke test: the numpy head reproduces sklearn; Platt/temperature/ECE behave."""
    from sklearn.datasets import make_classification

    from presslens._training.heads import fit_classifier, platt, reliability, temperature, to_head

    x, y = make_classification(n_samples=300, n_features=12, random_state=0)
    for kind in ("mlp", "lr"):
        scaler, clf = fit_classifier(x, y, kind, 1.0, seed=0, hidden=8)
        head = to_head(scaler, clf, "t", "0", ["a", "b"])
        assert np.allclose(head.proba(x), clf.predict_proba(scaler.transform(x))[:, 1], atol=1e-4)
    a, _b = platt(head.logits(x), y)
    assert a > 0
    ece, rows = reliability(np.full(100, 0.9), np.r_[np.ones(90), np.zeros(10)])
    assert ece == pytest.approx(0.0) and rows[0]["n"] == 100
    z = np.array([[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [0.0, 4.0]])
    assert temperature(z, np.array([1, 0, 0, 1]))[0] > 4  # always wrong: flatten


def test_subjectivity_cli_profile_accurate_json(capsys, palmyra_text, tmp_path):
    from presslens.cli import main
    from presslens.dossier.schema import validate

    path = tmp_path / "palmyra.txt"
    path.write_text(palmyra_text, encoding="utf-8")
    assert main(["analyze", str(path), "--profile", "accurate", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    validate(doc)
    assert doc["provenance"]["profile"] == "accurate"
    subj = [f for f in doc["findings"] if f["label"] == "editorial.subjective_sentence"]
    assert subj and all(f["attrs"]["model"]["name"] == "subjectivity-minilm" for f in subj)
    assert main(["analyzers"]) == 0
    out = capsys.readouterr().out
    block = out.split(NAME, 1)[1].split("presslens.", 1)[0]
    assert "shared encoder" in block and "accurate" in block
