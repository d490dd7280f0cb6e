"""Idempotent ingestion keyed by source and content hash.

SQL holds documents, chunks and their embeddings (the source of truth); the vector index is
brought in line with SQL at the end of every run, so an interrupted run heals on the next one.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from assistant.clock import utcnow
from assistant.db import session_scope
from assistant.errors import AssistantError, Conflict, InvalidInput, NotFound
from assistant.ingest.chunking import ChunkDraft, chunk_document
from assistant.ingest.loaders import SUPPORTED, format_of, load
from assistant.ingest.parsed import ParsedDocument
from assistant.models import Chunk, Document
from assistant.retrieval.models import ChunkRecord
from assistant.retrieval.protocols import Embedder, VectorIndex
from assistant.retrieval.store import (
    bump_revision,
    from_blob,
    iter_chunk_records,
    record_of,
    to_blob,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
EMBED_SLICE = 512


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "deleted": len(self.deleted),
            "failed": len(self.failed),
            "chunks_embedded": self.chunks_embedded,
        }


@dataclass
class _Pending:
    source: str
    parsed: ParsedDocument
    content_hash: str
    drafts: list[ChunkDraft]
    existing: bool


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120] or "document"


def passage(draft: ChunkDraft) -> str:
    """What the embedder sees: the heading path gives a short chunk its context."""
    return f"{draft.section}\n{draft.text}"


class Ingestor:
    def __init__(
        self, engine: Engine, embedder: Embedder, vectors: VectorIndex, max_chars: int = 1200
    ) -> None:
        self._engine = engine
        self._embedder = embedder
        self._vectors = vectors
        self._max_chars = max_chars

    # ---- files -------------------------------------------------------------------------
    def ingest_paths(self, paths: Sequence[Path], progress: Progress | None = None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        files, roots = self._collect(paths, report)
        known = self._known_sources()
        pending: list[_Pending] = []
        claimed: dict[str, str] = {}
        for n, path in enumerate(files, 1):
            if progress:
                progress("parse", n, len(files))
            self._prepare(path, known, claimed, pending, report)
        self._embed_and_store(pending, report, progress)
        seen = {str(p.resolve()) for p in files}
        for source, doc_id in known.items():
            if source not in seen and _under(source, roots):
                self._delete_source(source)
                report.deleted.append(doc_id)
        self.sync_index()
        report.seconds = time.perf_counter() - started
        return report

    def _collect(self, paths: Sequence[Path], report: IngestReport) -> tuple[list[Path], list[str]]:
        files: list[Path] = []
        roots: list[str] = []
        for path in paths:
            if path.is_dir():
                roots.append(str(path.resolve()))
                files.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and p.suffix.lower() in SUPPORTED
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    )
                )
            elif path.is_file():
                files.append(path)
            else:
                report.failed.append((str(path), "no such file or directory"))
        return list(dict.fromkeys(files)), roots

    def _known_sources(self) -> dict[str, str]:
        with Session(self._engine) as session:
            rows = session.exec(select(Document.source, Document.doc_id)).all()
        return {source: doc_id for source, doc_id in rows}

    def _prepare(
        self,
        path: Path,
        known: dict[str, str],
        claimed: dict[str, str],
        pending: list[_Pending],
        report: IngestReport,
    ) -> None:
        source = str(path.resolve())
        try:
            format_of(path)
            data = path.read_bytes()
            digest = content_hash(data)
            if self._unchanged(source, digest):
                report.skipped.append(known[source])
                claimed[known[source]] = source
                return
            parsed = load(path, data, default_id=slug(path.stem))
            self._check_id(parsed.doc_id, source, claimed)
            drafts = chunk_document(parsed, self._max_chars)
            if not drafts:
                raise InvalidInput("the document has no text")
        except (AssistantError, OSError) as exc:
            report.failed.append((str(path), _message(exc)))
            return
        claimed[parsed.doc_id] = source
        pending.append(_Pending(source, parsed, digest, drafts, source in known))

    def _unchanged(self, source: str, digest: str) -> bool:
        with Session(self._engine) as session:
            doc = session.exec(select(Document).where(Document.source == source)).first()
        return bool(doc and doc.content_hash == digest and doc.embed_model == self._embedder.name)

    def _check_id(self, doc_id: str, source: str, claimed: dict[str, str]) -> None:
        if claimed.get(doc_id, source) != source:
            raise Conflict(f"document id {doc_id!r} is already used by {claimed[doc_id]}")
        with Session(self._engine) as session:
            other = session.exec(select(Document).where(Document.doc_id == doc_id)).first()
        if other and other.source != source:
            raise Conflict(f"document id {doc_id!r} is already used by {other.source}")

    def _embed_and_store(
        self, pending: list[_Pending], report: IngestReport, progress: Progress | None
    ) -> None:
        texts = [passage(d) for item in pending for d in item.drafts]
        vectors = np.zeros((len(texts), 0), dtype=np.float32)
        parts = []
        for start in range(0, len(texts), EMBED_SLICE):
            parts.append(self._embedder.encode(texts[start : start + EMBED_SLICE]))
            if progress:
                progress("embed", min(start + EMBED_SLICE, len(texts)), len(texts))
        if parts:
            vectors = np.vstack(parts)
        report.chunks_embedded = len(texts)
        offset = 0
        stale: list[str] = []
        records: list[ChunkRecord] = []
        for item in pending:
            rows = vectors[offset : offset + len(item.drafts)]
            offset += len(item.drafts)
            old, new = self._write(item.source, item.parsed, item.content_hash, item.drafts, rows)
            stale.extend(old)
            records.extend(new)
            (report.updated if item.existing else report.added).append(item.parsed.doc_id)
        # One vector-index call for the whole run instead of one per document; a crash before
        # it is healed by sync_index on the next run, since SQL already holds everything.
        self._index(stale, records, vectors[: len(records)])

    # ---- one document ------------------------------------------------------------------
    def index_document(self, source: str, parsed: ParsedDocument, digest: str) -> bool:
        """Index a document built in code (e.g. a company profile). False if unchanged."""
        if self._unchanged(source, digest):
            return False
        self._check_id(parsed.doc_id, source, {})
        drafts = chunk_document(parsed, self._max_chars)
        vectors = self._embedder.encode([passage(d) for d in drafts])
        self.store(source, parsed, digest, drafts, vectors)
        return True

    def index_documents(self, items: Sequence[tuple[str, ParsedDocument, str]]) -> int:
        """`index_document` for many (source, parsed, digest): one embedding batch and one
        vector-index call. Returns how many changed."""
        pending = []
        for source, parsed, digest in items:
            if not self._unchanged(source, digest):
                self._check_id(parsed.doc_id, source, {})
                drafts = chunk_document(parsed, self._max_chars)
                pending.append(_Pending(source, parsed, digest, drafts, existing=True))
        self._embed_and_store(pending, IngestReport(), None)
        return len(pending)

    def store(
        self,
        source: str,
        parsed: ParsedDocument,
        digest: str,
        drafts: list[ChunkDraft],
        vectors: np.ndarray,
    ) -> None:
        stale, records = self._write(source, parsed, digest, drafts, vectors)
        self._index(stale, records, vectors)

    def _index(self, stale: list[str], records: list[ChunkRecord], vectors: np.ndarray) -> None:
        if stale:
            self._vectors.delete(stale)
        if records:
            self._vectors.upsert(
                [r.chunk_id for r in records], vectors, [r.metadata() for r in records]
            )

    def _write(
        self,
        source: str,
        parsed: ParsedDocument,
        digest: str,
        drafts: list[ChunkDraft],
        vectors: np.ndarray,
    ) -> tuple[list[str], list[ChunkRecord]]:
        """SQL first, in one transaction per document: the source of truth."""
        with session_scope(self._engine) as session:
            doc = session.exec(select(Document).where(Document.source == source)).first()
            old_ids = self._chunk_ids(session, doc.id) if doc and doc.id else []
            new = Document(source=source)  # type: ignore[call-arg]  # _apply fills the rest
            doc = _apply(doc or new, parsed, digest, self._embedder.name)
            doc.n_chunks = len(drafts)
            session.add(doc)
            session.flush()
            assert doc.id is not None
            session.exec(delete(Chunk).where(col(Chunk.document_id) == doc.id))
            records = []
            for draft, vector in zip(drafts, vectors, strict=True):
                chunk = Chunk(
                    id=f"{parsed.doc_id}#{draft.ordinal}",
                    document_id=doc.id,
                    ordinal=draft.ordinal,
                    section=draft.section,
                    text=draft.text,
                    embedding=to_blob(vector),
                )
                session.add(chunk)
                records.append(record_of(chunk, doc))
            bump_revision(session)
        new_ids = {r.chunk_id for r in records}
        return sorted(set(old_ids) - new_ids), records

    @staticmethod
    def _chunk_ids(session: Session, document_id: int) -> list[str]:
        return list(session.exec(select(Chunk.id).where(Chunk.document_id == document_id)).all())

    def delete_document(self, doc_id: str) -> Document:
        with Session(self._engine) as session:
            doc = session.exec(select(Document).where(Document.doc_id == doc_id)).first()
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        self._delete_source(doc.source)
        return doc

    def delete_source(self, source: str) -> bool:
        return self._delete_source(source)

    def _delete_source(self, source: str) -> bool:
        with session_scope(self._engine) as session:
            doc = session.exec(select(Document).where(Document.source == source)).first()
            if doc is None or doc.id is None:
                return False
            ids = self._chunk_ids(session, doc.id)
            session.exec(delete(Chunk).where(col(Chunk.document_id) == doc.id))
            session.delete(doc)
            bump_revision(session)
        self._vectors.delete(ids)
        return True

    # ---- index maintenance -------------------------------------------------------------
    def sync_index(self) -> tuple[int, int]:
        """Add chunks the vector index lacks and drop ones SQL no longer has."""
        indexed = self._vectors.ids()
        wanted: set[str] = set()
        batch: list[tuple[ChunkRecord, bytes]] = []
        added = 0
        for record, blob in iter_chunk_records(self._engine):
            wanted.add(record.chunk_id)
            if record.chunk_id not in indexed:
                batch.append((record, blob))
            if len(batch) >= 2000:
                added += self._upsert_records(batch)
                batch = []
        added += self._upsert_records(batch)
        extra = sorted(indexed - wanted)
        if extra:
            self._vectors.delete(extra)
        return added, len(extra)

    def reindex(self) -> int:
        """Rebuild the vector index from the embeddings stored in SQL (no re-embedding)."""
        self._vectors.reset()
        added, _ = self.sync_index()
        with session_scope(self._engine) as session:
            bump_revision(session)
        return added

    def _upsert_records(self, batch: Iterable[tuple[ChunkRecord, bytes]]) -> int:
        items = list(batch)
        if not items:
            return 0
        vectors = np.vstack([from_blob(blob) for _, blob in items])
        self._vectors.upsert(
            [r.chunk_id for r, _ in items], vectors, [r.metadata() for r, _ in items]
        )
        return len(items)


def _apply(doc: Document, parsed: ParsedDocument, digest: str, model: str) -> Document:
    doc.doc_id, doc.title, doc.lang, doc.type = (
        parsed.doc_id,
        parsed.title,
        parsed.lang,
        parsed.type,
    )
    doc.jurisdiction, doc.sources, doc.reviewed = (
        parsed.jurisdiction,
        parsed.sources,
        parsed.reviewed,
    )
    doc.translation_of, doc.format, doc.content_hash = parsed.translation_of, parsed.format, digest
    doc.embed_model, doc.updated_at = model, utcnow()
    return doc


def _under(source: str, roots: list[str]) -> bool:
    return any(source.startswith(root.rstrip("/") + "/") for root in roots)


def _message(exc: Exception) -> str:
    if isinstance(exc, AssistantError):
        return exc.message if not exc.details else f"{exc.message} ({exc.details})"
    return str(exc)
