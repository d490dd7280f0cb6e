"""Property-based API tests: schemathesis generates requests from the OpenAPI schema (valid
and invalid ones) for every documented route, on the demo park with the fake embedder.

The bar: no response is a server error (5xx), and every 4xx uses the one error shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from assistant.api.app import create_app
from assistant.composition import Services
from assistant.config import Settings
from tests.support.auth import bearer

MAX_EXAMPLES = 25
# Streaming endpoints answer 200 at once and send their events afterwards, so a status code
# says nothing about the stream; their request validation is the same model as the
# non-streaming twins (/api/chat, /v1/chat/completions without "stream"), which are tested.
STREAMING = r"^/api/chat/stream$"


def _openapi() -> dict:
    """The app's schema. Building an app touches no storage (services are lazy); the schema is
    needed at collection time to make one test per operation. (`schemathesis.pytest.
    from_fixture` would defer it, but does not work with pytest 9 yet.)"""
    return create_app(services=Services(Settings(_env_file=None))).openapi()  # type: ignore[call-arg]


schema = schemathesis.openapi.from_dict(_openapi()).exclude(path_regex=STREAMING)


@pytest.fixture(scope="module")
def app(park_services: Services) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """The app and an admin's token (the widest role, so requests reach every route's own
    checks); no rate limit, so the generated requests are not cut short by 429s."""
    park_services.settings.rate_limit_per_minute = 0
    built = create_app(services=park_services)
    with TestClient(built):  # runs the lifespan once
        yield built, bearer(park_services, "admin")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
def test_no_server_errors_and_one_error_shape(
    case: schemathesis.Case, app: tuple[FastAPI, dict[str, str]]
) -> None:
    built, admin = app
    response = case.call(app=built, headers=admin)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
    )
    if response.status_code >= 400 and case.method.upper() != "HEAD":
        body = json.loads(response.text)
        assert set(body) == {"error"}, body
        # one shape: code, message and details always; message_lv for a Latvian asker
        assert {"code", "message", "details"} <= set(body["error"]), body
        assert set(body["error"]) <= {"code", "message", "details", "message_lv"}, body
