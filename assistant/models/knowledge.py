"""Knowledge documents and their chunks: the source of truth the indexes are rebuilt from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, LargeBinary, Text
from sqlmodel import Field, SQLModel

from assistant.clock import utcnow


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(index=True, unique=True, max_length=200)
    source: str = Field(index=True, unique=True, max_length=1000)
    title: str = Field(max_length=500)
    lang: str = Field(max_length=8, index=True)
    type: str = Field(max_length=32, index=True)
    jurisdiction: str = Field(default="", max_length=16)
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reviewed: str | None = Field(default=None, max_length=32)
    translation_of: str | None = Field(default=None, max_length=200)
    format: str = Field(max_length=16)
    content_hash: str = Field(max_length=64)
    embed_model: str = Field(max_length=200)
    n_chunks: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Chunk(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=240)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    ordinal: int
    section: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    embedding: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class KbState(SQLModel, table=True):
    """A counter bumped on every knowledge change, so every process knows when to rebuild."""

    key: str = Field(primary_key=True, max_length=64)
    value: int = 0
