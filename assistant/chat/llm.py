"""The optional LLM composer (LangChain). It words the same evidence; it never adds facts.

Citations outside the evidence are removed; an answer with numbers the evidence does not hold,
an error or a timeout falls back to the offline composer, and the trace says so.
"""

from __future__ import annotations

from typing import Any, Protocol

from assistant.chat.compose import Citation, Draft
from assistant.chat.grounding import cited, strip_unknown_citations, ungrounded
from assistant.config import Settings
from assistant.prompts import render


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
        options.update(api_key=settings.llm_api_key or "not-needed", max_retries=0,
                       timeout=settings.llm_timeout_s)
    else:
        options["client_kwargs"] = {"timeout": settings.llm_timeout_s}
    model: ChatModel = init_chat_model(f"{settings.llm_provider}:{settings.llm_model}", **options)
    return model


class LlmFailed(Exception):
    pass


def llm_compose(model: ChatModel, lang: str, question: str, offline: Draft,
                citations: list[Citation], facts: list[dict[str, Any]],
                known_numbers: set[float]) -> Draft:
    messages = [
        ("system", render(f"llm/system.{lang}.j2")),
        ("human", render("llm/evidence.j2", question=question, lang=lang, citations=citations,
                         facts=facts, offline=offline.text)),
    ]
    try:
        reply = model.invoke(messages)
    except Exception as exc:  # any provider error or timeout means: use the offline answer
        raise LlmFailed(f"{type(exc).__name__}: {exc}") from exc
    text = str(getattr(reply, "content", reply)).strip()
    allowed = {c.n for c in citations}
    text = strip_unknown_citations(text, allowed)
    if not text:
        raise LlmFailed("the model returned an empty answer")
    loose = ungrounded(text, known_numbers)
    if loose:
        raise LlmFailed(f"the model used numbers that are not in the evidence: {loose[:5]}")
    used = [c for c in citations if c.n in set(cited(text))]
    if citations and not used:
        raise LlmFailed("the model cited none of the evidence")
    sources = render(f"answers/_sources.{lang}.md.j2", citations=used) if used else ""
    return Draft(text=f"{text}\n\n{sources}".strip(), citations=used, composer="llm")
