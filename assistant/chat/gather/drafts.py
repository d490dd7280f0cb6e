"""An outreach draft asked for in the chat (staff only: a draft writes to the workspace)."""

from __future__ import annotations

from typing import Any

from assistant.chat.gather.turn import Turn
from assistant.chat.outreach import draft_from_chat
from assistant.errors import AssistantError
from assistant.park import visibility
from assistant.synergies.models import SuggestionPublic


def pair_of(turn: Turn, draft: dict[str, Any]) -> list[SuggestionPublic]:
    """The exchange the draft proposes, as the asker may see it (the letter's figures)."""
    tools = turn.tools
    park = visibility.park_view(tools.park.snapshot(), turn.viewer)
    companies = {draft.get("target"), draft.get("partner")}
    found = [
        s
        for s in visibility.suggestions(tools.engine.match(park))
        if s.kind == "pair" and {s.source_company, s.target_company} == companies
    ]
    return found[:1]


def outreach_request(turn: Turn) -> None:
    turn.extra.update(draft=None, staff_only=False)
    if not turn.viewer.is_staff:
        turn.extra["staff_only"] = True
        return
    if not turn.acts:
        turn.evidence.notes.append("earlier turn: no draft written again")
        return
    try:
        draft = draft_from_chat(turn.tools, turn.understanding, turn.state, turn.viewer)
        turn.extra["draft"] = draft
        turn.evidence.synergies = pair_of(turn, draft)
        turn.facts["draft"] = {
            "facts_used": draft.get("facts_used", []),
            "dated": str(draft.get("created_at", "")),
            "id": draft.get("id"),
        }
    except AssistantError as exc:
        turn.evidence.notes.append(f"outreach draft not possible: {exc.message}")
        turn.extra["problem"] = exc.message
