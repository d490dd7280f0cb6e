"""One conversation asked turn by turn, for the chat tests."""

from __future__ import annotations

from typing import Any

from assistant.auth.viewer import Viewer


def ask_in_turn(services: Any, viewer: Viewer, *questions: str) -> list[Any]:
    """Each question in the same conversation; every answer, in order."""
    conversation, answers = None, []
    for q in questions:
        response = services.chat.ask(q, conversation, viewer=viewer)
        conversation = response.conversation_id
        answers.append(response)
    return answers


def company_user(services: Any, name: str) -> Viewer:
    """A user of the company `name` in the services' park."""
    ids = {c.name: c.id for c in services.park.list_companies()}
    return Viewer(name="c", role="company", user_id=6, company_id=ids[name])
