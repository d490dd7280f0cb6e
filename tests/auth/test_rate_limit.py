"""Requests per minute per token: a bucket that refills, a 429 with Retry-After over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.auth.ratelimit import RateLimiter
from assistant.config import Settings
from assistant.core.container import Services
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
    settings = Settings(data_dir=tmp_path / "d", embedding_backend="hash",
                        rate_limit_per_minute=3, _env_file=None)  # type: ignore[call-arg]
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
