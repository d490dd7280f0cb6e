"""A profile update proposed in the chat, written only after the user confirms it."""

from __future__ import annotations

from assistant.chat.gather.turn import Turn
from assistant.chat.state import PendingFlow
from assistant.text.normalize import fold

_INPUT_CUES = (
    "need",
    "use",
    "buy",
    "vajag",
    "izmantojam",
    "nepieciešam",
    "patērējam",
    "iepērkam",
    "iepērk",
    "pērkam",
)


def direction_of(message: str) -> str:
    """An input when the message says the company needs or uses the material."""
    text = fold(message)
    return "input" if any(fold(c) in text for c in _INPUT_CUES) else "output"


def update_profile(turn: Turn) -> None:
    state = turn.state
    turn.extra.update(done=None, cancelled=False, pending=None, forbidden=None)
    if state.company_id is None or state.material is None or state.quantity is None:
        return
    if not turn.viewer.may_edit_company(state.company_id):
        turn.extra["forbidden"] = state.company
        turn.evidence.notes.append(f"{turn.viewer.actor} may not edit company {state.company_id}")
        return
    if not turn.acts:  # a replayed turn proposes nothing a later "yes" could confirm
        return
    resolution = turn.tools.taxonomy.resolve_flow(state.material.text)
    state.pending = PendingFlow(
        company_id=state.company_id,
        company=state.company or "",
        direction=direction_of(turn.question),
        material=state.material.text,
        quantity=state.quantity,
        unit=state.unit or "t/year",
        ewc_code=state.material.ewc_code or resolution.ewc_code,
    )
    turn.extra["pending"] = state.pending.model_dump()
    turn.facts["pending"] = turn.extra["pending"]


def confirm_pending(turn: Turn, accepted: bool) -> None:
    from assistant.models.park import FlowCreate

    pending = turn.state.pending
    turn.extra.update(done=None, cancelled=not accepted, pending=None, forbidden=None)
    turn.state.pending = None
    if pending is None or not accepted or not turn.acts:
        return
    if not turn.viewer.may_edit_company(pending.company_id):  # another viewer's proposal
        turn.extra["forbidden"] = pending.company
        return
    flow = FlowCreate.model_validate(
        {
            "direction": pending.direction,
            "material": pending.material,
            "quantity": pending.quantity,
            "unit": pending.unit,
            "ewc_code": pending.ewc_code,
        }
    )
    turn.tools.park.add_flow(pending.company_id, flow, viewer=turn.viewer)
    turn.extra["done"] = pending.model_dump()
    turn.facts["done"] = turn.extra["done"]
