"""What a conversation remembers between turns: a typed record stored with the conversation
(not read back from the last answer's trace), updated once per completed turn."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class MaterialRef(BaseModel):
    text: str
    category: str
    ewc_code: str | None = None


class CompanyRef(BaseModel):
    id: int
    name: str


class PendingFlow(BaseModel):
    """A flow the assistant proposed to add; it is written only after the user confirms."""

    company_id: int
    company: str
    direction: str
    material: str
    quantity: float
    unit: str
    ewc_code: str | None = None


class ConversationState(BaseModel):
    lang: str | None = None
    intent: str | None = None
    question: str | None = None  # the words of the last turn
    topic: str | None = None  # the question that opened the current legal/good-practice thread
    material: MaterialRef | None = None
    earlier: list[MaterialRef] = Field(default_factory=list)  # materials before it, latest first
    quantity: float | None = None
    unit: str | None = None
    direction: Literal["output", "input"] = "output"  # the asker has the material, or needs it
    company_id: int | None = None  # the company the conversation is about (the holder)
    company: str | None = None
    counterpart: CompanyRef | None = None  # the partner last named or suggested first
    partners: list[str] = Field(default_factory=list)  # partners of the last answer, best first
    pending: PendingFlow | None = None

    @classmethod
    def load(cls, stored: dict[str, Any] | None) -> ConversationState:
        return cls.model_validate(stored or {})

    @property
    def has_subject(self) -> bool:
        return bool(self.material or self.company_id or self.question)
