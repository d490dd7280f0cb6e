"""When a flow is there and whether two flows' months meet: "in which months is their heat
available, and does that overlap with the greenhouse's heating season?"

Read from the park as the asker may see it: a hidden flow's availability is blank there."""

from __future__ import annotations

from typing import Any

from assistant.chat.gather.labels import in_reader_language
from assistant.chat.gather.turn import Turn
from assistant.chat.rewrite import named_companies
from assistant.text.seasons import month_spans, months

SHOWN = 4


def availability(turn: Turn) -> dict[str, Any] | None:
    material, park = turn.state.material, turn.park()
    if material is None or park is None:
        return None
    names = {c.id: c.name for c in park.companies}
    involved = [turn.viewer.company_id, turn.state.company_id]
    involved += [c.id for c in named_companies(turn.understanding, turn.state.partners)]
    involved += [cid for cid, name in names.items() if name in turn.plan.listed[:1]]
    family = material.category.split(".")[0]
    kin = [
        f
        for f in park.flows
        if f.company_id in involved and (f.category or "").split(".")[0] == family
    ]
    exact = [f for f in kin if f.category == material.category]
    chosen = exact + [f for f in kin if f not in exact and f.direction == "input"]
    rows = [_row(turn, names, f) for f in chosen if f.availability.strip()][:SHOWN]
    if not rows:
        return None
    has = [r for r in rows if r["direction"] == "output" and r["months"]]
    needs = [r for r in rows if r["direction"] == "input" and r["months"]]
    overlap = None
    if has and needs:
        overlap = month_spans(has[0]["months"] & needs[0]["months"], turn.lang)
    return {
        "rows": [{k: v for k, v in r.items() if k != "months"} for r in rows],
        "overlap": overlap,
    }


def _row(turn: Turn, names: dict[int, str], flow: Any) -> dict[str, Any]:
    found = months(flow.availability)
    return {
        "company": names.get(flow.company_id, ""),
        "material": in_reader_language(turn.tools, flow.category, flow.material, turn.lang),
        "direction": flow.direction,
        "when": month_spans(found, turn.lang) if found else _as_written(flow, turn.lang),
        "months": found,
    }


def _as_written(flow: Any, lang: str) -> str:
    return flow.availability.strip() if lang == "lv" else ""
