"""Web sign-in: the redirect, the password check, the session cookie, CSRF on every change,
roles on the dashboard, safe redirects, sign-out and the attempt limit (real SQLite)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.auth_deps import SESSION_COOKIE
from assistant.composition import Services
from assistant.config import Settings
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.support.auth import PASSWORD

NAME = "Anna Kalniņa"


@pytest.fixture
def client(services: Services):
    services.auth.create_user(NAME, "facilitator", password=PASSWORD)
    with TestClient(
        create_app(services=services), follow_redirects=False, base_url="https://testserver"
    ) as test_client:  # the cookie is Secure
        yield test_client


def sign_in(
    client: TestClient,
    name: str = NAME,
    password: str = PASSWORD,
    next_path: str = "/",
    **headers: str,
):
    return client.post(
        "/login", data={"name": name, "password": password, "next": next_path}, headers=headers
    )


def csrf_of(client: TestClient) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/").text)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def test_a_page_without_a_session_goes_to_the_sign_in_page(client):
    for path, target in (
        ("/", "/login?next=/"),
        ("/dashboard/companies?open=1", "/login?next=/dashboard/companies%3Fopen%3D1"),
    ):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == target
    page = client.get("/login?lang=en")
    assert page.status_code == 200 and 'name="password"' in page.text
    assert 'name="csrf-token"' not in page.text and "Sign out" not in page.text


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client):
    for name, password in ((NAME, "wrong password!"), ("nobody", PASSWORD)):
        response = sign_in(client, name, password)
        assert response.status_code == 401 and SESSION_COOKIE not in response.cookies
        assert "Nepareizs vārds vai parole" in response.text
    assert client.get("/api/me").status_code == 401


def test_signing_in_sets_a_safe_cookie_and_returns_to_the_page(client):
    response = sign_in(client, next_path="/dashboard/pipeline")
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/pipeline"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower() and "Secure" in cookie
    me = client.get("/api/me").json()
    assert me == {"name": NAME, "role": "facilitator", "company_id": None}
    assert NAME in client.get("/").text


def test_every_change_through_the_cookie_needs_the_csrf_token(client):
    sign_in(client)
    question = {"message": "When is a production residue a by-product?"}
    refused = client.post("/api/chat", json=question)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    forged = client.post("/api/chat", json=question, headers={"X-CSRF-Token": "guess"})
    assert forged.status_code == 403
    allowed = client.post("/api/chat", json=question, headers={"X-CSRF-Token": csrf_of(client)})
    assert allowed.status_code == 200 and allowed.json()["answer"]
    assert client.get("/api/conversations").status_code == 200  # reads need no token


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil", ""])
def test_next_never_leads_to_another_site(client, target):
    response = sign_in(client, next_path=target)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_a_sign_in_form_posted_from_another_site_is_refused(client):
    response = sign_in(client, origin="https://evil.example")
    assert response.status_code == 403 and SESSION_COOKIE not in response.cookies
    assert sign_in(client, origin="http://testserver").status_code == 303


def test_a_company_user_gets_the_chat_but_not_the_dashboard(client, services):
    services.auth.create_user("Jānis", "municipal", password=PASSWORD)
    sign_in(client, "Jānis")
    assert client.get("/").status_code == 200
    assert 'href="/dashboard"' not in client.get("/").text
    refused = client.get("/dashboard?lang=en")
    assert refused.status_code == 403 and "Not for your role" in refused.text


def test_signing_out_ends_the_session_only_with_the_csrf_token(client):
    sign_in(client)
    token = csrf_of(client)
    client.post("/logout", data={"csrf": "forged"})
    assert client.get("/api/me").status_code == 200
    response = client.post("/logout", data={"csrf": token})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.get("/api/me").status_code == 401


def test_a_revoked_user_is_signed_out_of_the_web_too(client, services):
    sign_in(client)
    services.auth.revoke(NAME, disable=True)
    assert client.get("/api/me").status_code == 401
    assert client.get("/").status_code == 303
    assert sign_in(client).status_code == 401


def test_sign_in_attempts_are_limited_per_address(tmp_path):
    settings = Settings(
        data_dir=tmp_path / "d",
        embedding_backend="hash",
        login_attempts_per_minute=3,
        _env_file=None,
    )  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    built.auth.create_user(NAME, "facilitator", password=PASSWORD)
    with TestClient(create_app(services=built), follow_redirects=False) as test_client:
        codes = [sign_in(test_client, password="wrong password!").status_code for _ in range(3)]
        assert codes == [401, 401, 401]
        limited = sign_in(test_client)  # even the right password waits
        assert limited.status_code == 429 and "Pārāk daudz" in limited.text
    built.close()
