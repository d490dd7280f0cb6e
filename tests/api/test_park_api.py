from __future__ import annotations

import json

from tests.park.factories import park


def _load(client):
    response = client.post("/api/companies/import", json=park())
    assert response.status_code == 200, response.text
    return {c["name"]: c for c in client.get("/api/companies").json()}


def test_import_list_and_synergies(client):
    companies = _load(client)
    assert len(companies) == 3
    saw = companies["SIA Zāģētava"]
    found = client.get("/api/synergies", params={"company_id": saw["id"]}).json()
    assert found[0]["source_company"] == "SIA Zāģētava"
    assert {"benefit", "legal_route", "citations", "target_sectors", "kind"} <= set(found[0])


def test_import_a_csv_upload_and_export(client):
    _load(client)
    csv_text = client.get("/api/companies/export", params={"format": "csv"}).text
    response = client.post(
        "/api/companies/import", files={"file": ("park.csv", csv_text.encode(), "text/csv")}
    )
    assert response.json()["updated"] == 3
    exported = client.get("/api/companies/export").json()
    assert exported["park"]["name"] == "Test park"


def test_company_and_flow_crud(client):
    created = client.post("/api/companies", json={"name": "SIA Ceptuve", "nace": "10.71"})
    assert created.status_code == 201
    cid = created.json()["id"]
    flow = client.post(
        f"/api/companies/{cid}/flows",
        json={
            "direction": "output",
            "material": "maizes atlikumi",
            "quantity": 85,
            "unit": "t/year",
        },
    )
    assert flow.status_code == 201 and flow.json()["category"] == "food.bakery"
    fid = flow.json()["id"]
    patched = client.patch(f"/api/companies/{cid}/flows/{fid}", json={"quantity": 90})
    assert patched.json()["quantity"] == 90
    assert (
        client.patch(f"/api/companies/{cid}", json={"municipality": "Rīga"}).json()["municipality"]
        == "Rīga"
    )
    assert client.delete(f"/api/companies/{cid}/flows/{fid}").status_code == 204
    assert client.delete(f"/api/companies/{cid}").status_code == 204
    assert client.get(f"/api/companies/{cid}").status_code == 404


def test_errors_use_the_single_json_shape(client):
    missing = client.get("/api/companies/999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    bad = client.post("/api/companies", json={"name": "X", "nace": "99.99"})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "validation_error"
    assert "unknown NACE" in json.dumps(bad.json()["error"]["details"])
    document = park()
    document["companies"][0]["flows"][0]["quantity"] = -1
    invalid = client.post("/api/companies/import", json=document)
    assert invalid.status_code == 422
    assert invalid.json()["error"]["details"][0].startswith("companies[0].flows[0].quantity")
    assert client.get("/api/companies").json() == []
    assert client.get("/api/synergies", params={"company_id": 12345}).status_code == 404


def test_taxonomy_and_sectors(client):
    top = client.get("/api/taxonomy/suggest", params={"text": "alus drabiņām"}).json()[0]
    assert top["category"] == "food.spent_grain"
    hits = client.get("/api/synergies/sectors", params={"material": "zāģskaidas"}).json()
    assert hits and hits[0]["label"]
    assert client.get("/api/synergies/sectors").status_code == 422
    assert client.get("/api/taxonomy/suggest").status_code == 422
