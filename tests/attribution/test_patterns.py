"""Tests of the attribution patterns added after the PolNeAR-train error analysis: naming verbs, transcript
turns and colon headlines, poll shares as speakers, evidence from polls and studies, indirect questions and
role-only mentions linked to the named person."""

from __future__ import annotations

from presslens.article import Article
from presslens.attribution import extract_quotes, resolve_speakers
from presslens.nlp import load_nlp


def _quotes(text: str):
    doc = load_nlp()(Article(text))
    quotes = extract_quotes(doc)
    speakers, idx = resolve_speakers(doc, quotes)
    return [(text[q.start:q.end], q.how, q.cue.lemma if q.cue else None,
             speakers[k] if k is not None else None) for q, k in zip(quotes, idx, strict=True)]


# -- naming verbs ----------------------------------------------------------------------------------------------
def test_called_object_quote():
    got = _quotes("Senator Jane Roe called the bill “a disaster for working families” on Tuesday.")
    assert [(g[0], g[1], g[2]) for g in got] == [("the bill “a disaster for working families”", "naming", "call")]
    assert got[0][3].name == "Jane Roe"


def test_described_as_quote():
    got = _quotes("Mayor Tom Baker described the ruling as “deeply troubling” in an interview.")
    assert len(got) == 1 and got[0][1] == "naming" and got[0][0].endswith("“deeply troubling”")
    assert got[0][3].name == "Tom Baker"


def test_naming_skips_titles_called_for_and_so_called():
    text = ("The agency runs a program called “Golden Week” every year. The so-called “Gang of Eight” met on "
            "Monday. He called for “a full and open inquiry into the matter” on Friday.")
    assert [g for g in _quotes(text) if g[1] == "naming"] == []


# -- transcript turns and colon headlines ----------------------------------------------------------------------
def test_transcript_turns():
    text = ("The senator spoke to the host on Sunday. A partial transcript follows.\n\n"
            "JAKE TAPPER: Do you think he will win the state this year?\n\n"
            "FALLIN: I think he is trying hard. He has a message for voters.\n\n"
            "TAPPER: Thank you for joining us today, Governor.\n\n(END VIDEO CLIP)\n\nThe interview aired Sunday.")
    got = _quotes(text)
    turns = [g for g in got if g[1] == "turn"]
    assert [g[0] for g in turns] == ["Do you think he will win the state this year?",
                                     "I think he is trying hard. He has a message for voters.",
                                     "Thank you for joining us today, Governor."]
    assert turns[0][3].name == "Jake Tapper" and turns[2][3] is turns[0][3]
    # "I think" inside a turn is the turn's speaker, not the author
    inner = [g for g in got if g[2] == "think" and g[0] == "he is trying hard"]
    assert inner and inner[0][3] is turns[1][3] and turns[1][3].name == "Fallin" and turns[1][3].kind == "person"


def test_colon_headline_and_labels():
    text = ("Graham: Trump’s Rhetoric Destroying GOP Chances to Win\n\n"
            "Sen. Lindsey Graham spoke on Sunday about the race.\n\n"
            "UPDATE: The story was corrected on Monday afternoon.\n\n"
            "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Sam Clovis.")
    got = [g for g in _quotes(text) if g[1] == "turn"]
    assert [g[0] for g in got] == ["Trump’s Rhetoric Destroying GOP Chances to Win"]
    assert got[0][3].name == "Lindsey Graham"


# -- poll shares, evidence, indirect questions ------------------------------------------------------------------
def test_poll_share_as_speaker():
    got = _quotes("In a Trump-Clinton matchup, 21 percent said they would not vote at all.")
    assert [(g[0], g[3].kind) for g in got] == [("they would not vote at all", "vague")]


def test_poll_shows_without_that():
    got = _quotes("A new poll last month showed the senator leading his rival by ten points among older voters.")
    assert [(g[0], g[2]) for g in got] == [("the senator leading his rival by ten points among older voters", "show")]
    assert _quotes("Mr. Romney found it difficult to overcome the defeat in the state.") == []


def test_indirect_question():
    got = _quotes("The reporter asked the candidate whether he had been preparing for the presidency.")
    assert [(g[0], g[2]) for g in got] == [("whether he had been preparing for the presidency", "ask")]
    assert _quotes("Asked whether he was concerned, the admiral chuckled and left the room.") == []


# -- role-only mentions ------------------------------------------------------------------------------------------
def test_role_mention_links_to_titled_name():
    text = ("Judge Maria Lopez heard the case on Monday. The defendants were absent. "
            "“This court will not be rushed,” the judge said.")
    got = _quotes(text)
    assert got[0][3].name == "Maria Lopez" and got[0][3].kind == "person"


def test_role_mention_links_to_speaker_with_that_role():
    text = ("“We are reviewing the footage,” said Tom Baker, a spokesman for the city police. Officers were at "
            "the scene. The spokesman said the review would take a week.")
    got = _quotes(text)
    assert len(got) == 2 and got[1][3] is got[0][3] and got[0][3].name == "Tom Baker"


def test_role_mention_without_named_person_stays_a_role():
    got = _quotes("The governor said the state would appeal the decision on Monday.")
    assert got[0][3].name == "governor" and got[0][3].kind == "person"
