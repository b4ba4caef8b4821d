"""Outlet cards: the issue's acceptance points on the shipped registry, plus normalisation and readings."""

from __future__ import annotations

import pytest

from presslens.provenance import outlet
from presslens.provenance.axes import factual_level, map_lean, map_tags, map_text
from presslens.provenance.domains import name_key, normalize


@pytest.fixture(scope="module")
def reg():
    from presslens.provenance.registry import Registry
    from presslens.provenance.store import Store

    return Registry(Store(user=False))


def test_rt_is_state_controlled_with_reference(reg):
    card = reg.card("rt.com")
    assert card.state is not None
    assert card.state.code == "SC" and card.state.category == "state-controlled"
    assert "state-media-profiles" in card.state.reference and "rt.com" in card.state.reference
    assert card.rated and card.reading.factual_level in ("very low", "low")


@pytest.mark.parametrize("query,group", [("sputnikglobe.com", "rossiyasegodnya"), ("sputniknews.com", "rossiyasegodnya"),
                                         ("rtnewsru.com", "rt"), ("swentr.site", "rt"), ("https://de.rt.com/x", "rt")])
def test_group_members_resolve_to_their_group(reg, query, group):
    card = reg.card(query)
    assert card.group is not None and card.group.id == group
    assert card.state is not None and card.state.code == "SC"


def test_mirror_without_ratings_shows_flagship_ratings_marked_as_such(reg):
    card = reg.card("rtnewsru.com")
    assert card.matched_by == "group"
    assert card.ratings and all(r.matched == "rt.com" for r in card.ratings)
    assert any("rt.com" in n for n in card.notes)


def test_unknown_domain_is_not_rated_never_neutral(reg):
    card = reg.card("unknown-outlet-presslens-test.com")
    assert card.status == "not rated" and not card.ratings and card.reading is None
    assert card.matched_by == "none" and card.state is None


def test_reuters_impersonator_warns(reg):
    card = reg.card("reuters-news.co")
    assert card.lookalikes and card.lookalikes[0].imitates == "reuters.com"
    assert card.lookalikes[0].imitates_name == "Reuters"


def test_bbc_independent_public_not_unreliable(reg):
    card = reg.card("https://www.bbc.co.uk/news/world")
    assert card.domain == "bbc.co.uk"
    assert card.state.code == "IP" and card.state.state_controls_editorial is False
    assert card.reading.factual_level in ("high", "very high")
    assert "unreliable" not in card.reading.flags and not card.lookalikes


def test_russia_insider_by_name_three_raters_low_no_state(reg):
    card = reg.card("Russia Insider")
    assert card.domain == "russia-insider.com" and card.matched_by == "name"
    assert len({r.rater_id for r in card.ratings}) >= 3
    assert all(r.rater and r.date for r in card.ratings)
    assert card.reading.factual_level in ("very low", "low")
    assert card.state is None


def test_subdomain_and_www_normalised_and_parent_ratings(reg):
    card = reg.card("http://m.reuters.com/article/x")
    assert card.domain == "reuters.com"
    sub = reg.card("blogs.reuters.com")
    assert sub.matched_by == "parent domain" and sub.ratings[0].matched == "reuters.com"


def test_ratings_keep_rater_date_licence_and_original_label(reg):
    for r in reg.card("rt.com").ratings:
        assert r.rater and r.date and r.licence and r.label and r.shipped


def test_disagreements_listed_not_averaged_away(reg):
    rd = reg.card("russia-insider.com").reading
    assert rd.n_factual >= 3
    assert rd.disagreements  # OpenSources "bias, clickbait" (mixed) vs Lin pc1 0.18 (very low)


def test_outlet_api_exported():
    import presslens

    assert presslens.outlet("rt.com", lookalikes=False).state.category == "state-controlled"
    assert outlet("apnews.com", lookalikes=False).name


def test_normalize():
    assert normalize("https://WWW.BBC.co.uk:443/news?x=1").host == "bbc.co.uk"
    assert normalize("de.rt.com").registrable == "rt.com"
    h = normalize("bbc.co.uk.example.net")
    assert h.registrable == "example.net" and h.subdomain == "bbc.co.uk"
    assert normalize("reuters.com.co").suffix == "com.co"
    assert normalize("реuters.com").host.startswith("xn--")
    for bad in ("", "localhost", "co.uk", "10.0.0.1", "not a domain"):
        assert normalize(bad) is None
    assert name_key("The Russia-Insider") == "russiainsider"


def test_axes_mapping():
    assert factual_level(0.1) == "very low" and factual_level(0.5) == "mixed" and factual_level(0.95) == "very high"
    assert factual_level(None) is None
    assert map_lean("left-center") == "lean left" and map_lean("Least Biased") == "center"
    assert map_lean("extreme right") == "far right" and map_lean("right bias") == "right"
    m = map_tags(["bias", "clickbait"])
    assert m.factual == 0.5 and m.flags == ("bias", "clickbait")
    assert map_tags(["fake", "bias"]).factual == 0.05
    assert map_text("very-high").factual == 0.95 and map_text("Questionable Source").flags == ("unreliable",)
    assert map_text("satire").factual is None and map_text("satire").flags == ("satire",)
