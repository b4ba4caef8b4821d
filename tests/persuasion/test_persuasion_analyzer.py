"""The shipped persuasion model and analyzer: loading, offsets, article scores, palmyra acceptance."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from presslens.article import Article
from presslens.config import Settings
from presslens.persuasion import PTC_TO_LABEL, TECHNIQUES, span_rows
from presslens.persuasion.model import MODEL_DIR, MODEL_NAME, ModelWeights, decode_spans
from presslens.pipeline import Pipeline

PALMYRA = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "palmyra.txt"

#: A plain, sourced wire report (written for this test).
WIRE = (
    "EU finance ministers extend reporting deadline\n\n"
    "BRUSSELS, March 3 - European Union finance ministers agreed on Tuesday to extend a temporary rule that "
    "lets member states delay some budget reports by three months, according to a statement released after "
    "the meeting.\n\n"
    "The change applies to reports due between April and September, the statement said. Officials said the "
    "extension had been requested by 11 of the bloc's 27 members, which cited staff shortages at national "
    "statistics offices.\n\n"
    "\u201cThis is a technical adjustment that does not change any fiscal targets,\u201d the Dutch finance "
    "minister told reporters after the meeting.\n\n"
    "The European Commission will publish an assessment of how the rule was used by the end of the year, a "
    "spokeswoman said. The ministers are due to meet again in Luxembourg on April 14.\n"
)

#: An obviously propagandistic paragraph (written for this test).
PROPAGANDA = (
    "Wake up, America!\n\n"
    "The corrupt globalist elites are destroying our great nation, and every true patriot knows it. These "
    "traitors want open borders, endless chaos and the total destruction of our way of life. If we do not "
    "stop them now, our children will inherit a ruined country. The so-called experts and the fake news "
    "media will lie to you, as they always do. They are criminals and cowards. Enough is enough. Make "
    "America great again!\n"
)

#: Palmyra passages the issue names (anchors are substrings; a passage counts as found when any persuasion
#: span overlaps it).
PALMYRA_PASSAGES = (
    "Call the Russians when you need to get something done",
    "Just as we suspected",
    "of course",
    "the report was buried",
    "brand new fixed- and rotor-wing aircraft, including the newest",
    "It's clear the Russians are extremely active",
)


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Settings(analyzers=("presslens.persuasion.v1",)))


def _run(pipe: Pipeline, text: str):
    d = pipe.analyze(Article(text))
    assert all(r.status == "ok" for r in d.runs), [r.to_dict() for r in d.runs]
    return d


def test_artefact_is_small_and_loads_fast() -> None:
    for suffix in (".npz", ".json"):
        assert (MODEL_DIR / f"{MODEL_NAME}{suffix}").stat().st_size <= 5_000_000
    t = time.perf_counter()
    w = ModelWeights.load()
    assert time.perf_counter() - t < 2.0
    assert w.tc_coef.shape == (14, w.tc_features)
    assert 0.0 < w.si_low <= w.si_high < 1.0


def test_technique_table_is_complete() -> None:
    assert len(TECHNIQUES) == len(PTC_TO_LABEL) == 14
    for label, tech in TECHNIQUES.items():
        assert label.startswith("persuasion.") and label == label.lower()
        assert tech["explanation"].endswith(".") and tech["colour"].startswith("#")


def test_findings_have_exact_offsets_and_known_labels(pipe: Pipeline) -> None:
    d = _run(pipe, PROPAGANDA)
    assert d.by_kind("persuasion"), "the propagandistic paragraph should yield spans"
    d.check_offsets()
    for f in d.by_kind("persuasion"):
        assert 0 <= f.start < f.end <= len(PROPAGANDA)
        assert f.label in TECHNIQUES and 0.0 <= f.score <= 1.0
        assert f.attrs["technique"] in PTC_TO_LABEL
    s = d.summaries.persuasion
    assert s.n_spans == len(d.by_kind("persuasion"))
    assert sum(s.techniques.values()) == s.n_spans
    assert {t.id for t in s.top_spans} <= {f.id for f in d.by_kind("persuasion")}
    assert 0.0 <= d.indicators["persuasion_score"] <= 1.0
    rows = span_rows(d)
    assert len(rows) == s.n_spans and all(isinstance(v, str) for r in rows for v in r.values())
    assert {r["text"] for r in rows} <= {PROPAGANDA[f.start:f.end] for f in d.by_kind("persuasion")}


def test_wire_report_scores_below_propaganda_and_palmyra(pipe: Pipeline) -> None:
    wire = _run(pipe, WIRE).indicators
    prop = _run(pipe, PROPAGANDA).indicators
    assert wire["persuasion_spans_per_1000_words"] < prop["persuasion_spans_per_1000_words"]
    assert wire["persuasion_score"] + 0.2 < prop["persuasion_score"]
    if not PALMYRA.exists():
        pytest.skip(f"palmyra.txt not found at {PALMYRA}")
    palm = _run(pipe, PALMYRA.read_text(encoding="utf-8")).indicators
    assert wire["persuasion_score"] + 0.05 < palm["persuasion_score"]


def test_palmyra_passages_are_mostly_covered(pipe: Pipeline) -> None:
    if not PALMYRA.exists():
        pytest.skip(f"palmyra.txt not found at {PALMYRA}")
    text = PALMYRA.read_text(encoding="utf-8")
    spans = [(f.start, f.end) for f in _run(pipe, text).by_kind("persuasion")]
    found = []
    for passage in PALMYRA_PASSAGES:
        start = text.index(passage)
        end = start + len(passage)
        if any(s < end and e > start for s, e in spans):
            found.append(passage)
    assert len(found) >= 4, f"only {found} of {PALMYRA_PASSAGES} are covered"


def test_decode_spans_hysteresis(nlp) -> None:
    doc = nlp(Article("They are evil liars and cheats. The weather was mild.")).doc
    p = np.zeros(len(doc))
    p[[2, 3]] = [0.9, 0.3]  # "evil" seeds, "liars" extends at low = 0.2
    p[4] = 0.1  # "and" stays out
    p[8] = 0.3  # "weather" has no seed
    spans = decode_spans(doc, p, high=0.5, low=0.2)
    assert [(doc[a:b].text, round(s, 2)) for a, b, s in spans] == [("evil liars", 0.9)]
    # a lexicon cue lets a token seed at the lower cue threshold
    cue = np.zeros(len(doc), dtype=bool)
    cue[8] = True
    spans = decode_spans(doc, p, high=0.5, low=0.2, cue=cue, cue_high=0.25)
    assert [doc[a:b].text for a, b, _ in spans] == ["evil liars", "weather"]
    # a seed inside a slogan sentence (``whole``) takes the sentence, without its full stop
    whole = np.zeros(len(doc), dtype=bool)
    whole[:7] = True
    spans = decode_spans(doc, p, high=0.5, low=0.2, whole=whole)
    assert [doc[a:b].text for a, b, _ in spans] == ["They are evil liars and cheats"]


def test_clause_level_spans_take_their_sentence_and_absorb_narrower_ones(nlp) -> None:
    from dataclasses import replace

    from presslens.persuasion.analyzer import shared_model
    from presslens.persuasion.model import PersuasionModel, SpanPrediction

    model = PersuasionModel(replace(shared_model().weights, clause_techniques=("Doubt",)))
    text = "They say the vaccine is a scam. Rain fell."
    doc = nlp(Article(text)).doc
    info = model.info(doc)
    v, s = text.index("the vaccine"), text.index("scam")
    spans = [SpanPrediction(v, v + 11, "Doubt", 0.6, 0.7), SpanPrediction(s, s + 4, "Loaded_Language", 0.9, 0.8),
             SpanPrediction(text.index("Rain"), text.index("Rain") + 4, "Loaded_Language", 0.5, 0.5)]
    out = model._expand_clauses(info, spans)
    assert [(text[p.start:p.end], p.technique) for p in out] == [
        ("They say the vaccine is a scam", "Doubt"), ("Rain", "Loaded_Language")]
    assert out[0].absorbed == (("Loaded_Language", s, s + 4),)


def test_issue19_word_level_spans_are_trimmed_to_their_loaded_words_and_weak_spans_dropped(nlp) -> None:
    from dataclasses import replace

    from presslens.persuasion.analyzer import shared_model
    from presslens.persuasion.model import PersuasionModel, SpanPrediction

    model = PersuasionModel(replace(shared_model().weights, word_techniques=("Loaded_Language",), word_low=0.5,
                                    min_span_score={"Doubt": 0.9}))
    text = "The minister said the plan was a disgraceful sham and the vote is doubtful."
    doc = nlp(Article(text)).doc
    info = model.info(doc)
    p = np.full(len(doc), 0.3)
    p[[t.i for t in doc if t.text in ("disgraceful", "sham")]] = 0.8
    loaded = SpanPrediction(text.index("the plan"), text.index(" and"), "Loaded_Language", 0.8, 0.7)
    doubt = SpanPrediction(text.index("the vote"), len(text) - 1, "Doubt", 0.6, 0.7)
    out = model._focus(info, p, [loaded, doubt])
    assert [(text[s.start:s.end], s.technique, s.score) for s in out] == [("disgraceful sham", "Loaded_Language", 0.8)]
    plain = PersuasionModel(replace(model.weights, word_low=None, min_span_score={}))
    assert plain._focus(info, p, [loaded, doubt]) == [loaded, doubt]  # without the settings nothing changes
