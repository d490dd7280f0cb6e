from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel
from sqlmodel import Session, select

from assistant.api.deps import IngestorDep, ServicesDep
from assistant.errors import InvalidInput, TooLarge
from assistant.ingest.catalogue import documents
from assistant.ingest.loaders import format_of, load, sniff
from assistant.ingest.pipeline import slug
from assistant.models import Document

router = APIRouter(prefix="/api/documents", tags=["documents"])


class DocumentPublic(BaseModel):
    doc_id: str
    title: str
    lang: str
    type: str
    jurisdiction: str
    sources: list[str]
    reviewed: str | None
    translation_of: str | None
    format: str
    n_chunks: int
    updated_at: datetime


def _public(doc: Document) -> DocumentPublic:
    return DocumentPublic.model_validate(doc, from_attributes=True)


@router.get("", response_model=list[DocumentPublic])
def list_documents(services: ServicesDep) -> list[DocumentPublic]:
    services.init_db()
    return [_public(d) for d in documents(services.engine)]


@router.post("", response_model=DocumentPublic, status_code=201)
async def upload_document(
    services: ServicesDep, ingestor: IngestorDep, file: Annotated[UploadFile, File()]
) -> DocumentPublic:
    """Upload a Markdown, text, HTML or PDF file; it is checked by content and ingested."""
    name = re.sub(r"[^\w.\-]+", "_", file.filename or "upload").strip("._") or "upload"
    fmt = format_of(Path(name))
    limit = services.settings.upload_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the upload is larger than {limit} bytes")
    if not data.strip():
        raise InvalidInput("the uploaded file is empty")
    sniff(fmt, data)
    load(Path(name), data, default_id=slug(Path(name).stem))  # fails before anything is written
    target = services.settings.uploads_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = target.read_bytes() if target.exists() else None
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    report = ingestor.ingest_paths([tmp.replace(target)])
    if report.failed:
        _restore(target, previous)
        raise InvalidInput(f"the document could not be ingested: {report.failed[0][1]}")
    doc_id = (report.added + report.updated + report.skipped)[0]
    with Session(services.engine) as session:
        doc = session.exec(select(Document).where(Document.doc_id == doc_id)).one()
    return _public(doc)


@router.delete("/{doc_id}", status_code=204)
def delete_document(services: ServicesDep, ingestor: IngestorDep, doc_id: str) -> None:
    doc = ingestor.delete_document(doc_id)
    uploads = services.settings.uploads_dir.resolve()
    source = Path(doc.source)
    if source.is_relative_to(uploads):
        source.unlink(missing_ok=True)


def _restore(target: Path, previous: bytes | None) -> None:
    """A failed re-upload leaves the earlier version in place."""
    if previous is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(previous)
