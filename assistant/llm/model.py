"""The optional chat model (LangChain, Ollama or any OpenAI-compatible server), behind the few
methods we use; None when no model is configured (the offline default).

A request may carry its own generation options (`/v1/chat/completions`: temperature,
max_tokens, the client's system messages). They travel in a context variable set by the
route for the one call (`using`), so the chat service in between needs no parameter for them;
with no model configured they are ignored.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.config import Settings


class ChatModel(Protocol):
    """The part of a LangChain chat model we use (`stream` too, where the model has it)."""

    def invoke(self, input: Any, **kwargs: Any) -> Any: ...


def build_chat_model(settings: Settings) -> ChatModel | None:
    if settings.llm_provider == "none":
        return None
    from langchain.chat_models import init_chat_model

    options: dict[str, Any] = {"temperature": settings.llm_temperature}
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url
    if settings.llm_provider == "openai":
        options.update(
            api_key=settings.llm_api_key or "not-needed",
            max_retries=0,
            timeout=settings.llm_timeout_s,
        )
    else:
        options["client_kwargs"] = {"timeout": settings.llm_timeout_s}
    model: ChatModel = init_chat_model(f"{settings.llm_provider}:{settings.llm_model}", **options)
    return model


class LlmFailed(Exception):
    pass


class StreamClosed(Exception):
    """Raised by a token callback whose reader has gone (the client disconnected): the work
    for it stops, and nothing falls back to another answer."""


@dataclass(frozen=True)
class LlmOptions:
    """One request's generation options; None means the configured default."""

    temperature: float | None = None
    max_tokens: int | None = None
    system: tuple[str, ...] = field(default_factory=tuple)

    def call_kwargs(self, model: Any) -> dict[str, Any]:
        """The options as keyword arguments of `model.invoke`/`model.stream`, in the names
        its provider uses (Ollama takes them as `options`, OpenAI-compatible ones directly)."""
        if _is_ollama(model):
            options: dict[str, Any] = {}
            if self.temperature is not None:
                options["temperature"] = self.temperature
            if self.max_tokens is not None:
                options["num_predict"] = self.max_tokens
            return {"options": options} if options else {}
        kwargs: dict[str, Any] = {}
        if self.temperature is not None:
            kwargs["temperature"] = self.temperature
        if self.max_tokens is not None and _own_server(model):
            # LangChain sends OpenAI's newer `max_completion_tokens`, which llama.cpp's server
            # (and other compatible ones) ignore: a local server gets `max_tokens` itself
            kwargs["extra_body"] = {"max_tokens": self.max_tokens}
        elif self.max_tokens is not None:
            kwargs["max_tokens"] = self.max_tokens
        return kwargs


def _is_ollama(model: Any) -> bool:
    return type(model).__name__ == "ChatOllama"


def _own_server(model: Any) -> bool:
    """An OpenAI-compatible server other than OpenAI's own (a base URL was configured)."""
    base = str(getattr(model, "openai_api_base", None) or "")
    return bool(base) and "api.openai.com" not in base


_DEFAULT = LlmOptions()
_OPTIONS: contextvars.ContextVar[LlmOptions | None] = contextvars.ContextVar(
    "llm_options", default=None
)


def current_options() -> LlmOptions:
    return _OPTIONS.get() or _DEFAULT


@contextmanager
def using(options: LlmOptions) -> Iterator[None]:
    """`options` for the model calls made inside the block (in this thread or task)."""
    token = _OPTIONS.set(options)
    try:
        yield
    finally:
        _OPTIONS.reset(token)


def generate(
    model: ChatModel,
    messages: list[Any],
    on_token: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> str:
    """The model's reply text. With `on_token` and a model that streams, every piece goes to
    `on_token` as it arrives, without the reply's leading and trailing white space, so that
    the pieces join to exactly the text returned."""
    stream = getattr(model, "stream", None)
    if on_token is None or stream is None:
        reply = model.invoke(messages, **kwargs)
        return str(getattr(reply, "content", reply)).strip()
    parts: list[str] = []
    held = ""  # white space that is sent only if more text follows it
    for chunk in stream(messages, **kwargs):
        piece = chunk if isinstance(chunk, str) else _text(getattr(chunk, "content", ""))
        if not piece:
            continue
        if not parts:
            piece = piece.lstrip()
            if not piece:
                continue
        body = piece.rstrip()
        if not body:
            held += piece
            continue
        out = held + body
        held = piece[len(body) :]
        parts.append(out)
        on_token(out)
    return "".join(parts)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")
