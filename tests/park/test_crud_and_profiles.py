from __future__ import annotations

import pytest
from sqlmodel import Session, select

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.models import Chunk, Document
from assistant.models.park import CompanyCreate, CompanyUpdate, FlowCreate, FlowUpdate
from assistant.park.io import validate
from tests.park.factories import park


@pytest.fixture
def loaded(services):
    services.park.import_document(validate(park()))
    return services


def _profile_text(services, company_id: int) -> str:
    with Session(services.engine) as session:
        doc = session.exec(select(Document).where(Document.source == f"company:{company_id}")).one()
        chunks = session.exec(select(Chunk).where(Chunk.document_id == doc.id)).all()
        assert doc.type == "company"
        return doc.title + "\n" + "\n".join(c.section + "\n" + c.text for c in chunks)


def test_search_finds_companies_handling_plastics(loaded):
    hits = loaded.retriever.search(
        "which companies in the park handle plastics?", 5, filters={"type": "company"}
    ).hits
    titles = {h.title for h in hits}
    assert "SIA Zāģētava" in titles  # it has a plastic film output
    assert any(t.startswith("A confidential company in sector 22.22") for t in titles)


def test_profiles_hide_confidential_quantities_and_names(loaded):
    saw = loaded.park.find_company("SIA Zāģētava")
    text = _profile_text(loaded, saw.id)
    assert "zāģskaidas" in text and "2400" not in text  # the sawdust flow is confidential
    assert "12 t/year" in text  # the film flow is not
    secret = loaded.park.find_company("Slepenā Rūpnīca", viewer=LOCAL_ADMIN)
    text = _profile_text(loaded, secret.id)
    assert "Slepenā" not in text and "Secret plastics plant" not in text
    assert "confidential company in sector 22.22" in text


def test_company_and_flow_crud_keeps_the_index_in_line(loaded):
    created = loaded.park.create_company(CompanyCreate(name="SIA Jauna", nace="10.71"))
    with pytest.raises(Conflict):
        loaded.park.create_company(CompanyCreate(name="sia jauna", nace="10.71"))
    flow = loaded.park.add_flow(
        created.id,
        FlowCreate(direction="output", material="maizes atlikumi", quantity=85, unit="t/year"),
    )
    assert flow.category == "food.bakery"
    assert "maizes atlikumi" in _profile_text(loaded, created.id)
    changed = loaded.park.update_flow(created.id, flow.id, FlowUpdate(quantity=90))
    assert changed.quantity == 90
    renamed = loaded.park.update_company(created.id, CompanyUpdate(name="SIA Maiznīca"))
    assert renamed.name == "SIA Maiznīca"
    loaded.park.delete_flow(created.id, flow.id)
    assert loaded.park.get_company(created.id).flows == []
    loaded.park.delete_company(created.id)
    with pytest.raises(NotFound):
        loaded.park.get_company(created.id)
    with Session(loaded.engine) as session:
        assert (
            session.exec(select(Document).where(Document.source == f"company:{created.id}")).first()
            is None
        )


def test_confirmed_code_decides_the_category_and_survives_reimport(loaded):
    saw = loaded.park.find_company("SIA Zāģētava")
    film = saw.flows[1]
    with pytest.raises(InvalidInput):
        loaded.park.confirm_ewc(film.id, "12 34 56")
    confirmed = loaded.park.confirm_ewc(film.id, "150102")
    assert (confirmed.ewc_code, confirmed.ewc_confirmed) == ("15 01 02", True)
    assert confirmed.category == "plastics.film"
    loaded.park.import_document(validate(park()))  # the file has no code for the film
    again = loaded.park.find_company("SIA Zāģētava").flows[1]
    assert (again.ewc_code, again.ewc_confirmed) == ("15 01 02", True)


def test_unknown_ids_are_not_found(loaded):
    with pytest.raises(NotFound):
        loaded.park.get_company(9999)
    saw = loaded.park.find_company("SIA Zāģētava")
    with pytest.raises(NotFound):
        loaded.park.get_flow(saw.id, 9999)
