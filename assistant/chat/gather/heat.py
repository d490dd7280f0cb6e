"""Whether a heat source is warm enough for a user: "our chillers reject heat at 35 °C — is
that warm enough for the greenhouse?", "vai ar 40 grādiem mūsu apkures cilpai pietiek?".

The source's temperature is the one the message says, else the one on record for the heat of
the company talked about (or of the supplier named); each user's is the temperature of its
heat need on record. A temperature hidden from the viewer is unknown here, never a figure.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.chat.gather.notes import note_entry, readable
from assistant.chat.gather.turn import Turn
from assistant.chat.rewrite import named_companies
from assistant.text.normalize import fold

MARGIN = 5.0  # °C: a source this much warmer than the need serves it through an exchanger
_SAID = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:°\s*c?|grad\w*|degrees?)")
USERS = 3


def heat_fit(turn: Turn) -> dict[str, Any] | None:
    park = turn.park()
    if park is None:
        return None
    names = {c.id: c.name for c in park.companies}
    heat = [f for f in park.flows if (f.category or "").startswith("heat")]
    named = [c.id for c in named_companies(turn.understanding) if c.id != turn.viewer.company_id]
    talked_about = turn.viewer.company_id or turn.state.company_id
    one = [talked_about] if talked_about is not None else []
    if turn.state.direction == "input":  # the asker (or the company talked about) needs heat
        users, suppliers = one, named
    else:  # its heat, for the users named, else for the partners just listed
        listed = [cid for cid, name in names.items() if name in turn.plan.listed]
        users, suppliers = (named or listed)[:USERS], one
    source, temperature = _source(turn, heat, suppliers)
    needs = [f for f in heat if f.direction == "input" and f.company_id in users and f.band is None]
    fits = [
        {
            "company": names.get(f.company_id, ""),
            "need": f.temperature_c,
            "verdict": verdict(temperature, f.temperature_c),
        }
        for f in needs
    ]
    if temperature is None and not fits:
        return None
    notes = readable(turn, [note_entry(turn, names.get(f.company_id, ""), f) for f in needs])
    return {
        "source": names.get(source) if source is not None else None,
        "temperature": temperature,
        "fits": fits,
        "notes": [n for n in notes if n["notes"]],
    }


def _source(turn: Turn, heat: list[Any], suppliers: list[int]) -> tuple[int | None, Any]:
    said = _SAID.search(fold(turn.question))
    if said:
        return None, float(said.group(1).replace(",", "."))
    offers = [
        f
        for f in heat
        if f.direction == "output"
        and f.company_id in suppliers
        and f.band is None
        and f.temperature_c is not None
    ]
    if not offers:
        return None, None
    best = max(offers, key=lambda f: f.temperature_c)
    return best.company_id, best.temperature_c


def verdict(source: float | None, need: float | None) -> str:
    if source is None or need is None:
        return "unknown"
    if source >= need + MARGIN:
        return "direct"
    return "close" if source >= need - MARGIN else "lift"
