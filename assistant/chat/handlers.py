"""One small handler per intent: each gathers evidence and template variables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.chat.compose import prepare
from assistant.chat.context import Context, PendingFlow
from assistant.chat.evidence import Evidence, material_synergies, passages
from assistant.chat.tools import ChatTools
from assistant.errors import AssistantError
from assistant.park import visibility
from assistant.synergies.benefit import Exchange, today_cost

MAX_CITED = 4
LEGAL_QUERY = {
    "by_product": (
        "by-product conditions Article 5 Waste Framework Directive",
        "blakusprodukta nosacījumi 5. pants Atkritumu direktīva",
    ),
    "end_of_waste": ("end-of-waste criteria Article 6", "atkritumu statusa izbeigšana 6. pants"),
    "eu_eow_regulation": (
        "end-of-waste regulation scrap cullet statement of conformity",
        "atkritumu statusa izbeigšanas regula lūžņi atbilstības deklarācija",
    ),
    "waste_permit": (
        "VVD waste management permit R codes",
        "VVD atkritumu apsaimniekošanas atļauja R kodi",
    ),
    "animal_by_product": (
        "animal by-products Regulation 1069/2009 PVD",
        "dzīvnieku izcelsmes blakusprodukti 1069/2009 PVD",
    ),
    "feed": ("by-products as animal feed rules", "blakusprodukti dzīvnieku barībai noteikumi"),
    "energy_contract": (
        "waste heat district heating energy community",
        "atlikumsiltums centralizētā siltumapgāde energokopiena",
    ),
    "water_permit": ("process water reuse", "ūdens atkārtota izmantošana"),
}


@dataclass
class Turn:
    """What a handler sees and fills in."""

    tools: ChatTools
    question: str
    lang: str
    ctx: Context
    viewer: Viewer = ANONYMISED  # who asks: what the evidence may show and what may change
    acts: bool = True  # False for an earlier turn replayed as context: it changes nothing
    followup: bool = False
    confident: bool = False  # the intent rests on explicit cues, not on a guess
    direction: str = "output"
    evidence: Evidence = field(default_factory=Evidence)
    extra: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)


def _legal_passages(turn: Turn, k: int = 3) -> None:
    """Passages for the question itself first (it may ask something specific: REACH, a
    permit, a price), then for the legal route of the best suggestion."""
    found = passages(turn.tools, turn.question, turn.lang, 2, lenient=turn.confident)
    best = next((s for s in turn.evidence.synergies if s.legal_route), None)
    if best is not None and best.legal_route is not None:
        en, lv = LEGAL_QUERY.get(best.legal_route.kind, LEGAL_QUERY["by_product"])
        found += passages(turn.tools, lv if turn.lang == "lv" else en, turn.lang, 2)
    unique = {h.chunk_id: h for h in found}
    turn.evidence.hits = list(unique.values())[:k]


def byproduct_reuse(turn: Turn) -> None:
    turn.evidence.synergies = material_synergies(turn.tools, turn.ctx, "output", turn.viewer)
    _legal_passages(turn)
    turn.extra["nothing_cost"] = _cost_of_doing_nothing(turn)


def _cost_of_doing_nothing(turn: Turn) -> dict[str, Any] | None:
    """What the material's route today costs its holder a year — the same counterfactual and
    price rows as every synergy figure (the company's profile is not known here: the typical
    route of the material in Latvia). None when today's route costs nothing."""
    ctx = turn.ctx
    if ctx.quantity is None or ctx.material is None:
        return None
    engine = turn.tools.engine
    hazardous = turn.tools.taxonomy.is_hazardous(ctx.material.ewc_code, ctx.material.category)
    from assistant.text.normalize import fold

    asked = any(cue in fold(turn.question) for cue in _LANDFILL_CUES)  # "what if we landfill it?"
    exchange = Exchange(
        ctx.quantity,
        ctx.unit or "t/year",
        None,
        category=ctx.material.category,
        route="landfill" if asked else None,
        hazardous=hazardous,
    )
    today, (low, value, high), term = today_cost(engine.parameters, engine.year, exchange)
    if term is None or value <= 0:
        return None
    unit = (ctx.unit or "t/year").split("/")[0]
    found = {
        "value": round(value, 2),
        "low": round(low, 2),
        "high": round(high, 2),
        "label": today.label_lv if turn.lang == "lv" else today.label,
        "route": today.route,
        "quantity": ctx.quantity,
        "unit": unit,
        "per_unit": round(value / ctx.quantity, 2),
        "formula": term.formula,
        "source": term.source,
        "tax": None,
        "tax_year": None,
    }
    turn.facts["cost_of_doing_nothing"] = found
    if today.route == "landfill":
        tax_year, tax = engine.parameters.landfill_tax.for_year(engine.year)
        found.update(tax=tax, tax_year=tax_year)
        _cite_landfill_tax(turn, tax_year)
    return found


_LANDFILL_CUES = ("poligon", "landfill", "apglab", "izgaztuv")

LANDFILL_QUERY = (
    "landfill tax rate per tonne natural resources tax {year}",
    "dabas resursu nodokļa likme apglabāšana poligonā {year}",
)


def _cite_landfill_tax(turn: Turn, year: int) -> None:
    """The cost of doing nothing rests on the landfill tax rate: cite the passage that has it."""
    en, lv = LANDFILL_QUERY
    query = (lv if turn.lang == "lv" else en).format(year=year)
    found = passages(turn.tools, query, turn.lang, 1)
    if found:
        rest = [h for h in turn.evidence.hits if h.chunk_id != found[0].chunk_id]
        turn.evidence.hits = [found[0], *rest][:MAX_CITED]
        turn.evidence.focus[found[0].doc_id] = str(year)
        turn.extra["tax_ref"] = 1


def find_input(turn: Turn) -> None:
    found = [
        s
        for s in material_synergies(turn.tools, turn.ctx, "input", turn.viewer)
        if s.kind == "pair"
    ]
    best_per_supplier: dict[str, Any] = {}
    for suggestion in found:
        best_per_supplier.setdefault(suggestion.source_company, suggestion)
    turn.evidence.synergies = list(best_per_supplier.values())
    _legal_passages(turn, k=1)


def regulation(turn: Turn) -> None:
    query = turn.question
    if turn.followup and turn.ctx.topic:
        query = f"{turn.ctx.topic} {turn.question}"
    material_topic = turn.ctx.intent in ("byproduct_reuse", "find_input", "update_profile")
    if turn.ctx.material and turn.followup and material_topic:
        query = f"{turn.question} {turn.ctx.material.text}"
        turn.evidence.synergies = material_synergies(turn.tools, turn.ctx, "output", turn.viewer)[
            :1
        ]
        best = turn.evidence.synergies[0] if turn.evidence.synergies else None
        if best and best.legal_route:
            en, lv = LEGAL_QUERY.get(best.legal_route.kind, LEGAL_QUERY["by_product"])
            query = f"{query} {lv if turn.lang == 'lv' else en}"
    turn.evidence.hits = passages(turn.tools, query, turn.lang, lenient=turn.confident)
    turn.extra["codes"] = _waste_codes(turn)
    if turn.followup and material_topic:
        turn.extra["nothing_cost"] = _cost_of_doing_nothing(turn)


_CODE_CUES = (
    "code",
    "ewc",
    "kods",
    "kodu",
    "kodi",
    "kodam",
    "list of waste",
    "klasifik",
    "hazardous",
    "bistam",
    "classif",
)


def _waste_codes(turn: Turn) -> list[dict[str, Any]]:
    """For "what is the waste code of X?": the List of Waste entries that fit the material,
    each with its hazardous mirror entry, straight from the code list."""
    from assistant.text.normalize import fold

    material = turn.ctx.material
    if material is None or not any(c in fold(turn.question) for c in _CODE_CUES):
        return []
    taxonomy = turn.tools.taxonomy
    found: list[dict[str, Any]] = []
    for suggestion in taxonomy.suggest(material.text, k=2):
        entry = taxonomy.ewc(suggestion.ewc_code)
        if entry is None or any(f["code"] == entry.code for f in found):
            continue
        label = (
            suggestion.label_lv if turn.lang == "lv" and suggestion.label_lv else entry.description
        )
        mirror = next((taxonomy.ewc(c) for c in _codes_in(entry.description)), None)
        found.append(
            {
                "code": entry.code,
                "label": label,
                "hazardous": entry.hazardous,
                "mirror": mirror.code if mirror and mirror.hazardous else None,
            }
        )
    turn.facts["waste_codes"] = found
    return found


def _codes_in(text: str) -> list[str]:
    import re

    return [" ".join(m) for m in re.findall(r"(\d{2}) (\d{2}) (\d{2})", text)]


def good_practice(turn: Turn) -> None:
    query = (
        f"{turn.ctx.topic} {turn.question}" if turn.followup and turn.ctx.topic else turn.question
    )
    found = passages(
        turn.tools, query, turn.lang, types=("case", "good_practice"), lenient=turn.confident
    )
    turn.evidence.hits = found or passages(turn.tools, query, turn.lang, lenient=turn.confident)


def park_overview(turn: Turn) -> None:
    tools = turn.tools
    park = visibility.park_view(tools.park.snapshot(), turn.viewer)
    found = visibility.suggestions(tools.engine.match(park))
    strongest = _distinct_pairs([s for s in found if s.kind == "pair"])[:PILOT_POOL]
    pairs = sorted(strongest, key=_pilot_key)[:5]
    turn.evidence.synergies = pairs + [s for s in found if s.kind != "pair"][:3]
    prepared = [prepare(s, turn.lang) for s in pairs]
    turn.facts["pilot_ranking"] = [_pilot_trace(s) for s in pairs]
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


def _sector_counts(tools: ChatTools, park: Any, lang: str) -> list[str]:
    """'Food products (4)' per NACE division, largest first."""
    counts: dict[str, int] = {}
    for company in park.companies:
        division = company.nace[:2]
        counts[division] = counts.get(division, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:8]
    return [f"{tools.taxonomy.nace_label(code, lang) or code} ({n})" for code, n in ranked]


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


def company_info(turn: Turn) -> None:
    tools = turn.tools
    if turn.ctx.company_id is None:
        turn.extra["profile"] = None
        return
    company = tools.park.get_company(turn.ctx.company_id, viewer=turn.viewer)
    if company.confidential and not turn.viewer.sees_confidential_of(company.id):
        turn.extra["profile"] = None
        return
    label = tools.taxonomy.nace_label(company.nace, turn.lang)

    def describe(flow: Any) -> str:
        amount = "" if flow.quantity is None else f" ({flow.quantity:g} {flow.unit})"
        return f"{flow.material}{amount}"

    turn.extra["profile"] = {
        "name": company.name,
        "sector": f"{company.nace} {label}".strip(),
        "municipality": company.municipality,
        "description": company.description,
        "outputs": [describe(f) for f in company.flows if f.direction == "output"],
        "inputs": [describe(f) for f in company.flows if f.direction == "input"],
    }
    park = visibility.park_view(tools.park.snapshot(), turn.viewer)
    found = visibility.suggestions(tools.engine.match(park, company.id))
    turn.evidence.synergies = [s for s in found if s.kind == "pair"][:3]


def update_profile(turn: Turn) -> None:
    ctx = turn.ctx
    turn.extra.update(done=None, cancelled=False, pending=None, forbidden=None)
    if ctx.company_id is None or ctx.material is None or ctx.quantity is None:
        return
    if not turn.viewer.may_edit_company(ctx.company_id):
        turn.extra["forbidden"] = ctx.company
        turn.evidence.notes.append(f"{turn.viewer.actor} may not edit company {ctx.company_id}")
        return
    if not turn.acts:  # a replayed turn proposes nothing a later "yes" could confirm
        return
    resolution = turn.tools.taxonomy.resolve_flow(ctx.material.text)
    ctx.pending = PendingFlow(
        company_id=ctx.company_id,
        company=ctx.company or "",
        direction=turn.direction,
        material=ctx.material.text,
        quantity=ctx.quantity,
        unit=ctx.unit or "t/year",
        ewc_code=ctx.material.ewc_code or resolution.ewc_code,
    )
    turn.extra["pending"] = ctx.pending.model_dump()


def confirm_pending(turn: Turn, accepted: bool) -> None:
    from assistant.models.park import FlowCreate

    pending = turn.ctx.pending
    turn.extra.update(done=None, cancelled=not accepted, pending=None, forbidden=None)
    turn.ctx.pending = None
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


def outreach_request(turn: Turn) -> None:
    turn.extra.update(draft=None, staff_only=False)
    if not turn.viewer.is_staff:  # a draft writes to the workspace: the REST routes' right
        turn.extra["staff_only"] = True
        return
    if not turn.acts:
        turn.evidence.notes.append("earlier turn: no draft written again")
        return
    from assistant.chat.outreach import draft_from_chat

    try:
        turn.extra["draft"] = draft_from_chat(
            turn.tools, turn.question, turn.lang, turn.ctx, viewer=turn.viewer
        )
    except AssistantError as exc:
        turn.evidence.notes.append(f"outreach draft not possible: {exc.message}")


def nothing(turn: Turn) -> None:
    return None


HANDLERS: dict[str, Callable[[Turn], None]] = {
    "byproduct_reuse": byproduct_reuse,
    "find_input": find_input,
    "regulation": regulation,
    "good_practice": good_practice,
    "park_overview": park_overview,
    "company_info": company_info,
    "update_profile": update_profile,
    "outreach_request": outreach_request,
    "help": nothing,
    "out_of_scope": nothing,
}
