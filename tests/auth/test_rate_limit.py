"""Requests per minute per token: a bucket that refills, a 429 with Retry-After over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.auth.ratelimit import RateLimiter
from assistant.composition import Services
from assistant.config import Settings
from assistant.errors import RateLimited
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.support.auth import bearer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_empties_refills_and_keeps_keys_apart():
    clock = Clock()
    limiter = RateLimiter(per_minute=2, clock=clock)
    limiter.check("a")
    limiter.check("a")
    with pytest.raises(RateLimited) as caught:
        limiter.check("a")
    assert caught.value.retry_after_s == 30  # one request every 30 s at 2 a minute
    limiter.check("b")  # another token has its own bucket
    clock.now += 30
    limiter.check("a")
    with pytest.raises(RateLimited):
        limiter.check("a")


def test_zero_means_no_limit():
    limiter = RateLimiter(per_minute=0)
    for _ in range(10_000):
        limiter.check("a")


def test_over_http_the_limit_is_per_token_and_says_when_to_retry(tmp_path):
    settings = Settings(
        data_dir=tmp_path / "d", embedding_backend="hash", rate_limit_per_minute=3, _env_file=None
    )  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    first, second = bearer(built, "municipal"), bearer(built, "municipal")
    with TestClient(create_app(services=built)) as client:
        assert [client.get("/api/me", headers=first).status_code for _ in range(3)] == [200] * 3
        limited = client.get("/api/me", headers=first)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert limited.json()["error"]["code"] == "rate_limited"
        assert client.get("/api/me", headers=second).status_code == 200
        assert client.get("/healthz").status_code == 200  # health checks are never limited
    built.close()


def test_failed_attempts_count_and_then_even_a_right_one_waits():
    clock = Clock()
    limiter = RateLimiter(per_minute=2, clock=clock, counts="failed authentications")
    limiter.ensure_open("a")  # an unknown key is open and takes nothing
    limiter.take("a")
    limiter.ensure_open("a")
    limiter.take("a")
    with pytest.raises(RateLimited, match="more than 2 failed authentications") as caught:
        limiter.ensure_open("a")
    assert caught.value.retry_after_s == 30
    limiter.ensure_open("b")
    clock.now += 30
    limiter.ensure_open("a")


def _services(tmp_path, **settings) -> Services:  # type: ignore[no-untyped-def]
    built = Services(
        Settings(data_dir=tmp_path / "d", embedding_backend="hash", _env_file=None, **settings),  # type: ignore[call-arg]
        embedder=HashEmbedder(),
        vectors=InMemoryVectorIndex(),
    )
    built.init_db()
    return built


def test_wrong_and_revoked_tokens_are_limited_per_address_with_429_and_retry_after(tmp_path):
    built = _services(tmp_path, auth_failures_per_minute=3, trusted_proxies="127.0.0.1")
    good, revoked = bearer(built, "municipal"), bearer(built, "municipal", name="Old")
    built.auth.revoke("Old")
    guesses = [{"Authorization": f"Bearer simb_guess{n}"} for n in range(2)] + [revoked]
    with TestClient(create_app(services=built), client=("127.0.0.1", 5000)) as client:
        here = {"X-Forwarded-For": "198.51.100.7"}
        for _ in range(5):  # no credentials at all is no guess
            assert client.get("/api/me", headers=here).status_code == 401
        assert [client.get("/api/me", headers={**h, **here}).status_code for h in guesses] == [
            401,
            401,
            401,
        ]
        limited = client.get("/api/me", headers={**good, **here})  # the right token waits too
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert set(limited.json()["error"]) == {"code", "message", "details"}
        assert limited.json()["error"]["code"] == "rate_limited"
        bad = client.get("/api/me", headers={"Authorization": "Bearer simb_x", **here})
        assert bad.status_code == 429
        elsewhere = {**good, "X-Forwarded-For": "198.51.100.8"}
        assert client.get("/api/me", headers=elsewhere).status_code == 200
        cookie = client.get(
            "/api/me",
            headers={"X-Forwarded-For": "198.51.100.9", "Cookie": "simbioze_session=guess"},
        )
        assert cookie.status_code == 401  # a guessed session counts as well ...
        for _ in range(2):
            client.get(
                "/api/me",
                headers={"X-Forwarded-For": "198.51.100.9", "Cookie": "simbioze_session=guess"},
            )
        again = client.get("/v1/models", headers={**good, "X-Forwarded-For": "198.51.100.9"})
        assert again.status_code == 429  # ... and on every authenticated route
    built.close()
