"""Quantity extraction: values, comparators, kinds, units, counted noun phrases, dates kept apart."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens import Settings
from presslens.article import Article
from presslens.claims.quantities import extract_quantities
from presslens.pipeline import Pipeline


@pytest.fixture(scope="module")
def quantities(nlp):
    def run(text: str) -> dict[str, object]:
        doc = nlp(Article(text))
        return {text[q.start : q.end]: q for q in extract_quantities(doc)}

    return run


def test_comparators_and_counted_phrase(quantities):
    qs = quantities("Rebels lost over 1,000 fighters killed in action, at least 42 tanks and up to 300 trucks.")
    over = qs["over 1,000"]
    assert (over.comparator, over.value, over.kind) == (">", 1000, "count")
    assert over.counted == "fighters killed"
    assert (qs["at least 42"].comparator, qs["at least 42"].counted) == ("≥", "tanks")
    assert (qs["up to 300"].comparator, qs["up to 300"].value) == ("≤", 300)


def test_list_sharing_a_predicate_yields_one_quantity_each(quantities):
    qs = quantities("The army destroyed 12 bridges, 40 armored personnel carriers, 7 radar stations "
                    "and 3 other buildings, the ministry said.")
    got = {k: q.counted for k, q in qs.items()}
    assert got == {"12": "bridges", "40": "armored personnel carriers", "7": "radar stations",
                   "3": "other buildings"}


def test_written_numbers_and_vague_magnitudes(quantities):
    qs = quantities("Four soldiers and a dozen police officers were hurt; hundreds of residents fled "
                    "and tens of thousands of people lost power.")
    assert qs["Four"].value == 4 and qs["Four"].counted == "soldiers"
    assert qs["a dozen"].value == 12 and qs["a dozen"].counted == "police officers"
    h = qs["hundreds"]
    assert (h.low, h.high, h.comparator, h.counted) == (200, 999, "≈", "residents")
    t = qs["tens of thousands"]
    assert (t.low, t.high) == (20_000, 99_999)


def test_percent_money_measure_rate(quantities):
    qs = quantities("About 12% of voters paid more than $3.5 billion, or $15 an hour, for 20 inches of rain "
                    "falling at 120 mph.")
    p = qs["About 12%"]
    assert (p.kind, p.value, p.comparator, p.unit, p.counted) == ("percent", 12, "≈", "%", "voters")
    m = qs["more than $3.5 billion"]
    assert (m.kind, m.value, m.comparator, m.unit) == ("money", 3.5e9, ">", "USD")
    r = qs["$15 an hour"]
    assert (r.kind, r.unit, r.per) == ("rate", "USD", "hour")
    assert (qs["20 inches"].kind, qs["20 inches"].unit) == ("measure", "inches")
    assert qs["120 mph"].unit == "mph"


def test_ranges_and_changes(quantities):
    qs = quantities("Between 5 and 10 million people moved. Prices rose 10-15%. Turnout fell from 60 percent "
                    "to 55 percent.")
    r = qs["Between 5 and 10 million"]
    assert (r.low, r.high, r.value) == (5e6, 10e6, None)
    assert r.counted == "people"
    assert (qs["10-15%"].low, qs["10-15%"].high, qs["10-15%"].kind) == (10, 15, "percent")
    # "from X to Y" is a change: two quantities, not a range
    assert qs["60 percent"].value == 60 and qs["55 percent"].value == 55


def test_fractions_are_shares(quantities):
    qs = quantities("Nearly two-thirds of voters agree and one in five disagree.")
    assert qs["Nearly two-thirds"].value == pytest.approx(66.67)
    assert qs["Nearly two-thirds"].counted == "voters"
    assert qs["one in five"].value == 20


def test_dates_times_names_and_durations_are_not_counts(quantities):
    qs = quantities("On March 3, 2020, at 3 p.m., a 20-year-old man got five years under Section 230; "
                    "the court ruled 6-3 and the F-16 and COVID-19 cases rose in the 1990s.")
    counts = {k: q for k, q in qs.items() if q.label == "claims.quantity"}
    assert counts == {}
    assert qs["five years"].label == "claims.duration" and qs["five years"].kind == "duration"
    assert qs["20-year-old"].kind == "age"


def test_one_as_pronoun_is_skipped(quantities):
    qs = quantities("No one was hurt, but one of the guards said one person died.")
    assert list(qs) == ["one"] and qs["one"].counted == "person"


def test_analyzer_findings_slice_and_have_attrs():
    text = "Officials said 250 homes were destroyed and about 1,200 people were evacuated."
    d = Pipeline(Settings(analyzers=("presslens.quantities.v1",), strict=True)).analyze(Article(text))
    d.check_offsets()
    qs = d.by_label("claims.quantity")
    assert [f.text for f in qs] == ["250", "about 1,200"]
    a = qs[1].attrs
    assert a["value"] == 1200 and a["comparator"] == "≈" and a["kind"] == "count"
    assert a["counted"] == "people" and a["sentence"] == {"start": 0, "end": len(text)}
    assert a["asserter"] is None  # attribution did not run: never guessed
    assert d.indicators["claims_quantity_count"] == 2


TOKENS = ["over", "1,000", "$", "3.5", "billion", "-", "to", "and", "between", "%", "percent", "hundreds", "of",
          "people", "tanks", "a", "dozen", "one", "in", "five", "two-thirds", "years", "2019", "March", "at", "least",
          "up", "per", "day", "£", "12bn", "+4", "-15", ",", ".", "\n", "No.", "1", "6-3", "aged", "30", "nearly"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25))
def test_extraction_never_crashes_and_offsets_slice(nlp, words):
    text = " ".join(words)
    for q in extract_quantities(nlp(Article(text))):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end].strip() == text[q.start : q.end]
        assert q.comparator in {"=", ">", "≥", "<", "≤", "≈"}
        assert (q.value is None) == (q.low is not None) or q.written == "vague"
        if q.counted_span is not None:
            assert text[q.counted_span[0] : q.counted_span[1]] == q.counted


def test_tallies_matchups_and_time_words(quantities):
    qs = quantities("The Senate voted 52 to 48. Trump led 39 to 37 percent. Last year 3,000 people died "
                    "and Section 230 was debated.")
    assert "52" not in qs and "48" not in qs
    assert (qs["39"].kind, qs["39"].unit, qs["37 percent"].value) == ("percent", "%", 37)
    assert qs["3,000"].counted == "people"
    assert "230" not in qs
