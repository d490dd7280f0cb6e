import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.support.auth import bearer


@pytest.fixture
def client(services):
    with TestClient(create_app(services=services), headers=bearer(services)) as test_client:
        yield test_client


@pytest.fixture
def loaded_client(client, services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    return client
