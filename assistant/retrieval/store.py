"""Reads chunks out of the SQL source of truth and tracks the knowledge revision."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assistant.models import Chunk, Document, KbState
from assistant.retrieval.models import ChunkRecord

REVISION_KEY = "kb_revision"


def current_revision(session: Session) -> int:
    state = session.get(KbState, REVISION_KEY)
    return state.value if state else 0


_READ_REVISION = select(KbState.value).where(KbState.key == REVISION_KEY)


def read_revision(engine: Engine) -> int:
    """The same value as `current_revision`, read with one prebuilt Core query: it runs before
    every search, where an ORM session and building the statement cost about 1 ms."""
    with engine.connect() as connection:
        value = connection.execute(_READ_REVISION).scalar_one_or_none()
    return int(value) if value is not None else 0


def bump_revision(session: Session) -> None:
    state = session.get(KbState, REVISION_KEY)
    if state is None:
        session.add(KbState(key=REVISION_KEY, value=1))
    else:
        state.value += 1
        session.add(state)


def iter_chunk_records(engine: Engine, batch: int = 5000) -> Iterator[tuple[ChunkRecord, bytes]]:
    """Every chunk with its document fields and stored embedding, in a stable order."""
    statement = (
        select(Chunk, Document)
        .join(Document, Chunk.document_id == Document.id)  # type: ignore[arg-type]
        .order_by(Document.doc_id, Chunk.ordinal)  # type: ignore[arg-type]
        .execution_options(yield_per=batch)
    )
    with Session(engine) as session:
        for chunk, doc in session.exec(statement):
            yield record_of(chunk, doc), chunk.embedding


def record_of(chunk: Chunk, doc: Document) -> ChunkRecord:
    return ChunkRecord(
        chunk_id=chunk.id,
        doc_id=doc.doc_id,
        title=doc.title,
        section=chunk.section,
        text=chunk.text,
        lang=doc.lang,
        type=doc.type,
        jurisdiction=doc.jurisdiction,
        sources=list(doc.sources or []),
        translation_of=doc.translation_of,
    )


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
