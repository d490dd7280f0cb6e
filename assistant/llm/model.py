"""The optional chat model (LangChain, Ollama or any OpenAI-compatible server), behind the one
method we use; None when no model is configured (the offline default)."""

from __future__ import annotations

from typing import Any, Protocol

from assistant.config import Settings


class ChatModel(Protocol):
    """The part of a LangChain chat model we use."""

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
