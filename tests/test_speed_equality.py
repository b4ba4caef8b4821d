"""Issue 9 item 28: the faster paths of the base pass and the analyzers give what the token-by-token paths gave.

Each test runs the old formulation (token objects) next to the new one (per-document columns, prefilters) on
the example article and a few AllSides articles.
"""

from __future__ import annotations

import itertools
import json

import pytest

from presslens.article import Article
from tests.conftest import NEWS_JSONL

_EXTRA = ("I think we must act. We ought to go!  Do it now, he said; according to police, 2 in 5 voted. "
          "Three-quarters of us, a dozen men and hundreds of thousands of people paid $5.5bn in 2020, "
          "up from 1,000.\n\nKeep calm and carry on. XIV Corps, I said, put it plainly.")


@pytest.fixture(scope="module")
def docs(nlp, palmyra_text):
    texts = [palmyra_text, _EXTRA]
    if NEWS_JSONL.exists():
        with NEWS_JSONL.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in itertools.islice(fh, 10)]
    return [nlp(Article(t)) for t in texts]


def test_token_columns_equal_token_attributes(docs):
    for d in docs:
        c = d.columns
        assert c.lower == [t.lower_ for t in d.doc]
        assert c.text == [t.text for t in d.doc]
        assert c.tag == [t.tag_ for t in d.doc]
        assert c.pos == [t.pos_ for t in d.doc]
        assert c.lemma == [t.lemma_ for t in d.doc]
        assert c.idx == [t.idx for t in d.doc]
        assert c.is_space == [t.is_space for t in d.doc]
        assert c.like_num == [t.like_num for t in d.doc]
        for s in d.sents:
            assert c.alpha_before[s.end] - c.alpha_before[s.start] == sum(1 for t in s if t.is_alpha)
        assert d.columns is c


def test_quantity_scan_with_number_starts_equals_full_scan(docs):
    from presslens.claims.numbers import number_starts, read_fraction, read_number
    from presslens.claims.scan import scan_sentence

    found = 0
    for d in docs:
        starts = number_starts(d.columns.lower, d.columns.text)
        for i, ok in enumerate(starts):
            if not ok:  # the prefilter only skips tokens where nothing can start
                assert read_number(d.doc, i, len(d.doc)) is None and read_fraction(d.doc, i, len(d.doc)) is None
        for s in d.sents:
            fast = scan_sentence(d.doc, s, starts)
            assert fast == scan_sentence(d.doc, s)
            found += len(fast)
    assert found > 20


def test_indirect_speech_candidates_cover_every_cue(docs):
    from presslens.attribution.mentions import _is_cue
    from presslens.attribution.quotes import _maybe_indirect

    n = 0
    for d in docs:
        maybe = set(_maybe_indirect(d))
        for tok in d.doc:
            if tok.lower_ in ("according", "put") or _is_cue(tok, False):
                assert tok.i in maybe
                n += 1
    assert n > 20


def test_imperative_reads_only_the_opening_words(docs):
    from presslens.editorial import voice

    def reference(sent):  # the former implementation: every word of the sentence
        toks = [t for t in sent if not t.is_space and not t.is_punct]
        if len(toks) < 3:
            return None
        first = toks[0]
        if first.lower_ in ("just", "now", "so", "then", "simply", "always", "never") and len(toks) > 3:
            first = toks[1]
        if first.tag_ != "VB" or first.lemma_.lower() in voice.NOT_IMPERATIVE or not first.text[:1].isupper():
            return None
        nxt = toks[toks.index(first) + 1 : toks.index(first) + 4]
        if any(t.tag_ in voice.FINITE_TAGS for t in nxt):
            return None
        return first.lemma_.lower()

    hits = 0
    for d in docs:
        for s in d.sents:
            assert voice._imperative(s) == reference(s)
            hits += voice._imperative(s) is not None
    assert hits >= 1


def test_quotation_marks_by_regex_equal_character_scan(docs):
    from presslens.text import quotemarks as qm

    def reference(text, lo, hi):  # the former character-by-character scan
        out = []
        i = lo
        while i < hi:
            two = text[i:i + 2]
            if two == "''" or two == "``":
                out.append((i, 2, '"' if two == "''" else "“"))
                i += 2
                continue
            if text[i] in qm.DOUBLE:
                out.append((i, 1, text[i]))
            i += 1
        return out

    texts = [d.article.text for d in docs] + ["``Yes,'' he said. ''No'' „Ja“ «oui» \"x\" ”y” '''a'' ``` ''"]
    n = 0
    for text in texts:
        for ps, pe in qm._paragraphs(text):
            marks = qm._marks(text, ps, pe)
            assert marks == reference(text, ps, pe)
            n += len(marks)
        assert qm.find_quote_regions(text) == qm._quote_regions(text)
        assert qm.find_quote_regions(text) is not qm.find_quote_regions(text)  # callers get their own list
    assert n > 50


def test_lexicon_hits_kept_per_text_equal_a_fresh_scan(docs):
    from presslens.editorial import certainty as ce
    from presslens.editorial._text import RegionIndex, quoted_regions

    n = 0
    for d in docs:
        text = d.article.text
        quotes = RegionIndex(quoted_regions(text))
        for rx, find in ((ce.BOOSTER_RE, ce.find_boosters), (ce.HEDGE_RE, ce.find_hedges)):
            fresh = [ce.LexiconHit(m.start(), m.end(), ce._norm(m.group(0)), quotes.contains(m.start()))
                     for m in rx.finditer(text)]
            assert find(text, quotes) == fresh == find(text)
            n += len(fresh)
    assert n > 20


def test_factual_sentence_form_from_columns_equals_tokens(docs):
    from presslens.attribution import analyzer as an

    def reference(sent):  # the former token-object test
        toks = [t for t in sent if not t.is_space]
        if not toks or toks[0].tag_ == "VB":
            return False
        if not any(t.tag_ in an._FINITE for t in toks):
            return False
        return not an._FIRST_PERSON.search(sent.text)

    n = 0
    for d in docs:
        for s in d.sents:
            assert an._factual(s, d.columns.tag, d.columns.is_space) == reference(s)
            n += reference(s)
    assert n > 20


def test_line_break_boundaries_from_arrays_equal_token_scan(nlp, docs):
    from presslens.nlp import line_breaks

    texts = [d.article.text for d in docs] + ["a\nb\r\n c  \n\n d \t\ne", "\n\nx\n"]
    language = nlp.language
    for text in texts:
        doc = language.make_doc(text)
        ref = doc.copy()
        for tok in ref[:-1]:  # the former token scan
            if ("\n" in tok.text and tok.is_space) or "\n" in tok.whitespace_:
                ref[tok.i + 1].is_sent_start = True
        mine = line_breaks(doc)
        assert [t.is_sent_start for t in mine] == [t.is_sent_start for t in ref]
