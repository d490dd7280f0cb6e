"""Which side of the material the asker is on, checked against its record: a company that
only *needs* heat and asks "is that 40 °C heat enough for our loop?" asks about an input, and
a brewery that only *has* spent grain and asks "who would be the next best taker?" asks about
an output, whatever the words suggested."""

from __future__ import annotations

from typing import Literal

from assistant.chat.gather.turn import Turn

Side = Literal["input", "output"]
# an intent -> the side a record settles it to, and the intent that side asks
SIDES: dict[str, tuple[Side, str]] = {
    "byproduct_reuse": ("input", "find_input"),
    "find_input": ("output", "byproduct_reuse"),
}


GRADED = ("heat",)  # families whose classes are grades of one resource (temperatures)


def _kind(category: str) -> str:
    """Low- and medium-temperature heat are one resource to a user; whey and spent grain are
    two materials of the food family."""
    family = category.split(".")[0]
    return family if family in GRADED else category


def settle_side(turn: Turn) -> None:
    state, own = turn.state, turn.viewer.company_id
    if turn.intent not in SIDES or own is None or state.material is None:
        return
    if state.company_id not in (None, own):  # about another company's flows
        return
    park = turn.park()
    if park is None:
        return
    kind = _kind(state.material.category)
    kin = [f for f in park.flows if f.company_id == own and _kind(f.category or "") == kind]
    direction, intent = SIDES[turn.intent]
    if kin and all(f.direction == direction for f in kin):
        turn.plan.intents = [intent, *(i for i in turn.plan.intents[1:] if i != intent)]
        state.direction, state.intent = direction, intent
        has = "needs this material and has none" if direction == "input" else "has this material"
        turn.plan.reasons.append(f"the asker's record {has}: {intent}")
