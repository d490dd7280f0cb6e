"""What the companies' own profiles say of the flows an answer rests on: "Satur UF sveķus;
nav piemēroti pakaišiem.", "Jāpiegādā svaigas, cisternās." — quoted as written when written in
the answer's language, from the park as the asker may see it (a hidden flow's notes are blank
there)."""

from __future__ import annotations

from typing import Any

from assistant.chat.evidence import VIRTUAL_ID
from assistant.chat.gather.labels import in_reader_language
from assistant.chat.gather.turn import Turn
from assistant.text.language import detect_language

SHOWN = 3  # the flows of the first pairs shown


def profile_notes(turn: Turn) -> list[dict[str, Any]]:
    park = turn.park()
    if park is None:
        return []
    flows = {f.id: f for f in park.flows}
    names = {c.id: c.name for c in park.companies}
    found: list[dict[str, Any]] = []
    for s in [s for s in turn.evidence.synergies if s.kind == "pair"][:2]:
        refs = (s.source_flow, s.target_flow)
        ids = [r.id for r in refs if r is not None and r.id is not None and r.id != VIRTUAL_ID]
        for flow in (flows[i] for i in ids if i in flows):
            own = flow.company_id == turn.viewer.company_id  # the asker wrote that one
            if flow.notes.strip() and not own and all(n["id"] != flow.id for n in found):
                found.append(note_entry(turn, names.get(flow.company_id, ""), flow))
    return readable(turn, found)[:SHOWN]


def readable(turn: Turn, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only notes written in the answer's language: a quote in the other one would be a
    passage the reader may not read (and a language mixed into the answer)."""
    return [n for n in found if n["written_in"] == turn.lang]


def notes_about_material(turn: Turn, company: str, flows: list[Any]) -> list[dict[str, Any]]:
    """A company's notes on its flows of the kind the conversation is about ("and how must
    the whey reach them?" after whey: "Jāpiegādā svaigas, cisternās.")."""
    material = turn.state.material
    if material is None:
        return []
    family = material.category.split(".")[0]
    found = [
        note_entry(turn, company, f)
        for f in flows
        if (f.notes or "").strip() and (f.category or "").split(".")[0] == family
    ]
    return readable(turn, found)[:SHOWN]


def note_entry(turn: Turn, company: str, flow: Any) -> dict[str, Any]:
    return {
        "id": flow.id,
        "company": company,
        "material": in_reader_language(turn.tools, flow.category, flow.material, turn.lang),
        "notes": flow.notes.strip(),
        "written_in": detect_language(flow.notes).lang,
    }
