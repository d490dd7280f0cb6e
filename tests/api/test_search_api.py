import pytest


def _assert_error(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code


def test_health_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_search_returns_the_contract_fields_best_first(loaded_client):
    hits = loaded_client.get("/api/search", params={"q": "pellet maker sawdust", "k": 2}).json()
    assert 1 <= len(hits) <= 2
    assert {"doc_id", "title", "section", "text", "score", "lang", "type", "sources"} <= set(
        hits[0]
    )
    assert hits[0]["doc_id"] == "sample-by-products-en"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_filters_by_language_and_type(loaded_client):
    hits = loaded_client.get("/api/search", params={"q": "zāģskaidas sawdust", "lang": "lv"}).json()
    assert hits and all(h["lang"] == "lv" for h in hits)
    assert loaded_client.get("/api/search", params={"q": "sawdust", "type": "case"}).json() == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {},
        {"q": "x", "k": 0},
        {"q": "x", "k": 51},
        {"q": "x", "k": "many"},
        {"q": "x", "lang": "de"},
    ],
)
def test_bad_search_parameters_give_422_json_errors(client, params):
    _assert_error(client.get("/api/search", params=params), 422, "validation_error")


def test_unknown_route_uses_the_error_shape(client):
    _assert_error(client.get("/api/nothing-here"), 404, "not_found")


def test_openapi_is_served(client):
    assert "/api/search" in client.get("/openapi.json").json()["paths"]
