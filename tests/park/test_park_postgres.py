"""The park's key path on a real PostgreSQL server (127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.composition import Services
from assistant.config import Settings
from assistant.errors import InvalidInput
from assistant.park.io import validate
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.park.factories import park

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_services(tmp_path) -> Iterator[Services]:
    name = f"simbioze_park_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    settings = Settings(
        data_dir=tmp_path,
        embedding_backend="hash",
        _env_file=None,
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
    )
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    try:
        yield built
    finally:
        built.close()
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_import_reimport_export_and_match_on_postgres(pg_services: Services):
    service = pg_services.park
    service.import_document(validate(park()))
    exported = service.export("csv", viewer=LOCAL_ADMIN)
    report = service.import_bytes(exported.encode(), "csv")
    assert (len(report.created), len(report.updated)) == (0, 3)
    assert service.export("csv", viewer=LOCAL_ADMIN) == exported
    broken = park()
    broken["companies"][1]["nace"] = "00.00"
    with pytest.raises(InvalidInput):
        service.import_document(validate(broken))
    assert len(service.list_companies()) == 3
    found = pg_services.synergy_engine.match(service.snapshot())
    assert any(s.target_company == "SIA Granulas" for s in found)
    hits = pg_services.retriever.search("plastics", 5, filters={"type": "company"}).hits
    assert hits
