"""Every page renders before anything is imported: no park, no documents, no pipeline."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.composition import Services
from tests.support.auth import session_cookie
from tests.web.test_offline_and_size import PAGES


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_page_renders_for_an_empty_park(services: Services, lang: str) -> None:
    with TestClient(create_app(services=services), cookies=session_cookie(services)) as client:
        for path in PAGES:
            response = client.get(path, params={"lang": lang})
            assert response.status_code == 200, (path, response.text[:300])
        overview = client.get("/dashboard", params={"lang": lang}).text
        assert 'class="graph-svg"' in overview


def test_the_language_choice_is_remembered_in_a_cookie(services: Services) -> None:
    with TestClient(create_app(services=services), cookies=session_cookie(services)) as client:
        first = client.get("/", params={"lang": "en"})
        assert first.cookies.get("lang") == "en"
        assert '<html lang="en">' in client.get("/dashboard/pipeline").text
