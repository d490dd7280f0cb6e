"""The service container: everything heavy is built lazily, once, from one Settings object.

Tests pass fakes (an in-memory vector index, a hashing embedder) through the constructor.
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.engine import Engine

from assistant.config import Settings
from assistant.db import create_tables, make_engine
from assistant.ingest.pipeline import Ingestor
from assistant.retrieval.embedders import HashEmbedder, SentenceTransformerEmbedder
from assistant.retrieval.glossary import Glossary, default_glossary
from assistant.retrieval.hybrid import HybridRetriever, RetrievalParams
from assistant.retrieval.protocols import Embedder, VectorIndex


class Services:
    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        embedder: Embedder | None = None,
        vectors: VectorIndex | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self.settings = settings
        if engine is not None:
            self.__dict__["engine"] = engine
        if embedder is not None:
            self.__dict__["embedder"] = embedder
        if vectors is not None:
            self.__dict__["vectors"] = vectors
        if glossary is not None:
            self.__dict__["glossary"] = glossary
        self._tables_ready = False

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings)

    def init_db(self) -> None:
        if not self._tables_ready:
            create_tables(self.engine)
            self._tables_ready = True

    @cached_property
    def embedder(self) -> Embedder:
        if self.settings.embedding_backend == "hash":
            return HashEmbedder()
        return SentenceTransformerEmbedder(
            self.settings.embedding_model, self.settings.embedding_batch_size
        )

    @cached_property
    def vectors(self) -> VectorIndex:
        from assistant.retrieval.vector_index import ChromaVectorIndex

        return ChromaVectorIndex.from_settings(self.settings)

    @cached_property
    def glossary(self) -> Glossary:
        return default_glossary()

    @cached_property
    def retriever(self) -> HybridRetriever:
        self.init_db()
        s = self.settings
        params = RetrievalParams(rrf_k=s.rrf_k, pool=s.candidate_pool,
                                 dense_floor=s.dense_floor, keyword_floor=s.keyword_floor)
        return HybridRetriever(self.engine, self.embedder, self.vectors, self.glossary, params)

    @cached_property
    def ingestor(self) -> Ingestor:
        self.init_db()
        return Ingestor(self.engine, self.embedder, self.vectors, self.settings.chunk_max_chars)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
