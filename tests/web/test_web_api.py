"""The JSON API through FastAPI's TestClient: acceptance points, error shape, limits, token, headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from presslens.dossier.schema import validate
from presslens.web import WebConfig
from presslens.web.models import DossierDocument, ErrorResponse

from .conftest import make_client

SHORT = ("The harbour authority said on Monday that cargo volumes rose by 12 percent last year. "
         "Critics called the figures a clear sign of failure.")


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    ErrorResponse.model_validate(body)  # the one error shape
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


def test_web_healthz_answers_200_with_security_headers(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["pipeline_loaded"] is True
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp.split(
        "script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert "server" not in r.headers


def test_web_analyze_palmyra_answers_a_valid_dossier(client: TestClient, palmyra: str) -> None:
    r = client.post("/api/analyze", json={"text": palmyra})
    assert r.status_code == 200, r.text
    doc = r.json()
    validate(doc)  # the dossier JSON Schema, and every finding slices from the text
    DossierDocument.model_validate(doc)
    assert doc["article"]["text"] == palmyra.replace("\r\n", "\n") or doc["article"]["text"]
    labels = {f["label"] for f in doc["findings"]}
    assert "attribution.quote" in labels
    again = client.get(f"/api/dossiers/{doc['article']['id']}")
    assert again.status_code == 200 and again.json()["findings"] == doc["findings"]
    no_text = client.get(f"/api/dossiers/{doc['article']['id']}", params={"include_text": "false"}).json()
    assert "text" not in no_text["article"]
    validate(no_text)


def test_web_analyze_loopback_url_refused_with_ssrf_reason(client: TestClient) -> None:
    body = assert_error(client.post("/api/analyze", json={"url": "http://127.0.0.1:9/x"}), 400, "E010")
    assert body["error"] == "BlockedURL" and "loopback" in body["message"]


def test_web_analyze_html_and_upload(client: TestClient) -> None:
    html = f"<html><head><title>Harbour</title></head><body><article><p>{SHORT}</p><p>{SHORT}</p></article></body></html>"
    r = client.post("/api/analyze", json={"html": html})
    assert r.status_code == 200, r.text
    assert r.json()["article"]["input_format"] == "html"
    r = client.post("/api/analyze/file", files={"file": ("story.txt", SHORT.encode(), "text/plain")})
    assert r.status_code == 200, r.text
    assert r.json()["article"]["origin"] == "upload:story.txt"
    assert_error(client.post("/api/analyze/file", files={"file": ("x.bin", b"\x00\x01\x02" * 100, "application/x")}),
                 422, "E002")


@pytest.mark.parametrize(
    ("body", "why"),
    [({}, "none"), ({"text": "a", "url": "http://x.example/"}, "text, url"), ({"text": 3}, "text"),
     ({"text": "x", "extra": 1}, "extra")],
)
def test_web_analyze_bad_requests_get_422_with_reason(client: TestClient, body: dict, why: str) -> None:
    err = assert_error(client.post("/api/analyze", json=body), 422, "E081")
    assert err["errors"] and why in err["message"]


def test_web_errors_share_one_shape(client: TestClient) -> None:
    assert_error(client.get("/api/dossiers/0123456789abcdef"), 404, "E082")
    assert_error(client.get("/api/dossiers/not-an-id"), 422, "E081")
    assert_error(client.get("/no/such/path"), 404, "E087")
    assert_error(client.delete("/api/analyze"), 405, "E081")
    assert_error(client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}),
                 422, "E081")
    assert_error(client.post("/api/analyze", json={"text": "   \n  "}), 422, "E001")


def test_web_request_size_limits() -> None:
    with make_client(WebConfig(max_body_bytes=10_000, max_chars=2_000)) as c:
        assert_error(c.post("/api/analyze", json={"text": "x " * 10_000}), 413, "E080")
        # chunked upload without a Content-Length is cut while it streams
        def chunks():
            for _ in range(20):
                yield b"a" * 1000
        assert_error(c.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"}),
                     413, "E080")
        assert_error(c.post("/api/analyze", json={"text": "word " * 500}), 413, "E007")


def test_web_token_required_on_analyse_when_configured(palmyra: str) -> None:
    with make_client(WebConfig(token="s3cret-token")) as c:
        assert_error(c.post("/api/analyze", json={"text": SHORT}), 401, "E085")
        assert_error(c.post("/api/analyze", json={"text": SHORT}, headers={"Authorization": "Bearer wrong"}),
                     401, "E085")
        r = c.post("/api/analyze", json={"text": SHORT}, headers={"Authorization": "Bearer s3cret-token"})
        assert r.status_code == 200
        assert c.get("/healthz").status_code == 200  # reads stay open
        # the form needs it too
        page = c.post("/analyze", data={"text": SHORT}, follow_redirects=False)
        assert page.status_code == 401 and "E085" in page.text


def test_web_unexpected_error_is_500_without_stack_trace() -> None:
    with make_client(raise_server_exceptions=False) as c:
        state = c.app.state.presslens

        class Broken:
            def analyze(self, article):
                raise RuntimeError("secret internal detail /etc/passwd")

        state.pipeline = Broken()
        r = c.post("/api/analyze", json={"text": SHORT})
        body = assert_error(r, 500, "E088")
        assert "secret internal detail" not in r.text and "RuntimeError" in body["message"]


def test_web_openapi_lists_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/analyze", "/api/analyze/file", "/api/dossiers/{dossier_id}", "/healthz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/analyze" in docs.text and "<script>" not in docs.text
