"""The composition root: each service is built lazily, once, from one Settings object, and given
the few collaborators it uses. Only the edges (the app factory and its request dependencies,
the CLI's context, ops) hold it; no feature receives it.

Tests pass fakes (an in-memory vector index, a hashing embedder) through the constructor.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from assistant.auth import audit
from assistant.config import Settings
from assistant.db import create_tables, make_engine
from assistant.ingest.pipeline import Ingestor
from assistant.retrieval.embedders import DiskCachedEmbedder, make_embedder
from assistant.retrieval.glossary import Glossary, default_glossary
from assistant.retrieval.hybrid import HybridRetriever, RetrievalParams
from assistant.retrieval.protocols import Embedder, VectorIndex

if TYPE_CHECKING:
    from assistant.auth.ratelimit import RateLimiter
    from assistant.auth.service import AuthService
    from assistant.chat.service import ChatService
    from assistant.deals import PipelineService
    from assistant.impact import ImpactService
    from assistant.llm.model import ChatModel
    from assistant.outreach import OutreachService
    from assistant.park import ParkService
    from assistant.synergies import SynergyEngine
    from assistant.synergy_rules import Registry
    from assistant.taxonomy import Taxonomy


class Services:
    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        embedder: Embedder | None = None,
        vectors: VectorIndex | None = None,
        glossary: Glossary | None = None,
        llm: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        audit.install()  # every write through these services lands in the audit log
        if llm is not None:
            self.__dict__["llm"] = llm
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
        return make_embedder(self.settings)

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
        params = RetrievalParams(
            rrf_k=s.rrf_k,
            pool=s.candidate_pool,
            keyword_floor=s.keyword_floor,
            dense_floor=(("lv", s.dense_floor_lv), ("en", s.dense_floor_en)),
            weights=(
                ("lv", s.keyword_weight_lv, s.dense_weight_lv),
                ("en", s.keyword_weight_en, s.dense_weight_en),
            ),
        )
        return HybridRetriever(
            self.engine,
            self.embedder,
            self.vectors,
            self.glossary,
            params,
            cache_dir=s.data_dir / "cache",
        )

    @cached_property
    def ingestor(self) -> Ingestor:
        self.init_db()
        return Ingestor(self.engine, self.embedder, self.vectors, self.settings.chunk_max_chars)

    @cached_property
    def taxonomy(self) -> Taxonomy:
        from assistant.taxonomy import Taxonomy

        # The taxonomy's entry vectors are stored in the data directory, not made per process.
        return Taxonomy(DiskCachedEmbedder(self.embedder, self.settings.data_dir / "cache"))

    @cached_property
    def rules(self) -> Registry:
        from assistant.synergy_rules import Registry

        return Registry.load_builtin()

    @cached_property
    def synergy_engine(self) -> SynergyEngine:
        from assistant.synergies import SynergyEngine
        from assistant.synergies.ranker import keep_categories_in
        from assistant.synergy_rules import Parameters, check_references

        # the documented exchanges' categories are resolved once per data directory
        keep_categories_in(self.settings.data_dir / "cache")
        parameters = Parameters.load()
        check_references(self.rules, parameters, set(self.taxonomy.categories))
        return SynergyEngine(self.rules, parameters, self.taxonomy, self.settings.landfill_tax_year)

    @cached_property
    def park(self) -> ParkService:
        from assistant.park import ParkService

        self.init_db()
        return ParkService(self.engine, self.taxonomy, lambda: self.ingestor)

    @cached_property
    def llm(self) -> ChatModel | None:
        from assistant.llm.model import build_chat_model

        return build_chat_model(self.settings)

    @cached_property
    def chat(self) -> ChatService:
        from assistant.chat.memory import Memory
        from assistant.chat.service import ChatService
        from assistant.chat.tools import ChatTools

        self.init_db()
        tools = ChatTools(
            park=self.park,
            retriever=self.retriever,
            engine=self.synergy_engine,
            taxonomy=self.taxonomy,
            outreach=self.outreach,
        )
        return ChatService(
            tools,
            Memory(self.engine),
            self.llm,
            self.settings.chat_max_chars,
            cache_dir=self.settings.data_dir / "cache",
            # the hashing fake carries no meaning beyond the words the classifier already reads
            embedder=self.embedder if self.settings.embedding_backend != "hash" else None,
        )

    @cached_property
    def pipeline(self) -> PipelineService:
        from assistant.deals import PipelineService

        return PipelineService(
            self.engine, self.park, lambda: self.synergy_engine, self.settings.facilitator_name
        )

    @cached_property
    def outreach(self) -> OutreachService:
        from assistant.outreach import OutreachService

        return OutreachService(
            self.engine,
            self.park,
            lambda: self.synergy_engine,
            self.pipeline,
            self.settings,
            lambda: self.llm,
        )

    @cached_property
    def impact(self) -> ImpactService:
        from assistant.impact import ImpactService

        self.init_db()
        return ImpactService(self.engine)

    @cached_property
    def auth(self) -> AuthService:
        from assistant.auth.service import AuthService

        self.init_db()
        return AuthService(self.engine, self.settings.session_hours)

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        from assistant.auth.ratelimit import RateLimiter

        return RateLimiter(self.settings.rate_limit_per_minute)

    @cached_property
    def login_limiter(self) -> RateLimiter:
        """Sign-in attempts per client address: slow enough to make guessing pointless."""
        from assistant.auth.ratelimit import RateLimiter

        return RateLimiter(self.settings.login_attempts_per_minute, counts="sign-in attempts")

    @cached_property
    def auth_failure_limiter(self) -> RateLimiter:
        """Requests with an unknown or revoked token or session, per client address."""
        from assistant.auth.ratelimit import RateLimiter

        return RateLimiter(self.settings.auth_failures_per_minute, counts="failed authentications")

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
