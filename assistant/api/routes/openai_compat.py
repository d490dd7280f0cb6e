"""An OpenAI-compatible surface (/v1/chat/completions, /v1/models) for SDKs and chat UIs.

The client sends the whole history each time. Earlier turns are context, never actions:
- the same history again (a resend) gets the answer already given, and nothing runs again;
- a history that continues a stored conversation (found by a hash of its user turns) adds
  only the last turn to it, so follow-ups resolve exactly as in /api/chat;
- any other history starts a conversation in which the earlier user turns are replayed as
  context only (they propose, confirm and write nothing), then the last one is answered.
Every user turn is checked before anything runs, and a request that fails removes the
conversation it started: it either completes or changes nothing.

With a chat model configured (`ASSISTANT_LLM_PROVIDER`), `temperature`, `max_tokens` and the
client's system (and developer) messages go to it for the last turn; the client's
instructions come after the assistant's own and cannot lift them (evidence only, citations,
numbers checked). Without one the answer is the offline composer's and these fields are
ignored. `stream=true` sends the pieces as they are made (the model's tokens, or the
composer's parts); when a streamed LLM wording fails the evidence check, the checked answer
follows it, marked as the one that counts.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth_deps import ViewerDep
from assistant.api.deps import ServicesDep
from assistant.api.errors import error_body, status_code_name
from assistant.api.routes.chat import log, pieces
from assistant.api.streaming import OnToken, TokenStream, streaming_kwargs
from assistant.auth.viewer import Viewer
from assistant.chat.llm import REPLACED
from assistant.chat.service import ChatResponse
from assistant.composition import Services
from assistant.errors import AssistantError, InvalidInput, ModelNotFound
from assistant.llm.model import LlmOptions, using
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
    temperature: FiniteFloat | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=32768)
    user: str | None = None


@router.get("/models")
def models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "simbioze"}],
    }


@router.post("/chat/completions", response_model=None)
async def completions(
    viewer: ViewerDep, services: ServicesDep, request: CompletionRequest, http: Request
) -> dict[str, Any] | StreamingResponse:
    """An OpenAI chat completion from the park's assistant (model `simbioze`; any other
    model is the OpenAI-style 404). Earlier turns of the history are context only.

    With a chat model configured, `temperature`, `max_tokens` and the system (and developer)
    messages go to it, after the assistant's own rules (evidence only, citations and
    numbers checked); without one they are ignored and the offline composer answers.
    `stream=true` sends the pieces as they are made; the last chunk carries `simbioze`
    (conversation, citations, composer, and `replaced` when a streamed LLM wording failed
    the evidence check and the checked answer followed it)."""
    if request.model != MODEL_ID:
        raise ModelNotFound(
            f"The model `{request.model}` does not exist: this server answers "
            f"as `{MODEL_ID}` (GET /v1/models)",
            {"param": "model", "type": "invalid_request_error"},
        )
    users = [m.text().strip() for m in request.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise InvalidInput("the request has no user message")
    options = LlmOptions(
        temperature=request.temperature,
        max_tokens=request.max_tokens,
        system=tuple(
            m.text().strip()
            for m in request.messages
            if m.role in ("system", "developer") and m.text().strip()
        ),
    )
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    if request.stream:
        stream: TokenStream[ChatResponse] = TokenStream(
            lambda on_token: _answer(services, users, viewer, options, on_token)
        )
        await stream.start()
        return StreamingResponse(
            _chunks(completion_id, stream, http),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer = await run_in_threadpool(_answer, services, users, viewer, options)
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


def _answer(
    services: Services,
    users: list[str],
    viewer: Viewer,
    options: LlmOptions | None = None,
    on_token: OnToken | None = None,
) -> ChatResponse:
    with using(options or LlmOptions()):
        return _history_answer(services, users, viewer, on_token)


def _history_answer(
    services: Services, users: list[str], viewer: Viewer, on_token: OnToken | None
) -> ChatResponse:
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
        answer = chat.ask(
            users[-1], conversation_id, viewer=viewer, **streaming_kwargs(chat.ask, on_token)
        )
    except Exception:
        if prior is None and conversation_id is not None:
            memory.forget(conversation_id)
        raise
    memory.set_history_key(answer.conversation_id, key)
    return answer


def history_key(users: list[str]) -> str:
    return hashlib.sha256(json.dumps(users, ensure_ascii=False).encode()).hexdigest()


async def _chunks(
    completion_id: str, stream: TokenStream[ChatResponse], http: Request
) -> AsyncIterator[str]:
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    streamed: list[str] = []
    try:
        async for kind, value in stream.items(http.receive):
            if kind == "delta":
                streamed.append(value)
                yield chunk({"content": value})
                continue
            answer: ChatResponse = value
            replaced = bool(streamed) and "".join(streamed) != answer.answer
            if not streamed:  # a service that answered whole
                for piece in pieces(answer.answer):
                    yield chunk({"content": piece})
            elif replaced and not "".join(streamed).endswith(answer.answer):
                note = REPLACED.get(answer.language, REPLACED["en"])
                said = "".join(streamed)
                yield chunk(
                    {"content": answer.answer if said.endswith(note) else note + answer.answer}
                )
            yield chunk(
                {},
                "stop",
                simbioze={
                    "conversation_id": answer.conversation_id,
                    "message_id": answer.message_id,
                    "intent": answer.intent,
                    "language": answer.language,
                    "composer": answer.trace.get("composer"),
                    "replaced": replaced,
                    "answer": answer.answer,
                    "citations": [c.model_dump(mode="json") for c in answer.citations],
                },
            )
    except AssistantError as exc:  # the OpenAI SDKs raise an APIError for an `error` event
        yield f"data: {json.dumps(error_body(exc.code, exc.message, exc.details))}\n\n"
    except Exception:
        log.exception("the /v1 stream failed after its first piece")
        failed = error_body(status_code_name(500), "the answer could not be completed")
        yield f"data: {json.dumps(failed)}\n\n"
    yield "data: [DONE]\n\n"
