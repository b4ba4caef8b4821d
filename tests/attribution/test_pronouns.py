"""Pronoun resolution and speaker clustering on real AllSides sentences (issue 9, item 15).

Each text is cut from an article of the development part of the gold sample
(benchmarks/data/speakers_gold.jsonl); the expected speaker is the hand-checked gold answer.
"""

from __future__ import annotations

from presslens.article import Article
from presslens.attribution import extract_quotes, resolve_speakers
from presslens.attribution.speakers import _name_gender
from presslens.nlp import load_nlp


def _speaker_of(text: str, mention_text: str, after: str = "") -> str | None:
    doc = load_nlp()(Article(text))
    quotes = extract_quotes(doc)
    speakers, idx = resolve_speakers(doc, quotes)
    lo = text.index(after) if after else 0
    for q, k in zip(quotes, idx, strict=True):
        if q.mention is not None and q.mention.text == mention_text and q.mention.start >= lo:
            return speakers[k].name if k is not None else None
    raise AssertionError(f"no quote with mention {mention_text!r} after {after!r}")


def test_given_name_gender_comes_from_the_learned_table():
    assert _name_gender("Hillary Clinton") == "f"
    assert _name_gender("Bernie Sanders") == "m"
    assert _name_gender("Ms. Nielsen") == "f"
    assert _name_gender("Clinton") == ""  # a bare surname says nothing


def test_she_is_not_credited_to_a_man_named_nearer():
    # WHAkC5KxF6RBvyOw (CBN): before, "she" went to Bernie Sanders
    text = ("On the Democratic side, Vermont Sen. Bernie Sanders pulled off a surprising upset victory in Michigan, "
            "despite polls showing frontrunner Hillary Clinton with a sizable lead before the vote.\n\n"
            "\"Let's show the world that democracy is alive and well with a huge voter turnout,\" Sanders told a "
            "crowd of cheering supporters.\n\n"
            "Clinton, however, demolished Sanders with a landslide win in Mississippi with huge help from black "
            "voters.\n\n"
            "\"America belongs to all of us. Not just those who are already successful. They don't need me. I want "
            "to be the president for the struggling and the striving,\" she said.")
    assert _speaker_of(text, "she") == "Hillary Clinton"


def test_he_goes_to_the_subject_of_the_previous_sentence_not_its_first_name():
    # VZwb7sGpl6NMfcdM (The Guardian): before, "he" went to Bill Whitaker, the interviewer
    text = ("Trump’s coronavirus tsar Peter Navarro defended the administration’s pandemic response on CBS on "
            "Sunday night.\n\n"
            "But when the 60 Minutes host Bill Whitaker challenged Navarro about claims by Trump among others that "
            "nobody could have anticipated the outbreak, Navarro responded pugnaciously.\n\n"
            "“Let me push back a little bit on that,” he said. “I don’t know what you mean.”")
    assert _speaker_of(text, "he") == "Peter Navarro"


def test_he_goes_to_the_person_quoted_in_the_previous_sentence():
    # cTnUdHyeSGLYTNcj (New York Post): before, "he" went to Trump, named first in the sentence
    text = ("But Trump’s withdrawal from the Paris Accord could still leave a lasting mark, said Andrew Light, a "
            "senior fellow at the World Resources Institute and former adviser to the climate envoy under "
            "President Obama.\n\n"
            "“While it serves the political needs of the Trump administration, we will lose a lot of traction with "
            "respect to US influence globally,” he said.")
    assert _speaker_of(text, "he") == "Andrew Light"


def test_he_continued_continues_the_last_speaker_not_a_man_named_in_his_quote():
    # XKNCX5NaKt8ntYlB (Politico)
    text = ("“Hey, if you think a commitment is not for as long as you make it for, the commitment for the pledge, "
            "as Peter King well knows when he signed it, is that as long as you’re in Congress, you will not raise "
            "taxes,” Grover Norquist said. “It’s not for 500 years or two generations. If he stayed too long, "
            "that’s his problem.”\n\n"
            "“If you make a commitment, you keep it,” he continued.")
    assert _speaker_of(text, "he") == "Grover Norquist"


def test_one_mention_of_two_quotes_is_one_speaker():
    # WXNaeDAirC1LOCWh (The Week): the second quote sharing "he" went to Hillary Clinton
    text = ("Edgar Welch, arrested on Sunday, told The New York Times via video chat on Wednesday that he drove up "
            "from North Carolina to get a \"closer look\" at the restaurant. \"I regret how I handled the "
            "situation,\" he said. Internet articles led him to believe that the pizzeria was the center of a child "
            "sex ring run by associates of Hillary Clinton, but \"the intel on this wasn't 100 percent,\" he said, "
            "adding that just because there were no children \"inside that dwelling,\" it doesn't mean there is no "
            "Pizzagate pedophile ring.")
    doc = load_nlp()(Article(text))
    quotes = extract_quotes(doc)
    speakers, idx = resolve_speakers(doc, quotes)
    names = {speakers[k].name for q, k in zip(quotes, idx, strict=True) if q.mention is not None and k is not None}
    assert names == {"Edgar Welch"}


def test_the_trump_administration_is_a_body_not_the_president():
    # ZIb9QUq45Fb1DdY1 (BBC News)
    text = ("US President Donald Trump has defended adding a citizenship question to the census.\n\n"
            "The Trump administration maintains that rather than being discriminatory, the question is needed to "
            "enforce 1965 Voting Rights Act protections for racial minorities.")
    doc = load_nlp()(Article(text))
    quotes = extract_quotes(doc)
    speakers, idx = resolve_speakers(doc, quotes)
    kinds = {speakers[k].name: speakers[k].kind for k in idx if k is not None}
    assert kinds.get("Trump administration") == "institution"
    assert "Donald Trump" not in kinds


def test_role_noun_then_name_is_a_person_even_when_ner_says_org():
    # fdx7YhLtFFPIG3l5 (InfoWars): NER tags "SOS cofounder Nikola Srbov" ORG; his "he said" went to Soros
    text = ("Soros-funded non-government organizations have monopolized civil society in Macedonia and used their "
            "influence to suppress dissenting views, said SOS cofounder Nikola Srbov.\n\n"
            "“The Open Society Foundation, operating under the Soros umbrella, used its funding and personnel to "
            "support violent processes in Macedonia,” he said in a press conference Tuesday.")
    assert _speaker_of(text, "he") == "Nikola Srbov"


def _speakers(text: str) -> list[tuple[str, int]]:
    doc = load_nlp()(Article(text))
    quotes = extract_quotes(doc)
    speakers, idx = resolve_speakers(doc, quotes)
    used = sorted({k for k in idx if k is not None})
    return [(speakers[k].name, sum(1 for i in idx if i == k)) for k in used]


def test_a_surname_ending_the_full_name_is_the_same_person():
    # Ze2s38K5lxNaxIhK (Al Jazeera): "Abdul Mahdi" was a second speaker beside "Adel Abdul Mahdi"
    text = ("Iraqi Prime Minister Adel Abdul Mahdi has said he will submit his resignation to the country's "
            "parliament after a day of intense bloodshed.\n\n"
            "Earlier on Friday, al-Sistani said that parliament should \"reconsider its options\".\n\n"
            "Abdul Mahdi said he \"listened with great concern\" to al-Sistani's sermon and made his decision in "
            "response to his call.")
    names = [n for n, _ in _speakers(text)]
    assert "Abdul Mahdi" not in names and names.count("Adel Abdul Mahdi") == 1


def test_mr_white_keeps_his_surname_and_joins_wayne_white():
    # 0eRWkULL1GOOhpDh (Washington Times): "white" is also a title word ("White House"), and "Mr. White" was
    # a speaker of its own
    text = ("“We were seeing a line of traffic that led us toward Iranian involvement, and suddenly that traffic "
            "was cut off,” recalled Wayne White, a career intelligence officer inside the State Department.\n\n"
            "When the intelligence flow stopped on Iran’s involvement in Khobar, Mr. White said he made a “very "
            "heated demand up the chain of command.”")
    assert [n for n, _ in _speakers(text)] == ["Wayne White"]


def test_the_president_joins_the_one_person_titled_president_later():
    # XhTE8GjrHdr1DBuj (Vanity Fair): "the president" was a role speaker of its own beside Obama
    text = ("Barack Obama isn’t pulling his punches on the way out the door. In his last press conference of the "
            "year, the president on Friday harshly criticized Russia and offered a stinging rebuke to "
            "Republicans.\n\n"
            "“Everything that's said is seen through the lens of does this help or hurt us relative to President "
            "Obama,” he said.")
    assert [n for n, _ in _speakers(text)] == ["Barack Obama"]


def test_a_justices_he_continued_is_not_credited_to_the_attorney_he_asked():
    # 05sS4O0Wg1HXC0qL (Christian Science Monitor), the case named in issue 9 item 15
    text = ("Chief Justice John Roberts – considered the court’s ideological center since Justice Kennedy retired – "
            "asked a similar question during Wednesday’s argument. Instead of Whole Woman’s Health being the "
            "national standard, he asked Julie Rikelman, a Center for Reproductive Rights attorney, should "
            "regulations in different states be evaluated individually?\n\n"
            "“You have to have the district court examine the availability of specific clinics and the admitting "
            "privileges of doctors” in each state, he continued.")
    assert _speaker_of(text, "he", after="“You have") == "John Roberts"


def test_an_honorific_elsewhere_in_the_article_genders_the_name():
    # 0S6j7oqfJIag8MR4 (BBC News): "he" went to Frederica Wilson, who then split from "Ms Wilson"
    text = ("US President Donald Trump says a claim that he made insensitive remarks to the recently bereaved widow "
            "of a soldier is \"totally fabricated\".\n\n"
            "Congresswoman Frederica Wilson said he had told Myeshia Johnson: \"He knew what he was signing up "
            "for, but I guess it hurts anyway.\"\n\n"
            "Ms Wilson said she stood by her account of the call.")
    assert _speaker_of(text, "he") == "Donald Trump"
    assert [n for n, _ in _speakers(text)].count("Frederica Wilson") == 1
