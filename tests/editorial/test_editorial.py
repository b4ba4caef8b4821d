from __future__ import annotations

import pytest

from presslens import Settings
from presslens.ingest import from_text
from presslens.pipeline import Pipeline

EDITORIAL = ("presslens.quality.v1", "presslens.voice.v1", "presslens.hedging.v1", "presslens.republication.v1")


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Settings(analyzers=EDITORIAL, strict=True))


def labels(d, label):
    return [f.text for f in d.findings if f.label == label]


def test_outlet_voice_outside_quotes_only(pipe):
    text = ('As we reported last month, the council ignored the warnings. '
            '"We said it would fail," the mayor told reporters. Our readers will remember the vote.')
    d = pipe.analyze(from_text(text))
    voice = labels(d, "editorial.outlet_voice")
    assert "As we reported" in voice
    assert "Our readers" in voice
    assert not any("We said" in v for v in voice)


def test_intensifiers_ignore_quoted_speech(pipe):
    text = ('The shocking decision came late. "It is an absolutely terrible plan," she said. '
            'The committee met on Monday to discuss the budget for next year.')
    d = pipe.analyze(from_text(text))
    terms = [f.attrs["term"] for f in d.by_label("editorial.intensifier")]
    assert "shocking" in terms
    assert "absolutely" not in terms


def test_exclamation_question_and_imperative_lead(pipe):
    text = ("Wake up and look at the numbers.\n\nWho really believes the ministry anymore? "
            "The figures were published on Monday. This is a disgrace!")
    d = pipe.analyze(from_text(text))
    assert labels(d, "editorial.imperative") == ["Wake up and look at the numbers."]
    assert labels(d, "editorial.rhetorical_question") == ["Who really believes the ministry anymore?"]
    assert labels(d, "editorial.exclamation") == ["This is a disgrace!"]


def test_plain_wire_copy_has_no_voice_findings(pipe):
    text = ("The central bank raised its benchmark rate by a quarter point on Wednesday, its third increase this "
            "year, citing persistent inflation. The decision was unanimous, the bank said in a statement. "
            "Analysts at two lenders had expected the move.")
    d = pipe.analyze(from_text(text))
    assert not d.by_kind("editorial") or all(f.score < 0.5 for f in d.by_kind("editorial"))
    assert not d.by_label("provenance.republication")


def test_booster_inside_the_outlets_paraphrase_is_not_sourced(pipe):
    # issue 9 item 18: the reported clause is the ministry's, "of course" is the outlet's own wording
    text = ("The Defense Ministry has confirmed that the assault was planned by special forces and of course "
            "backed by air support. According to the mayor, it is clear the bridge is safe.")
    d = pipe.analyze(from_text(text))
    boosters = {f.attrs["term"]: f.attrs for f in d.by_label("editorial.booster")}
    assert boosters["of course"]["sourced"] is False and boosters["of course"]["in_paraphrase"] is True
    assert boosters["it is clear"]["sourced"] is True
    # and one span is never both a booster and an intensifier
    assert not [f for f in d.by_label("editorial.intensifier") if f.text == "of course"]


def test_boosters_sourced_vs_unsourced_and_hedges(pipe):
    text = ("It's clear the government is hiding something. The minister said there is no doubt the deal will pass. "
            "The suspect reportedly fled the country, and he may have had help.")
    d = pipe.analyze(from_text(text))
    boosters = {f.attrs["term"]: f.attrs["sourced"] for f in d.by_label("editorial.booster")}
    assert boosters["it's clear"] is False
    assert boosters["there is no doubt"] is True
    hedges = {f.attrs["term"] for f in d.by_label("editorial.hedge")}
    assert {"reportedly", "may have"} <= hedges or {"reportedly", "may"} <= hedges
    assert all(f.attrs["polarity"] == "hedging" for f in d.by_label("editorial.hedge"))


def test_may_the_month_is_not_a_hedge(pipe):
    d = pipe.analyze(from_text("The election was held in May and the results were announced in June."))
    assert not d.by_label("editorial.hedge")


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        ("This article originally appeared on The Conversation.", "The Conversation"),
        ("This post first appeared on Example Daily", "Example Daily"),
        ("Republished with permission from Acme News, under a Creative Commons licence.", "Acme News"),
        ("This story was first published by ProPublica and is republished here.", "ProPublica"),
    ],
)
def test_republication_footer_outlet(pipe, footer, outlet):
    text = "The bridge reopened on Monday after repairs that took two years.\n\nTraffic was light.\n\n" + footer
    d = pipe.analyze(from_text(text))
    (f,) = d.by_label("provenance.republication")
    assert f.attrs["outlet"] == outlet
    assert d.summaries.republication.original_outlet == outlet


def test_dangling_media_introduction(pipe):
    text = ("Officials opened the new station on Friday.\n\nWatch the ceremony in the video below:\n\n\n"
            "This article first appeared on Metro Wire")
    d = pipe.analyze(from_text(text))
    (m,) = d.by_label("quality.missing_media")
    assert m.text == "Watch the ceremony in the video below:"
    assert m.kind == "quality"


def test_colon_followed_by_content_is_not_missing_media(pipe):
    text = "The details:\n\nThe plan has three parts and costs two million dollars over five years."
    d = pipe.analyze(from_text(text))
    assert not d.by_label("quality.missing_media")


def test_palmyra_acceptance(pipe, palmyra_text):
    d = pipe.analyze(from_text(palmyra_text, origin="palmyra.txt"))
    d.check_offsets()
    (rep,) = d.by_label("provenance.republication")
    assert rep.attrs["outlet"] == "Russia Insider"
    assert "As we wrote" in labels(d, "editorial.outlet_voice")
    paras = d.article.paragraphs
    opening = (paras[0][0], paras[2][1])
    closing = (paras[-5][0], paras[-1][1])
    spec = [f for f in d.findings if f.kind == "editorial"]
    in_open = [f for f in spec if opening[0] <= f.start < opening[1]]
    in_close = [f for f in spec if closing[0] <= f.start < closing[1]]
    assert len(in_open) >= 3 and len(in_close) >= 3
    (media,) = d.by_label("quality.missing_media")
    assert media.text == "A great video with some more details:"
    unsourced = [f.text for f in d.by_label("editorial.booster") if not f.attrs["sourced"]]
    assert "It's clear" in unsourced


def test_source_url_footer_gives_domain(pipe):
    text = ("The council approved the harbour plan after a long debate on Tuesday.\n\n"
            "Source: http://www.example-news.com/2017/12/harbour-plan.html")
    d = pipe.analyze(from_text(text))
    (f,) = d.by_label("provenance.republication")
    assert f.attrs["outlet"] == "example-news.com"
    assert f.attrs["url"].endswith("harbour-plan.html")


def test_single_word_label_is_not_missing_media(pipe):
    text = "The council approved the harbour plan after a long debate on Tuesday.\n\nSource:"
    d = pipe.analyze(from_text(text))
    assert not d.by_label("quality.missing_media")


def test_question_subheading_scores_lower_than_inline_question(pipe):
    text = ("How will the council pay for it?\n\nThe plan relies on a new tax. "
            "Who really believes the ministry anymore? The figures were published on Monday.")
    d = pipe.analyze(from_text(text))
    scores = {f.text: f.score for f in d.by_label("editorial.rhetorical_question")}
    assert scores["How will the council pay for it?"] < scores["Who really believes the ministry anymore?"]


def test_page_furniture_is_not_an_imperative(pipe):
    text = ("Hide Caption 12 of 19 Photos: the candidates on stage in Iowa.\n\n"
            "Get real-time updates as this story unfolds.\n\nThe debate lasted two hours.")
    d = pipe.analyze(from_text(text))
    assert not d.by_label("editorial.imperative")


def test_writer_stance_first_person_prescriptive_and_stance_adverbs(pipe):
    # issue 9 item 25: signals measured on CheckThat! subjectivity train, reported on dev
    text = ('We should stop pretending. Fortunately, World War I veterans said "we must act now". '
            "Officials in the US said the plan was approved. I think our leaders ought to resign.")
    d = pipe.analyze(from_text(text))
    got = {(f.label, f.text) for f in d.findings if f.label in (
        "editorial.first_person", "editorial.prescriptive", "editorial.stance_adverb")}
    assert got == {("editorial.first_person", "We"), ("editorial.first_person", "I"),
                   ("editorial.first_person", "our"), ("editorial.prescriptive", "should"),
                   ("editorial.prescriptive", "ought to"), ("editorial.stance_adverb", "Fortunately")}
