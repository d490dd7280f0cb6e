"""Proxy headers are believed only from ASSISTANT_TRUSTED_PROXIES: a client behind no proxy
cannot choose its address (and so its rate-limit bucket) with X-Forwarded-For."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.api.proxies import forwarded_client
from assistant.composition import Services
from assistant.config import Settings, get_settings
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.support.auth import PASSWORD

LOCAL = [ip_network("127.0.0.1"), ip_network("10.0.0.0/8")]


def _h(**headers: str) -> list[tuple[bytes, bytes]]:
    return [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]


def test_no_trusted_proxy_means_the_headers_are_ignored():
    headers = _h(
        x_forwarded_for="198.51.100.7",
        x_forwarded_proto="https",
        forwarded="for=198.51.100.8;proto=https",
    )
    assert forwarded_client("127.0.0.1", headers, []) == ("127.0.0.1", None)
    assert forwarded_client("203.0.113.5", headers, LOCAL) == ("203.0.113.5", None)


def test_the_client_is_the_rightmost_address_that_is_no_trusted_proxy():
    chain = _h(x_forwarded_for="1.1.1.1, 198.51.100.7, 10.0.0.3", x_forwarded_proto="https")
    assert forwarded_client("127.0.0.1", chain, LOCAL) == ("198.51.100.7", "https")
    # a client that writes its own header only adds to the left of what the proxy appends
    spoofed = _h(x_forwarded_for="127.0.0.1, 198.51.100.7")
    assert forwarded_client("127.0.0.1", spoofed, LOCAL)[0] == "198.51.100.7"
    everyone_trusted = _h(x_forwarded_for="10.0.0.9, 10.0.0.3")
    assert forwarded_client("127.0.0.1", everyone_trusted, LOCAL)[0] == "10.0.0.9"
    garbage = _h(x_forwarded_for="not-an-ip, 10.0.0.3")
    assert forwarded_client("127.0.0.1", garbage, LOCAL)[0] == "10.0.0.3"
    ported = _h(x_forwarded_for="198.51.100.7:4711")
    assert forwarded_client("127.0.0.1", ported, LOCAL)[0] == "198.51.100.7"


def test_forwarded_is_read_when_no_x_forwarded_header_is_there():
    v6 = _h(forwarded='for="[2001:db8::7]:4711";proto=https, for=10.0.0.3')
    assert forwarded_client("10.0.0.1", v6, LOCAL) == ("2001:db8::7", "https")
    both = _h(forwarded="for=198.51.100.8", x_forwarded_for="198.51.100.7")
    assert forwarded_client("10.0.0.1", both, LOCAL)[0] == "198.51.100.7"
    proto_only = _h(x_forwarded_proto="https")
    assert forwarded_client("10.0.0.1", proto_only, LOCAL) == ("10.0.0.1", "https")


def test_the_setting_is_a_comma_list_of_networks_and_refuses_nonsense():
    settings = Settings(
        trusted_proxies="127.0.0.1, 172.16.0.0/12,::1",  # type: ignore[arg-type]
        _env_file=None,
    )  # type: ignore[call-arg]
    assert [str(n) for n in settings.trusted_proxies] == [
        "127.0.0.1/32",
        "172.16.0.0/12",
        "::1/128",
    ]
    assert Settings(_env_file=None).trusted_proxies == ()  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings(trusted_proxies="10.0.0.1/8", _env_file=None)  # type: ignore[arg-type, call-arg]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Any]:
    built: list[Services] = []

    def make(peer: str = "127.0.0.1", **settings: Any) -> TestClient:
        services = Services(
            Settings(
                data_dir=tmp_path / f"d{len(built)}",
                embedding_backend="hash",
                login_attempts_per_minute=3,
                _env_file=None,
                **settings,
            ),
            embedder=HashEmbedder(),
            vectors=InMemoryVectorIndex(),
        )
        services.init_db()
        if not services.auth.has_users():  # one database per test on PostgreSQL
            services.auth.create_user("Anna", "facilitator", password=PASSWORD)
        built.append(services)
        return TestClient(
            create_app(services=services), follow_redirects=False, client=(peer, 50000)
        )

    yield make
    for services in built:
        services.close()


def _wrong_sign_in(client: TestClient, forwarded_for: str) -> int:
    return client.post(
        "/login",
        data={"name": "Anna", "password": "wrong password!"},
        headers={"X-Forwarded-For": forwarded_for},
    ).status_code


def test_a_rotating_x_forwarded_for_from_localhost_does_not_escape_the_sign_in_limit(make_client):
    with make_client() as client:  # no proxy configured: the header is just text
        codes = [_wrong_sign_in(client, f"198.51.100.{n}") for n in range(5)]
        assert codes == [401, 401, 401, 429, 429]
        right = client.post(
            "/login",
            data={"name": "Anna", "password": PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.99"},
        )
        assert right.status_code == 429 and int(right.headers["retry-after"]) >= 1


def test_behind_a_configured_proxy_each_forwarded_client_has_its_own_limit(make_client):
    with make_client(trusted_proxies="127.0.0.1") as client:
        assert [_wrong_sign_in(client, f"198.51.100.{n}") for n in range(5)] == [401] * 5
        same = [_wrong_sign_in(client, "198.51.100.200") for _ in range(4)]
        assert same == [401, 401, 401, 429]
    with make_client(peer="203.0.113.9", trusted_proxies="127.0.0.1") as client:
        codes = [_wrong_sign_in(client, f"198.51.100.{n}") for n in range(4)]
        assert codes == [401, 401, 401, 429]  # the peer is no trusted proxy


def test_assistant_serve_turns_uvicorn_proxy_headers_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import uvicorn

    from assistant.cli.main import app

    called: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: called.update(kwargs))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        done = CliRunner().invoke(app, ["serve"])
    finally:
        get_settings.cache_clear()
    assert done.exit_code == 0, done.output
    assert called["proxy_headers"] is False  # uvicorn would trust 127.0.0.1's headers
