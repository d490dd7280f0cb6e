"""An OpenAI-compatible surface (/v1/chat/completions, /v1/models) for SDKs and chat UIs.

The client sends the whole history; earlier user turns are replayed into a conversation keyed
by the history, so follow-ups resolve exactly as in /api/chat.
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
from assistant.core.container import Services
from assistant.errors import InvalidInput

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
    temperature: float | None = None
    max_tokens: int | None = None
    user: str | None = None


@router.get("/models")
def models() -> dict[str, Any]:
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0,
                                        "owned_by": "simbioze"}]}


@router.post("/chat/completions", response_model=None)
async def completions(viewer: ViewerDep, services: ServicesDep,
                      request: CompletionRequest) -> dict[str, Any] | StreamingResponse:
    users = [m.text().strip() for m in request.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise InvalidInput("the request has no user message")
    answer = await run_in_threadpool(_answer, services, users, viewer)
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    if request.stream:
        return StreamingResponse(_chunks(completion_id, answer), media_type="text/event-stream")
    return {
        "id": completion_id, "object": "chat.completion", "created": int(time.time()),
        "model": MODEL_ID,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": answer.answer}}],
        "usage": {"prompt_tokens": sum(len(u.split()) for u in users),
                  "completion_tokens": len(answer.answer.split()),
                  "total_tokens": sum(len(u.split()) for u in users) + len(answer.answer.split())},
        "simbioze": {"conversation_id": answer.conversation_id, "intent": answer.intent,
                     "language": answer.language,
                     "citations": [c.model_dump() for c in answer.citations]},
    }


def _answer(services: Services, users: list[str], viewer: Viewer) -> ChatResponse:
    """Continue the stored conversation with the longest matching history, replaying any
    user turns it has not seen, then answer the last one."""
    memory = services.chat.memory
    start, conversation_id = 0, None
    for size in range(len(users) - 1, 0, -1):
        found = memory.by_history_key(history_key(users[:size]), viewer)
        if found is not None:
            start, conversation_id = size, found.id
            break
    for position in range(start, len(users)):
        answer = services.chat.ask(users[position], conversation_id, viewer=viewer)
        conversation_id = answer.conversation_id
        memory.set_history_key(conversation_id, history_key(users[: position + 1]))
    return answer


def history_key(users: list[str]) -> str:
    return hashlib.sha256(json.dumps(users, ensure_ascii=False).encode()).hexdigest()


async def _chunks(completion_id: str, answer: ChatResponse) -> AsyncIterator[str]:
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(answer.answer):
        yield chunk({"content": piece})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"
