"""The accurate profile's quote tagger: decoding, assembly, merging with the rules, the shipped head, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from presslens.attribution.tagger import (
    TAGS,
    DecodeOptions,
    TaggedRelation,
    TaggedSpan,
    assemble,
    decode_spans,
    merge_with_rules,
)
from presslens.encoders.decode import bio_constraints, bio_spans, bio_tags, viterbi
from presslens.encoders.heads import platt_probability


def test_bio_constraints_never_yield_an_i_tag_without_its_b():
    rng = np.random.default_rng(3)
    trans, start = bio_constraints(3)
    assert bio_tags(("a", "b")) == ("O", "B-a", "I-a", "B-b", "I-b")
    for _ in range(50):
        path = viterbi(np.log(rng.dirichlet([1.0] * 7, size=60)), trans, start)
        for k, tag in enumerate(path):
            if tag and tag % 2 == 0:  # I-x
                assert k > 0 and path[k - 1] in (tag - 1, tag)


def test_bio_spans_reads_runs_by_type():
    # O B-c I-c I-c B-s B-q I-q O
    path = np.array([0, 1, 2, 2, 3, 5, 6, 0])
    assert bio_spans(path, 3) == [(0, 1, 4), (1, 4, 5), (2, 5, 7)]
    with pytest.raises(ValueError):
        bio_spans(np.array([9]), 3)


def _proba(tags: list[int], p: float = 0.9) -> np.ndarray:
    out = np.full((len(tags), len(TAGS)), (1 - p) / (len(TAGS) - 1))
    out[np.arange(len(tags)), tags] = p
    return out


def test_decode_spans_gives_typed_char_spans_and_mean_scores():
    offsets = np.array([[0, 2], [3, 7], [8, 12], [13, 16], [17, 21], [22, 26]])
    proba = _proba([3, 5, 1, 2, 2, 0])  # source, cue, content content content, O
    spans = decode_spans(proba, offsets)
    assert [(s.kind, s.start, s.end) for s in spans] == [("source", 0, 2), ("cue", 3, 7), ("content", 8, 21)]
    # score: mean P(B-x) + P(I-x) of the span's own type over its pieces
    assert all(s.score == pytest.approx(0.9 + 0.1 / 6) for s in spans)
    # a strong O bias removes the spans; a negative one keeps them
    assert decode_spans(proba, offsets, o_bias=10.0) == []
    assert len(decode_spans(proba, offsets, o_bias=-1.0)) == 3


def test_assemble_joins_a_split_quote_and_attaches_cue_and_source():
    text = "“We will win,” she said, “and soon.” Later the vote came."
    c1 = TaggedSpan(0, 14, "content", 0.8)
    src = TaggedSpan(15, 18, "source", 0.9)
    cue = TaggedSpan(19, 23, "cue", 0.9)
    c2 = TaggedSpan(25, 36, "content", 0.6)
    rels = assemble(text, [c1, src, cue, c2], max_gap=60)
    assert len(rels) == 1
    r = rels[0]
    assert r.content == (c1, c2) and r.cue == cue and r.source == src
    assert (r.start, r.end) == (0, 36)
    # the raw score is the length-weighted mean of the parts, then calibrated (identity calibration here)
    assert r.score == pytest.approx(platt_probability((0.8 * 14 + 0.6 * 11) / 25, (1.0, 0.0)))


def test_assemble_keeps_parts_apart_without_a_cue_and_respects_max_gap():
    text = "Taxes will rise. Prices will fall, officials believe."
    a = TaggedSpan(0, 15, "content", 0.7)
    b = TaggedSpan(17, 33, "content", 0.7)
    src = TaggedSpan(35, 44, "source", 0.9)
    cue = TaggedSpan(45, 52, "cue", 0.9)
    rels = assemble(text, [a, b, src, cue], max_gap=15)
    assert [(r.start, r.end) for r in rels] == [(0, 15), (17, 33)]
    assert rels[0].cue is None and rels[0].source is None  # 30 characters from the cue: beyond max_gap
    assert rels[1].cue == cue and rels[1].source == src


def test_assemble_skips_a_cue_inside_the_content():
    text = "He said that she believes it, officials said."
    outer = TaggedSpan(13, 28, "content", 0.8)
    inner_cue = TaggedSpan(17, 25, "cue", 0.8)
    cue = TaggedSpan(40, 44, "cue", 0.8)
    (r,) = assemble(text, [outer, inner_cue, cue], max_gap=60)
    assert r.cue == cue


def test_calibrated_is_monotone_and_in_range():
    cal = (1.5, -0.3)
    xs = [platt_probability(x, cal) for x in (0.01, 0.2, 0.5, 0.8, 0.99)]
    assert xs == sorted(xs) and all(0.0 < x < 1.0 for x in xs)
    assert platt_probability(0.5, (1.0, 0.0)) == pytest.approx(0.5)


def _rel(a: int, b: int, score: float) -> TaggedRelation:
    return TaggedRelation((TaggedSpan(a, b, "content", score),), None, None, score)


def test_merge_with_rules_keeps_rules_and_adds_what_they_missed():
    rules = [(0, 20, True), (30, 50, False)]
    tagged = [_rel(5, 15, 0.9), _rel(35, 60, 0.9), _rel(70, 90, 0.9), _rel(100, 120, 0.2)]
    kept, add = merge_with_rules(rules, tagged, "all", 0.5)
    assert kept == [0, 1] and [(r.start, r.end) for r in add] == [(70, 90)]
    kept, add = merge_with_rules(rules, tagged, "direct", 0.5)
    assert kept == [0] and [(r.start, r.end) for r in add] == [(35, 60), (70, 90)]
    kept, add = merge_with_rules(rules, tagged, "none", 0.0)
    assert kept == [] and len(add) == 4
    with pytest.raises(ValueError):
        merge_with_rules(rules, tagged, "some", 0.5)
    with pytest.raises(ValueError):
        DecodeOptions.of({"keep_rules": "some"})


# -- the shipped head and the analyzer -----------------------------------------------------------------------

#: Attributions through cues the rule lexicon does not know ("opposed", "wants"): the tagger's ground.
ARTICLE = ("Senator Maria Lopez wants a new vote on the budget before the summer recess. Her aides expect the measure "
           "to pass easily.\n\nThe mayor has long opposed the plan, and critics accuse the council of ignoring "
           "residents. Many voters hope the dispute ends soon.\n\nLopez called for calm on Monday. Officials are "
           "worried about the cost of the delay.\n")
ROOT = Path(__file__).resolve().parents[2]
SHARED = next((p.resolve() for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()),
              (ROOT / ".." / "shared").resolve())
POLNEAR_DEV = SHARED / "data" / "quotes" / "polnear" / "dev" / "text"


def test_shipped_head_loads_as_a_tagger_reading_the_window_128_pass():
    from presslens.attribution.tagger import load_quote_tagger

    t = load_quote_tagger()
    assert t.window == 128 and t.head.classes == list(TAGS)
    card = t.card()
    assert card["name"] == "quote-tagger-minilm" and card["encoder"].startswith("presslens-minilm-mt@")
    assert 0.0 <= card["threshold"] < 1.0 and "content_overlap_f1" in card["validation"]
    x = np.random.default_rng(0).normal(size=(5, t.head.mean.shape[0])).astype(np.float32)
    p = t.head.proba(x)
    assert p.shape == (5, len(TAGS)) and np.allclose(p.sum(1), 1.0, atol=1e-5)


def _quotes(dossier: dict) -> list[dict]:
    return [f for f in dossier["findings"] if f["label"] == "attribution.quote"]


def _analyze(capsys, path, *extra: str) -> dict:
    from presslens.cli import main

    assert main(["analyze", str(path), "--format", "json", "--analyzers", "presslens.quotes.v1", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _check_profiles(fast: list[dict], acc: list[dict], text: str) -> list[dict]:
    """Invariants of the accurate output against the fast one; returns the tagged quotes."""
    from presslens.attribution.tagger import load_quote_tagger

    tagger = load_quote_tagger()
    tagged = [f for f in acc if f["attrs"]["how"] == "tagged"]
    assert all("model" not in f["attrs"] for f in fast)
    assert all("model" not in f["attrs"] for f in acc if f["attrs"]["how"] != "tagged")
    for f in tagged:
        m = f["attrs"]["model"]
        assert m["name"] == "quote-tagger-minilm" and m["threshold"] == round(tagger.options.threshold, 4)
        assert f["score"] >= tagger.options.threshold and f["text"] == text[f["start"]:f["end"]]
        assert f["attrs"]["cue"] is not None or not tagger.options.require_cue
    # tagged contents never overlap the rule quotes the merge keeps
    rules = [(f["start"], f["end"]) for f in acc if f["attrs"]["how"] != "tagged"]
    assert not any(a < f["end"] and f["start"] < b for f in tagged for a, b in rules)
    if tagger.options.keep_rules == "all":
        assert {(f["start"], f["end"]) for f in fast} == set(rules)
    return tagged


def test_cli_accurate_profile_keeps_the_rules_quotes(capsys, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    fast = _quotes(_analyze(capsys, path))
    acc = _quotes(_analyze(capsys, path, "--profile", "accurate"))
    assert fast
    _check_profiles(fast, acc, ARTICLE)


#: A PolNeAR dev article where the shipped tagger adds attributions the rules miss.
DEV_ARTICLE = "breitbart_2016-09-25_pence-gennifer-flowers-won-t-be-.txt"


def test_cli_accurate_profile_adds_tagged_quotes_with_their_model(capsys, tmp_path):
    src = POLNEAR_DEV / DEV_ARTICLE
    if not src.exists():
        pytest.skip(f"PolNeAR dev article not found at {src} (needs ../shared/data beside the checkout)")
    text = src.read_text(encoding="utf-8")
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    fast = _quotes(_analyze(capsys, path))
    acc = _quotes(_analyze(capsys, path, "--profile", "accurate"))
    tagged = _check_profiles(fast, acc, text)
    assert tagged, "the tagger added nothing"
    assert len(acc) == len(fast) + len(tagged)


def test_rule_features_mark_rule_quotes_cue_words_and_sentence_context(nlp):
    from presslens.article import Article
    from presslens.attribution.quotes import QuoteExtractor
    from presslens.attribution.tagger import RULE_FEATURES, rule_features

    text = "The senator said that taxes will rise. Prices fell in May."
    doc = nlp(Article(text))
    ex = QuoteExtractor(doc)
    rules = ex.extract()
    assert any(q.cue is not None and q.cue.lemma == "say" for q in rules)
    offsets = np.asarray([(t.idx, t.idx + len(t.text)) for t in doc.doc], dtype=np.int64)  # one piece per token
    f = rule_features(doc, rules, [], offsets)
    col = {name: k for k, name in enumerate(RULE_FEATURES)}
    words = [t.text for t in doc.doc]
    said, taxes, prices = words.index("said"), words.index("taxes"), words.index("Prices")
    assert f.shape == (len(words), len(RULE_FEATURES))
    assert f[said, col["speech"]] == 1 and f[said, col["rule_cue"]] == 1 and f[taxes, col["rule_content"]] == 1
    assert f[taxes, col["cue_word_before"]] == 1 and f[taxes, col["cue_word_after"]] == 0
    assert f[said, col["pos_VERB"]] == 1 and f[taxes, col["sent_cue_word"]] == 1
    assert f[prices, col["sent_cue_word"]] == 0 and f[prices, col["rule_content"]] == 0
    assert f[:, col["sent_position"]].max() <= 1.0
    assert rule_features(doc, rules, [], np.zeros((0, 2), np.int64)).shape == (0, len(RULE_FEATURES))


def test_assemble_join_gap_makes_one_attribution_of_a_quote_continued_after_its_frame():
    text = "“We will win,” she told reporters. “It is over.”"
    c1 = TaggedSpan(0, 14, "content", 0.8)
    src = TaggedSpan(15, 18, "source", 0.9)
    cue = TaggedSpan(19, 23, "cue", 0.9)
    c2 = TaggedSpan(35, 48, "content", 0.8)
    apart = assemble(text, [c1, src, cue, c2], max_gap=60)
    assert len(apart) == 2 and apart[1].cue == cue
    (joined,) = assemble(text, [c1, src, cue, c2], max_gap=60, join_gap=100)
    assert joined.content == (c1, c2) and joined.cue == cue and joined.source == src
    assert len(assemble(text, [c1, src, cue, c2], max_gap=60, join_gap=5)) == 2  # too far apart


def test_tagged_quotes_are_one_group_with_the_tagged_cue_and_speaker(nlp):
    from presslens.article import Article
    from presslens.attribution.quotes import QuoteExtractor, quote_groups
    from presslens.attribution.speakers import resolve_speakers
    from presslens.attribution.tagger import combine

    text = "“We will win,” Jane Smith told reporters. “It is over.” Voters want change, pollsters believe."
    doc = nlp(Article(text))
    ex = QuoteExtractor(doc)
    c1, c2 = TaggedSpan(0, 14, "content", 0.8), TaggedSpan(42, 55, "content", 0.8)
    src, cue = TaggedSpan(15, 25, "source", 0.9), TaggedSpan(26, 30, "cue", 0.9)
    rel = TaggedRelation((c1, c2), cue, src, 0.7)
    other = TaggedRelation((TaggedSpan(56, 75, "content", 0.8),), TaggedSpan(87, 94, "cue", 0.8),
                           TaggedSpan(77, 86, "source", 0.8), 0.7)
    quotes = combine(ex, [], [rel, other], DecodeOptions(keep_rules="none"))
    assert [(q.start, q.end, q.how) for q in quotes] == [(0, 14, "tagged"), (42, 55, "tagged"), (56, 75, "tagged")]
    assert quotes[0].type == "direct" and quotes[2].type == "indirect"
    assert quotes[1].inherit_from is quotes[0] and quotes[0].cue.lemma == "tell" and quotes[0].cue.cue_class == "speech"
    assert quotes[2].cue.cue_class == "belief" and quotes[2].mention.text == "pollsters"
    groups = quote_groups(quotes)
    assert groups[0] == groups[1] != groups[2]
    speakers, idx = resolve_speakers(doc, quotes)
    assert idx[0] is not None and idx[0] == idx[1] and speakers[idx[0]].name == "Jane Smith"
