"""An outreach draft asked for in the chat: staff save one; a company user gets its own letter."""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.chat.gather.turn import Turn
from assistant.chat.outreach import draft_from_chat
from assistant.errors import AssistantError
from assistant.park import visibility
from assistant.synergies.models import SuggestionPublic


def pair_of(turn: Turn, draft: dict[str, Any]) -> list[SuggestionPublic]:
    """The exchange the draft proposes, as the asker may see it (the letter's figures)."""
    tools = turn.tools
    park = turn.park()
    if park is None:
        return []
    target, partner = draft.get("target"), draft.get("partner")
    pairs = [s for s in visibility.suggestions(tools.engine.match(park)) if s.kind == "pair"]
    both = [s for s in pairs if {s.source_company, s.target_company} == {target, partner}]
    # a confidential partner is named by its sector in the letter: the pair by its material
    same = [
        s
        for s in pairs
        if target in (s.source_company, s.target_company) and s.material == draft.get("material")
    ]
    exact = [s for s in both if s in same]
    # the way the letter proposes: from the recipient when the sender asks for the material
    way = (target, partner) if turn.state.direction == "input" else (partner, target)
    found = sorted(exact or both or same, key=lambda s: (s.source_company, s.target_company) != way)
    return found[:1]


def outreach_request(turn: Turn) -> None:
    turn.extra.update(draft=None, staff_only=False)
    if not turn.viewer.is_staff and turn.viewer.role != "company":
        turn.extra["staff_only"] = True
        return
    if not turn.acts and turn.viewer.is_staff:
        turn.evidence.notes.append("earlier turn: no draft written again")
        return
    try:
        draft = draft_from_chat(turn.tools, turn.understanding, turn.state, turn.viewer)
        turn.extra["draft"] = draft
        turn.evidence.synergies = pair_of(turn, draft)
        for pair in turn.evidence.synergies:  # the letter's way is the conversation's now
            turn.state.direction = (
                "input" if pair.source_company == draft.get("target") else "output"
            )
        turn.facts["draft"] = {
            "facts_used": draft.get("facts_used", []),
            "dated": str(draft.get("created_at") or date.today()),  # the date the letter shows
            "id": draft.get("id"),
            "saved": draft.get("saved", True),
        }
    except AssistantError as exc:
        turn.evidence.notes.append(f"outreach draft not possible: {exc.message}")
        turn.extra["problem"] = exc.message
