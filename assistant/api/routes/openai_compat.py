"""An OpenAI-compatible surface (/v1/chat/completions, /v1/models) for SDKs and chat UIs.

The client sends the whole history each time. Earlier turns are context, never actions:
- the same history again (a resend) gets the answer already given, and nothing runs again;
- a history that continues a stored conversation (found by a hash of its user turns) adds
  only the last turn to it, so follow-ups resolve exactly as in /api/chat;
- any other history starts a conversation in which the earlier user turns are replayed as
  context only (they propose, confirm and write nothing), then the last one is answered.
Every user turn is checked before anything runs, and a request that fails removes the
conversation it started: it either completes or changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth_deps import ViewerDep
from assistant.api.deps import ServicesDep
from assistant.api.routes.chat import pieces
from assistant.auth.viewer import Viewer
from assistant.chat.service import ChatResponse
from assistant.composition import Services
from assistant.errors import InvalidInput, ModelNotFound
from assistant.models.numbers import FiniteFloat

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL_ID = "simbioze"


class OpenAIMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(str(p.get("text", "")) for p in self.content if isinstance(p, dict))
        return self.content or ""


class CompletionRequest(BaseModel):
    model: str = MODEL_ID
    messages: list[OpenAIMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    temperature: FiniteFloat | None = None
    max_tokens: int | None = None
    user: str | None = None


@router.get("/models")
def models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "simbioze"}],
    }


@router.post("/chat/completions", response_model=None)
async def completions(
    viewer: ViewerDep, services: ServicesDep, request: CompletionRequest
) -> dict[str, Any] | StreamingResponse:
    if request.model != MODEL_ID:
        raise ModelNotFound(
            f"The model `{request.model}` does not exist: this server answers "
            f"as `{MODEL_ID}` (GET /v1/models)",
            {"param": "model", "type": "invalid_request_error"},
        )
    users = [m.text().strip() for m in request.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise InvalidInput("the request has no user message")
    answer = await run_in_threadpool(_answer, services, users, viewer)
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    if request.stream:
        return StreamingResponse(_chunks(completion_id, answer), media_type="text/event-stream")
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": answer.answer},
            }
        ],
        "usage": {
            "prompt_tokens": sum(len(u.split()) for u in users),
            "completion_tokens": len(answer.answer.split()),
            "total_tokens": sum(len(u.split()) for u in users) + len(answer.answer.split()),
        },
        "simbioze": {
            "conversation_id": answer.conversation_id,
            "intent": answer.intent,
            "language": answer.language,
            "citations": [c.model_dump() for c in answer.citations],
        },
    }


def _answer(services: Services, users: list[str], viewer: Viewer) -> ChatResponse:
    chat, memory = services.chat, services.chat.memory
    for text in users:
        chat.validate(text)
    key = history_key(users)
    done = memory.by_history_key(key, viewer)
    answered = chat.replayed(done.id) if done is not None else None
    if answered is not None:
        return answered
    prior = memory.by_history_key(history_key(users[:-1]), viewer) if len(users) > 1 else None
    conversation_id = prior.id if prior is not None else None
    context = [] if prior is not None else users[:-1]
    try:
        for text in context:
            conversation_id = chat.ask(
                text, conversation_id, viewer=viewer, acts=False
            ).conversation_id
        answer = chat.ask(users[-1], conversation_id, viewer=viewer)
    except Exception:
        if prior is None and conversation_id is not None:
            memory.forget(conversation_id)
        raise
    memory.set_history_key(answer.conversation_id, key)
    return answer


def history_key(users: list[str]) -> str:
    return hashlib.sha256(json.dumps(users, ensure_ascii=False).encode()).hexdigest()


async def _chunks(completion_id: str, answer: ChatResponse) -> AsyncIterator[str]:
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        body = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(answer.answer):
        yield chunk({"content": piece})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"
