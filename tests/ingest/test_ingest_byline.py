"""Byline parsing: persons and agencies from printed bylines and corpus author fields."""

from __future__ import annotations

import pytest

from presslens.ingest import parse_byline


@pytest.mark.parametrize(
    ("raw", "persons", "agencies"),
    [
        ("By Jane Doe and John Smith, Associated Press", ("Jane Doe", "John Smith"), ("AP",)),
        ("Reuters Staff", (), ("Reuters",)),
        ("AP", (), ("AP",)),
        ("By AFP", (), ("AFP",)),
        ("Bloomberg", (), ("Bloomberg",)),
        ("CNN Wire", (), ("CNN Wire",)),
        ("By JANE DOE, Associated Press Writer", ("JANE DOE",), ("AP",)),
        ("Jane Doe (Reuters)", ("Jane Doe",), ("Reuters",)),
        ("Jane Doe of Agence France-Presse", ("Jane Doe",), ("AFP",)),
        ("Jane Doe | Updated 3:45 PM ET, Tue June 5, 2018", ("Jane Doe",), ()),
        ("By Jane Doe & John Smith | Bloomberg News", ("Jane Doe", "John Smith"), ("Bloomberg",)),
        ("Jill Colvin, Aamer Madhani", ("Jill Colvin", "Aamer Madhani"), ()),
        ('Matt Vespa, "Cortney OBrien", Guy Benson', ("Matt Vespa", "Cortney OBrien", "Guy Benson"), ()),
        ("Elise Labott, Global Affairs Correspondent, Ben Brumfield", ("Elise Labott", "Ben Brumfield"), ()),
        ("Analysis Stephen Collinson", ("Stephen Collinson",), ()),
        ("Ryan Bort, View All", ("Ryan Bort",), ()),
        ("Cnn Staff", (), ()),
        ("Newsmax Wires", (), ()),
        (
            "Jesse Jackson, Sun-Times Wire, Madeline Kenney, Associated Press, Usa Today",
            ("Jesse Jackson", "Madeline Kenney"),
            ("AP",),
        ),
        ("N. R. Kleinfield", ("N. R. Kleinfield",), ()),
        ("Ludwig van Beethoven", ("Ludwig van Beethoven",), ()),
        ("Martin Luther King, Jr.", ("Martin Luther King, Jr.",), ()),
        ("By Jane Doe, jane.doe@example.com, @janedoe", ("Jane Doe",), ()),
        ("Jane Doe, Jane Doe", ("Jane Doe",), ()),
    ],
)
def test_parse_byline(raw: str, persons: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    b = parse_byline(raw)
    assert b.raw == raw
    assert b.persons == persons
    assert b.agencies == agencies


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_byline(raw: str | None) -> None:
    b = parse_byline(raw)
    assert b.persons == () and b.agencies == ()


def test_issue9_and_agency_co_credit():
    from presslens.ingest.byline import combine_bylines, parse_byline

    b = parse_byline("By Maria Okafor, Ledger staff, and Associated Press")
    assert b.persons == ("Maria Okafor",) and b.agencies == ("AP",)
    merged = parse_byline(combine_bylines("Maria Okafor", "By Maria Okafor, Ledger staff, and Associated Press"))
    assert merged.persons == ("Maria Okafor",) and merged.agencies == ("AP",)
    assert combine_bylines("Maria Okafor", "By Maria Okafor") == "Maria Okafor"
    assert combine_bylines(None, "By Jane Doe") == "By Jane Doe"
