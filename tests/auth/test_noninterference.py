"""Non-interference: what a viewer may not see cannot be derived from anything it gets.

Two worlds are built by the same steps from the demo park; in the second an admin has changed
every confidential quantity by +0.5 % (within its band) and moved the confidential company by
about 50 m (within its cell). A municipal user and a company user then ask every endpoint the
same questions in both worlds: each answer must be byte-identical once ids and timestamps are
removed. Staff see the change (the control that shows the probe can fail). A property test
does the same at the engine level on generated parks.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.api.app import create_app
from assistant.auth.viewer import LOCAL_ADMIN, Viewer
from assistant.composition import Services
from assistant.config import Settings
from assistant.models.pipeline import ImpactRecord, SynergyCreate, SynergyMove
from assistant.park import visibility
from assistant.park.io import validate
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from assistant.synergies.bands import band_of, cell_centre
from assistant.synergies.park_data import CompanyData, FlowData, ParkData
from tests.conftest import KNOWLEDGE
from tests.postgres.throwaway import database_env, scoped_database
from tests.synergies.helpers import builtin_engine

DEMO = json.loads((KNOWLEDGE / "parks" / "demo_park.json").read_text("utf-8"))
HIDDEN_COMPANY = "SIA Demo Datu centrs (fiktīvs)"
BYSTANDER = "SIA Demo Betons (fiktīvs)"  # a company user with nothing confidential of its own
OWNER = "SIA Demo Kokapstrāde (fiktīvs)"  # owns a confidential sawdust flow
VOLATILE = {
    "id",
    "conversation_id",
    "message_id",
    "created",
    "created_at",
    "updated_at",
    "elapsed_ms",
}
QUESTIONS = [
    "We need 9000 MWh/year of low-temperature heat. Who in the park can supply it?",
    "We need 7900 MWh/year of low-temperature heat. Who can supply it?",
    "Mums vajag 13000 t zāģskaidu gadā. Kas var piegādāt?",
    "Mums ir 11000 m3 sūkalu gadā. Kas tās var izmantot?",
    "We have 2500 t of sawdust a year. Who can use it and what is it worth?",
    "Tell me about SIA Demo Granulas (fiktīvs)",
    "Kas notiek parkā? Kuras sinerģijas ir spēcīgākās?",
    "Draft an email to SIA Demo Granulas (fiktīvs) about sawdust",
    "Who is the data centre and where is it?",
    # the rebuilt chat's intents: gaps, value, a company named by role, a knowledge answer
    "Which companies should the park attract? What does nobody take?",
    "Kādus uzņēmumus parkam vajadzētu piesaistīt?",
    "Who has waste heat in the park and what would 2 MW of it be worth a year?",
    "Uzraksti vēstuli datu centram par atlikumsiltumu",
    "What does the server hall do with its heat?",
    # a topic overview (session 6): who offers and needs a kind of material, temperatures
    "Give me a picture of heat in the park: who has surplus heat and who needs it?",
    "Parādi pārskatu par koksnes atlikumiem parkā",
    "Cik siltuma Kokapstrādei gadā vajag un kādā temperatūrā?",
    # letters to a partner found, not named (session 8): by need, by "about", by two roles
    "Write a letter to whoever needs our sawdust.",
    "Uzraksti vēstuli uzņēmumam, kam vajag mūsu siltumu.",
    "Draft a letter to Granulas about the furniture workshop's dry shavings",
    "Draft an email from the data centre to the fish farm proposing it.",
    # value answers (session 9): an amount said for another company's flow, landfill per tonne
    "What would the sawmill's sawdust be worth if it were only 500 t a year?",
    "Would we pay landfill tax on sawdust if we dumped it, and how much per tonne?",
    "Write to the fish farm about the data centre's heat.",
]


def perturbed(document: dict[str, Any]) -> dict[str, Any]:
    """Every confidential quantity +0.5 % and temperature moved within its 10 °C band; the
    confidential company ~50 m to the north-east, in another municipality."""
    changed = copy.deepcopy(document)
    for company in changed["companies"]:
        for flow in company["flows"]:
            if company.get("confidential") or flow.get("confidential"):
                flow["quantity"] = round(flow["quantity"] * 1.005, 6)
                if flow.get("temperature_c") is not None:
                    flow["temperature_c"] = _within_ten(flow["temperature_c"])
        if company.get("confidential"):
            company["lat"] += 0.00045
            company["lon"] += 0.0005
            company["municipality"] = "Cits novads (fiktīvs)"
    return changed


def _within_ten(celsius: float) -> float:
    moved = celsius + 1.5
    return moved if moved // 10 == celsius // 10 else celsius - 1.5


# ---- the two worlds ------------------------------------------------------------------------
@dataclass
class World:
    services: Services
    client: TestClient
    tokens: dict[str, str]
    ids: dict[str, int]

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def _build(folder: Path, document: dict[str, Any]) -> Iterator[World]:
    settings = Settings(
        data_dir=folder / "data",
        embedding_backend="hash",  # type: ignore[call-arg]
        knowledge_dir=KNOWLEDGE,
        rate_limit_per_minute=100000,
        _env_file=None,
    )
    services = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    services.init_db()
    services.ingestor.ingest_paths([KNOWLEDGE])
    services.park.import_document(validate(document), viewer=LOCAL_ADMIN)
    ids = {c.name: c.id or 0 for c in services.park.list_companies(viewer=LOCAL_ADMIN)}
    _implemented(services, OWNER, "SIA Demo Granulas (fiktīvs)", "zāģskaidas")  # confidential
    _implemented(
        services, "SIA Demo Būvnieks (fiktīvs)", "SIA Demo Betons (fiktīvs)", "betona drupas"
    )  # public
    users = {
        "admin": ("admin", None),
        "municipal": ("municipal", None),
        "bystander": ("company", BYSTANDER),
    }
    tokens = {
        who: services.auth.create_user(f"user-{who}", role, company).token
        for who, (role, company) in users.items()
    }
    with TestClient(create_app(services=services)) as client:
        yield World(services, client, tokens, ids)
    services.close()


def _implemented(services: Services, source: str, target: str, material: str) -> None:
    synergy = services.pipeline.add(SynergyCreate(source=source, target=target, material=material))
    services.pipeline.move(synergy.id, SynergyMove(stage="implemented"))
    services.impact.record(
        synergy.id,
        ImpactRecord(
            tonnes_per_year=100,
            eur_source_per_year=1000,
            eur_target_per_year=500,
            co2e_t_per_year=3,
            water_m3_per_year=0,
            verified_by="auditor",
            verified_at=datetime(2026, 11, 1, tzinfo=UTC),
        ),
    )


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, World]]:
    with scoped_database("nia") as url_a, database_env(url_a):
        first = _build(tmp_path_factory.mktemp("world-a"), DEMO)
        a = next(first)
        with scoped_database("nib") as url_b, database_env(url_b):
            second = _build(tmp_path_factory.mktemp("world-b"), perturbed(DEMO))
            b = next(second)
            yield a, b
            next(second, None)
        next(first, None)


# ---- what a viewer can get -----------------------------------------------------------------
def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"chatcmpl-[0-9a-f]+", "chatcmpl-…", value)
    return value


def _read(response: Any) -> Any:
    kind = response.headers.get("content-type", "")
    body = _normal(response.json()) if "json" in kind else response.text
    return response.status_code, body


def everything(world: World, who: str) -> dict[str, Any]:
    """Every reply `who` can get about the park, keyed by request."""
    client, headers = world.client, world.headers(who)
    got: dict[str, Any] = {}

    def get(path: str) -> None:
        got[f"GET {path}"] = _read(client.get(path, headers=headers))

    def post(path: str, body: dict[str, Any]) -> None:
        key = f"POST {path} {json.dumps(body, ensure_ascii=False)}"
        got[key] = _read(client.post(path, json=body, headers=headers))

    get("/api/companies")
    names = [c["name"] for c in client.get("/api/companies", headers=headers).json()]
    for company_id in sorted(world.ids.values()):
        get(f"/api/companies/{company_id}")
        get(f"/api/companies/{company_id}/flows")
    for fmt in ("json", "csv"):
        get(f"/api/companies/export?format={fmt}")
    get("/api/synergies")
    for name in names:
        get(f"/api/synergies?company={name}")
    get("/api/synergies/sectors?material=zāģskaidas")
    for query in ("data centre waste heat", "zāģskaidas granulas", "sūkalas lopbarībai"):
        get(f"/api/search?q={query}")
    get("/api/impact")
    get("/api/impact/totals")
    get("/api/impact/export?format=csv")
    for lang in ("lv", "en"):
        get(f"/api/impact/export?format=html&lang={lang}")
    for question in QUESTIONS:
        post("/api/chat", {"message": question})
    post(
        "/v1/chat/completions",
        {
            "model": "simbioze",
            "messages": [
                {"role": "user", "content": QUESTIONS[0]},
                {"role": "assistant", "content": "…"},
                {"role": "user", "content": "And what would it save us a year?"},
            ],
        },
    )
    post(
        "/v1/chat/completions",
        {
            "model": "simbioze",
            "messages": [
                {"role": "user", "content": "Kam parkā noder Kokapstrādes zāģskaidas?"},
                {"role": "assistant", "content": "…"},
                {"role": "user", "content": "Cik tās būtu vērtas? Un ja tās būtu tikai 500 t?"},
            ],
        },
    )
    return got


@pytest.mark.parametrize("who", ["municipal", "bystander"])
def test_nothing_a_non_staff_viewer_gets_changes_with_the_hidden_values(worlds, who):
    a, b = worlds
    first, second = everything(a, who), everything(b, who)
    assert first.keys() == second.keys()
    changed = [key for key in first if first[key] != second[key]]
    assert changed == [], f"{who} can tell the worlds apart by: {changed[:5]}"
    assert all(status < 500 for status, _ in first.values())


def test_staff_see_the_change_so_the_probe_can_fail(worlds):
    a, b = worlds
    for path in ("/api/synergies", "/api/companies/export?format=csv"):
        first = a.client.get(path, headers=a.headers("admin")).text
        second = b.client.get(path, headers=b.headers("admin")).text
        assert first != second, path


def test_a_hidden_name_and_an_unknown_name_answer_alike_on_rename(worlds):
    a, _ = worlds
    own = a.ids[BYSTANDER]

    def rename(name: str) -> tuple[int, Any]:
        return _read(
            a.client.put(
                f"/api/companies/{own}", json={"name": name}, headers=a.headers("bystander")
            )
        )

    hidden, unknown = rename(HIDDEN_COMPANY), rename("SIA Nekad Nebijis")
    assert hidden == unknown and hidden[0] == 403


def test_non_staff_get_no_figure_of_an_exchange_on_a_confidential_flow(worlds):
    a, _ = worlds
    rows = a.client.get("/api/impact", headers=a.headers("municipal")).json()
    assert [(r["source"], r["target"]) for r in rows] == [
        ("SIA Demo Būvnieks (fiktīvs)", "SIA Demo Betons (fiktīvs)")
    ]
    staff = a.client.get("/api/impact", headers=a.headers("admin")).json()
    assert len(staff) == 2 and any(r["volume_confidential"] for r in staff)


# ---- the engine on generated parks ---------------------------------------------------------
ENGINE = builtin_engine()
MATERIALS = [  # (material, EWC, unit): outputs and inputs the rules connect
    ("zāģskaidas", "03 01 05", "t/year"),
    ("miza", "03 01 01", "t/year"),
    ("kartons", "15 01 01", "t/year"),
    ("sūkalas", "02 05 01", "m3/year"),
    ("atlikumsiltums", None, "MWh/year"),
    ("koksnes pelni", "10 01 03", "t/year"),
    ("betona drupas", "17 01 01", "t/year"),
    ("alus drabiņas", "02 07 02", "t/year"),
]
NACE = ["16.10", "16.29", "35.30", "01.13", "10.51", "01.41", "23.63", "17.12", "35.21"]


@st.composite
def parks(draw: st.DrawFn) -> ParkData:
    n = draw(st.integers(2, 6))
    companies = [
        CompanyData(
            i + 1,
            f"Company {i + 1}",
            draw(st.sampled_from(NACE)),
            56.9 + draw(st.floats(0, 0.2)),
            24.0 + draw(st.floats(0, 0.2)),
            draw(st.booleans()),
        )
        for i in range(n)
    ]
    flows = []
    for fid in range(1, draw(st.integers(2, 10)) + 1):
        material, ewc, unit = draw(st.sampled_from(MATERIALS))
        celsius = draw(st.one_of(st.none(), st.floats(5, 95)))
        resolved = ENGINE.taxonomy.resolve_flow(material, ewc)
        flows.append(
            FlowData(
                fid,
                draw(st.integers(1, n)),
                draw(st.sampled_from(["output", "input"])),
                material,
                draw(st.floats(0.5, 50000)),
                unit,
                resolved.category,
                resolved.score,
                ewc,
                celsius,
                False,
                draw(st.booleans()),
            )
        )
    return ParkData("generated", companies, flows)


def _within_band(quantity: float, u: float) -> float:
    low, high = band_of(quantity)
    return low + (high - low) * min(u, 0.999) if low else max(u, 0.001) * high


def _within_cell(degrees: float, u: float) -> float:
    centre = cell_centre(degrees) or 0.0
    return centre + (u - 0.5) * 0.098


def _within_degrees(celsius: float | None, u: float) -> float | None:
    return None if celsius is None else (celsius // 10 + min(u, 0.999)) * 10


def _moved(park: ParkData, viewer: Viewer, us: list[float]) -> ParkData:
    """The same park with every value hidden from `viewer` moved within its band or cell."""
    pick = iter(us * 50)
    hidden = {
        c.id for c in park.companies if c.confidential and not viewer.sees_confidential_of(c.id)
    }
    companies = [
        replace(
            c, lat=_within_cell(c.lat or 0, next(pick)), lon=_within_cell(c.lon or 0, next(pick))
        )
        if c.id in hidden
        else c
        for c in park.companies
    ]
    flows = [
        replace(
            f,
            quantity=_within_band(f.quantity, next(pick)),
            temperature_c=_within_degrees(f.temperature_c, next(pick)),
        )
        if (f.confidential or f.company_id in hidden)
        and not viewer.sees_confidential_of(f.company_id)
        else f
        for f in park.flows
    ]
    return replace(park, companies=companies, flows=flows)


def _seen(park: ParkData, viewer: Viewer, focus: int | None) -> str:
    found = ENGINE.match(visibility.park_view(park, viewer), focus)
    return json.dumps(
        [s.model_dump(mode="json") for s in visibility.suggestions(found)],
        ensure_ascii=False,
        sort_keys=True,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(park=parks(), who=st.integers(0, 6), us=st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_generated_parks_answer_alike_within_bands_and_cells(park, who, us):
    viewer = (
        Viewer(name="m", role="municipal")
        if who == 0
        else Viewer(name="c", role="company", company_id=who)
    )
    moved = _moved(park, viewer, us)
    for focus in (None, *[c.id for c in park.companies]):
        assert _seen(park, viewer, focus) == _seen(moved, viewer, focus)
