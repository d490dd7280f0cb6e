"""Chat over HTTP: one answer, a Server-Sent-Events stream, conversations and feedback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth_deps import ViewerDep
from assistant.api.deps import ServicesDep
from assistant.auth.viewer import Viewer
from assistant.chat.service import ChatResponse
from assistant.composition import Services

router = APIRouter(prefix="/api", tags=["chat"])


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(default=None, max_length=64)
    lang: Literal["lv", "en"] | None = None


class MessagePublic(BaseModel):
    id: str
    role: str
    text: str
    lang: str
    intent: str | None
    trace: dict[str, Any]
    created_at: datetime


class ConversationPublic(BaseModel):
    id: str
    title: str
    lang: str
    created_at: datetime
    updated_at: datetime
    messages: list[MessagePublic] = Field(default_factory=list)


class FeedbackRequest(BaseModel):
    rating: Literal["up", "down"]
    comment: str = Field(default="", max_length=2000)


@router.post("/chat", response_model=ChatResponse)
async def chat(viewer: ViewerDep, services: ServicesDep, request: ChatRequest) -> ChatResponse:
    """Ask a question; the answer comes with citations, synergies and its trace."""
    return await run_in_threadpool(_ask, services, request, viewer)


@router.post("/chat/stream")
async def chat_stream(
    viewer: ViewerDep, services: ServicesDep, request: ChatRequest
) -> StreamingResponse:
    """The same answer as Server-Sent Events: `meta`, then `delta` pieces, then `done`."""
    response = await run_in_threadpool(_ask, services, request, viewer)
    return StreamingResponse(
        _sse(response), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


def _ask(services: Services, request: ChatRequest, viewer: Viewer) -> ChatResponse:
    return services.chat.ask(request.message, request.conversation_id, request.lang, viewer=viewer)


async def _sse(response: ChatResponse) -> AsyncIterator[str]:
    meta = {
        "conversation_id": response.conversation_id,
        "message_id": response.message_id,
        "language": response.language,
        "intent": response.intent,
    }
    yield _event("meta", meta)
    for piece in pieces(response.answer):
        yield _event("delta", {"text": piece})
        await asyncio.sleep(0)
    yield _event("done", response.model_dump(mode="json"))


def pieces(text: str, size: int = 24) -> Iterator[str]:
    """Word-aligned pieces of the answer, so a client can render it progressively."""
    words = text.split(" ")
    for start in range(0, len(words), size):
        chunk = " ".join(words[start : start + size])
        yield chunk if start + size >= len(words) else chunk + " "


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/conversations", response_model=list[ConversationPublic])
def conversations(viewer: ViewerDep, services: ServicesDep) -> list[ConversationPublic]:
    """The caller's own conversations, newest first."""
    return [
        ConversationPublic.model_validate(c, from_attributes=True)
        for c in services.chat.memory.recent(viewer)
    ]


@router.get("/conversations/{conversation_id}", response_model=ConversationPublic)
def conversation(
    viewer: ViewerDep, services: ServicesDep, conversation_id: str
) -> ConversationPublic:
    found, messages = services.chat.memory.messages(conversation_id, viewer)
    public = ConversationPublic.model_validate(found, from_attributes=True)
    public.messages = [MessagePublic.model_validate(m, from_attributes=True) for m in messages]
    return public


@router.post("/messages/{message_id}/feedback", status_code=201)
def feedback(
    viewer: ViewerDep,
    services: ServicesDep,
    message_id: str,
    request: Annotated[FeedbackRequest, Body()],
) -> dict[str, Any]:
    item = services.chat.memory.feedback(message_id, request.rating, request.comment, viewer)
    return {"id": item.id, "message_id": item.message_id, "rating": item.rating}
