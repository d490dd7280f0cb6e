"""The optional LLM composer of chat answers. It words the same evidence; it never adds facts.

The model gets the evidence as fenced, neutralised data (`assistant.llm.injection`).
Citations outside the evidence are removed; an answer with numbers the evidence does not hold,
links or images that are not the evidence's own sources, another language, the text of its
instructions or no citation, an error or a timeout falls back to the offline composer, and
the trace says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from assistant.chat.compose import Citation, Draft
from assistant.llm.grounding import (
    cited,
    draft_coverage,
    echoes,
    foreign_links,
    off_language,
    source_addresses,
    strip_unknown_citations,
    ungrounded,
    unsupported_words,
)
from assistant.llm.injection import neutralise
from assistant.llm.model import ChatModel, LlmFailed, StreamClosed, current_options, generate
from assistant.prompts import render


def llm_compose(
    model: ChatModel,
    lang: str,
    question: str,
    offline: Draft,
    citations: list[Citation],
    facts: list[dict[str, Any]],
    known_numbers: set[float],
    *,
    on_token: Callable[[str], None] | None = None,
) -> Draft:
    """The model's wording of `offline`, or LlmFailed saying why it may not be used.

    The model sees the evidence as data: neutralised (`assistant.llm.injection`) and fenced
    by a boundary that is new for every request, so a document cannot guess it.

    With `on_token`, the model's words go to it as they arrive (`.stream`), and an answer
    that passes the checks ends with its list of sources sent the same way: the pieces join
    to the returned text. One that fails them has been streamed all the same: a line saying
    that the checked answer follows (`REPLACED`) is sent after it, and the caller gives the
    offline answer in its place. The request's own options
    (`assistant.llm.model.using`: temperature, max_tokens, the client's system messages)
    go to the model; the client's instructions come after ours and cannot lift them."""
    fence = f"DATA-{secrets.token_hex(8)}"
    system = render(f"llm/system.{lang}.j2", fence=fence)
    options = current_options()
    client = [("system", render(f"llm/client.{lang}.j2", instructions=s)) for s in options.system]
    messages = [
        ("system", system),
        *client,
        (
            "human",
            render(
                "llm/evidence.j2",
                question=question,
                lang=lang,
                fence=fence,
                citations=[_as_data(c) for c in citations],
                facts=_data(facts),
                offline=neutralise(_body(offline, lang)).text,
            ),
        ),
    ]
    try:
        raw = generate(model, messages, on_token, **options.call_kwargs(model))
    except StreamClosed:
        raise
    except Exception as exc:  # any provider error or timeout means: use the offline answer
        raise LlmFailed(f"{type(exc).__name__}: {exc}") from exc
    text = strip_unknown_citations(raw, {c.n for c in citations})
    # The model's job is to reword the draft: its words, not the passages', are the measure
    # (a passage may itself hold the words of an order it carries).
    evidence = " ".join([offline.text, *(f"{c.title} {c.section}" for c in citations)])
    try:
        _check(text, lang, system, _body(offline, lang), citations, known_numbers, evidence)
    except LlmFailed:
        if on_token is not None and raw:  # a reader that cannot take words back sees why
            on_token(REPLACED[lang])
        raise
    used = [c for c in citations if c.n in set(cited(text))]
    sources = render(f"answers/_sources.{lang}.md.j2", citations=used) if used else ""
    final = f"{text}\n\n{sources}".strip()
    if on_token is not None and final.startswith(raw) and len(final) > len(raw):
        on_token(final[len(raw) :])
    return Draft(
        text=final,
        citations=used,
        composer="llm",
        notes=list(offline.notes),
    )


# Sent after streamed words that failed the checks: the offline answer the caller gives
# instead follows it (a page replaces the whole text; an API client keeps both).
REPLACED = {
    "en": "\n\n---\nThe checked answer (it replaces the wording above):\n\n",
    "lv": "\n\n---\nPārbaudītā atbilde (tā aizstāj augstāk rakstīto):\n\n",
}
MAX_UNSUPPORTED_SHARE = 0.5  # of an answer's content words that the draft does not explain
MIN_DRAFT_COVERAGE = 0.1  # of the draft's content words a rewording keeps (a focused summary
# of a long draft keeps about 0.15; an obeyed one-line order keeps almost none)


def _check(
    text: str,
    lang: str,
    system: str,
    draft: str,
    citations: list[Citation],
    known_numbers: set[float],
    evidence: str,
) -> None:
    """Raise LlmFailed for an answer that must not reach the asker."""
    if not text:
        raise LlmFailed("the model returned an empty answer")
    links = foreign_links(text, source_addresses(s for c in citations for s in c.sources))
    if links:
        raise LlmFailed(f"the model added links or images outside the evidence: {links[:3]}")
    if echoes(text, system):
        raise LlmFailed("the model repeated its instructions")
    other = off_language(text, lang)
    # a draft that is itself mostly in the other language (cross-language evidence) says
    # nothing about an attack
    if other and off_language(draft, lang) is None:
        raise LlmFailed(f"the model answered in {other}, not in {lang}")
    loose = ungrounded(text, known_numbers)
    if loose:
        raise LlmFailed(f"the model used numbers that are not in the evidence: {loose[:5]}")
    if citations and not set(cited(text)):
        raise LlmFailed("the model cited none of the evidence")
    unsupported, total = unsupported_words(text, evidence)
    if unsupported > MAX_UNSUPPORTED_SHARE * max(total, 1):
        raise LlmFailed(
            f"{unsupported} of the answer's {total} words come from no evidence "
            "(the draft it was to reword)"
        )
    if draft_coverage(text, draft) < MIN_DRAFT_COVERAGE:
        raise LlmFailed("the answer leaves out most of the draft it was to reword")


def _body(draft: Draft, lang: str) -> str:
    """The draft without its list of sources: the model cites by number, and the list is
    added again to whatever it writes."""
    if not draft.citations:
        return draft.text
    sources = render(f"answers/_sources.{lang}.md.j2", citations=draft.citations)
    return draft.text.removesuffix(sources).rstrip()


def _as_data(citation: Citation) -> Citation:
    return citation.model_copy(
        update={
            "title": neutralise(citation.title).text,
            "section": neutralise(citation.section).text,
            "text": neutralise(citation.text).text,
        }
    )


def _data(value: Any) -> Any:
    """Park records as data too: every string in them neutralised."""
    if isinstance(value, str):
        return neutralise(value).text
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_data(v) for v in value]
    return value
