"""Look-alike detection: each technique, and real outlets not flagged as imitating each other."""

from __future__ import annotations

import pytest

from presslens.provenance.lookalike import LookalikeDetector, skeleton

TARGETS = ["reuters.com", "nytimes.com", "nypost.com", "bbc.co.uk", "cnn.com", "washingtonpost.com", "rt.com"]


@pytest.fixture(scope="module")
def det():
    return LookalikeDetector(TARGETS, names={"reuters.com": "Reuters"},
                             group_of=lambda d: "rt" if d in ("rt.com", "rt.rs") else None)


@pytest.mark.parametrize("domain,target,technique", [
    ("reutеrs.com", "reuters.com", "homoglyph"),          # Cyrillic е
    ("xn--reutrs-6of.com", "reuters.com", "homoglyph"),   # same, as punycode
    ("nytirnes.com", "nytimes.com", "homoglyph"),         # rn → m
    ("bbc.co.uk.example.net", "bbc.co.uk", "subdomain"),
    ("reuters-com.info", "reuters.com", "subdomain"),
    ("reuters.com.co", "reuters.com", "tld_swap"),
    ("nytimes.co", "nytimes.com", "tld_swap"),
    ("reuters-news.co", "reuters.com", "added_word"),
    ("cnnlive.com", "cnn.com", "added_word"),
    ("nytimse.com", "nytimes.com", "typo"),
    ("reuterd.com", "reuters.com", "typo"),
    ("washingtonpostt.com", "washingtonpost.com", "typo"),
    ("reu.ters.com", "reuters.com", "typo"),               # dot inserted
    ("reuterscom.com", "reuters.com", "typo"),             # suffix glued on
    ("reutérs.com", "reuters.com", "homoglyph"),           # accented letter
])
def test_techniques(det, domain, target, technique):
    ws = det.check(domain)
    assert ws, domain
    assert ws[0].imitates == target and ws[0].technique == technique
    assert 0 < ws[0].score <= 1 and ws[0].reason


def test_real_outlets_do_not_imitate_each_other(det):
    assert det.check("nypost.com") == []
    assert det.check("nytimes.com") == []
    assert det.check("www.reuters.com") == []


def test_same_group_is_not_impersonation(det):
    assert det.check("rt.rs") == []


def test_exempt_rated_outlet_only_subdomain_tricks():
    d = LookalikeDetector(["reuters.com"], exempt=lambda r: r == "reuter.com")
    assert d.check("reuter.com") == []
    assert d.check("reuters.com.reuter.com")[0].technique == "subdomain"


def test_unrelated_and_invalid(det):
    assert det.check("example.org") == []
    assert det.check("not a domain") == []
    assert det.check("") == []


def test_generic_words_are_not_brands():
    d = LookalikeDetector(["news.cn", "china.com.cn"])
    assert d.check("albaath.news.sy") == [] and d.check("china.com") == []


def test_skeleton():
    assert skeleton("rnicrosoft") == skeleton("microsoft")
    assert skeleton("g00gle") == skeleton("google")
