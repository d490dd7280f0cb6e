"""Keeping the search index's company profiles equal to what SQL holds."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assistant.ingest.parsed import ParsedDocument
from assistant.ingest.pipeline import Ingestor
from assistant.models.park import Company, Park
from assistant.park import crud
from assistant.park.profiles import digest_of, profile, source_of
from assistant.taxonomy import Taxonomy


class ProfileIndex:
    def __init__(
        self, engine: Engine, taxonomy: Taxonomy, ingestor: Callable[[], Ingestor] | None
    ) -> None:
        self._engine, self._taxonomy, self._ingestor = engine, taxonomy, ingestor
        # One re-index of a company at a time in this process: the profile is read inside the
        # lock, so the last writer to index reads every flow committed before it (without it
        # a writer that read early could store a stale profile after the others had finished).
        self._locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def reindex_all(self) -> int:
        with Session(self._engine) as session:
            ids = [i for i in session.exec(select(Company.id)) if i is not None]
        self.reindex(ids)
        return len(ids)

    def reindex(self, company_ids: Iterable[int]) -> None:
        if self._ingestor is None:
            return
        ingestor = self._ingestor()
        ids = list(company_ids)
        if len(ids) > 1:  # an import: one embedding batch and one vector-index call
            profiles = [(source_of(i), p) for i in ids if (p := self._profile(i))]
            ingestor.index_documents([(source, p, digest_of(p)) for source, p in profiles])
        for company_id in ids:
            with self._lock(company_id):
                self._index_one(ingestor, company_id)

    def _lock(self, company_id: int) -> threading.Lock:
        with self._guard:
            return self._locks[company_id]

    def _index_one(self, ingestor: Ingestor, company_id: int) -> None:
        # Index until the stored profile is the one SQL holds: another process that read the
        # company before a writer here committed indexes again (no lost update).
        for _ in range(10):
            parsed = self._profile(company_id)
            if parsed is None:
                ingestor.delete_source(source_of(company_id))
                return
            if not ingestor.index_document(source_of(company_id), parsed, digest_of(parsed)):
                return

    def _profile(self, company_id: int) -> ParsedDocument | None:
        """The company's profile document, read in its own short session (never held while
        indexing: many writers holding two pooled connections each would deadlock)."""
        with Session(self._engine) as session:
            company = session.get(Company, company_id)
            park = session.get(Park, company.park_id) if company else None
            if company is None or park is None:
                return None
            flows = crud.flows_of(session, [company_id])[company_id]
            return profile(company, flows, park, self._taxonomy)
