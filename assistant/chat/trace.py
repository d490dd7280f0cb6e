"""The typed trace of one answer: what each stage decided, for the web page and the tests."""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, Field

from assistant.chat.check import Checks
from assistant.chat.compose import Draft
from assistant.chat.gather import Turn


class ChatTrace(BaseModel):
    language: dict[str, Any]
    understanding: dict[str, Any]
    rewrite: dict[str, Any]
    state: dict[str, Any]
    retrieval: list[dict[str, Any]] = Field(default_factory=list)
    synergies: list[dict[str, Any]] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    extra: dict[str, Any] = Field(default_factory=dict)
    citations: list[dict[str, Any]] = Field(default_factory=list)
    composer: str = "offline"
    checks: dict[str, Any] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    elapsed_ms: float = 0.0


def build_trace(turn: Turn, draft: Draft, checks: Checks, started: float) -> dict[str, Any]:
    u = turn.understanding
    trace = ChatTrace(
        language=u.language.as_trace(),
        understanding=u.as_trace(),
        rewrite=turn.plan.as_trace(),
        state=turn.state.model_dump(mode="json"),
        retrieval=[
            {"chunk_id": h.chunk_id, "doc_id": h.doc_id, "score": h.score}
            for h in turn.evidence.hits
        ],
        synergies=[s.model_dump(mode="json") for s in turn.evidence.synergies],
        facts=turn.facts,
        extra={k: v for k, v in turn.extra.items() if k != "overview"},
        citations=[c.model_dump(mode="json") for c in draft.citations],
        composer=draft.composer,
        checks=checks.as_trace(),
        notes=turn.evidence.notes + draft.notes,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return trace.model_dump(mode="json")
