"""Property-based tests of every endpoint's input handling: Hypothesis on the analyse endpoint, and
Schemathesis generating requests from the OpenAPI document (bounded numbers of examples so CI stays fast).

Whatever comes in, the service answers a documented status: never a 5xx, never a stack trace, and every
error in the one error shape. URL fetches go to the fake resolver and a mock transport (no traffic).
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.web import WebConfig, create_app
from presslens.web.models import ErrorResponse

from .conftest import Recorder, fake_resolver

ALLOWED = {200, 400, 401, 404, 405, 413, 415, 422, 429, 502, 503, 504}

APP = create_app(WebConfig(max_body_bytes=200_000, max_chars=20_000), transport=httpx.MockTransport(Recorder()),
                 resolver=fake_resolver, preload=False)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def app_client():
    from fastapi.testclient import TestClient

    with TestClient(APP, raise_server_exceptions=False) as c:
        yield c


def check(r: httpx.Response) -> None:
    assert r.status_code in ALLOWED, (r.status_code, r.text[:500])
    assert "Traceback" not in r.text
    if r.status_code != 200:
        ErrorResponse.model_validate(r.json())


texts = st.text(max_size=300)
bodies = st.one_of(
    st.fixed_dictionaries({"text": texts}),
    st.fixed_dictionaries({"html": texts}),
    st.fixed_dictionaries({"url": st.one_of(texts, st.from_regex(r"https?://[a-z0-9.:\[\]@%-]{0,40}/?[a-z]{0,8}",
                                                                 fullmatch=True))}),
    st.dictionaries(st.sampled_from(["text", "html", "url", "title", "include_text", "x"]),
                    st.one_of(st.none(), st.booleans(), st.integers(), texts), max_size=4),
    st.lists(st.integers(), max_size=3),
    st.none(),
)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_web_analyze_any_json_gets_a_documented_answer(app_client, body) -> None:
    check(app_client.post("/api/analyze", json=body))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), ctype=st.sampled_from(["application/json", "text/plain", "multipart/form-data",
                                                           "application/x-www-form-urlencoded", ""]))
def test_web_analyze_any_bytes_get_a_documented_answer(app_client, raw: bytes, ctype: str) -> None:
    check(app_client.post("/api/analyze", content=raw, headers={"content-type": ctype} if ctype else {}))
    r = app_client.post("/analyze", content=raw, headers={"content-type": ctype} if ctype else {})
    assert r.status_code in ALLOWED | {303, 403}, r.status_code


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ident=st.text(max_size=40), filename=st.text(max_size=60), data=st.binary(max_size=300))
def test_web_dossier_ids_and_uploads_never_crash(app_client, ident: str, filename: str, data: bytes) -> None:
    check(app_client.get("/api/dossiers/" + quote(ident, safe="")))
    check(app_client.post("/api/analyze/file", files={"file": (filename or "f", data, "application/octet-stream")}))


@SCHEMA.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_web_openapi_contract(case) -> None:
    """Schemathesis: generated requests get no 5xx, documented status codes and conforming bodies."""
    response = case.call()
    assert response.status_code in ALLOWED, (case.path, response.status_code, response.text[:300])
    excluded = [schemathesis.checks.positive_data_acceptance, schemathesis.checks.ignored_auth]
    if case.path == "/api/analyze/file":  # any bytes are a valid file ("null" included): nothing is "negative"
        excluded.append(schemathesis.checks.negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)
