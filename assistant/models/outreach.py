"""Outreach drafts: a letter, an email or a call script to one company, saved and versioned.

`OutreachDraft` holds the current text; every edit adds an `OutreachDraftVersion` (version 1 is
the generated draft), so nothing a facilitator wrote is ever lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import model_validator
from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from assistant.clock import utcnow

LANGUAGES = ("lv", "en")
CHANNELS = ("email", "letter", "phone")
TONES = ("formal", "friendly")


class OutreachDraft(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    synergy_id: int = Field(foreign_key="synergy.id", index=True, ondelete="CASCADE")
    recipient_company_id: int | None = Field(
        default=None, foreign_key="company.id", index=True, ondelete="SET NULL"
    )
    recipient_name: str = Field(max_length=300)
    recipient_email: str = Field(default="", max_length=300)
    recipient_role: str = Field(max_length=16)  # taker | producer
    partner: str = Field(max_length=500)  # the other company as shown (maybe anonymised)
    material: str = Field(max_length=500)
    language: str = Field(max_length=8)
    channel: str = Field(max_length=16)
    tone: str = Field(max_length=16)
    version: int = 1
    subject: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    composer: str = Field(default="template", max_length=16)  # template | llm
    composer_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    facts_used: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OutreachDraftVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("draft_id", "version", name="uq_outreach_version"),)

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="outreachdraft.id", index=True, ondelete="CASCADE")
    version: int
    subject: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    composer: str = Field(default="template", max_length=16)  # template | llm | edit
    note: str = Field(default="", max_length=2000)
    by: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


# ---- requests ------------------------------------------------------------------------------
class DraftRequest(SQLModel):
    """A pipeline synergy (`synergy_id`), or a source and a target company (plus a material)."""

    source: str | None = Field(default=None, max_length=300)
    target: str | None = Field(default=None, max_length=300)
    material: str | None = Field(default=None, max_length=500)
    synergy_id: int | None = None
    lang: str = Field(default="lv", max_length=8)
    channel: str = Field(default="email", max_length=16)
    tone: str = Field(default="formal", max_length=16)
    polish: bool = True  # word it with the LLM when one is configured
    by: str | None = Field(default=None, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _language_alias(cls, data: Any) -> Any:
        """`language` (as in the response) is accepted for `lang`."""
        if isinstance(data, dict) and "language" in data and "lang" not in data:
            data = {**data, "lang": data["language"]}
        return data


class DraftUpdate(SQLModel):
    subject: str | None = Field(default=None, min_length=1, max_length=500)
    body: str | None = Field(default=None, min_length=1, max_length=50_000)
    note: str = Field(default="", max_length=2000)
    by: str | None = Field(default=None, max_length=200)


# ---- responses -----------------------------------------------------------------------------
class DraftVersionPublic(SQLModel):
    version: int
    subject: str
    body: str
    composer: str
    note: str
    by: str
    created_at: datetime


class DraftPublic(SQLModel):
    id: int
    synergy_id: int
    target: str  # the recipient
    recipient_role: str
    partner: str
    material: str
    language: str
    channel: str
    tone: str
    version: int
    subject: str
    body: str
    composer: str
    composer_note: str
    facts_used: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime
    versions: list[DraftVersionPublic] = Field(default_factory=list)
