"""Lexicon matching, token/span features (repetition, cues) and the fixed PTC split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from presslens._training.persuasion_baseline import LexiconBaseline
from presslens._training.persuasion_data import load_train, split_ids
from presslens.article import Article
from presslens.persuasion.features import cue_mask, doc_info, span_features, token_features
from presslens.persuasion.lexicons import LEXICONS, LexiconMatcher
from presslens.persuasion.techniques import PTC_NAMES

PTC = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ptc"


def test_lexicons_cover_the_techniques_they_name() -> None:
    assert set(LEXICONS) <= set(PTC_NAMES)
    assert "Repetition" not in LEXICONS  # repetition is article-level context, not a word list


def test_matcher_longest_phrases_and_lemmas(nlp) -> None:
    doc = nlp(Article("Critics slammed the so-called reform. Make America great again!")).doc
    hits = {(doc[h.start:h.end].text, h.technique) for h in LexiconMatcher()(doc)}
    assert ("slammed", "Loaded_Language") in hits  # lemma "slam"
    assert ("so-called", "Doubt") in hits
    assert ("Make America great again", "Slogans") in hits


def test_repetition_and_cue_features(nlp) -> None:
    text = ("Stop the steal now.\n\nThey tried to stop the steal in court. We will stop the steal, "
            "our patriots say.\n\nThe hearing was brief.")
    doc = nlp(Article(text)).doc
    info = doc_info(doc, LexiconMatcher())
    start = text.index("stop the steal")
    feats = span_features(info, start, start + len("stop the steal"))
    # the phrase occurs 3 times (case-insensitive); bins (1, 2, 3, 5): 3 falls in bin index 2
    assert "occ=2" in feats
    rows = token_features(info)
    assert len(rows) == len(doc)
    patriot = next(t.i for t in doc if t.lower_ == "patriots")
    assert any(f.startswith("lex=B-FLAG") for f in rows[patriot])
    assert cue_mask(info)[patriot]
    hearing = next(t.i for t in doc if t.lower_ == "hearing")
    assert not cue_mask(info)[hearing]


def test_baseline_assigns_lexicon_techniques(nlp) -> None:
    text = "The globalist traitors lie. Our troops deserve better."
    doc = nlp(Article(text)).doc
    b = LexiconBaseline()
    assert any(t == "Name_Calling,Labeling" for _, _, t in b.spans(doc))
    s = text.index("Our troops")
    assert b.technique(doc, s, s + len("Our troops")) == "Flag-Waving"
    assert b.technique(doc, 0, 3) == "Loaded_Language"  # no cue in "The": majority class


def test_split_is_fixed_and_by_article() -> None:
    ids = [str(i) for i in range(100, 200)]
    tr, va = split_ids(ids)
    assert len(va) == 20 and not set(tr) & set(va) and sorted(tr + va) == ids
    assert split_ids(list(reversed(ids))) == (tr, va)  # order of the input does not matter


def test_ptc_train_reads_in_place() -> None:
    if not (PTC / "train").is_dir():
        pytest.skip(f"PTC corpus not found at {PTC} (needs ../shared/data beside the checkout)")
    arts = load_train(PTC)
    assert len(arts) == 371
    a = next(x for x in arts if x.tc)
    s, e, t = a.tc[0]
    assert t in PTC_NAMES and 0 <= s < e <= len(a.text)
    _, va = split_ids([x.id for x in arts])
    assert len(va) == 74


# --- vectorised features (issue 9, item 28): the same columns and scores as the string features ---------------

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = ROOT / "examples" / "harbour-bridge.html"
SHARED = next((p for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()), ROOT / ".." / "shared")
_EDGE_TEXT = ("“Wake up, America!”\n\nThe so-called experts — globalist elites, really — lied AGAIN, didn’t they? "
              "Stop the steal. Stop the steal!\n\n\n  Rain fell on 3 May 2024 in Reims.")


def _articles(make_article) -> list:
    """The examples, an edge-case text, and three AllSides articles (when ../shared is there)."""
    import itertools

    from presslens.ingest import iter_articles

    palmyra, news = SHARED / "examples" / "palmyra.txt", SHARED / "data" / "news" / "allsides_sample" / "articles.jsonl"
    arts = [make_article(_EDGE_TEXT)]
    if palmyra.exists():
        arts.append(make_article(palmyra.read_text(encoding="utf-8")))
    arts += [a for a in iter_articles([HARBOUR]) if hasattr(a, "text")]
    if news.exists():
        arts += [a for a in itertools.islice(iter_articles([news]), 3) if hasattr(a, "text")]
    return arts


def test_vectorised_token_and_span_features_equal_the_string_features(nlp, make_article) -> None:
    from presslens.persuasion.analyzer import shared_model
    from presslens.persuasion.features import hash_rows, span_matrix, token_matrix

    model = shared_model()
    w = model.weights
    for art in _articles(make_article):
        doc = nlp(art).doc
        info = model.info(doc)
        ref = hash_rows(token_features(info), w.si_features)
        assert (token_matrix(info, w.si_features) != ref).nnz == 0
        p_ref = 1 / (1 + np.exp(-np.clip(ref @ w.si_coef + w.si_intercept, -30, 30)))
        p_ref[[t.i for t in doc if t.is_space]] = 0.0
        assert np.abs(model.token_proba(info) - p_ref).max() < 1e-9
        spans = [(p.start, p.end) for p in model.predict(doc)] + [(0, len(doc.text)), (0, 1)]
        ref = hash_rows([span_features(info, s, e) for s, e in spans], w.tc_features)
        assert (span_matrix(info, spans, w.tc_features) != ref).nnz == 0
        assert info.text == doc.text
        assert info.sent_bounds == [(s.start, s.end) for s in doc.sents]


def test_hashed_columns_are_sklearns() -> None:
    from sklearn.feature_extraction import FeatureHasher

    from presslens.persuasion.features import hashed_columns

    feats = ["", "w=the", "l-1|l=<none>|the", "sh=Xxxx", "ctx+1=</s>", "w=’s", "t=NNP", "u=中文", "bg=a|b"]
    for n in (2**17, 2**20):
        ref = FeatureHasher(n_features=n, input_type="string", alternate_sign=False).transform([[f] for f in feats])
        assert hashed_columns(feats, n).tolist() == ref.indices.tolist()


def test_matcher_candidates_give_the_full_scan(nlp) -> None:
    doc = nlp(Article(_EDGE_TEXT + " Our troops, the American people and the deep state; make America great again.")).doc
    matcher = LexiconMatcher()
    info = doc_info(doc, matcher)
    assert info.lex_hits == matcher(doc)  # doc_info visits candidate tokens only
    assert {h.phrase for h in info.lex_hits} >= {"so - called", "globalist", "elites", "the american people",
                                                 "deep state", "make america great again", "wake up"}
