"""Lexicon matching, token/span features (repetition, cues) and the fixed PTC split."""

from __future__ import annotations

from pathlib import Path

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
