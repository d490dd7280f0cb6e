"""The audit log: who created, changed or deleted which record.

A session hook writes one `AuditEvent` per audited row in the same transaction as the change,
so every path — API, web, CLI, import — is covered and no change commits without its entry.
The actor comes from a context variable the edges set (`acting_as`): the API's authentication
dependency, the CLI's start-up. Secrets (password hashes, token digests) are never logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from assistant.clock import utcnow
from assistant.models.auth import ApiToken, AuditEvent, User
from assistant.models.park import Company, Flow, Park
from assistant.models.pipeline import Synergy, SynergyImpact, SynergyNote

# Audited tables and how an entry names them.
AUDITED: dict[type, str] = {
    Park: "park",
    Company: "company",
    Flow: "flow",
    Synergy: "synergy",
    SynergyNote: "synergy_note",
    SynergyImpact: "synergy_impact",
    User: "user",
    ApiToken: "api_token",
}
SECRET_FIELDS = frozenset({"password_hash", "digest", "csrf_token"})
SKIPPED_FIELDS = frozenset({"created_at", "updated_at", "last_used_at", "name_key"})

_actor: ContextVar[str] = ContextVar("audit_actor", default="system")


def current_actor() -> str:
    return _actor.get()


def set_actor(actor: str) -> None:
    """For an edge that acts for one actor until it ends (the CLI, a request's task)."""
    _actor.set(actor)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def install() -> None:
    """Register the session hook once (sessions of every engine share it)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    rows = [
        *_rows(session.new, "create"),
        *_rows(session.dirty, "update"),
        *_rows(session.deleted, "delete"),
    ]
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]


def _rows(objects: Any, action: str) -> Iterator[dict[str, Any]]:
    actor, now = current_actor(), utcnow()
    for obj in objects:
        entity = AUDITED.get(type(obj))
        if entity is None:
            continue
        changes = _changes(obj, action)
        if action == "update" and not changes:
            continue
        yield {
            "at": now,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": str(getattr(obj, "id", "") or ""),
            "changes": changes,
            "summary": _summary(obj, entity),
        }


def _changes(obj: Any, action: str) -> dict[str, Any]:
    state = inspect(obj)
    found: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIPPED_FIELDS:
            continue
        history = state.attrs[key].history
        if action == "update" and not history.has_changes():
            continue
        if key in SECRET_FIELDS:
            found[key] = "(changed)" if action == "update" else "(set)"
            continue
        value = history.added[0] if history.added else getattr(obj, key, None)
        if action == "update":
            before = history.deleted[0] if history.deleted else None
            found[key] = {"from": _plain(before), "to": _plain(value)}
        elif action == "create" or key in ("id", "name", "material"):
            found[key] = _plain(value)
    return found


def _summary(obj: Any, entity: str) -> str:
    label = getattr(obj, "name", None) or getattr(obj, "material", None) or ""
    return f"{entity} {label}".strip()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
