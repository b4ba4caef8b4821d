"""Fixtures for the web service tests: in-process clients (no sockets), a fake resolver and transport."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")

import httpx
from fastapi.testclient import TestClient

from presslens.web import WebConfig, create_app

#: Names the fake resolver knows. Nothing else resolves, so no test can reach a real DNS server.
FAKE_DNS = {
    "news.example": ["93.184.216.34"],
    "intranet.example": ["10.0.0.7"],
    "metadata.example": ["169.254.169.254"],
    "v6loop.example": ["::1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "mixed.example": ["93.184.216.34", "192.168.1.1"],
    "cgnat.example": ["100.64.0.1"],
    "ula.example": ["fd00::1"],
}


def fake_resolver(host: str, port: int) -> list[str]:
    """Numeric hosts as the C library reads them (no network for those), names from FAKE_DNS only."""
    if host in FAKE_DNS:
        return FAKE_DNS[host]
    try:  # AI_NUMERICHOST: numeric spellings only (2130706433, 0177.0.0.1, 0x7f.1…), never a DNS query
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror as exc:
        raise OSError(f"fake resolver: unknown host {host!r}") from exc
    return [str(ipaddress.ip_address(i[4][0].split("%")[0])) for i in infos]


PAGE = (b"<html><head><title>Port report</title></head><body><article><h1>Port report</h1>"
        + b"<p>The harbour authority said on Monday that cargo volumes rose by 12 percent last year, "
        + b"according to figures it published.</p>" * 4 + b"</article></body></html>")


class Recorder:
    """An httpx transport that answers from a table and records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path.startswith("/redirect-to/"):
            return httpx.Response(302, headers={"location": "http://" + path[len("/redirect-to/"):]})
        if path == "/page":
            return httpx.Response(200, content=PAGE, headers={"content-type": "text/html; charset=utf-8"})
        return httpx.Response(404)


@pytest.fixture()
def recorder() -> Recorder:
    return Recorder()


def make_client(config: WebConfig | None = None, recorder: Recorder | None = None,
                raise_server_exceptions: bool = True) -> TestClient:
    rec = recorder or Recorder()
    app = create_app(config or WebConfig(), transport=httpx.MockTransport(rec), resolver=fake_resolver)
    return TestClient(app, raise_server_exceptions=raise_server_exceptions)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with make_client() as c:
        yield c


@pytest.fixture(scope="session")
def palmyra(palmyra_text: str) -> str:
    return palmyra_text
