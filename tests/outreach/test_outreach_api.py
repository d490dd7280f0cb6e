"""HTTP: /api/outreach/drafts — create, read, edit, list, export; one JSON error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.deals.parks import PELLETS, SAW
from tests.support.auth import bearer


@pytest.fixture
def client(park):
    with TestClient(create_app(services=park), headers=bearer(park)) as test_client:
        yield test_client


BODY = {
    "source": SAW,
    "target": PELLETS,
    "material": "miza",
    "lang": "lv",
    "channel": "letter",
    "tone": "formal",
}


def test_create_read_edit_list_and_export(client):
    created = client.post("/api/outreach/drafts", json=BODY)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert {"id", "subject", "body", "language", "synergy_id", "facts_used"} <= set(draft)
    assert draft["target"] == PELLETS and "\nPar " in draft["body"]  # subject line, no colon
    did = draft["id"]
    assert client.get(f"/api/outreach/drafts/{did}").json()["body"] == draft["body"]
    edited = client.put(f"/api/outreach/drafts/{did}", json={"subject": "Zāģētavas miza"})
    assert edited.status_code == 200
    assert edited.json()["version"] == 2 and edited.json()["subject"] == "Zāģētavas miza"
    assert [d["id"] for d in client.get("/api/outreach/drafts").json()] == [did]
    eml = client.get(f"/api/outreach/drafts/{did}/export", params={"format": "eml"})
    assert eml.headers["content-type"] == "message/rfc822"
    assert "attachment" in eml.headers["content-disposition"]
    txt = client.get(f"/api/outreach/drafts/{did}/export", params={"format": "txt"})
    assert txt.content.decode("utf-8").startswith("Temats: Zāģētavas miza\n\n")


def test_errors_use_the_single_json_shape(client):
    unknown = client.post("/api/outreach/drafts", json={**BODY, "target": "SIA Nav"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "invalid_input"
    assert "unknown company 'SIA Nav'" in unknown.json()["error"]["message"]
    language = client.post("/api/outreach/drafts", json={**BODY, "lang": "ru"})
    assert language.json()["error"]["message"] == "unsupported language 'ru' (use lv or en)"
    missing = client.get("/api/outreach/drafts/42")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    bad = client.get("/api/outreach/drafts/42/export", params={"format": "pdf"})
    assert bad.status_code == 422
    assert client.get("/api/outreach/drafts").json() == []
    assert client.get("/api/pipeline").json() == []
