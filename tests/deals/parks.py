"""A small park for the facilitator workspace tests, with numbers that can be checked by hand.

SIA Zāģētava has 2400 t/year of sawdust (a CONFIDENTIAL flow) and 300 t/year of bark;
SIA Granulas, 2.6 km east, needs 14000 t/year of sawdust; Slepenā Kokrūpnīca is a confidential
company that also takes sawdust (777 t/year). A concrete plant in another municipality has
rubble for nobody.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.composition import Services
from assistant.config import Settings

SAW, PELLETS, SECRET = "SIA Zāģētava", "SIA Granulas", "Slepenā Kokrūpnīca"
CONCRETE = "SIA Betons"
PARK: dict[str, Any] = {
    "park": {"name": "Testa parks", "municipality": "Testa novads"},
    "companies": [
        {
            "name": SAW,
            "nace": "16.10",
            "municipality": "Testa novads",
            "lat": 56.95,
            "lon": 24.10,
            "contact_email": "info@saw.example",
            "flows": [
                {
                    "direction": "output",
                    "material": "zāģskaidas",
                    "ewc_code": "03 01 05",
                    "quantity": 2400,
                    "unit": "t/year",
                    "confidential": True,
                },
                {
                    "direction": "output",
                    "material": "miza",
                    "ewc_code": "03 01 01",
                    "quantity": 300,
                    "unit": "t/year",
                },
            ],
        },
        {
            "name": PELLETS,
            "nace": "16.29",
            "municipality": "Testa novads",
            "lat": 56.95,
            "lon": 24.143,
            "contact_email": "pellets@example.lv",
            "flows": [
                {"direction": "input", "material": "sawdust", "quantity": 14000, "unit": "t/year"}
            ],
        },
        {
            "name": SECRET,
            "nace": "16.29",
            "confidential": True,
            "lat": 56.96,
            "lon": 24.11,
            "flows": [
                {"direction": "input", "material": "sawdust", "quantity": 777, "unit": "t/year"}
            ],
        },
        {
            "name": CONCRETE,
            "nace": "23.63",
            "municipality": "Kaimiņu novads",
            "lat": 56.90,
            "lon": 24.20,
            "flows": [
                {
                    "direction": "output",
                    "material": "betona drupas",
                    "ewc_code": "17 01 01",
                    "quantity": 1000,
                    "unit": "t/year",
                }
            ],
        },
    ],
}


def park_document() -> dict[str, Any]:
    return copy.deepcopy(PARK)


def with_sawdust(settings: Settings, tmp_path: Path, sawdust: float) -> Services:
    """Services on the park with SIA Zāģētava's confidential sawdust set to `sawdust` t/year
    (two such parks with values in one band must answer a non-staff viewer alike)."""
    document = park_document()
    flows = next(c for c in document["companies"] if c["name"] == SAW)["flows"]
    next(f for f in flows if f["material"] == "zāģskaidas")["quantity"] = sawdust
    return services_on(settings, tmp_path, document, str(sawdust))


def services_on(settings: Settings, tmp_path: Path, document: dict[str, Any], tag: str) -> Services:
    """Services (hashing embedder, in-memory vectors) on `document` imported as a park."""
    from assistant.retrieval.embedders import HashEmbedder
    from assistant.retrieval.vector_index import InMemoryVectorIndex

    path = tmp_path / f"park-{tag}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    data = settings.model_copy(update={"data_dir": tmp_path / f"data-{tag}"})
    services = Services(data, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    services.init_db()
    services.park.import_file(path)
    return services


def load(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "park.json"
    path.write_text(json.dumps(park_document(), ensure_ascii=False), "utf-8")
    services.park.import_file(path)


# ---- fixtures (imported by the conftest.py of tests/outreach, tests/pipeline, tests/impact) --
FACILITATOR = "Anna Kalniņa"
PHONE = "+371 20000000"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shared settings, with the landfill tax year pinned (2024: 110 EUR/t) so the
    expected euros can be computed by hand, and a named facilitator."""
    return Settings(
        data_dir=tmp_path / "data",
        embedding_backend="hash",
        knowledge_dir=tmp_path / "kb",
        landfill_tax_year=2024,
        facilitator_name=FACILITATOR,
        facilitator_phone=PHONE,
        facilitator_email="anna@novads.example.lv",
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
def park(services: Services, tmp_path: Path) -> Services:
    load(services, tmp_path)
    return services


def ids(services: Services) -> dict[str, int]:
    return {c.name: c.id or 0 for c in services.park.snapshot().companies}


def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment of a CLI subprocess on a fresh data directory."""
    return {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_EMBEDDING_BACKEND": "hash",
        "ASSISTANT_CHROMA_URL": "",
        "ASSISTANT_LANDFILL_TAX_YEAR": "2024",
        "ASSISTANT_FACILITATOR_NAME": FACILITATOR,
    }


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = str(Path(sys.executable).parent / "assistant")
    return subprocess.run(
        [command, *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


def said(done: subprocess.CompletedProcess[str]) -> str:
    """The error output on one line (the console wraps long messages)."""
    return " ".join(done.stderr.split())


def cli_park(tmp_path: Path) -> dict[str, str]:
    """A CLI environment with the test park imported."""
    env = cli_env(tmp_path)
    path = tmp_path / "park.json"
    path.write_text(json.dumps(park_document(), ensure_ascii=False), "utf-8")
    done = run_cli(env, "companies", "import", str(path))
    assert done.returncode == 0, done.stderr
    return env
