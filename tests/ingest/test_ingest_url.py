"""URL fetching: the SSRF guard, redirects, size and content-type limits, timeouts, a real local server."""

from __future__ import annotations

import gzip
import ipaddress
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from presslens.config import FetchSettings
from presslens.errors import BlockedURL, FetchError, FetchTimeout, ResponseTooLarge
from presslens.ingest import fetch_url
from presslens.ingest.url import blocked_reason, check_host

DATA = Path(__file__).parent / "data"
PARAGRAPH = (DATA / "paragraph.txt").read_text(encoding="utf-8").strip()


def long_text(paragraphs: int = 4) -> str:
    """An English article of ``paragraphs`` ~50-word paragraphs separated by blank lines."""
    return "\n\n".join([PARAGRAPH] * paragraphs)


PUBLIC = "93.184.216.34"
HOSTS = {
    "news.example": [PUBLIC],
    "cdn.example": ["2606:2800:220:1:248:1893:25c8:1946"],
    "evil.example": ["127.0.0.1"],
    "mixed.example": [PUBLIC, "10.1.2.3"],
    "meta.example": ["169.254.169.254"],
}
PAGE = (
    "<html><head><title>Buses</title><meta property='og:site_name' content='Example News'></head><body>"
    "<article><h1>Buses</h1>"
    + "".join(f"<p>{p}</p>" for p in long_text().split("\n\n"))
    + "</article></body></html>"
)


def resolver(host: str, port: int) -> list[str]:
    if host in HOSTS:
        return HOSTS[host]
    ipaddress.ip_address(host)  # literals resolve to themselves; anything else is unknown
    return [host]


def fetch(url: str, handler: Callable[[httpx.Request], httpx.Response], **settings: object):  # type: ignore[no-untyped-def]
    return fetch_url(
        url, FetchSettings(**settings), transport=httpx.MockTransport(handler), resolver=resolver
    )  # type: ignore[arg-type]


def html_ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE.encode())


# --------------------------------------------------------------------------------------------- the guard


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.8", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "not a public"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("::127.0.0.1", "loopback"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a00:1", "NAT64"),
    ],
)
def test_non_public_addresses_are_blocked(address: str, kind: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(address))
    assert reason is not None and kind in reason


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/admin",
        "http://2130706433/",  # decimal 127.0.0.1
        "http://0x7f000001/",  # hex
        "http://0177.0.0.1/",  # octal
        "http://127.1/",  # short form
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "https://[fe80::1]/",
    ],
)
def test_local_urls_refused_with_system_resolver(url: str) -> None:
    # No request is ever made: the address check fails first (no network needed).
    with pytest.raises(BlockedURL) as info:
        fetch_url(url, FetchSettings(), transport=httpx.MockTransport(html_ok))
    assert info.value.code == "E010"
    assert "allow_private" in str(info.value) or "not a valid URL" in str(info.value)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://news.example/a.txt", "gopher://x/", "http:///nohost"]
)
def test_other_schemes_and_hostless_urls_refused(url: str) -> None:
    with pytest.raises(BlockedURL):
        fetch(url, html_ok)


def test_any_blocked_address_among_several_refuses_the_host() -> None:
    with pytest.raises(BlockedURL, match=r"10\.1\.2\.3"):
        check_host("mixed.example", 80, allow_private=False, resolver=resolver)
    assert check_host("mixed.example", 80, allow_private=True, resolver=resolver) == [PUBLIC, "10.1.2.3"]


# ------------------------------------------------------------------------------------------- fetching


def test_fetch_pins_the_checked_address_and_extracts() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return html_ok(request)

    a = fetch("http://news.example/story?id=1", handler)
    assert seen[0].url.host == PUBLIC  # connected to the checked address...
    assert seen[0].headers["host"] == "news.example"  # ...for the requested host
    assert a.input_format == "url"
    assert a.origin == "http://news.example/story?id=1"
    assert a.url == "http://news.example/story?id=1" and a.domain == "news.example"
    assert a.outlet == "Example News" and a.title == "Buses"
    assert "city council voted" in a.text


def test_fetch_ipv6_host_and_plain_text() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == HOSTS["cdn.example"][0]
        assert request.extensions["sni_hostname"] == "cdn.example"  # TLS still checks the name, not the IP
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=long_text().encode())

    a = fetch("https://cdn.example/a.txt", handler)
    assert a.text == long_text() and a.input_format == "url"


def test_redirects_followed_and_rechecked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        host = request.headers["host"]
        if host == "news.example" and request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        if host == "news.example" and request.url.path == "/new":
            return html_ok(request)
        if request.url.path == "/to-evil":
            return httpx.Response(302, headers={"location": "http://evil.example/internal"})
        if request.url.path == "/to-literal":
            return httpx.Response(307, headers={"location": "http://[::ffff:169.254.169.254]/"})
        if request.url.path == "/loop":
            return httpx.Response(302, headers={"location": "/loop"})
        raise AssertionError(f"unexpected request {request.url} for {host}")

    assert fetch("http://news.example/old", handler).url == "http://news.example/new"
    with pytest.raises(BlockedURL, match="loopback"):
        fetch("http://news.example/to-evil", handler)
    with pytest.raises(BlockedURL, match="link-local"):
        fetch("http://news.example/to-literal", handler)
    with pytest.raises(FetchError, match="more than 3 redirects") as info:
        fetch("http://news.example/loop", handler, max_redirects=3)
    assert info.value.code == "E012"


def test_size_cap_declared_and_streamed() -> None:
    def declared(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 5000)

    def streamed(request: httpx.Request) -> httpx.Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(100):
                yield b"<p>" + b"y" * 1000 + b"</p>"

        return httpx.Response(200, headers={"content-type": "text/html"}, content=chunks())

    for handler in (declared, streamed):
        with pytest.raises(ResponseTooLarge) as info:
            fetch("http://news.example/big", handler, max_bytes=4096)
        assert info.value.code == "E013"


def test_gzip_body_decoded_and_capped() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = PAGE.encode() if request.url.path == "/small" else b"<p>" + b"z" * 200_000 + b"</p>"
        headers = {"content-type": "text/html", "content-encoding": "gzip"}
        return httpx.Response(
            200, headers=headers, content=iter([gzip.compress(body)])
        )  # streamed, like a socket

    assert fetch("http://news.example/small", handler).title == "Buses"
    with pytest.raises(ResponseTooLarge):  # compresses to ~1 KB, decodes past the cap
        fetch("http://news.example/bomb", handler, max_bytes=50_000)


@pytest.mark.parametrize(
    "ctype", ["application/pdf", "image/png", "application/json", "application/octet-stream"]
)
def test_content_type_refused(ctype: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": ctype}, content=b"%PDF-1.4")

    with pytest.raises(FetchError) as info:
        fetch("http://news.example/file", handler)
    assert info.value.code == "E014" and ctype in str(info.value)


def test_http_errors_and_timeouts() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/slow":
            raise httpx.ReadTimeout("timed out", request=request)
        if request.url.path == "/refused":
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(404, content=b"not here")

    with pytest.raises(FetchTimeout) as t:
        fetch("http://news.example/slow", handler, timeout=2.5)
    assert t.value.code == "E011" and "2.5" in str(t.value)
    with pytest.raises(FetchError, match="HTTP 404") as e:
        fetch("http://news.example/missing", handler)
    assert e.value.code == "E012"
    with pytest.raises(FetchError, match="connection refused"):
        fetch("http://news.example/refused", handler)


def test_unresolvable_host_is_a_fetch_error() -> None:
    def bad_resolver(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(FetchError, match="could not be resolved") as info:
        fetch_url(
            "http://nowhere.invalid/",
            FetchSettings(),
            transport=httpx.MockTransport(html_ok),
            resolver=bad_resolver,
        )
    assert info.value.code == "E012"


# ------------------------------------------------------------------------------------ a real local server


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        body = PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_local_server_fetched_only_with_allow_private(local_server: str) -> None:
    a = fetch_url(local_server + "/redirect", FetchSettings(allow_private=True, timeout=5))
    assert a.title == "Buses" and "city council voted" in a.text
    assert a.url == local_server + "/article"
    with pytest.raises(BlockedURL) as info:
        fetch_url(local_server + "/article", FetchSettings(timeout=5))
    assert "loopback" in str(info.value)
