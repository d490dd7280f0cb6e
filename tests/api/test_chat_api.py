"""Chat over HTTP on the demo park: JSON, Server-Sent Events, conversations, feedback."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.api.test_search_api import _assert_error
from tests.support.auth import bearer


@pytest.fixture(scope="module")
def park_client(park_services):
    with TestClient(create_app(services=park_services), headers=bearer(park_services)) as client:
        yield client


def test_chat_returns_the_contract(park_client):
    body = park_client.post(
        "/api/chat", json={"message": "We have 2,400 t of sawdust a year, who can use it?"}
    ).json()
    assert {
        "conversation_id",
        "answer",
        "language",
        "intent",
        "citations",
        "synergies",
        "trace",
    } <= set(body)
    assert body["language"] == "en" and body["intent"] == "byproduct_reuse"
    assert body["synergies"] and body["synergies"][0]["benefit"]["eur_per_year"] > 0
    for citation in body["citations"]:
        assert {"n", "doc_id", "title", "section", "sources", "text"} <= set(citation)


def test_follow_up_through_the_api_and_the_stored_conversation(park_client):
    first = park_client.post("/api/chat", json={"message": "kur likt koksnes pelnus?"}).json()
    second = park_client.post(
        "/api/chat",
        json={
            "message": "un kādi ir juridiskie soļi?",
            "conversation_id": first["conversation_id"],
        },
    )
    assert second.json()["intent"] == "regulation" and second.json()["language"] == "lv"
    stored = park_client.get(f"/api/conversations/{first['conversation_id']}").json()
    assert [m["role"] for m in stored["messages"]] == ["user", "assistant"] * 2
    assert stored["messages"][1]["trace"]["rewrite"]["intents"][0] == "byproduct_reuse"
    listed = park_client.get("/api/conversations").json()
    assert first["conversation_id"] in {c["id"] for c in listed}


def _events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_stream_sends_meta_deltas_and_the_final_answer(park_client):
    response = park_client.post(
        "/api/chat/stream", json={"message": "When is a residue a by-product?"}
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    assert events[0][0] == "meta" and events[-1][0] == "done"
    streamed = "".join(data["text"] for name, data in events if name == "delta")
    assert streamed == events[-1][1]["answer"]


def test_feedback(park_client):
    answer = park_client.post("/api/chat", json={"message": "ko tu proti?"}).json()
    ok = park_client.post(
        f"/api/messages/{answer['message_id']}/feedback",
        json={"rating": "up", "comment": "noderīgi"},
    )
    assert ok.status_code == 201 and ok.json()["rating"] == "up"
    _assert_error(
        park_client.post("/api/messages/nope/feedback", json={"rating": "up"}), 404, "not_found"
    )
    _assert_error(
        park_client.post(f"/api/messages/{answer['message_id']}/feedback", json={"rating": "meh"}),
        422,
        "validation_error",
    )


@pytest.mark.parametrize(
    "body",
    [
        {"message": ""},
        {},
        {"message": "x" * 4001},
        {"message": "hi", "lang": "de"},
        {"message": 42},
    ],
)
def test_bad_chat_requests(park_client, body):
    _assert_error(park_client.post("/api/chat", json=body), 422, "validation_error")


def test_unknown_conversation(park_client):
    _assert_error(
        park_client.post("/api/chat", json={"message": "hi", "conversation_id": "missing"}),
        404,
        "not_found",
    )
    _assert_error(park_client.get("/api/conversations/missing"), 404, "not_found")
