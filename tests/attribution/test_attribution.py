"""Tests of presslens.attribution: quote marks, quotes, speakers, sourcing profile, quote_rows, palmyra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.article import Article
from presslens.attribution import QUOTE_COLUMNS, extract_quotes, quote_rows, resolve_speakers
from presslens.config import Settings
from presslens.nlp import load_nlp
from presslens.pipeline import Pipeline
from presslens.text.quotemarks import find_quote_regions

PALMYRA = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "palmyra.txt"
NAMES = ("presslens.quotes.v1", "presslens.sourcing.v1")


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Settings(analyzers=NAMES), nlp=load_nlp())


def _quotes(text: str):
    doc = load_nlp()(Article(text))
    quotes = extract_quotes(doc)
    speakers, idx = resolve_speakers(doc, quotes)
    return [(text[q.start:q.end], q.type, q.cue.lemma if q.cue else None,
             speakers[k].name if k is not None else None, speakers[k] if k is not None else None)
            for q, k in zip(quotes, idx, strict=True)]


# -- quotation marks ------------------------------------------------------------------------------------------
def test_marks_curly_straight_and_single():
    text = "He said “yes, indeed” and \"no, never\" and ‘maybe so’ but the players’ union’s view differs."
    got = [text[r.start:r.end] for r in find_quote_regions(text)]
    assert got == ["“yes, indeed”", "\"no, never\"", "‘maybe so’"]


def test_marks_multi_paragraph_quote():
    text = "“The first paragraph goes on.\n\n“The second closes it,” she said.\n\nNo quotes here."
    regs = find_quote_regions(text)
    assert len(regs) == 1
    assert text[regs[0].start:regs[0].end] == "“The first paragraph goes on.\n\n“The second closes it,”"


def test_marks_unclosed_quote_stops_at_paragraph_end():
    text = "“An unclosed quote here\n\nA plain paragraph."
    regs = find_quote_regions(text)
    assert len(regs) == 1 and not regs[0].closed and text[regs[0].start:regs[0].end] == "“An unclosed quote here"


# -- quotes -----------------------------------------------------------------------------------------------
def test_split_direct_quote_shares_cue_and_speaker():
    got = _quotes('"We will not back down," the governor said Tuesday, "and we will win this fight in court."')
    assert [g[:3] for g in got] == [('"We will not back down,"', "direct", "say"),
                                    ('"and we will win this fight in court."', "direct", "say")]
    assert got[0][4] is got[1][4] and got[0][3] == "governor"


def test_indirect_according_to_and_postposed_cue():
    text = ("According to a source close to the campaign, the candidate will drop out next week. "
            "The plant will close in March, the company added.")
    got = _quotes(text)
    assert ("the candidate will drop out next week", "indirect", "according to") == got[0][:3]
    assert got[0][4].kind == "anonymous"
    assert got[1][:3] == ("The plant will close in March", "indirect", "add")
    assert got[1][4].kind == "institution"


def test_mixed_quote_and_reporters():
    got = _quotes("Smith told reporters that the agency was reviewing \u201call available options\u201d for the site.")
    assert got[0][:3] == ("that the agency was reviewing \u201call available options\u201d for the site", "mixed", "tell")
    assert got[0][3] == "Smith"


def test_scare_quotes_are_not_quotes():
    assert _quotes("The so-called “experts” met in the “green room” on Monday.") == []


def test_apposition_role_organisation_and_pronoun_continuation():
    text = ("“This is a long first quote about the budget,” said Jane Smith, a spokeswoman for the "
            "Department of Energy.\n\n“It keeps going,” she added. “And a third sentence stands alone without a cue.”")
    got = _quotes(text)
    assert len(got) == 3
    sp = got[0][4]
    assert all(g[4] is sp for g in got)
    assert sp.name == "Jane Smith" and sp.role == "a spokeswoman for the Department of Energy"
    assert sp.organisation == "Department of Energy" and sp.gender == "f"
    assert got[2][2] is None  # the continuation has no cue of its own


def test_title_surname_links_to_full_name_and_vague_source():
    text = ("Defense Secretary Ash Carter said the strikes would continue. Critics say the plan is reckless. "
            "The campaign is going well, Secretary Carter added.")
    got = _quotes(text)
    carter = [g[4] for g in got if g[3] == "Ash Carter"]
    assert len(carter) == 2 and carter[0] is carter[1] and carter[0].role == "Defense Secretary"
    assert any(g[4].kind == "vague" and g[1] == "indirect" for g in got)


# -- analyzers, rows, sourcing ------------------------------------------------------------------------------
def test_quote_rows_and_finding_attrs(pipe):
    text = ("“We are deeply saddened by this loss,” said Mayor John Doe. Experts say the bridge was unsafe, "
            "and the city’s engineers warned last year that it could fail.")
    d = pipe.analyze(Article(text))
    d.check_offsets()
    rows = quote_rows(d)
    assert rows and tuple(rows[0]) == QUOTE_COLUMNS
    assert rows[0]["speaker"] == "John Doe" and rows[0]["type"] == "direct" and rows[0]["cue"] == "said"
    q = d.by_label("attribution.quote")[0]
    assert q.attrs["cue"]["lemma"] == "say"
    assert text[q.attrs["speaker_mention"]["start"]:q.attrs["speaker_mention"]["end"]] == q.attrs["speaker_mention"]["text"]
    json.dumps(d.to_dict())  # every attr is JSON-serialisable
    speaker_ids = {f.id for f in d.by_label("attribution.speaker")}
    assert all(f.attrs["speaker_id"] in speaker_ids for f in d.by_label("attribution.quote") if f.attrs["speaker_id"])


def test_sourcing_flags_anonymous_only(pipe):
    text = ("Officials familiar with the talks said a deal was close. A source close to the negotiations said "
            "the final text would be signed on Monday. Sources said the president had approved it.")
    d = pipe.analyze(Article(text))
    prof = d.summaries.sourcing
    flags = {f.attrs["flag"] for f in d.by_label("attribution.flag")}
    assert "anonymous_only" in flags
    assert prof.n_independent_parties == 0


def test_sourcing_two_parties_no_single_party_flag(pipe):
    text = ("The Russian Defence Ministry said the strikes hit militants. The Syrian Observatory for Human Rights, "
            "a monitoring group based in Britain, said at least 20 civilians were killed.")
    d = pipe.analyze(Article(text))
    prof = d.summaries.sourcing
    assert prof.n_independent_parties == 2
    assert "single_party" not in {f.flag for f in prof.flags}


def test_unattributed_certainty_without_hedging(pipe):
    text = ("The minister said the reform was approved. It is clear the reform will fail. "
            "Obviously, nobody asked the farmers.")
    d = pipe.analyze(Article(text))
    certain = [f.text for f in d.by_label("attribution.unattributed_certainty")]
    assert certain == ["It is clear the reform will fail.", "Obviously, nobody asked the farmers."]


# -- acceptance: palmyra.txt ------------------------------------------------------------------------------
def test_palmyra_acceptance(pipe):
    if not PALMYRA.exists():
        pytest.skip(f"example article not found at {PALMYRA}")
    text = PALMYRA.read_text(encoding="utf-8")
    d = pipe.analyze(Article(text))
    d.check_offsets()
    quotes = d.by_label("attribution.quote")
    speakers = {f.id: f for f in d.by_label("attribution.speaker")}
    by_speaker: dict[str, list[str]] = {}
    for q in quotes:
        sp = speakers.get(q.attrs["speaker_id"] or "")
        by_speaker.setdefault(sp.attrs["name"] if sp else "", []).append(q.text)
    rud = by_speaker["Sergey Rudskoy"]
    assert len(rud) == 3
    assert any(t.startswith("“The Syrian army’s operation") for t in rud)
    assert any(t.startswith("The Russian Air Force and Special Forces") for t in rud)  # "he continued"
    assert any(t.startswith("The Syrian army’s major offensive") for t in by_speaker["Russia’s General Staff"])
    rud_f = next(f for f in speakers.values() if f.attrs["name"] == "Sergey Rudskoy")
    assert rud_f.attrs["role"] == "chief of the General Staff’s operations department"
    assert rud_f.attrs["country"] == "Russia" and rud_f.attrs["kind"] == "person"
    prof = d.summaries.sourcing
    assert prof.n_independent_parties == 1
    assert prof.parties[0].party.startswith("Russia")
    flags = {f.flag for f in prof.flags}
    assert {"single_party", "official_only"} <= flags
    certain = [c.text for c in prof.unattributed_certainty]
    assert any(c.startswith("It's clear the Russians are extremely active") for c in certain)
    assert not any("Rudskoy" in c for c in certain)


def test_parenthetical_cue_dateline_and_document_source():
    text = ("WASHINGTON (Reuters) - The talks collapsed on Friday, officials said. "
            "The argument would be aided, Devine said, by the upcoming primary calendar. "
            "The company paid $4 million to the newspaper since 2016, the records show.")
    got = _quotes(text)
    contents = [g[0] for g in got]
    assert "The talks collapsed on Friday" in contents
    assert "The argument would be aided, Devine said, by the upcoming primary calendar" in contents
    rec = next(g for g in got if g[2] == "show")
    assert rec[4].kind == "document"


def test_they_without_antecedent_is_not_forced_onto_an_organisation():
    text = ("Migrants reached the border crossing run by the U.S. government on Monday. "
            "Weeks later they say they were stunned by the delays.")
    got = _quotes(text)
    assert got and got[0][4].kind == "vague" and "U.S." not in got[0][3]


def test_single_source_flag(pipe):
    text = ("“The bridge is safe,” said Mayor John Doe. He added that repairs would start in May. "
            "“We have nothing to hide,” Doe said.")
    d = pipe.analyze(Article(text))
    prof = d.summaries.sourcing
    assert [s.name for s in prof.speakers] == ["John Doe"]
    assert {"single_source", "single_party", "official_only"} <= {f.flag for f in prof.flags}
    assert prof.speakers[0].role == "Mayor"


def test_typewriter_double_apostrophe_quotes():
    text = "''Swaps are tricky,'' he said. ''In this case, I'm glad that it took place.''"
    got = _quotes(text)
    assert [g[0] for g in got] == ["''Swaps are tricky,''", "''In this case, I'm glad that it took place.''"]
    assert got[0][4] is got[1][4]


def test_issue9_according_to_which_clause_does_not_crash():
    """A non-projective parse ("according to which office you're talking about") gave a reversed mention span
    (subtree not in text order) and an IndexError in speakers.py; "according to which …" is no source."""
    text = ("They also find that the extent to which moderation helps varies according to which office "
            "you're talking about.")
    d = Pipeline(Settings(strict=True), nlp=load_nlp()).analyze(Article(text))
    assert all(r.status == "ok" for r in d.runs), [(r.name, r.reason) for r in d.runs]
    assert not any(f.attrs.get("cue") and f.attrs["cue"]["lemma"] == "according to" for f in d.by_label("attribution.quote"))


def test_issue9_mentions_are_built_in_text_order():
    from presslens.attribution.mentions import Mention, in_order

    doc = load_nlp()(Article("Moderation varies according to which office you're talking about.")).doc
    assert [t.i for t in in_order(reversed(list(doc)))] == list(range(len(doc)))
    with pytest.raises(ValueError, match="reversed"):
        Mention(10, 9, "", (10, 20), "x", "x", "NN")


HARBOUR = Path(__file__).resolve().parents[2] / "examples" / "harbour-bridge.html"


def test_issue9_harbour_bridge_one_party_city_government():
    """Independence counts organisations, not speakers: every source of the example is city government;
    "figures released by the city council" is credited to the council; the engineer's role stops at its
    apposition (no "at a ribbon-cutting ceremony …"); AP's co-credit survives the metadata author."""
    from presslens.ingest import from_html

    art = from_html(HARBOUR.read_text(encoding="utf-8"), origin=str(HARBOUR))
    assert art.byline.agencies == ("AP",) and "Maria Okafor" in art.byline.persons
    d = Pipeline(Settings(analyzers=NAMES), nlp=load_nlp()).analyze(art)
    sourcing = d.summaries.sourcing
    assert sourcing.n_independent_parties == 1
    (party,) = sourcing.parties
    assert party.party == "city government"
    assert len(party.speaker_ids) == len([s for s in sourcing.speakers if s.kind != "author"]) >= 4
    by_name = {s.name: s for s in sourcing.speakers}
    assert by_name["Dana Whitfield"].role == "the department's chief engineer"
    assert "city council" in by_name and by_name["city council"].kind == "document"
    assert "figures" not in by_name and "city" not in {s.name for s in sourcing.speakers if s.kind == "person"}
    assert any(f.flag == "single_party" for f in sourcing.flags)


@pytest.mark.parametrize("text", [
    "If you ask the mayor, you said, the answer is no.",
    "A number of experts said the plan would fail.",
    "The law says that drivers must stop at the line.",
])
def test_issue9_you_number_law_are_not_speakers(text):
    names = {n for _, _, _, n, _ in _quotes(text) if n}
    assert not names & {"you", "number", "A number", "law", "The law", "the law"}


def test_issue9_people_with_one_surname_merge_unless_given_names_differ():
    from presslens.attribution.speakers import Speaker, SpeakerResolver

    r = SpeakerResolver(load_nlp()(Article("Nothing to see here.")))
    r.speakers = [Speaker("person", "Trump", "person:trump", surname="trump", quotes=[0]),
                  Speaker("person", "Donald Trump", "person:trump2", surname="trump", quotes=[1]),
                  Speaker("person", "Barbara Bush", "person:bush", surname="bush", quotes=[2]),
                  Speaker("person", "Jeb Bush", "person:bush2", surname="bush", quotes=[3])]
    out = r._merge_people([0, 1, 2, 3])
    assert [r.speakers[k].name for k in out] == ["Donald Trump", "Donald Trump", "Barbara Bush", "Jeb Bush"]
    assert sorted(r.speakers[1].quotes) == [0, 1]
