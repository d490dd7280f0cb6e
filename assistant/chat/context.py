"""What a conversation remembers between turns, kept in each assistant message's trace."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class MaterialRef(BaseModel):
    text: str
    category: str
    ewc_code: str | None = None


class PendingFlow(BaseModel):
    """A flow the assistant proposed to add; it is written only after the user confirms."""

    company_id: int
    company: str
    direction: str
    material: str
    quantity: float
    unit: str
    ewc_code: str | None = None


class Context(BaseModel):
    lang: str | None = None
    intent: str | None = None
    material: MaterialRef | None = None
    quantity: float | None = None
    unit: str | None = None
    company_id: int | None = None
    company: str | None = None
    topic: str | None = None  # the last question, so "and how long does it take?" has a subject
    pending: PendingFlow | None = None

    @classmethod
    def from_trace(cls, trace: dict[str, Any] | None) -> Context:
        return cls.model_validate((trace or {}).get("context") or {})
