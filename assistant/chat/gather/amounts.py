"""How much each partner just listed needs (or has) of the material, against the asker's
amount: "can they take all of it?", "vai ar mūsu daudzumu pietiks?".

Read from the park as the asker may see it: a quantity hidden from the asker is its band
(`visibility.park_view`), shown as a range, never as a figure.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.chat.gather.turn import Turn
from assistant.text.normalize import fold

# "how much do they need?" in a conversation about another company's need: that company's
_NEED = re.compile(r"\b(need|needs|needed|require\w*|vajag\w*|vajadzig\w*|nepieciesam\w*)\b")


def partner_amounts(turn: Turn) -> list[dict[str, Any]]:
    state = turn.state
    if state.material is None:
        return []
    park = turn.park()
    if park is None:
        return []
    wanted = "output" if state.direction == "input" else "input"
    names = turn.plan.listed
    if _their_need(turn) and state.company:
        wanted, names = "input", [state.company]
    by_name = {c.name: c for c in park.companies}
    found = []
    for name in names:
        company = by_name.get(name)
        if company is None:
            continue
        flows = [
            f
            for f in park.flows
            if f.company_id == company.id
            and f.direction == wanted
            and f.category == state.material.category
        ]
        amount = _amount(name, flows, state.quantity, state.unit)
        found.append({**amount, "own_need": wanted == "input" and state.direction == "input"})
    return found


def _their_need(turn: Turn) -> bool:
    """The conversation is about another company's need ("who could supply the greenhouses
    with CO2?") and the question asks what that company needs, not what its suppliers have."""
    state = turn.state
    other = state.company is not None and state.company_id != turn.viewer.company_id
    return state.direction == "input" and other and bool(_NEED.search(fold(turn.question)))


def _amount(name: str, flows: list[Any], ours: float | None, unit: str | None) -> dict[str, Any]:
    if not flows:
        return {
            "company": name,
            "quantity": None,
            "band": None,
            "unit": None,
            "covers": None,
            "season": None,
        }
    flow = max(flows, key=lambda f: f.quantity)
    if flow.band is not None:  # hidden from the asker: its band only
        low, high = flow.band
        return {
            "company": name,
            "quantity": None,
            "band": (low, high),
            "unit": flow.unit,
            "covers": None,
            "season": None,
        }
    covers = None
    if ours and unit == flow.unit:
        covers = "all" if flow.quantity >= ours else "part"
    return {
        "company": name,
        "quantity": flow.quantity,
        "band": None,
        "unit": flow.unit,
        "covers": covers,
        "season": flow.availability,
    }
