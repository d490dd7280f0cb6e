"""Vector indexes: Chroma (embedded or server) and an in-memory numpy fake."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.config import Settings
from assistant.errors import BackendUnavailable
from assistant.retrieval.protocols import Metadata, VectorHit, Vectors

_BATCH = 2000


def _matches(meta: Metadata, where: Mapping[str, str] | None) -> bool:
    return not where or all(meta.get(k) == v for k, v in where.items())


class InMemoryVectorIndex:
    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}
        self._meta: dict[str, Metadata] = {}

    def upsert(self, ids: Sequence[str], vectors: Vectors, metadatas: Sequence[Metadata]) -> None:
        for chunk_id, vector, meta in zip(ids, vectors, metadatas, strict=True):
            self._vectors[chunk_id] = np.asarray(vector, dtype=np.float32)
            self._meta[chunk_id] = dict(meta)

    def delete(self, ids: Sequence[str]) -> None:
        for chunk_id in ids:
            self._vectors.pop(chunk_id, None)
            self._meta.pop(chunk_id, None)

    def ids(self) -> set[str]:
        return set(self._vectors)

    def query(
        self, vector: Vectors, k: int, where: Mapping[str, str] | None = None
    ) -> list[VectorHit]:
        keys = [cid for cid in self._vectors if _matches(self._meta[cid], where)]
        if not keys:
            return []
        matrix = np.stack([self._vectors[cid] for cid in keys])
        sims = matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
        order = np.argsort(-sims)[:k]
        return [VectorHit(keys[i], float(sims[i])) for i in order]

    def reset(self) -> None:
        self._vectors.clear()
        self._meta.clear()

    def ping(self) -> None:
        return None


class ChromaVectorIndex:
    """Chroma with precomputed embeddings only: no embedding function, so nothing downloads."""

    def __init__(self, make_client: Callable[[], Any], collection: str) -> None:
        self._make_client = make_client
        self._client_obj: Any = None
        self._name = collection
        self._collection: Any = None

    @property
    def _client(self) -> Any:
        """Connecting is deferred to first use: a server may start after the app."""
        if self._client_obj is None:
            try:
                self._client_obj = self._make_client()
            except Exception as exc:  # chromadb raises ValueError/httpx errors when unreachable
                raise BackendUnavailable(
                    "the Chroma vector index is unreachable", str(exc)
                ) from exc
        return self._client_obj

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaVectorIndex:
        def make_client() -> Any:
            # Imported on first use (a second or more): a process that searches a small
            # corpus in memory, as the CLI's `ask` does, never loads chromadb.
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                return chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(
                path=str(settings.chroma_path), settings=chroma_settings
            )

        return cls(make_client, settings.chroma_collection)

    @property
    def _col(self) -> Any:
        if self._collection is None:
            try:
                self._collection = self._client.get_or_create_collection(
                    self._name,
                    embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                )
            except Exception as exc:  # chromadb raises many types for an unreachable server
                raise BackendUnavailable(
                    "the Chroma vector index is unreachable", str(exc)
                ) from exc
        return self._collection

    def upsert(self, ids: Sequence[str], vectors: Vectors, metadatas: Sequence[Metadata]) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self._col.upsert(
                ids=list(ids[start:end]),
                embeddings=np.asarray(vectors[start:end], dtype=np.float32),
                metadatas=[dict(m) for m in metadatas[start:end]],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self._col.delete(ids=list(ids[start : start + _BATCH]))

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            page = self._col.get(include=[], limit=_BATCH * 5, offset=offset)
            found.update(page["ids"])
            if len(page["ids"]) < _BATCH * 5:
                return found
            offset += _BATCH * 5

    def query(
        self, vector: Vectors, k: int, where: Mapping[str, str] | None = None
    ) -> list[VectorHit]:
        filters: dict[str, Any] | None = None
        if where:
            clauses = [{key: value} for key, value in where.items()]
            filters = clauses[0] if len(clauses) == 1 else {"$and": clauses}
        result = self._col.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=k,
            where=filters,
            include=["distances"],
        )
        ids, distances = result["ids"][0], result["distances"][0]
        return [VectorHit(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def reset(self) -> None:
        with contextlib.suppress(Exception):  # an absent collection is fine
            self._client.delete_collection(self._name)
        self._collection = None

    def ping(self) -> None:
        try:
            self._client.heartbeat()
            _ = self._col
        except BackendUnavailable:
            raise
        except Exception as exc:
            raise BackendUnavailable("the Chroma vector index is unreachable", str(exc)) from exc
