"""Hardened inputs: body size limits and one JSON error shape for every 4xx/5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.middleware import JSON_MAX_BYTES, MULTIPART_OVERHEAD
from assistant.composition import Services
from tests.support.auth import bearer

UPLOAD_LIMIT = 2000


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


@pytest.fixture
def app(services: Services) -> FastAPI:
    services.settings.upload_max_bytes = UPLOAD_LIMIT
    built = create_app(services=services)

    @built.get("/test-only/boom")
    def boom() -> None:
        raise RuntimeError("an unexpected bug")

    return built


@pytest.fixture
def client(app: FastAPI, services: Services) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, headers=bearer(services)) as test_client:
        yield test_client


def test_unknown_route_and_static_file_are_404(client):
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")
    assert_error(client.get("/static/no-such-file.css"), 404, "not_found")


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/api/search")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["allow"]


def test_unhandled_error_is_500_without_internals(client):
    error = assert_error(client.get("/test-only/boom"), 500, "internal_error")
    assert "unexpected bug" not in json.dumps(error)


def test_invalid_json_and_wrong_types_are_422(client):
    headers = {"content-type": "application/json"}
    assert_error(
        client.post("/api/chat", content=b"{not json", headers=headers), 422, "validation_error"
    )
    assert_error(client.post("/api/chat", json={"message": ["a", "list"]}), 422, "validation_error")
    assert_error(client.get("/api/search", params={"q": "x", "k": "many"}), 422, "validation_error")


def test_chat_message_over_4000_characters_is_422(client):
    error = assert_error(
        client.post("/api/chat", json={"message": "a" * 4001}), 422, "validation_error"
    )
    assert error["details"][0]["loc"] == ["body", "message"]


def test_json_body_over_1_mib_is_413_by_content_length(client):
    body = json.dumps({"message": "x", "padding": "p" * JSON_MAX_BYTES}).encode()
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    error = assert_error(response, 413, "too_large")
    assert error["details"] == {"limit_bytes": JSON_MAX_BYTES}


def test_streamed_body_without_length_is_counted(client):
    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length header
        yield b'{"message": "x", "padding": "'
        for _ in range(20):
            yield b"p" * 65536
        yield b'"}'

    response = client.post(
        "/api/chat", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "too_large")


def test_json_body_just_under_the_limit_is_accepted_by_the_middleware(client):
    body = json.dumps({"message": "x" * 5000}).encode()  # too long for chat: 422, not 413
    assert_error(
        client.post("/api/chat", content=body, headers={"content-type": "application/json"}),
        422,
        "validation_error",
    )


def test_upload_over_the_limit_is_413(client):
    small_excess = {"file": ("big.md", b"# Big\n" + b"x" * UPLOAD_LIMIT)}
    assert_error(client.post("/api/documents", files=small_excess), 413, "too_large")
    far_over = {"file": ("huge.md", b"# Huge\n" + b"x" * (UPLOAD_LIMIT + MULTIPART_OVERHEAD))}
    error = assert_error(client.post("/api/documents", files=far_over), 413, "too_large")
    assert error["details"] == {"limit_bytes": UPLOAD_LIMIT + MULTIPART_OVERHEAD}


def test_upload_within_the_limit_is_ingested(client):
    document = b"# Small note\n\nSawdust goes to the pellet maker every week.\n"
    response = client.post("/api/documents", files={"file": ("note.md", document)})
    assert response.status_code == 201, response.text
    assert response.json()["doc_id"] == "note"


def test_upload_is_checked_by_content_not_extension(client):
    fake_pdf = {"file": ("report.pdf", b"# not a pdf at all\n\njust text")}
    response = client.post("/api/documents", files=fake_pdf)
    assert 400 <= response.status_code < 500
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_ids_past_the_database_range_are_422_not_500(client):
    huge = 2**63
    for path in (
        f"/api/companies/{huge}/flows",
        f"/api/pipeline/{huge}",
        f"/api/outreach/drafts/{huge}/export",
    ):
        assert_error(client.get(path), 422, "invalid_input")


def test_company_update_with_null_and_delete_with_flows(client, services: Services):
    from assistant.park import load_demo_park
    from tests.conftest import KNOWLEDGE

    load_demo_park(services.park, KNOWLEDGE / "parks" / "demo_park.json")
    company = client.get("/api/companies").json()[0]
    assert_error(
        client.put(f"/api/companies/{company['id']}", json={"confidential": None}),
        422,
        "invalid_input",
    )
    assert client.put(f"/api/companies/{company['id']}", json={"lat": None}).status_code == 200
    assert client.delete(f"/api/companies/{company['id']}").status_code == 204
    assert_error(client.get(f"/api/companies/{company['id']}"), 404, "not_found")
