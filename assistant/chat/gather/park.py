"""Evidence about the park: its overview and pilots, the sectors it lacks, one company."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.chat.compose import prepare
from assistant.chat.evidence import passages
from assistant.chat.gather.heat import heat_fit
from assistant.chat.gather.labels import in_reader_language, material_label
from assistant.chat.gather.notes import notes_about_material
from assistant.chat.gather.turn import Turn
from assistant.chat.gather.when import availability
from assistant.chat.tools import ChatTools
from assistant.park import visibility
from assistant.prompts import num, unit_label
from assistant.text.formatting import quantity
from assistant.text.normalize import fold


def park_overview(turn: Turn) -> None:
    tools = turn.tools
    park = visibility.park_view(tools.park.snapshot(), turn.viewer)
    found = visibility.suggestions(tools.engine.match(park))
    strongest = _distinct_pairs([s for s in found if s.kind == "pair"])[:PILOT_POOL]
    pairs = sorted(strongest, key=_pilot_key)[:5]
    turn.evidence.synergies = pairs + [s for s in found if s.kind != "pair"][:3]
    topic = _topic(turn, park, found)
    if topic is not None:
        turn.evidence.synergies = topic.pop("suggestions")
    turn.extra["topic"] = topic
    prepared = [prepare(s, turn.lang) for s in pairs]
    turn.facts["pilot_ranking"] = [_pilot_trace(s) for s in pairs]
    turn.facts["overview"] = prepared
    total_eur = round(sum(p["eur"] or 0.0 for p in prepared))  # withheld figures count 0
    total_tonnes = round(sum(p["tonnes"] or 0.0 for p in prepared), 1)
    quick = [
        f"{p['source']} → {p['partner']}"
        for p in prepared
        if p["legal_kind"] in ("by_product", "energy_contract", "water_permit")
    ][:2]
    sectors = _sector_counts(tools, park, turn.lang)
    turn.extra.update(
        overview=prepared,
        park_name=park.name,
        total_eur=total_eur,
        total_tonnes=total_tonnes,
        quick=quick,
        n_companies=len(park.companies),
        sectors=sectors,
    )
    turn.facts.update(
        total_eur=total_eur,
        total_tonnes=total_tonnes,
        n_companies=len(park.companies),
        sectors=sectors,
    )
    query = (
        f"{turn.question} map resources pilot projects baby steps facilitator"
        if turn.lang == "en"
        else f"{turn.question} resursu kartēšana pilotprojekti fasilitators"
    )
    turn.evidence.hits = passages(tools, query, turn.lang, k=2)


def _topic(turn: Turn, park: Any, found: list[Any]) -> dict[str, Any] | None:
    """ "A picture of heat in the park": who offers and who needs that kind of material, and
    the matches between them. A company the viewer may not see is shown by its sector label,
    without its amount."""
    named = turn.understanding.entities.materials
    if not named:
        return None
    family = named[0].category.split(".")[0]

    def same(category: str | None) -> bool:
        return (category or "").split(".")[0] == family

    matches = sorted(
        _distinct_pairs([s for s in found if s.kind == "pair" and same(s.category)]),
        key=_pilot_key,
    )[:5]
    topic = {
        "label": named[0].name,
        "offers": listed_flows(turn, park, "output", same),
        "needs": listed_flows(turn, park, "input", same),
        "matches": [prepare(s, turn.lang) for s in matches],
        "suggestions": matches,
    }
    turn.facts["topic"] = {k: v for k, v in topic.items() if k != "suggestions"}
    return topic


def listed_flows(
    turn: Turn, park: Any, direction: str, keep: Callable[[str | None], bool]
) -> list[dict[str, Any]]:
    """The park's flows of one direction whose category `keep` accepts, as a reader sees them:
    a flow the viewer may see only as a band shows neither its amount nor its temperature."""
    names = {c.id: c.name for c in park.companies}
    return [
        {
            "company": names.get(f.company_id, ""),
            "material": in_reader_language(turn.tools, f.category, f.material, turn.lang),
            "amount": None if f.band else quantity(f.quantity, f.unit, turn.lang),
            "temperature": None if f.band else f.temperature_c,
        }
        for f in park.flows
        if f.direction == direction and keep(f.category)
    ]


def _sector_counts(tools: ChatTools, park: Any, lang: str) -> list[str]:
    """'Food products (4)' per NACE division, largest first — in the reader's language: where
    a division has no Latvian label, its companies' own classes are counted instead."""
    counts: dict[str, int] = {}
    for company in park.companies:
        division = company.nace[:2]
        entry = tools.taxonomy.nace_codes.get(division)
        has_label = entry is not None and (lang != "lv" or bool(entry.label_lv))
        label = tools.taxonomy.nace_label(division if has_label else company.nace, lang)
        key = label or company.nace
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:8]
    return [f"{label} ({n})" for label, n in ranked]


PILOT_POOL = 12  # the strongest matches the pilots are chosen from


def _pilot_key(s: Any) -> tuple[float, float]:
    """Pilots first by the benefit at the low end of the prices (the figure a facilitator can
    defend), then by the match score; a withheld figure counts at its band's low end."""
    b = s.benefit
    low = (
        b.eur_low_per_year
        if b.eur_low_per_year is not None
        else (b.range.eur_low_per_year[0] if b.range else 0.0)
    )
    return (-low, -s.score)


def _pilot_trace(s: Any) -> dict[str, Any]:
    """How one pilot's figures were made: the counterfactual and every price row behind them."""
    b, today = s.benefit, s.benefit.counterfactual
    return {
        "pair": f"{s.source_company} → {s.target_company}",
        "rule": s.rule_id,
        "eur_per_year": b.eur_per_year,
        "eur_range": [b.eur_low_per_year, b.eur_high_per_year]
        if b.eur_per_year is not None
        else [b.range.eur_low_per_year[0], b.range.eur_high_per_year[1]]
        if b.range
        else None,
        "today": None
        if today is None
        else {
            "route": today.route,
            "declared": today.declared,
            "why": today.why,
            "price_row": today.price_row,
            "source": today.source,
        },
        "terms": [
            {"term": a.term, "value": a.value, "formula": a.formula, "source": a.source}
            for a in b.assumptions
            if a.unit == "EUR/year"
        ],
        "prices_version": b.prices_version,
    }


def _distinct_pairs(pairs: list[Any]) -> list[Any]:
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for s in pairs:
        key = (s.source_company, s.target_company)
        if key not in seen:
            seen.add(key)
            kept.append(s)
    return kept


# what a company's park record does not hold: staff, turnover, profit, ownership, contacts
_NOT_ON_RECORD = re.compile(
    r"\b(employ\w*|staff|people|workers?|headcount|turnover|revenue|profit\w*|owner\w*|"
    r"darbiniek\w*|strada\w*|cilvek\w*|apgrozijum\w*|pelnn?\w*|ipasniek\w*)\b"
)


def company_info(turn: Turn) -> None:
    tools = turn.tools
    if turn.state.company_id is None:
        turn.extra["profile"] = None
        return
    company = tools.park.get_company(turn.state.company_id, viewer=turn.viewer)
    if company.confidential and not turn.viewer.sees_confidential_of(company.id):
        turn.extra["profile"] = None
        return
    label = tools.taxonomy.nace_label(company.nace, turn.lang)

    def describe(flow: Any) -> str:
        said = []
        if flow.quantity is not None:
            said.append(f"{num(flow.quantity, turn.lang)} {unit_label(flow.unit, turn.lang)}")
        if flow.quantity is not None and flow.temperature_c is not None:  # withheld: neither
            said.append(f"{num(flow.temperature_c, turn.lang)} °C")
        name = in_reader_language(tools, flow.category, flow.material, turn.lang)
        return f"{name} ({', '.join(said)})" if said else name

    turn.extra["unrecorded"] = bool(_NOT_ON_RECORD.search(fold(turn.question)))
    turn.extra["profile"] = turn.facts["profile"] = {
        "name": company.name,
        "sector": f"{company.nace} {label}".strip(),
        "municipality": company.municipality,
        "description": company.description,
        "outputs": [describe(f) for f in company.flows if f.direction == "output"],
        "inputs": [describe(f) for f in company.flows if f.direction == "input"],
    }
    turn.extra["profile_notes"] = turn.facts["profile_notes"] = notes_about_material(
        turn, company.name, company.flows
    )
    if turn.plan.focus == "temperature":
        turn.extra["heat_fit"] = turn.facts["heat_fit"] = heat_fit(turn)
    if turn.plan.asks_when:
        turn.extra["seasons"] = turn.facts["seasons"] = availability(turn)
    park = visibility.park_view(tools.park.snapshot(), turn.viewer)
    found = visibility.suggestions(tools.engine.match(park, company.id))
    turn.evidence.synergies = [s for s in found if s.kind == "pair"][:3]


WASTE_TRADES = ("38", "39", "46.77")  # collectors and recyclers: a fallback, not a user


def _untaken(
    tools: ChatTools,
    park: Any,
    taken: set[tuple[str, str]],
    known: set[tuple[str, str]],
    about: str | None,
    lang: str,
) -> list[dict[str, Any]]:
    """Every output nobody in the park takes, and whether any sector is known to use it
    (the rules or the documented exchanges): the residues the question may be about."""
    names = {c.id: c.name for c in park.companies}
    found = []
    for f in park.flows:
        company = names.get(f.company_id, "")
        if f.direction != "output" or (company, f.material) in taken:
            continue
        if about and f.category != about:
            continue
        label = material_label(tools, f.category, f.material, lang)
        found.append(
            {"material": label, "company": company, "known": (company, f.material) in known}
        )
    return sorted(found, key=lambda u: u["known"])[:10]


def park_gaps(turn: Turn) -> None:
    """The sectors the park lacks: outputs nobody in the park takes, grouped by the sectors
    that could use them (the rules' and the documented exchanges' receivers)."""
    tools = turn.tools
    park = visibility.park_view(tools.park.snapshot(), turn.viewer)
    found = visibility.suggestions(tools.engine.match(park))
    taken = {(s.source_company, s.source_flow.material) for s in found if s.kind == "pair"}
    named = turn.state.material if turn.understanding.entities.materials else None
    about = named.category if named else None  # "for the glass — whom to bring in?"
    gaps: dict[str, dict[str, Any]] = {}
    known = set()
    for s in found:
        if s.kind != "missing_partner" or (s.source_company, s.source_flow.material) in taken:
            continue
        known.add((s.source_company, s.source_flow.material))
        if about and s.category != about:
            continue
        users = [t for t in s.target_sectors if not t.nace.startswith(WASTE_TRADES)]
        for sector in (users or s.target_sectors)[:2]:
            label = (sector.label_lv or sector.label) if turn.lang == "lv" else sector.label
            entry = gaps.setdefault(label, {"sector": label, "materials": [], "companies": []})
            material = material_label(tools, s.category, s.source_flow.material, turn.lang)
            if material not in entry["materials"]:
                entry["materials"].append(material)
            if s.source_company not in entry["companies"]:
                entry["companies"].append(s.source_company)
    ranked = sorted(gaps.values(), key=lambda g: (-len(g["companies"]), -len(g["materials"])))
    turn.extra["gaps"] = ranked[:6]
    turn.facts["park_gaps"] = ranked[:6]
    turn.extra["untaken"] = _untaken(tools, park, taken, known, about, turn.lang)
    turn.extra["park_name"] = park.name
    query = (
        f"{turn.query} attract companies anchor tenant investors missing partners"
        if turn.lang == "en"
        else f"{turn.query} piesaistīt uzņēmumus investori trūkstošie partneri"
    )
    turn.evidence.hits = passages(tools, query, turn.lang, k=2)
