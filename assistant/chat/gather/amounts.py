"""How much each partner just listed needs (or has) of the material, against the asker's
amount: "can they take all of it?", "vai ar mūsu daudzumu pietiks?".

Read from the park as the asker may see it: a quantity hidden from the asker is its band
(`visibility.park_view`), shown as a range, never as a figure.
"""

from __future__ import annotations

from typing import Any

from assistant.chat.gather.turn import Turn


def partner_amounts(turn: Turn) -> list[dict[str, Any]]:
    state = turn.state
    if state.material is None:
        return []
    park = turn.park()
    if park is None:
        return []
    wanted = "output" if state.direction == "input" else "input"
    by_name = {c.name: c for c in park.companies}
    found = []
    for name in turn.plan.listed:
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
        found.append(_amount(name, flows, state.quantity, state.unit))
    return found


def _amount(name: str, flows: list[Any], ours: float | None, unit: str | None) -> dict[str, Any]:
    if not flows:
        return {"company": name, "quantity": None, "band": None, "unit": None, "covers": None}
    flow = max(flows, key=lambda f: f.quantity)
    if flow.band is not None:  # hidden from the asker: its band only
        low, high = flow.band
        return {
            "company": name,
            "quantity": None,
            "band": (low, high),
            "unit": flow.unit,
            "covers": None,
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
    }
