"""Stage 3, gather: one small step per intent fills the turn with evidence.

A turn with two intents ("who takes our bark and is it still waste?") runs the primary step
and then the passages of the second, so the answer can address both.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.chat.gather.drafts import outreach_request
from assistant.chat.gather.knowledge import good_practice, knowledge, regulation
from assistant.chat.gather.materials import byproduct_reuse, find_input, value
from assistant.chat.gather.park import company_info, park_gaps, park_overview
from assistant.chat.gather.profile import confirm_pending, update_profile
from assistant.chat.gather.turn import Turn


def nothing(turn: Turn) -> None:
    return None


GATHER: dict[str, Callable[[Turn], None]] = {
    "byproduct_reuse": byproduct_reuse,
    "find_input": find_input,
    "value": value,
    "regulation": regulation,
    "good_practice": good_practice,
    "park_overview": park_overview,
    "park_gaps": park_gaps,
    "company_info": company_info,
    "update_profile": update_profile,
    "outreach_request": outreach_request,
    "unsure": knowledge,
    "help": nothing,
    "out_of_scope": nothing,
}
SECOND_PASSAGES = ("regulation", "good_practice")  # a second intent that adds passages

__all__ = ["GATHER", "SECOND_PASSAGES", "Turn", "confirm_pending", "gather"]


def gather(turn: Turn) -> None:
    quantity = turn.understanding.entities.quantity
    if quantity is not None:  # how the words became the figure the answer uses
        turn.facts["quantity"] = quantity.__dict__
    GATHER[turn.intent](turn)
    second = turn.plan.intents[1] if len(turn.plan.intents) > 1 else None
    if second in SECOND_PASSAGES and turn.intent not in SECOND_PASSAGES:
        before = list(turn.evidence.hits)
        synergies = list(turn.evidence.synergies)
        GATHER[second](turn)
        turn.evidence.synergies = synergies or turn.evidence.synergies
        merged = {h.chunk_id: h for h in [*before, *turn.evidence.hits]}
        turn.evidence.hits = list(merged.values())[:4]
