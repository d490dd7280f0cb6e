"""HTTP: /api/pipeline — list with filters, create, read, next action, move, notes."""

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


def test_pipeline_over_http(client):
    created = client.post(
        "/api/pipeline", json={"source": SAW, "target": PELLETS, "material": "miza"}
    )
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    patched = client.patch(
        f"/api/pipeline/{sid}",
        json={"next_action": "Call the director", "next_action_due": "2026-12-01"},
    )
    assert patched.json()["next_action_due"] == "2026-12-01"
    moved = client.post(f"/api/pipeline/{sid}/move", json={"stage": "pilot", "by": "Jānis"})
    assert moved.json()["stage"] == "pilot"
    assert moved.json()["events"][-1] | {"at": None} == {
        "from_stage": "identified",
        "to_stage": "pilot",
        "reopen": False,
        "reason": "",
        "by": "Jānis",
        "at": None,
    }
    noted = client.post(f"/api/pipeline/{sid}/notes", json={"text": "Met them", "contact": True})
    assert noted.status_code == 201 and noted.json()["notes"][0]["contact"] is True
    assert [s["id"] for s in client.get("/api/pipeline", params={"stage": "pilot"}).json()] == [sid]
    assert client.get("/api/pipeline", params={"stage": "meeting"}).json() == []
    assert client.get(f"/api/pipeline/{sid}").json()["stage"] == "pilot"


def test_stage_rule_errors_over_http(client):
    sid = client.post(
        "/api/pipeline", json={"source": SAW, "target": PELLETS, "material": "miza"}
    ).json()["id"]
    client.post(f"/api/pipeline/{sid}/move", json={"stage": "meeting"})
    back = client.post(f"/api/pipeline/{sid}/move", json={"stage": "identified"})
    assert back.status_code == 409 and back.json()["error"]["code"] == "conflict"
    drop = client.post(f"/api/pipeline/{sid}/move", json={"stage": "dropped"})
    assert drop.status_code == 422
    assert drop.json()["error"]["message"] == "dropping a synergy needs a reason"
    reopened = client.post(
        f"/api/pipeline/{sid}/move",
        json={"stage": "identified", "reopen": True, "reason": "start over"},
    )
    assert reopened.status_code == 200 and reopened.json()["stage"] == "identified"
    assert client.get("/api/pipeline/999").status_code == 404
    duplicate = client.post(
        "/api/pipeline", json={"source": SAW, "target": PELLETS, "material": "miza"}
    )
    assert duplicate.status_code == 409
