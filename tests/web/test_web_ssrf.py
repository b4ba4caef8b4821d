"""Hostile URL suite: every URL the service would fetch goes through the ingestion SSRF guard.

The resolver is fake (names from a table, numeric spellings parsed locally) and the transport is an
``httpx.MockTransport`` that records requests, so no traffic leaves the machine; the tests also check that
nothing was ever sent towards a refused address.
"""

from __future__ import annotations

import pytest

from presslens.web import WebConfig

from .conftest import Recorder, make_client
from .test_web_api import assert_error

HOSTILE = [
    ("http://127.0.0.1:9/x", "loopback"),
    ("http://localhost.:80/", None),  # not in the fake DNS: refused as unresolvable, never fetched
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://10.1.2.3/", "private"),
    ("http://192.168.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://100.64.0.1/", "not a public address"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[::1]/", "loopback"),
    ("http://[::]/", "unspecified"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fd00::1]/", "private"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:169.254.169.254]/", "link-local"),
    ("http://[::ffff:a9fe:a9fe]/", "link-local"),
    ("http://[64:ff9b::a9fe:a9fe]/", "NAT64"),
    ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 wrapping 127.0.0.1
    ("http://2130706433/", "loopback"),  # decimal 127.0.0.1
    ("http://0177.0.0.1/", "not a valid URL"),  # octal: httpx refuses the spelling outright
    ("http://0x7f000001/", "loopback"),  # hex
    ("http://0x7f.0x0.0x0.0x1/", "loopback"),
    ("http://127.1/", "loopback"),  # short form
    ("http://0xa9fea9fe/", "link-local"),  # hex 169.254.169.254
    ("http://intranet.example/", "private"),  # DNS name resolving to a private address
    ("http://metadata.example/latest/", "link-local"),
    ("http://v6loop.example/", "loopback"),
    ("http://mapped.example/", "loopback"),
    ("http://mixed.example/", "private"),  # one public and one private answer: refused
    ("http://cgnat.example/", "not a public address"),
    ("http://ula.example/", "private"),
    ("http://news.example/redirect-to/127.0.0.1/", "loopback"),  # redirects are checked hop by hop
    ("http://news.example/redirect-to/169.254.169.254/latest/meta-data/", "link-local"),
    ("http://news.example/redirect-to/intranet.example/admin", "private"),
    ("http://news.example/redirect-to/[::1]/", "loopback"),
    ("file:///etc/passwd", "scheme"),
    ("gopher://news.example/", "scheme"),
    ("ftp://news.example/x", "scheme"),
    ("http://user:pass@news.example/page", "credentials"),
    ("http:///nohost", None),
    ("javascript:alert(1)", "scheme"),
]


@pytest.fixture(scope="module")
def guarded():
    rec = Recorder()
    with make_client(recorder=rec) as c:
        yield c, rec


@pytest.mark.parametrize(("url", "reason"), HOSTILE)
def test_web_hostile_url_refused_with_reason(guarded, url: str, reason: str | None) -> None:
    client, rec = guarded
    before = len(rec.requests)
    r = client.post("/api/analyze", json={"url": url})
    assert 400 <= r.status_code < 500 or r.json()["code"] == "E012", r.text
    body = r.json()
    assert body["code"] in ("E010", "E012"), body
    if reason:
        assert body["code"] == "E010" and reason in body["message"], body["message"]
    hosts = {req.url.host for req in rec.requests[before:]}
    assert hosts <= {"93.184.216.34"}, f"a request left for {hosts}"


def test_web_hostile_urls_refused_in_the_form_too(guarded) -> None:
    client, rec = guarded
    r = client.post("/analyze", data={"url": "http://169.254.169.254/latest/meta-data/"}, follow_redirects=False)
    assert r.status_code == 400 and "E010" in r.text and "link-local" in r.text
    assert not rec.requests or all(req.url.host == "93.184.216.34" for req in rec.requests)


def test_web_public_url_is_fetched_through_the_pinned_address(guarded) -> None:
    client, rec = guarded
    r = client.post("/api/analyze", json={"url": "http://news.example/page"})
    assert r.status_code == 200, r.text
    assert r.json()["article"]["title"] == "Port report"
    last = rec.requests[-1]
    assert last.url.host == "93.184.216.34" and last.headers["host"] == "news.example"


def test_web_allow_private_fetches_private_urls_and_is_logged(caplog) -> None:
    rec = Recorder()
    with caplog.at_level("WARNING", logger="presslens.web"), make_client(WebConfig(allow_private=True),
                                                                          recorder=rec) as c:
        r = c.post("/api/analyze", json={"url": "http://intranet.example/page"})
        assert r.status_code == 200, r.text
    assert rec.requests and rec.requests[0].url.host == "10.0.0.7"
    assert any("allow_private is ON" in m for m in caplog.messages)


def test_web_fetch_failure_is_a_gateway_error_not_a_crash(guarded) -> None:
    client, _ = guarded
    assert_error(client.post("/api/analyze", json={"url": "http://news.example/missing"}), 502, "E012")
