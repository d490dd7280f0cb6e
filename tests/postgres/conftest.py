"""Fixtures of the PostgreSQL-only tests: these always run on the server, in both runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from assistant.composition import Services
from assistant.config import Settings
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.protocols import VectorHit
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.postgres.throwaway import throwaway_database


class LockedIndex(InMemoryVectorIndex):
    """The in-memory fake made safe for threads (Chroma is, the plain fake is not)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def upsert(self, ids: Sequence[str], vectors, metadatas) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            super().upsert(ids, vectors, metadatas)

    def delete(self, ids: Sequence[str]) -> None:
        with self._lock:
            super().delete(ids)

    def ids(self) -> set[str]:
        with self._lock:
            return super().ids()

    def query(
        self,
        vector,
        k: int,  # type: ignore[no-untyped-def]
        where: Mapping[str, str] | None = None,
    ) -> list[VectorHit]:
        with self._lock:
            return super().query(vector, k, where)


@pytest.fixture
def pg_services(tmp_path: Path) -> Iterator[Services]:
    with throwaway_database("pg") as url:
        settings = Settings(
            data_dir=tmp_path / "data", embedding_backend="hash", database_url=url, _env_file=None
        )  # type: ignore[call-arg]
        built = Services(settings, embedder=HashEmbedder(), vectors=LockedIndex())
        built.init_db()
        yield built
        built.close()
