"""Access over HTTP with real users and tokens: 401 without credentials, 403 for a role that
may not, company users editing only their own company, and leak probes on every surface."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.auth.parks import HIDDEN, OUTSIDER, PELLETS, SAW, SECRET, leaks, load

PROTECTED = [
    ("GET", "/api/me"),
    ("GET", "/api/search?q=sawdust"),
    ("GET", "/api/companies"),
    ("GET", "/api/companies/export"),
    ("GET", "/api/synergies"),
    ("POST", "/api/chat"),
    ("GET", "/api/conversations"),
    ("GET", "/v1/models"),
    ("POST", "/v1/chat/completions"),
    ("GET", "/api/documents"),
    ("GET", "/api/outreach/drafts"),
    ("GET", "/api/pipeline"),
    ("GET", "/api/impact/totals"),
    ("GET", "/api/taxonomy/suggest?text=sawdust"),
    ("GET", "/api/users"),
    ("GET", "/api/audit"),
]


@dataclass
class Park:
    client: TestClient
    ids: dict[str, int]
    tokens: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who: str, path: str, **kwargs):
        return self.client.get(path, headers=self.as_(who), **kwargs)

    def post(self, who: str, path: str, **kwargs):
        return self.client.post(path, headers=self.as_(who), **kwargs)


@pytest.fixture
def park(services):
    viewers = load(services)
    users = {
        "admin": ("admin", None),
        "facilitator": ("facilitator", None),
        "municipal": ("municipal", None),
        "outsider": ("company", OUTSIDER),
        "taker": ("company", PELLETS),
        "saw": ("company", SAW),
        "secret": ("company", SECRET),
    }
    tokens = {
        who: services.auth.create_user(f"user-{who}", role, company).token
        for who, (role, company) in users.items()
    }
    with TestClient(create_app(services=services)) as client:
        yield Park(client, viewers.ids, tokens)


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_api_route_needs_a_token(park, method, path):
    response = park.client.request(method, path, json={})
    _error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_health_checks_and_the_openapi_page_are_open(park):
    for path in ("/healthz", "/readyz", "/docs", "/openapi.json"):
        assert park.client.get(path).status_code == 200, path


def test_a_wrong_malformed_or_revoked_token_is_refused(park, services):
    _error(
        park.client.get("/api/me", headers={"Authorization": "Bearer simb_nope"}),
        401,
        "unauthorized",
    )
    _error(
        park.client.get("/api/me", headers={"Authorization": f"Token {park.tokens['saw']}"}),
        401,
        "unauthorized",
    )
    assert park.get("saw", "/api/me").json()["role"] == "company"
    assert services.auth.revoke("user-saw") == 1
    _error(park.get("saw", "/api/me"), 401, "unauthorized")


@pytest.mark.parametrize(
    ("who", "method", "path"),
    [
        ("saw", "GET", "/api/pipeline"),
        ("saw", "GET", "/api/outreach/drafts"),
        ("saw", "GET", "/api/impact/totals"),
        ("saw", "GET", "/api/users"),
        ("saw", "GET", "/api/audit"),
        ("municipal", "GET", "/api/pipeline"),
        ("municipal", "GET", "/api/outreach/drafts"),
        ("municipal", "POST", "/api/companies"),
        ("facilitator", "GET", "/api/users"),
        ("municipal", "DELETE", "/api/documents/x"),
        ("saw", "POST", "/api/companies/import"),
    ],
)
def test_a_role_that_may_not_gets_403(park, who, method, path):
    response = park.client.request(method, path, headers=park.as_(who), json={})
    _error(response, 403, "forbidden")


def test_municipal_staff_read_the_totals_and_search(park):
    assert park.get("municipal", "/api/impact/totals").status_code == 200
    assert park.get("municipal", "/api/search", params={"q": "zāģskaidas"}).status_code == 200


def test_a_company_user_edits_only_its_own_company(park):
    own, other = park.ids[SAW], park.ids[PELLETS]
    changed = park.client.patch(
        f"/api/companies/{own}",
        headers=park.as_("saw"),
        json={"description": "Sawmill, two shifts"},
    )
    assert changed.status_code == 200 and changed.json()["description"] == "Sawmill, two shifts"
    _error(
        park.client.patch(
            f"/api/companies/{other}", headers=park.as_("saw"), json={"description": "taken over"}
        ),
        403,
        "forbidden",
    )
    flow = {"direction": "output", "material": "miza", "quantity": 5, "unit": "t/year"}
    _error(park.post("saw", f"/api/companies/{other}/flows", json=flow), 403, "forbidden")
    assert park.post("saw", f"/api/companies/{own}/flows", json=flow).status_code == 201
    _error(park.client.delete(f"/api/companies/{own}", headers=park.as_("saw")), 403, "forbidden")
    assert park.get("facilitator", f"/api/companies/{other}").json()["description"] == ""


QUESTIONS = [
    "Kas ir Slepenā Siltumnīca un cik siltuma tai vajag?",
    "How much sawdust does SIA Atklātā Zāģētava have?",
    "Kam parkā vajag siltumu siltumnīcu apsildei?",
    "Who can use zāģskaidas? We have 14000 t a year.",
    "Which synergies does the park have?",
    "Uzraksti vēstuli SIA Siltumtīkls par siltuma piegādi siltumnīcai",
    "Who needs low temperature heat in the park, and how much?",
]


def _everything_seen_by(park: Park, who: str) -> dict[str, str]:
    ids = park.ids
    seen = {
        path: park.get(who, path).text
        for path in (
            "/api/companies",
            f"/api/companies/{ids[SECRET]}",
            f"/api/companies/{ids[SAW]}",
            f"/api/companies/{ids[SAW]}/flows",
            "/api/companies/export",
            "/api/companies/export?format=csv",
            "/api/synergies",
            f"/api/synergies?company_id={ids[PELLETS]}",
            f"/api/synergies?company_id={ids[SAW]}",
            f"/api/synergies?company_id={ids[SECRET]}",
        )
    }
    for q in ("Slepenā Siltumnīca", "zāģskaidas 1234", "siltumnīca siltums", "Secret greenhouse"):
        seen[f"search {q}"] = park.get(who, "/api/search", params={"q": q, "k": 20}).text
    for question in QUESTIONS:  # the asker's own words come back in the trace: not a leak
        chat = park.post(who, "/api/chat", json={"message": question}).text
        seen[f"chat {question}"] = _untimed(chat.replace(question, ""))
        seen[f"v1 {question}"] = _untimed(
            park.post(
                who,
                "/v1/chat/completions",
                json={"model": "simbioze", "messages": [{"role": "user", "content": question}]},
            ).text
        )
    return seen


def _untimed(text: str) -> str:
    """Without the answer's run time: a slow machine's "elapsed_ms": 1234.5 reads as the
    hidden 1234 t (a false alarm seen once in CI under PostgreSQL)."""
    return re.sub(r'"elapsed_ms":\s*[\d.]+', '"elapsed_ms": 0', text)


@pytest.mark.parametrize("who", ["outsider", "taker", "municipal"])
def test_no_surface_leaks_a_confidential_name_or_quantity(park, who):
    for surface, text in _everything_seen_by(park, who).items():
        assert '"error"' not in text[:20], (surface, text[:300])
        assert leaks(text) == [], (who, surface)


def test_the_probes_would_see_a_leak(park):
    """The same probes find the hidden data where it may be shown: the test can fail."""
    staff = " ".join(_everything_seen_by(park, "facilitator").values())
    assert set(leaks(staff, words=(SECRET,))) >= {SECRET, *map(str, HIDDEN)}
    own = park.get("saw", f"/api/companies/{park.ids[SAW]}/flows").text
    assert leaks(own, numbers=(1234,), words=()) == ["1234"]


def test_a_conversation_is_private_to_its_owner(park):
    started = park.post("saw", "/api/chat", json={"message": "Kur likt zāģskaidas?"}).json()
    cid = started["conversation_id"]
    assert park.get("saw", f"/api/conversations/{cid}").status_code == 200
    _error(park.get("taker", f"/api/conversations/{cid}"), 404, "not_found")
    _error(
        park.post("taker", "/api/chat", json={"message": "un juridiski?", "conversation_id": cid}),
        404,
        "not_found",
    )
    _error(
        park.post(
            "taker", f"/api/messages/{started['message_id']}/feedback", json={"rating": "down"}
        ),
        404,
        "not_found",
    )
    assert cid not in park.get("taker", "/api/conversations").text
    assert cid in park.get("saw", "/api/conversations").text
    assert park.get("facilitator", f"/api/conversations/{cid}").status_code == 200


def test_changes_are_audited_with_who_made_them(park):
    own = park.ids[SAW]
    park.client.patch(
        f"/api/companies/{own}",
        headers=park.as_("saw"),
        json={"description": "Sawmill with a dryer"},
    )
    park.post(
        "admin",
        "/api/users",
        json={"name": "Jana", "role": "facilitator", "password": "correct horse battery"},
    )
    log = park.get("facilitator", "/api/audit", params={"entity": "company"}).json()
    change = next(e for e in log if e["entity_id"] == str(own))
    assert change["actor"] == "company:user-saw" and change["action"] == "update"
    assert change["changes"]["description"]["to"] == "Sawmill with a dryer"
    users = park.get("admin", "/api/audit", params={"entity": "user"}).json()
    created = next(e for e in users if e["summary"] == "user Jana")
    assert created["actor"] == "admin:user-admin"
    assert "argon2" not in str(created) and created["changes"]["password_hash"] == "(set)"
