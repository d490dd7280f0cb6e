"""The Chroma server path end to end: ingest the shipped knowledge base into a `chroma run`
server, search it through the services and the HTTP API, share it with a second worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.api.app import create_app
from assistant.composition import Services
from assistant.config import Settings
from assistant.ingest.pipeline import Ingestor
from assistant.models import Chunk
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import ChromaVectorIndex, InMemoryVectorIndex
from tests.conftest import KNOWLEDGE
from tests.support.auth import bearer

pytestmark = pytest.mark.chroma_server
QUERIES = [
    "zāģskaidas blakusprodukts",
    "landfill tax per tonne",
    "koksnes pelni mēslojums",
    "industrial symbiosis Kalundborg gypsum",
    "by-product conditions waste framework",
]


def worker(settings: Settings) -> Services:
    """One app process: its own Chroma HTTP client, the shared database and server."""
    built = Services(settings, embedder=HashEmbedder())
    built.init_db()
    return built


@pytest.fixture
def server_settings(tmp_path: Path, chroma_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        embedding_backend="hash",
        chroma_url=chroma_url,
        chroma_collection=f"e2e{tmp_path.name[-10:]}",
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
def first(server_settings: Settings) -> Iterator[Services]:
    built = worker(server_settings)
    assert isinstance(built.vectors, ChromaVectorIndex)
    report = built.ingestor.ingest_paths([KNOWLEDGE])
    assert not report.failed and len(report.added) > 50
    yield built
    built.close()


def chunk_ids(services: Services) -> set[str]:
    with Session(services.engine) as session:
        return set(session.exec(select(Chunk.id)).all())


def test_the_server_index_matches_sql_and_ranks_like_the_reference(first: Services) -> None:
    assert first.vectors.ids() == chunk_ids(first)
    reference = InMemoryVectorIndex()
    Ingestor(first.engine, first.embedder, reference).sync_index()  # from the stored embeddings
    for query in QUERIES:
        vector = first.embedder.encode([query])[0]
        served = [(h.chunk_id, round(h.similarity, 4)) for h in first.vectors.query(vector, 8)]
        expected = [(h.chunk_id, round(h.similarity, 4)) for h in reference.query(vector, 8)]
        assert served == expected, query


def test_a_second_worker_searches_the_same_index(
    first: Services, server_settings: Settings
) -> None:
    other = worker(server_settings)
    try:
        for query in QUERIES:
            mine = [h.chunk_id for h in first.retriever.search(query, 5).hits]
            theirs = [h.chunk_id for h in other.retriever.search(query, 5).hits]
            assert mine and mine == theirs, query
        doc_id = first.retriever.search(QUERIES[0], 1).hits[0].doc_id
        first.ingestor.delete_document(doc_id)  # one worker deletes, the other sees it
        assert all(h.doc_id != doc_id for h in other.retriever.search(QUERIES[0], 10).hits)
        assert other.vectors.ids() == chunk_ids(other)
    finally:
        other.close()


def test_search_and_readiness_over_http(first: Services) -> None:
    with TestClient(create_app(services=first), headers=bearer(first)) as client:
        assert client.get("/readyz").json() == {"status": "ready"}
        hits = client.get("/api/search", params={"q": "zāģskaidas", "k": 3}).json()
        assert hits and all({"doc_id", "title", "score", "text"} <= set(h) for h in hits)
        reply = client.post("/api/chat", json={"message": "kad zāģskaidas ir blakusprodukts?"})
        assert reply.status_code == 200 and reply.json()["citations"]
