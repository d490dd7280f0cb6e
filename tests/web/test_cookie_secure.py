"""The session cookie is Secure unless the browser talks plain http to this machine;
ASSISTANT_COOKIE_SECURE forces it either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.auth_deps import SESSION_COOKIE
from assistant.composition import Services
from assistant.config import Settings
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.support.auth import PASSWORD


@pytest.fixture
def set_cookie(tmp_path: Path) -> Iterator[Any]:
    """The Set-Cookie header of a sign-in at `base_url` under the given settings."""
    built: list[Services] = []

    def sign_in(base_url: str, headers: dict[str, str] | None = None, **settings: Any) -> str:
        services = Services(
            Settings(
                data_dir=tmp_path / f"d{len(built)}",
                embedding_backend="hash",
                _env_file=None,
                **settings,
            ),
            embedder=HashEmbedder(),
            vectors=InMemoryVectorIndex(),
        )
        services.init_db()
        built.append(services)
        name = f"Anna {len(built)}"  # one database per test on PostgreSQL: a new user each time
        services.auth.create_user(name, "facilitator", password=PASSWORD)
        with TestClient(
            create_app(services=services),
            base_url=base_url,
            follow_redirects=False,
            client=("127.0.0.1", 5000),
        ) as client:
            done = client.post(
                "/login", data={"name": name, "password": PASSWORD}, headers=headers or {}
            )
            assert done.status_code == 303, done.text
            cookie = done.headers["set-cookie"]
            assert cookie.startswith(f"{SESSION_COOKIE}=")
            return cookie

    yield sign_in
    for services in built:
        services.close()


def _secure(cookie: str) -> bool:
    return "secure" in [part.strip().lower() for part in cookie.split(";")]


@pytest.mark.parametrize(
    "base_url",
    [
        "http://parks.example.lv",
        "http://192.168.1.20:8000",
        "https://parks.example.lv",
        "https://localhost",
    ],
)
def test_secure_by_default_unless_plain_http_to_this_machine(set_cookie, base_url):
    assert _secure(set_cookie(base_url))


@pytest.mark.parametrize(
    "base_url", ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"]
)
def test_local_development_over_http_keeps_working(set_cookie, base_url):
    assert not _secure(set_cookie(base_url))


def test_the_setting_forces_it_either_way(set_cookie):
    assert _secure(set_cookie("http://localhost:8000", cookie_secure=True))
    assert not _secure(set_cookie("http://parks.example.lv", cookie_secure=False))
    assert _secure(
        set_cookie(
            "http://localhost:8000",
            cookie_secure="auto",
            headers={"X-Forwarded-Proto": "https"},
            trusted_proxies="127.0.0.1",
        )
    )
    # the same header from a proxy nobody configured changes nothing
    assert not _secure(set_cookie("http://localhost:8000", headers={"X-Forwarded-Proto": "https"}))


def test_auto_is_the_default_and_reads_from_the_environment(monkeypatch):
    assert Settings(_env_file=None).cookie_secure is None  # type: ignore[call-arg]
    for text, expected in (("", None), ("auto", None), ("true", True), ("false", False)):
        monkeypatch.setenv("ASSISTANT_COOKIE_SECURE", text)
        assert Settings(_env_file=None).cookie_secure is expected  # type: ignore[call-arg]
