"""The knowledge path on a real PostgreSQL server (127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from assistant.composition import Services
from assistant.config import Settings
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_url() -> Iterator[str]:
    name = f"simbioze_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_ingest_search_update_delete_on_postgres(pg_url, tmp_path, kb_dir):
    settings = Settings(data_dir=tmp_path, database_url=pg_url, _env_file=None)
    services = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    services.init_db()
    try:
        assert len(services.ingestor.ingest_paths([kb_dir]).added) == 2
        assert services.ingestor.ingest_paths([kb_dir]).chunks_embedded == 0
        hits = services.retriever.search("zagskaidas poligons", 3).hits
        assert hits[0].doc_id == "sample-landfill-tax-lv"
        (kb_dir / "landfill-tax-lv.md").unlink()
        assert services.ingestor.ingest_paths([kb_dir]).deleted == ["sample-landfill-tax-lv"]
        assert all(
            h.doc_id != "sample-landfill-tax-lv"
            for h in services.retriever.search("zāģskaidas", 5).hits
        )
    finally:
        services.close()
