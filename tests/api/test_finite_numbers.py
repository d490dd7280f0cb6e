"""Infinite and NaN numbers are refused wherever a number enters, in the one error shape.

The routes and their number fields are read from the OpenAPI schema, so a new route or field is
covered without touching this file. Python's json reads `1e309` as infinity and accepts `NaN`
and `Infinity`; CSV cells and CLI options go through `float()`, which reads "inf" and "nan".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.errors import InvalidInput
from assistant.impact import csvio
from assistant.models import Flow
from assistant.models.pipeline import ImpactRecord, SynergyCreate, SynergyMove
from tests.deals.parks import PELLETS, SAW, cli_park, load, run_cli, said
from tests.park.factories import park
from tests.support.auth import bearer

# The JSON a client can send for inf, -inf and NaN; and what a query string or CSV cell says.
JSON_TOKENS = ["1e309", "-1e309", "Infinity", "-Infinity", "NaN"]
TEXT_TOKENS = ["inf", "-inf", "nan", "1e309"]
MARK = "__not_finite__"

Field = tuple[str | int, ...]
Input = tuple[str, str, str, Field, str]  # method, path, body|query|path, field, number|integer
# Known gaps, each a one-line fix in a file another change owns.
PENDING: dict[tuple[str, str, Field], str] = {}  # routes known to accept a non-finite number


def _spec() -> dict[str, Any]:
    settings = Settings(data_dir=Path("/nonexistent"), embedding_backend="hash", _env_file=None)  # type: ignore[call-arg]
    return create_app(settings).openapi()


def _number_paths(
    schema: dict[str, Any],
    components: dict[str, Any],
    at: tuple[str | int, ...] = (),
    seen: frozenset[str] = frozenset(),
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every (field path, "number" | "integer") inside a JSON schema."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _number_paths(components[name], components, at, seen | {name})
        return
    if schema.get("type") in ("number", "integer"):
        yield at, schema["type"]
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _number_paths(option, components, at, seen)
    for name, sub in schema.get("properties", {}).items():
        yield from _number_paths(sub, components, (*at, name), seen)
    if isinstance(schema.get("items"), dict):
        yield from _number_paths(schema["items"], components, (*at, 0), seen)


def number_inputs() -> list[Input]:
    """(method, path, "body" | "query" | "path", field path, type) for every number input."""
    spec = _spec()
    components = spec.get("components", {}).get("schemas", {})
    found: list[Input] = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                for _, kind in _number_paths(parameter["schema"], components):
                    found.append((method, path, parameter["in"], (parameter["name"],), kind))
            content = operation.get("requestBody", {}).get("content", {})
            for schema in [c["schema"] for t, c in content.items() if t == "application/json"]:
                for at, kind in _number_paths(schema, components):
                    found.append((method, path, "body", at, kind))
    return sorted(set(found), key=repr)


INPUTS = number_inputs()


def _case(entry: Input) -> Any:
    method, path, _, at, _ = entry
    reason = PENDING.get((method, path, at))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(entry, marks=marks, id=f"{method} {path} {'.'.join(map(str, at))}")


def test_the_schema_lists_the_number_fields_we_know_of():
    fields = {(m, p, at) for m, p, _, at, kind in INPUTS if kind == "number"}
    assert {
        ("put", "/api/impact/{synergy_id}", ("eur_source_per_year",)),
        ("post", "/api/companies/{company_id}/flows", ("quantity",)),
        ("patch", "/api/companies/{company_id}/flows/{flow_id}", ("temperature_c",)),
        ("post", "/api/companies", ("flows", 0, "quantity")),
        ("put", "/api/companies/{company_id}", ("lon",)),
    } <= fields


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from assistant.composition import Services
    from assistant.retrieval.embedders import HashEmbedder
    from assistant.retrieval.vector_index import InMemoryVectorIndex

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("finite"),
        embedding_backend="hash",
        rate_limit_per_minute=0,
        _env_file=None,
    )  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    with TestClient(create_app(services=built), headers=bearer(built)) as test_client:
        yield test_client
    built.close()


def _nest(at: tuple[str | int, ...]) -> Any:
    if not at:
        return MARK
    head, rest = at[0], at[1:]
    return [_nest(rest)] if isinstance(head, int) else {head: _nest(rest)}


def _send(
    client: TestClient,
    method: str,
    path: str,
    where: str,
    name: str | int,
    at: tuple[str | int, ...],
    token: str,
) -> Any:
    url = re.sub(r"\{[^}]+\}", "1", path)
    if where == "body":
        body = json.dumps(_nest(at)).replace(json.dumps(MARK), token)
        return client.request(
            method, url, content=body, headers={"Content-Type": "application/json"}
        )
    if where == "path":
        return client.request(method, path.replace("{" + str(name) + "}", token))
    return client.request(method, url, params={str(name): token})


@pytest.mark.parametrize("entry", [_case(e) for e in INPUTS])
def test_a_non_finite_number_is_refused_with_422(client, entry):
    method, path, where, at, kind = entry
    tokens = JSON_TOKENS if where == "body" else TEXT_TOKENS
    for token in tokens:
        response = _send(client, method, path, where, at[-1] if where != "body" else "", at, token)
        assert response.status_code == 422, (token, response.status_code, response.text)
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}
        assert error["code"] == "validation_error"
        here = [d for d in error["details"] if d["loc"] == [where, *at]]
        assert here, (token, error["details"])  # refused for this field, not another one
        if kind == "number":
            assert here[0]["type"] == "finite_number", (token, here)


def test_a_valid_flow_with_an_infinite_quantity_changes_nothing(services):
    services.park.import_bytes(json.dumps(park()).encode(), "json")
    company = services.park.snapshot().companies[0]
    with TestClient(create_app(services=services), headers=bearer(services)) as client:
        before = client.get(f"/api/companies/{company.id}").json()["flows"]
        body = (
            '{"direction": "output", "material": "koksnes pelni", "unit": "t/year", '
            '"quantity": 1e309}'
        )
        refused = client.post(
            f"/api/companies/{company.id}/flows",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert refused.status_code == 422
        assert client.get(f"/api/companies/{company.id}").json()["flows"] == before
        flow = before[0]["id"]
        for token in ("NaN", "Infinity", "-Infinity"):
            patched = client.patch(
                f"/api/companies/{company.id}/flows/{flow}",
                content=f'{{"quantity": {token}}}',
                headers={"Content-Type": "application/json"},
            )
            assert patched.status_code == 422, patched.text
        assert client.get(f"/api/companies/{company.id}").json()["flows"] == before
        exported = client.get("/api/companies/export").text
        assert "Infinity" not in exported and "NaN" not in exported


@pytest.mark.parametrize("token", ["Infinity", "NaN", "1e309"])
def test_park_imports_refuse_non_finite_numbers_as_json_and_csv(services, token):
    document = json.dumps(park()).replace('"quantity": 2400', f'"quantity": {token}')
    assert token in document
    with TestClient(create_app(services=services), headers=bearer(services)) as client:
        refused = client.post(
            "/api/companies/import", content=document, headers={"Content-Type": "application/json"}
        )
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input"
        assert client.get("/api/companies").json() == []
        csv = (
            "park,company,nace,direction,material,quantity,unit\n"
            f"P,SIA A,16.10,output,zāģskaidas,{token.lower()},t/year\n"
        )
        refused = client.post(
            "/api/companies/import", content=csv, headers={"Content-Type": "text/csv"}
        )
        assert refused.status_code == 422, refused.text
        assert client.get("/api/companies").json() == []


def test_impact_records_refuse_nan_and_inf_over_http_and_csv(services, tmp_path):
    load(services, tmp_path)
    added = services.pipeline.add(SynergyCreate(source=SAW, target=PELLETS, material="zāģskaidas"))
    synergy = services.pipeline.move(added.id, SynergyMove(stage="implemented")).id
    record = ImpactRecord(
        tonnes_per_year=2000,
        eur_source_per_year=300000,
        eur_target_per_year=50000.5,
        co2e_t_per_year=250.25,
        water_m3_per_year=0,
        verified_by="J. Bērziņš",
    ).model_dump(mode="json")
    with TestClient(create_app(services=services), headers=bearer(services)) as client:
        for token in ("NaN", "Infinity", "1e309"):
            body = json.dumps({**record, "eur_source_per_year": MARK}).replace(
                json.dumps(MARK), token
            )
            refused = client.put(
                f"/api/impact/{synergy}", content=body, headers={"Content-Type": "application/json"}
            )
            assert refused.status_code == 422, refused.text
            assert refused.json()["error"]["code"] == "validation_error"
        assert client.get("/api/impact").json() == []
        assert client.put(f"/api/impact/{synergy}", json=record).status_code == 200
        exported = client.get("/api/impact/export").text
        bad_csv = exported.replace(",300000.0,", ",inf,")
        assert bad_csv != exported
        refused = client.post("/api/impact/import", content=bad_csv.encode())
        assert refused.status_code == 422 and "line 2" in refused.json()["error"]["message"]
        assert client.get("/api/impact/export").text == exported
        assert client.get("/api/impact/export?format=html").status_code == 200
    with pytest.raises(InvalidInput):
        csvio.parse(exported.replace(",300000.0,", ",nan,"))


def test_the_cli_refuses_a_non_finite_option_with_a_message_and_exit_code_2(tmp_path):
    env = cli_park(tmp_path)
    done = run_cli(
        env,
        "impact",
        "record",
        "1",
        "--tonnes",
        "inf",
        "--eur-source",
        "1",
        "--eur-target",
        "1",
        "--co2e",
        "nan",
        "--water",
        "0",
        "--verified-by",
        "J. Bērziņš",
    )
    assert done.returncode == 2, done.stderr
    assert "the measured values are not valid" in said(done)
    assert "finite number" in said(done)


def test_no_row_is_stored_with_an_infinite_or_nan_float(services):
    """Whatever computed it: the last line of defence is the flush itself."""
    services.park.import_bytes(json.dumps(park()).encode(), "json")
    with Session(services.engine) as session:
        flow = session.exec(select(Flow)).first()
        assert flow is not None
        for value in (float("inf"), float("-inf"), float("nan")):
            flow.quantity = value
            with pytest.raises(InvalidInput, match="only finite numbers are stored"):
                session.commit()
            session.rollback()
        flow.category_score = float("nan")  # a column no request sets
        with pytest.raises(InvalidInput):
            session.commit()


def test_a_chat_message_with_a_number_too_large_for_a_float_is_no_server_error(services):
    services.park.import_bytes(json.dumps(park()).encode(), "json")
    huge = "9" * 400
    asks = [
        f"Mums ir {huge} t zāģskaidu gadā. Kas tās var izmantot?",
        f"We need {huge} MWh/year of low-temperature heat",
    ]
    with TestClient(
        create_app(services=services), headers=bearer(services), raise_server_exceptions=False
    ) as client:
        codes = [client.post("/api/chat", json={"message": q}).status_code for q in asks]
        codes += [
            client.post(
                "/v1/chat/completions", json={"messages": [{"role": "user", "content": q}]}
            ).status_code
            for q in asks
        ]
    assert all(code in (200, 422) for code in codes), codes


def test_a_quantity_over_the_limit_confirmed_in_chat_is_refused_not_a_server_error(services):
    services.park.import_bytes(json.dumps(park()).encode(), "json")
    company = services.park.snapshot().companies[0]
    user = bearer(services, "company", company=company.name)
    ask = (
        f"We are {company.name}. Update our profile: we produce "
        "999999999999999999999 t of sawdust a year"
    )
    with TestClient(
        create_app(services=services), headers=user, raise_server_exceptions=False
    ) as client:
        before = client.get(f"/api/companies/{company.id}").json()["flows"]
        proposed = client.post("/api/chat", json={"message": ask})
        assert proposed.status_code == 200, proposed.text
        answer = client.post(
            "/api/chat",
            json={"message": "yes", "conversation_id": proposed.json()["conversation_id"]},
        )
        assert answer.status_code in (200, 422), answer.text
        if answer.status_code == 422:
            assert answer.json()["error"]["code"] == "invalid_input"
        assert client.get(f"/api/companies/{company.id}").json()["flows"] == before
