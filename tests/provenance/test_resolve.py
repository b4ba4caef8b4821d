"""Outlet resolution for an article from every signal, with disagreements."""

from __future__ import annotations

import pytest

from presslens.article import Article, Byline
from presslens.provenance.resolve import datelines, resolve


@pytest.fixture(scope="module")
def reg():
    from presslens.provenance.registry import Registry
    from presslens.provenance.store import Store

    return Registry(Store(user=False))


def test_footer_decides_over_host_and_disagreement_is_flagged(reg):
    text = "Body of the story.\n\nThis post first appeared on Russia Insider"
    art = Article(text, url="https://example-blog.net/palmyra")
    s = text.index("Russia Insider")
    out = resolve(art, reg, [("Russia Insider", None, s, s + len("Russia Insider"))])
    assert out.decided_by == "republication_footer"
    assert out.outlet.domain == "russia-insider.com"
    sig = out.signals[0]
    assert text[sig.start:sig.end] == "Russia Insider"
    assert out.host is not None and out.host.domain == "example-blog.net"


def test_wire_story_under_local_masthead(reg):
    text = "WASHINGTON (AP) — The Senate voted on Tuesday.\n\nMore text."
    art = Article(text, url="https://www.nypost.com/2020/story")
    out = resolve(art, reg)
    assert out.wire == "AP" and out.decided_by == "dateline"
    assert out.outlet.domain == "apnews.com"
    assert any("nypost.com" in d for d in out.disagreements)
    kinds = [s.kind for s in out.signals]
    assert kinds == ["dateline", "url_host"]
    d = out.signals[0]
    assert text[d.start:d.end] == "WASHINGTON (AP)"


def test_byline_agency_and_canonical(reg):
    art = Article("Text of a story that ran elsewhere.", url="https://aggregator.example.com/a",
                  byline=Byline("Reuters Staff", (), ("Reuters",)), extra={"canonical_url": "https://www.reuters.com/x"})
    out = resolve(art, reg)
    assert out.decided_by == "canonical_url" and out.outlet.domain == "reuters.com"
    assert [s.kind for s in out.signals] == ["canonical_url", "byline_agency", "url_host"]


def test_host_only_and_site_name(reg):
    out = resolve(Article("Some text.", url="https://www.bbc.co.uk/news/1", outlet="BBC News"), reg)
    assert out.outlet.domain == "bbc.co.uk" and out.decided_by in ("site_name", "url_host")
    assert not out.disagreements


def test_nothing_known_is_explicit(reg):
    out = resolve(Article("Just some text without any outlet signal."), reg)
    assert out.outlet is None and out.status == "unknown outlet" and out.decided_by is None
    unknown = resolve(Article("Text.", url="https://unknown-outlet-presslens-test.org/a"), reg)
    assert unknown.outlet.status == "not rated" and unknown.decided_by == "url_host"


def test_datelines():
    assert datelines("MOSCOW, May 3 (Reuters) - Russia said")[0][0] == "Reuters"
    assert datelines("LONDON (AFP) – text")[0][0] == "AFP"
    assert datelines("He said (AP) — nothing") == []


def test_unrated_footer_outlet_still_decides_over_a_rated_agency_co_credit(reg):
    # An agency co-credit on the byline must not lend its rating to a text that says it first appeared
    # elsewhere: the original publisher is named by the footer, and nobody rated it.
    text = "The bridge reopened on Friday.\n\nThis article first appeared on Harbour Watch."
    s = text.index("Harbour Watch")
    art = Article(text, url="https://ledger.example.org/x",
                  byline=Byline("By Maria Okafor, Ledger staff, and Associated Press", ("Maria Okafor",), ("AP",)))
    out = resolve(art, reg, [("Harbour Watch", None, s, s + len("Harbour Watch"))])
    assert out.decided_by == "republication_footer"
    assert out.outlet is not None and out.outlet.name == "Harbour Watch" and out.outlet.domain is None
    assert out.outlet.status == "not rated" and not out.outlet.ratings
