"""The park service as each viewer sees it: reads anonymised, writes checked (real SQLite)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlmodel import Session, select

from assistant.errors import Forbidden, NotFound
from assistant.models import Chunk, Document
from assistant.models.park import CompanyCreate, CompanyUpdate, FlowCreate, FlowUpdate
from assistant.park.io import validate
from tests.auth.parks import (
    HIDDEN,
    OUTSIDER,
    PARK,
    PELLETS,
    SAW,
    SAW_NOTES,
    SECRET,
    SECRET_WORDS,
    Viewers,
    leaks,
    load,
    serialized,
)


@pytest.fixture
def park(services):
    return services, load(services)


def _reads(services, viewers: Viewers, viewer) -> dict[str, str]:
    """Every read surface of the park service, serialized."""
    park, ids = services.park, viewers.ids
    saw_flows = park.get_company(ids[SAW], viewer=viewer).flows
    return {
        "list": serialized(park.list_companies(viewer=viewer)),
        "get secret": serialized(park.get_company(ids[SECRET], viewer=viewer)),
        "get saw": serialized(park.get_company(ids[SAW], viewer=viewer)),
        "flows": serialized([park.get_flow(ids[SAW], f.id, viewer=viewer) for f in saw_flows]),
        "json": park.export("json", viewer=viewer),
        "csv": park.export("csv", viewer=viewer),
    }


def test_outsiders_see_no_confidential_name_or_quantity_anywhere(park):
    services, viewers = park
    for viewer in viewers.blind():
        for surface, text in _reads(services, viewers, viewer).items():
            assert leaks(text) == [], (viewer.name, surface)
            assert "Confidential company (NACE 01.13" in text or surface in ("get saw", "flows")


def test_staff_see_everything(park):
    services, viewers = park
    for viewer in viewers.full():
        reads = _reads(services, viewers, viewer)
        for surface in ("list", "json", "csv"):
            assert leaks(reads[surface]) == [*SECRET_WORDS, SAW_NOTES, *map(str, HIDDEN)], surface


def test_a_company_user_sees_its_own_company_in_full(park):
    services, viewers = park
    own = _reads(services, viewers, viewers.secret)
    assert leaks(own["get secret"]) == [*SECRET_WORDS, "4321", "5678"]
    assert leaks(own["list"], numbers=(1234,), words=(SAW_NOTES,)) == []  # not the sawmill's
    saw = _reads(services, viewers, viewers.saw)
    assert leaks(saw["flows"], words=()) == ["1234"]
    assert SAW_NOTES in saw["flows"]  # its own notes
    assert leaks(saw["list"], numbers=(4321, 5678), words=SECRET_WORDS) == []


def test_the_export_of_an_outsider_leaves_hidden_quantities_empty(park):
    services, viewers = park
    document = json.loads(services.park.export("json", viewer=viewers.outsider))
    by_name = {c["name"]: c for c in document["companies"]}
    assert SECRET not in by_name
    secret = next(c for c in document["companies"] if c["confidential"])
    assert (secret["lat"], secret["lon"]) == (57.0, 24.1)
    assert [f["quantity"] for f in secret["flows"]] == [None, None]
    assert [f["quantity"] for f in by_name[SAW]["flows"]] == [None, 300]
    rows = list(csv.DictReader(io.StringIO(services.park.export("csv", viewer=viewers.outsider))))
    assert [r["quantity"] for r in rows if r["company"] == SAW] == ["", "300"]
    full = json.loads(services.park.export("json", viewer=viewers.admin))
    assert full["companies"] == validate(PARK).model_dump(mode="json")["companies"]


def test_a_confidential_company_is_not_found_by_name_by_outsiders(park):
    services, viewers = park
    with pytest.raises(NotFound):
        services.park.find_company(SECRET, viewer=viewers.outsider)
    assert services.park.find_company(SECRET, viewer=viewers.secret).name == SECRET
    assert services.park.find_company(SECRET, viewer=viewers.facilitator).name == SECRET


def test_company_users_edit_only_their_own_company(park):
    services, viewers = park
    service, ids = services.park, viewers.ids
    own = service.update_company(
        ids[OUTSIDER], CompanyUpdate(description="Ready-mix concrete"), viewer=viewers.outsider
    )
    assert own.description == "Ready-mix concrete"
    flow = service.add_flow(
        ids[OUTSIDER],
        FlowCreate(direction="output", material="betons", quantity=50, unit="t/year"),
        viewer=viewers.outsider,
    )
    service.update_flow(ids[OUTSIDER], flow.id, FlowUpdate(quantity=60), viewer=viewers.outsider)
    service.delete_flow(ids[OUTSIDER], flow.id, viewer=viewers.outsider)
    saw = service.get_company(ids[SAW], viewer=viewers.admin)
    attempts = [
        lambda: service.update_company(
            ids[SAW], CompanyUpdate(name="Mine"), viewer=viewers.outsider
        ),
        lambda: service.add_flow(
            ids[SAW],
            FlowCreate(direction="output", material="x", quantity=1, unit="t/year"),
            viewer=viewers.outsider,
        ),
        lambda: service.update_flow(
            ids[SAW], saw.flows[0].id, FlowUpdate(quantity=1), viewer=viewers.outsider
        ),
        lambda: service.delete_flow(ids[SAW], saw.flows[0].id, viewer=viewers.outsider),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden) as caught:
            attempt()
        assert f"only your own company (id {ids[OUTSIDER]})" in caught.value.message
    assert service.get_company(ids[SAW], viewer=viewers.admin) == saw


@pytest.mark.parametrize("who", ["outsider", "municipal"])
def test_only_staff_create_delete_import_or_confirm(park, who):
    services, viewers = park
    service, viewer = services.park, getattr(viewers, who)
    before = service.list_companies(viewer=viewers.admin)
    with pytest.raises(Forbidden):
        service.create_company(CompanyCreate(name="SIA Jauna", nace="10.71"), viewer=viewer)
    with pytest.raises(Forbidden):
        service.delete_company(viewers.ids[PELLETS], viewer=viewer)
    with pytest.raises(Forbidden):
        service.import_bytes(json.dumps(PARK).encode(), "json", viewer=viewer)
    with pytest.raises(Forbidden):
        service.confirm_ewc(before[0].flows[0].id, "03 01 05", viewer=viewer)
    if who == "municipal":
        with pytest.raises(Forbidden):
            service.update_company(
                viewers.ids[PELLETS], CompanyUpdate(description="x"), viewer=viewer
            )
    assert service.list_companies(viewer=viewers.admin) == before


def test_facilitators_may_do_everything(park):
    services, viewers = park
    service, viewer = services.park, viewers.facilitator
    created = service.create_company(CompanyCreate(name="SIA Jauna", nace="10.71"), viewer=viewer)
    service.update_company(viewers.ids[SECRET], CompanyUpdate(description="x"), viewer=viewer)
    service.import_bytes(json.dumps(PARK).encode(), "json", viewer=viewer)
    service.delete_company(created.id, viewer=viewer)
    assert len(service.list_companies(viewer=viewer)) == len(PARK["companies"])


def _profiles(services) -> dict[str, str]:
    with Session(services.engine) as session:
        documents = session.exec(select(Document).where(Document.type == "company")).all()
        return {
            d.source: d.title
            + "\n"
            + "\n".join(
                c.text for c in session.exec(select(Chunk).where(Chunk.document_id == d.id))
            )
            for d in documents
        }


def test_search_profiles_hold_nothing_confidential(park):
    services, viewers = park
    profiles = _profiles(services)
    assert len(profiles) == len(PARK["companies"])
    for source, text in profiles.items():
        assert leaks(text) == [], source
    secret = profiles[f"company:{viewers.ids[SECRET]}"]
    assert "siltums siltumnīcu apsildei" in secret and "quantity confidential" in secret
    assert "300 t/year" in profiles[f"company:{viewers.ids[SAW]}"]  # a public flow keeps it
    for query in ("greenhouse heat", "zāģskaidas sawdust", "Slepenā Siltumnīca"):
        hits = services.retriever.search(query, 10).hits
        assert hits and leaks(serialized([h.model_dump() for h in hits])) == [], query
