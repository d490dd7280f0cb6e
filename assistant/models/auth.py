"""Users, their API tokens and web sessions, and the audit log.

Secrets are never stored: a token or session id is kept as its SHA-256 digest, a password as
an Argon2 hash. A revoked token or disabled user stays in the tables (the audit log names them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from assistant.clock import utcnow


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    role: str = Field(max_length=16)
    company_id: int | None = Field(
        default=None, foreign_key="company.id", index=True, ondelete="SET NULL"
    )
    password_hash: str | None = Field(default=None, max_length=200)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    digest: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=16)  # the first characters, to tell tokens apart in lists
    label: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds the id, the table its digest and CSRF token."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    digest: str = Field(max_length=64, unique=True, index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class AuditEvent(SQLModel, table=True):
    """Who changed what: one row per created, updated or deleted record."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=250, index=True)
    action: str = Field(max_length=16)  # create | update | delete
    entity: str = Field(max_length=32, index=True)
    entity_id: str = Field(default="", max_length=64)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class UserPublic(SQLModel):
    id: int
    name: str
    role: str
    company_id: int | None
    company: str | None = None
    disabled: bool
    has_password: bool
    tokens: int = 0
    created_at: datetime


class AuditEventPublic(SQLModel):
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    changes: dict[str, Any]
    summary: str
