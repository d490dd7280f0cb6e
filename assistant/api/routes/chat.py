"""Chat over HTTP: one answer, a Server-Sent-Events stream, conversations and feedback."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth_deps import ViewerDep
from assistant.api.deps import ServicesDep
from assistant.api.errors import error_body, status_code_name
from assistant.api.streaming import OnToken, TokenStream, streaming_kwargs
from assistant.auth.viewer import Viewer
from assistant.chat.service import ChatResponse
from assistant.composition import Services
from assistant.errors import AssistantError

router = APIRouter(prefix="/api", tags=["chat"])
log = logging.getLogger("assistant.api")


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
    viewer: ViewerDep, services: ServicesDep, request: ChatRequest, http: Request
) -> StreamingResponse:
    """The answer as Server-Sent Events while it is being made.

    `meta` (the conversation asked in, `null` for a new one), then `delta` pieces as they are
    ready (the model's tokens with an LLM, the composer's parts without), then `done` with the
    whole response (answer, citations, synergies, trace and the conversation's id). When the
    streamed pieces are not the answer given (an LLM wording that failed the evidence check,
    so the offline answer stands), a `replace` event with the checked answer comes before
    `done`. An error before the first piece is an ordinary JSON error response; one after it
    is an `error` event. A client that disconnects stops the work at its next piece."""
    stream: TokenStream[ChatResponse] = TokenStream(
        lambda on_token: _ask(services, request, viewer, on_token)
    )
    await stream.start()
    return StreamingResponse(
        _sse(stream, request, http),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _ask(
    services: Services, request: ChatRequest, viewer: Viewer, on_token: OnToken | None = None
) -> ChatResponse:
    chat = services.chat
    return chat.ask(
        request.message,
        request.conversation_id,
        request.lang,
        viewer=viewer,
        **streaming_kwargs(chat.ask, on_token),
    )


async def _sse(
    stream: TokenStream[ChatResponse], request: ChatRequest, http: Request
) -> AsyncIterator[str]:
    yield _event("meta", {"conversation_id": request.conversation_id, "language": request.lang})
    streamed: list[str] = []
    try:
        async for kind, value in stream.items(http.receive):
            if kind == "delta":
                streamed.append(value)
                yield _event("delta", {"text": value})
                continue
            response: ChatResponse = value
            if not streamed:  # a service that answered whole
                for piece in pieces(response.answer):
                    yield _event("delta", {"text": piece})
            elif "".join(streamed) != response.answer:
                yield _event("replace", {"text": response.answer})
            yield _event("done", response.model_dump(mode="json"))
    except AssistantError as exc:
        yield _event("error", error_body(exc.code, exc.message, exc.details))
    except Exception:  # logged with its traceback, as the 500 handler does
        log.exception("the chat stream failed after its first piece")
        yield _event(
            "error", error_body(status_code_name(500), "the answer could not be completed")
        )


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
