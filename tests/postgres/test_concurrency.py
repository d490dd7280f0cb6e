"""50 parallel writers on PostgreSQL: every company, flow, conversation and message lands."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, func, select

from assistant.composition import Services
from assistant.models import Chunk, Company, Conversation, Document, Flow, Message
from assistant.models.park import CompanyCreate, FlowCreate
from assistant.park.profiles import source_of

WRITERS = 50


def _company(name: str) -> CompanyCreate:
    return CompanyCreate(
        name=name,
        nace="16.10",
        municipality="Testa novads",
        flows=[FlowCreate(direction="output", material="zāģskaidas", quantity=100, unit="t/year")],
    )


def _count(services: Services, model: type, *where) -> int:  # type: ignore[no-untyped-def]
    with Session(services.engine) as session:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())


@pytest.mark.postgres
def test_fifty_parallel_writers_lose_nothing(pg_services: Services) -> None:
    park, chat = pg_services.park, pg_services.chat
    shared = park.create_company(_company("SIA Kopīgā Noliktava"))
    start = threading.Barrier(WRITERS)

    def writer(n: int) -> str:
        start.wait()  # all fifty hit the database at the same moment
        park.create_company(_company(f"SIA Rakstītājs {n:02d}"))
        park.add_flow(
            shared.id,
            FlowCreate(
                direction="output", material=f"materiāls {n}", quantity=n + 1, unit="t/year"
            ),
        )
        first = chat.ask(f"Kas var izmantot {n + 1} t zāģskaidu gadā?")
        chat.ask("un kādi ir juridiskie soļi?", first.conversation_id)
        return first.conversation_id

    with ThreadPoolExecutor(WRITERS) as pool:
        conversations = list(pool.map(writer, range(WRITERS)))

    assert len(set(conversations)) == WRITERS
    assert _count(pg_services, Company) == WRITERS + 1
    assert _count(pg_services, Flow, Flow.company_id == shared.id) == WRITERS + 1
    assert _count(pg_services, Conversation) == WRITERS
    for conversation_id in conversations:
        with Session(pg_services.engine) as session:
            seqs = session.exec(
                select(Message.seq)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.seq)
            ).all()
        assert list(seqs) == [0, 1, 2, 3], conversation_id
    quantities = {f.quantity for f in park.get_company(shared.id).flows}
    assert quantities >= {float(n + 1) for n in range(WRITERS)}
    # every company's profile is indexed once, and the shared one names all fifty materials
    assert _count(pg_services, Document, Document.type == "company") == WRITERS + 1
    with Session(pg_services.engine) as session:
        shared_doc = session.exec(
            select(Document).where(Document.source == source_of(shared.id))
        ).one()
        text = " ".join(
            session.exec(select(Chunk.text).where(Chunk.document_id == shared_doc.id)).all()
        )
        chunk_ids = set(session.exec(select(Chunk.id)).all())
    assert {n for n in range(WRITERS) if f"materiāls {n}" not in text} == set()
    # concurrent re-indexing may leave stray vectors; the reconcile step removes them
    pg_services.ingestor.sync_index()
    assert pg_services.vectors.ids() == chunk_ids
