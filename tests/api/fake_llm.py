"""An OpenAI-compatible chat server at the process edge, behind an httpx transport.

The app's real LangChain `ChatOpenAI` talks to it over the OpenAI wire format (JSON requests,
Server-Sent-Event chunks when `stream` is set), so what reaches a model server — temperature,
max_tokens, the messages — is what the test sees in `requests`. Unless a test gives its own
`reply`, the model rewords nothing: it answers with the offline draft it was given (which
passes the evidence check). `gate`, when given, holds every chunk after the first `release_after`
back until it is set.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from langchain_openai import ChatOpenAI

from tests.chat.fakes import Conversation


def draft_of(body: dict[str, Any]) -> str:
    messages = body["messages"]
    system = "\n".join(m["content"] for m in messages if m["role"] == "system")
    user = "\n".join(m["content"] for m in messages if m["role"] == "user")
    return Conversation(system, user).draft


class FakeModelServer(httpx.BaseTransport):
    def __init__(
        self,
        reply: Callable[[dict[str, Any]], str] = draft_of,
        gate: threading.Event | None = None,
        release_after: int = 3,
    ) -> None:
        self.reply, self.gate, self.release_after = reply, gate, release_after
        self.requests: list[dict[str, Any]] = []
        self.chunks_sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        text = self.reply(body)
        if not body.get("stream"):
            return httpx.Response(200, json=_completion(text))
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, stream=_Chunks(self, text)
        )

    def model(self) -> ChatOpenAI:
        return ChatOpenAI(
            model="fake-small",
            api_key="not-needed",  # type: ignore[arg-type]
            base_url="http://model.test/v1",
            max_retries=0,
            temperature=0.0,
            http_client=httpx.Client(transport=self),
        )


class _Chunks(httpx.SyncByteStream):
    def __init__(self, server: FakeModelServer, text: str) -> None:
        self.server, self.text = server, text

    def __iter__(self) -> Iterator[bytes]:
        words = self.text.split(" ")
        for n, word in enumerate(words):
            if self.server.gate is not None and n == self.server.release_after:
                assert self.server.gate.wait(30), "the test never released the model"
            piece = word if n == len(words) - 1 else word + " "
            self.server.chunks_sent += 1
            yield _sse({"choices": [{"index": 0, "delta": {"content": piece}}]})
        yield _sse({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        yield b"data: [DONE]\n\n"


def _sse(chunk: dict[str, Any]) -> bytes:
    body = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0}
    body["model"] = "fake-small"
    return f"data: {json.dumps({**body, **chunk})}\n\n".encode()


def _completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-small",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": text},
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
