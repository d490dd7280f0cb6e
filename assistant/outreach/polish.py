"""Optional LLM polish of a template draft, through the same LangChain model as the chat.

The model only rewords: the grounding checks of the chat (no number that the template draft
does not hold, no link, no other language, not its own instructions) apply, the recipient, the
partner as shown, the material and the facilitator must stay, and nothing confidential may
appear. The draft reaches the model neutralised (`assistant.llm.injection`): company records
are typed by companies, so an instruction hidden in one is cut. Any failure keeps the template
draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.llm.grounding import (
    echoes,
    evidence_numbers,
    foreign_links,
    off_language,
    ungrounded,
)
from assistant.llm.injection import neutralise
from assistant.llm.model import ChatModel
from assistant.prompts import render


class PolishFailed(Exception):
    pass


def polish(
    model: ChatModel, lang: str, subject: str, body: str, keep: Iterable[str], hidden: Iterable[str]
) -> str:
    system = render(f"outreach/polish.{lang}.j2")
    messages = [("system", system), ("human", neutralise(f"{subject}\n\n{body}").text)]
    try:
        reply = model.invoke(messages)
    except Exception as exc:  # any provider error or timeout means: keep the template draft
        raise PolishFailed(f"{type(exc).__name__}: {exc}") from exc
    text = str(getattr(reply, "content", reply)).strip()
    if text.startswith(subject):
        text = text[len(subject) :].strip()
    check(text, subject, body, keep, hidden)
    if foreign_links(text, ()) or echoes(text, system) or off_language(text, lang):
        raise PolishFailed("the model added links, its instructions or another language")
    return text


def check(text: str, subject: str, body: str, keep: Iterable[str], hidden: Iterable[str]) -> None:
    if not text:
        raise PolishFailed("the model returned an empty draft")
    loose = ungrounded(text, evidence_numbers(subject, body))
    if loose:
        raise PolishFailed(f"the model used numbers that are not in the draft: {loose[:5]}")
    missing = [k for k in keep if k and k not in text]
    if missing:
        raise PolishFailed(f"the model dropped {missing[0]!r}")
    if any(leaks(text, h) for h in hidden):
        raise PolishFailed("the model wrote confidential data")


def leaks(text: str, secret: str) -> bool:
    """A confidential name or number in the text (numbers only as whole numbers)."""
    if not secret:
        return False
    if secret[0].isdigit():
        pattern = rf"(?<!\d)(?<!\d[ ,.\u00a0]){re.escape(secret)}(?!\d)(?![ ,.\u00a0]\d)"
        return re.search(pattern, text) is not None
    return secret.casefold() in text.casefold()
