"""`assistant impact …` in a subprocess and /api/impact over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.models.pipeline import SynergyCreate
from tests.deals.parks import PELLETS, SAW, cli_park, run_cli, said
from tests.impact.helpers import implemented
from tests.support.auth import bearer

RECORD = [
    "--tonnes",
    "2000",
    "--eur-source",
    "300000",
    "--eur-target",
    "50000.5",
    "--co2e",
    "250.25",
    "--water",
    "0",
    "--verified-by",
    "J. Bērziņš",
    "--verified-at",
    "2026-11-20T10:00:00",
]


def test_impact_commands(tmp_path: Path):
    env = cli_park(tmp_path)
    added = run_cli(
        env,
        "pipeline",
        "add",
        "--source",
        SAW,
        "--target",
        PELLETS,
        "--material",
        "zāģskaidas",
        "--json",
    )
    sid = str(json.loads(added.stdout)["id"])
    early = run_cli(env, "impact", "record", sid, *RECORD)
    assert early.returncode == 2 and "at stage 'identified'" in said(early)
    assert run_cli(env, "pipeline", "move", sid, "implemented").returncode == 0
    recorded = run_cli(env, "impact", "record", sid, *RECORD, "--json")
    assert recorded.returncode == 0, recorded.stderr
    assert json.loads(recorded.stdout)["eur_total_per_year"] == 350000.5
    totals = json.loads(run_cli(env, "impact", "totals", "--json").stdout)
    assert (totals["all"]["count"], totals["all"]["tonnes_per_year"]) == (1, 2000)
    assert [g["name"] for g in totals["by_municipality"]] == ["Testa novads"]
    csv_file, html_file = tmp_path / "impact.csv", tmp_path / "impact.html"
    assert (
        run_cli(env, "impact", "export", "--format", "csv", "--output", str(csv_file)).returncode
        == 0
    )
    imported = run_cli(env, "impact", "import", str(csv_file))
    assert imported.returncode == 0 and "imported 1 impact records" in imported.stdout
    again = run_cli(env, "impact", "export", "--format", "csv")
    assert again.stdout == csv_file.read_text("utf-8")
    assert (
        run_cli(
            env, "impact", "export", "--format", "html", "--lang", "en", "--output", str(html_file)
        ).returncode
        == 0
    )
    assert "€350,000/year" in html_file.read_text("utf-8")  # 350 000.5 rounds to even
    bad = run_cli(env, "impact", "export", "--format", "pdf")
    assert bad.returncode == 2 and "use csv or html" in said(bad)


@pytest.fixture
def client(park):
    with TestClient(create_app(services=park), headers=bearer(park)) as test_client:
        yield test_client


BODY = {
    "tonnes_per_year": 900,
    "eur_source_per_year": 10000,
    "eur_target_per_year": 2500.25,
    "co2e_t_per_year": 9.5,
    "water_m3_per_year": 120,
    "verified_by": "Inspektore",
}


def test_impact_over_http(client, park):
    pending = park.pipeline.add(SynergyCreate(source=SAW, target=PELLETS, material="miza")).id
    refused = client.put(f"/api/impact/{pending}", json=BODY)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "conflict"
    sid = implemented(park, SAW, PELLETS, "zāģskaidas")
    saved = client.put(f"/api/impact/{sid}", json=BODY)
    assert saved.status_code == 200 and saved.json()["eur_total_per_year"] == 12500.25
    negative = client.put(f"/api/impact/{sid}", json={**BODY, "tonnes_per_year": -1})
    assert negative.status_code == 422
    assert negative.json()["error"]["code"] == "validation_error"
    assert client.get("/api/impact/totals").json()["all"]["water_m3_per_year"] == 120
    csv_text = client.get("/api/impact/export", params={"format": "csv"}).text
    assert client.delete(f"/api/impact/{sid}").status_code == 204
    assert client.get("/api/impact").json() == []
    imported = client.post("/api/impact/import", content=csv_text.encode("utf-8"))
    assert imported.json() == {"imported": 1}
    assert client.get("/api/impact/export", params={"format": "csv"}).text == csv_text
    html = client.get("/api/impact/export", params={"format": "html", "lang": "lv"})
    assert html.headers["content-type"].startswith("text/html")
    assert "12\u00a0500 € gadā" in html.text
    bad = client.post("/api/impact/import", content=b"synergy_id\n1\n")
    assert bad.status_code == 422 and "lacks the columns" in bad.json()["error"]["message"]
