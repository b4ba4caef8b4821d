"""Overload through a live uvicorn: beyond ``max_open_requests`` the service answers its own JSON 503 (E083,
``Retry-After``), not uvicorn's plain-text 503, and it serves again once the load is gone."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest

uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install -e '.[web]')")

from presslens.web import WebConfig, create_app  # noqa: E402
from presslens.web.serve import uvicorn_options  # noqa: E402

LIMIT = 2


@pytest.fixture()
def live_port() -> Iterator[int]:
    config = WebConfig(max_open_requests=LIMIT)
    app = create_app(config, preload=False)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on", **uvicorn_options(config)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


def _request(port: int, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
        c.sendall(raw)
        data = b""
        while chunk := c.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _hold_request(port: int) -> socket.socket:
    """A request whose body never finishes arriving: it stays open inside the app."""
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    c.sendall(b"POST /api/analyze HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000\r\n\r\n{\"text\": ")
    return c


GET_HEALTH = b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"


def test_web_overload_answers_the_services_json_503_with_retry_after(live_port: int) -> None:
    held = [_hold_request(live_port) for _ in range(LIMIT)]
    try:
        time.sleep(0.3)  # let both requests reach the app
        status, headers, body = _request(live_port, GET_HEALTH)
        assert status == 503
        assert headers["content-type"].startswith("application/json")
        assert int(headers["retry-after"]) >= 1
        assert headers["x-content-type-options"] == "nosniff" and "server" not in headers
        doc = json.loads(body)
        assert doc["ok"] is False and doc["status"] == 503 and doc["code"] == "E083"
        assert doc["error"] == "ServiceError" and f"limit {LIMIT}" in doc["message"]
    finally:
        for c in held:
            c.close()
    deadline = time.monotonic() + 10
    while True:  # the held requests end when their clients go: the service answers again
        status, _, body = _request(live_port, GET_HEALTH)
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status == 200 and json.loads(body)["presslens"]


def test_web_overload_browser_gets_the_error_page(live_port: int) -> None:
    held = [_hold_request(live_port) for _ in range(LIMIT)]
    try:
        time.sleep(0.3)
        status, headers, body = _request(
            live_port, b"GET / HTTP/1.1\r\nHost: t\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
        assert status == 503 and headers["content-type"].startswith("text/html") and b"E083" in body
        assert headers["retry-after"] and headers["content-security-policy"]
    finally:
        for c in held:
            c.close()


def test_web_overload_uvicorn_backstop_sits_above_the_apps_limit() -> None:
    config = WebConfig(max_open_requests=10)
    assert uvicorn_options(config)["limit_concurrency"] > config.max_open_requests
    with pytest.raises(ValueError):
        WebConfig(max_open_requests=0)
