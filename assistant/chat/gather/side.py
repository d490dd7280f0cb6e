"""Which side of the material the asker is on, checked against its record: a company that
only *needs* heat and asks "is that 40 °C heat enough for our loop?" asks about an input,
whatever the words suggested."""

from __future__ import annotations

from assistant.chat.gather.turn import Turn


def settle_side(turn: Turn) -> None:
    state, own = turn.state, turn.viewer.company_id
    if turn.intent != "byproduct_reuse" or own is None or state.material is None:
        return
    if state.company_id not in (None, own):  # about another company's output
        return
    park = turn.park()
    if park is None:
        return
    family = state.material.category.split(".")[0]
    kin = [
        f for f in park.flows if f.company_id == own and (f.category or "").split(".")[0] == family
    ]
    if kin and all(f.direction == "input" for f in kin):
        turn.plan.intents = ["find_input", *(i for i in turn.plan.intents[1:] if i != "find_input")]
        state.direction, state.intent = "input", "find_input"
        turn.plan.reasons.append("the asker's record needs this material and has none: find_input")
