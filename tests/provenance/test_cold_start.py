"""What the first provenance lookup builds is cheap and gives the same answers as the slow path: the Public
Suffix List from the committed IDN table, the bare-host fast path, look-alike skeletons without the Unicode
confusables table for ASCII labels, display names in one query."""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urlsplit

import pytest
from publicsuffixlist import PublicSuffixList, encode_idn

from presslens.provenance import lookalike
from presslens.provenance.domains import _psl, host_of, psl_rules
from presslens.provenance.registry import Registry
from presslens.provenance.store import Store


def test_psl_from_the_idn_table_equals_publicsuffixlists_own() -> None:
    ours, theirs = _psl(), PublicSuffixList()
    assert ours._publicsuffix == theirs._publicsuffix and ours._maxlabel == theirs._maxlabel
    for host in ("www.bbc.co.uk", "xn--andy-ira.no", "a.b.kawasaki.jp", "city.kawasaki.jp", "foo.blogspot.com"):
        assert ours.privatesuffix(host) == theirs.privatesuffix(host), host


def test_psl_idn_table_is_right_and_complete_for_the_bundled_snapshot() -> None:
    table = json.loads((resources.files("presslens.provenance") / "data" / "psl_idn.json").read_text("utf-8"))
    idn = [s for s in psl_rules() if not s.isascii()]
    assert idn and set(table) == set(idn), "rebuild with scripts/build_psl_idn.py"
    assert all(table[s] == encode_idn(s.lstrip("!")) for s in idn)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry(Store(user=False))


def test_bare_host_fast_path_equals_url_parsing(registry: Registry) -> None:
    domains = sorted(registry.store.domains())
    assert len(domains) > 1000
    for d in domains:
        slow = (urlsplit("http://" + d).hostname or "").strip(".").lower()
        assert host_of(d) == (slow if slow.isascii() else slow.encode("idna").decode("ascii")), d
    assert host_of("news.bbc.co.uk\n") == "news.bbc.co.uk" and host_of(" https://WWW.RT.com/x ") == "www.rt.com"
    assert host_of("http://user@cnn.com:80/x") == "cnn.com" and host_of("bücher.de") == "xn--bcher-kva.de"


def test_ascii_skeletons_do_not_load_the_confusables_table() -> None:
    lookalike._unicode_map.cache_clear()
    assert lookalike.skeleton("Reuters") == "reuters" and lookalike.skeleton("c1nn") == "clnn"
    assert lookalike._unicode_map.cache_info().currsize == 0
    assert lookalike.skeleton("rеuters") == "reuters"  # Cyrillic е: now the table is needed and loaded
    assert lookalike._unicode_map.cache_info().currsize == 1


def test_display_names_in_one_query_equal_one_by_one(registry: Registry) -> None:
    names = registry.store.display_names()
    sample = [*sorted(names)[::50], "no-such-outlet.example"]
    assert all(names.get(d) == registry.store.display_name(d) for d in sample)
