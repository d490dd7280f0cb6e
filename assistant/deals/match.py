"""Finding the engine's suggestion for a source company, a target company and a material.

Both directions count: the pair (A, B) matches a suggestion A → B and B → A (a draft to the
producer proposes supplying; a draft to the taker proposes taking). The given direction wins
a tie. Without a material the best-scored pair between the two companies is taken.
"""

from __future__ import annotations

from assistant.errors import InvalidInput
from assistant.synergies import Suggestion, SynergyEngine
from assistant.synergies.park_data import CompanyData, ParkData
from assistant.text.normalize import fold


def material_level(suggestion: Suggestion, text: str | None, engine: SynergyEngine) -> int:
    """How well a material text names the suggestion's material: 2 by name, 1 by category."""
    if not text or not text.strip():
        return 1
    wanted, have = fold(text.strip()), fold(suggestion.material)
    if wanted in have or have in wanted:
        return 2
    category = engine.taxonomy.category(suggestion.category)
    labels = [fold(category.en), fold(category.lv)] if category else []
    if any(wanted in label for label in labels):
        return 1
    resolved = engine.taxonomy.resolve_flow(text).category
    if resolved is None:
        return 0
    if resolved == suggestion.category:
        return 1
    # "compressor heat" for a 35 °C flow: the asker names heat, not its temperature class
    return int(resolved.startswith("heat.") and (suggestion.category or "").startswith("heat."))


def find_pair(
    engine: SynergyEngine,
    park: ParkData,
    source: CompanyData,
    target: CompanyData,
    material: str | None,
    source_takes: bool = False,
) -> Suggestion:
    """The best pair suggestion between two companies for the material; at the same material
    match, the one from `source` to `target` (from `target` to `source` when `source_takes`:
    a company asking for a material it needs)."""
    ranked: list[tuple[int, int, float, Suggestion]] = []
    for s in engine.match(park, source.id):
        if s.kind != "pair":
            continue
        forward = (s.source_company, s.target_company) == (source.name, target.name)
        backward = (s.source_company, s.target_company) == (target.name, source.name)
        level = material_level(s, material, engine) if forward or backward else 0
        if level:
            ranked.append((level, int(backward if source_takes else forward), s.score, s))
    if not ranked:
        what = f" for {material!r}" if material else ""
        raise InvalidInput(
            f"no synergy between {source.name!r} and {target.name!r}{what}: "
            "check the material or the companies' flows"
        )
    return max(ranked, key=lambda r: r[:3])[3]


def find_missing(
    engine: SynergyEngine, park: ParkData, source: CompanyData, material: str
) -> Suggestion | None:
    """The best missing-partner suggestion (no receiver in the park) for a source's material."""
    found = [
        (material_level(s, material, engine), s.score, s)
        for s in engine.match(park, source.id)
        if s.kind == "missing_partner" and s.source_company == source.name
    ]
    found = [f for f in found if f[0]]
    return max(found, key=lambda f: f[:2])[2] if found else None


def company(park: ParkData, name: str) -> CompanyData:
    """A company of the park by its name (case and spacing ignored)."""
    key = " ".join(name.casefold().split())
    if not key:
        raise InvalidInput("a company name is empty")
    for c in park.companies:
        if " ".join(c.name.casefold().split()) == key:
            return c
    raise InvalidInput(
        f"unknown company {name!r}: no company with that name in the park {park.name!r}"
    )
