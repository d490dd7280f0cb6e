"""Evidence about a material: who could take it, who could supply it, what it is worth."""

from __future__ import annotations

import re
from typing import Any

from assistant.chat.evidence import material_synergies, partner_of, passages
from assistant.chat.gather.amounts import partner_amounts
from assistant.chat.gather.heat import heat_fit
from assistant.chat.gather.notes import profile_notes
from assistant.chat.gather.park import listed_flows
from assistant.chat.gather.turn import Turn
from assistant.chat.gather.when import availability
from assistant.chat.rewrite import refers_to_people
from assistant.synergies.benefit import Exchange, today_cost
from assistant.synergies.models import SuggestionPublic
from assistant.synergy_rules.prices import builtin_prices
from assistant.text.normalize import fold

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
    "classification": (
        "List of Waste code hazardous waste classification mirror entry",
        "atkritumu klasifikators kods bīstamie atkritumi spoguļieraksts",
    ),
}
_LANDFILL_CUES = ("poligon", "landfill", "apglab", "izgaztuv")
_CAPEX_CUES = (
    "connection",
    "connect",
    "pipe",
    "invest",
    "capex",
    "pieslēg",
    "pieslegum",
    "pieslēgum",
    "investīc",
    "investic",
    "izbūv",
    "izbuv",
    "cauruļ",
    "caurul",
)
LANDFILL_QUERY = (
    "landfill tax rate per tonne natural resources tax {year}",
    "dabas resursu nodokļa likme apglabāšana poligonā {year}",
)


def not_own(found: list[SuggestionPublic], turn: Turn, direction: str) -> list[SuggestionPublic]:
    """Never a company as its own partner: not the asker's company, nor the company the
    conversation is about, on the partner's side."""
    own = {c.name for c in turn.understanding.companies if c.id == turn.viewer.company_id}
    park = turn.park() if turn.viewer.company_id is not None else None
    if park is not None:  # a company user's own company, named in the message or not
        own |= {c.name for c in park.companies if c.id == turn.viewer.company_id}
    if turn.state.company:
        own.add(turn.state.company)
    kept = []
    for s in found:
        partner = partner_of(s, direction)
        if s.source_company == s.target_company or (s.kind == "pair" and partner in own):
            continue
        kept.append(s)
    return kept


def legal_passages(turn: Turn, k: int = 3) -> None:
    """Passages for the question itself first (it may ask something specific: REACH, a
    permit, a price), then for the legal route of the best suggestion."""
    found = passages(turn.tools, turn.query, turn.lang, 2, lenient=turn.confident)
    best = next((s for s in turn.evidence.synergies if s.legal_route), None)
    if best is not None and best.legal_route is not None:
        en, lv = LEGAL_QUERY.get(best.legal_route.kind, LEGAL_QUERY["by_product"])
        found += passages(turn.tools, lv if turn.lang == "lv" else en, turn.lang, 2)
    unique = {h.chunk_id: h for h in [*turn.evidence.hits, *found]}
    turn.evidence.hits = list(unique.values())[:k]


def but_the_first(found: list[SuggestionPublic], turn: Turn, direction: str) -> list[Any]:
    """ "Who else besides the dairy farm?" / "if they turn us down?": the partners other than
    the one named, else than the one shown first last time (unless none would be left)."""
    left_out = set(turn.plan.excluded)
    if not left_out:
        return found
    kept = [s for s in found if s.kind != "pair" or partner_of(s, direction) not in left_out]
    return kept if any(s.kind == "pair" for s in kept) else found


def them_first(found: list[Any], turn: Turn, direction: str) -> list[Any]:
    """ "And would they take our bark too?" after an answer that listed partners: "they" are
    those partners, so their pairs for the new material come first (the others still follow)."""
    listed = turn.plan.listed
    if not (turn.plan.followup and listed and refers_to_people(turn.understanding)):
        return found

    def rank(s: Any) -> int:
        partner = partner_of(s, direction) if s.kind == "pair" else None
        return listed.index(partner) if partner in listed else len(listed)

    return sorted(found, key=rank)


def byproduct_reuse(turn: Turn) -> None:
    found = material_synergies(turn.tools, turn.state, "output", turn.park())
    found = them_first(not_own(found, turn, "output"), turn, "output")
    turn.evidence.synergies = but_the_first(found, turn, "output")
    turn.extra["profile_notes"] = turn.facts["profile_notes"] = profile_notes(turn)
    legal_passages(turn)
    turn.extra["nothing_cost"] = cost_of_doing_nothing(turn)
    if turn.plan.focus == "capacity":
        turn.extra["capacity"] = turn.facts["capacity"] = partner_amounts(turn)
    if turn.plan.focus == "temperature":
        turn.extra["heat_fit"] = turn.facts["heat_fit"] = heat_fit(turn)
    if turn.plan.asks_when:
        turn.extra["seasons"] = turn.facts["seasons"] = availability(turn)


def find_input(turn: Turn) -> None:
    found = [
        s
        for s in but_the_first(
            them_first(
                not_own(
                    material_synergies(turn.tools, turn.state, "input", turn.park()),
                    turn,
                    "input",
                ),
                turn,
                "input",
            ),
            turn,
            "input",
        )
        if s.kind == "pair"
    ]
    best_per_supplier: dict[str, Any] = {}
    for suggestion in found:
        best_per_supplier.setdefault(suggestion.source_company, suggestion)
    turn.evidence.synergies = list(best_per_supplier.values())
    turn.extra["needers"] = turn.facts["needers"] = needers(turn)
    turn.extra["profile_notes"] = turn.facts["profile_notes"] = profile_notes(turn)
    legal_passages(turn, k=1)
    if turn.plan.focus == "capacity":
        turn.extra["capacity"] = turn.facts["capacity"] = partner_amounts(turn)
    if turn.plan.focus == "temperature":
        turn.extra["heat_fit"] = turn.facts["heat_fit"] = heat_fit(turn)
    if turn.plan.asks_when:
        turn.extra["seasons"] = turn.facts["seasons"] = availability(turn)


def needers(turn: Turn) -> list[dict[str, Any]]:
    """ "One company needs steam — which one?": when nobody's own need is in play (the
    facilitator or municipal staff asking), the companies that record needing the material —
    of its category, else of its family."""
    material, park = turn.state.material, turn.park()
    if material is None or park is None or turn.viewer.company_id or turn.state.company:
        return []
    family = material.category.split(".")[0]
    exact = listed_flows(turn, park, "input", lambda c: c == material.category)
    return exact or listed_flows(turn, park, "input", lambda c: (c or "").split(".")[0] == family)


def value(turn: Turn) -> None:
    """What the material is worth: the best exchange's gain per side against today's route,
    and what doing nothing costs; a cost the knowledge base has no figures for (a heat
    connection, an investment) is said to be missing, not guessed."""
    if turn.state.material is None:  # "how much is the landfill tax?": a knowledge answer
        found = passages(turn.tools, turn.query, turn.lang, k=3)
        turn.evidence.hits = list(found)
        turn.extra["covered"] = found.covered
        # "what would landfilling 2,400 t cost the park?": the tax table's figure too
        turn.extra["nothing_cost"] = cost_of_doing_nothing(turn)
        return
    material = turn.state.material
    if turn.state.direction == "input":  # "what would it save us?" about an input we need
        find_input(turn)
    else:
        byproduct_reuse(turn)
    turn.extra["per_t"] = _per_tonne(turn)
    turn.extra["price_used"] = turn.facts["price"] = price_on_record(turn)
    if _ASKS_PRICE.search(fold(turn.question)):
        turn.extra["price"] = turn.extra["price_used"]
    asks_capex = any(cue in fold(turn.question) for cue in map(fold, _CAPEX_CUES))
    turn.extra["asks_capex"] = asks_capex
    if asks_capex:
        query = (
            "investment cost connection pipeline heat exchanger payback"
            if turn.lang == "en"
            else "investīcijas pieslēguma izmaksas cauruļvads siltummainis atmaksāšanās"
        )
        found = passages(turn.tools, f"{turn.query} {query}", turn.lang, 2)
        turn.extra["capex_passages"] = found.covered
        _after_tax(turn, list(found))
    else:
        en, lv = VALUE_QUERY
        query = (lv if turn.lang == "lv" else en).format(material=material.text)
        found = passages(turn.tools, query, turn.lang, 2)
        _after_tax(turn, list(found) if found.covered else [])


VALUE_QUERY = ("{material} price value per tonne", "{material} cena vērtība par tonnu")


def _after_tax(turn: Turn, found: list[Any]) -> None:
    """The passages a value answer quotes: the landfill-tax one its figure rests on first (it
    is cited as [1]), then what the knowledge base says about this question."""
    taxed = turn.evidence.hits[:1] if turn.extra.get("tax_ref") else []
    kept = {h.chunk_id: h for h in [*taxed, *found]}
    turn.evidence.hits = list(kept.values())[:MAX_CITED]


# "what price per tonne could we get?", "par cik tās var pārdot?": the price itself first
_ASKS_PRICE = re.compile(
    r"\b(what price|price per|market price|sell (it|them|for)|sells? for|"
    r"how much (could|can|would|do|will) (we|they|i) (get|sell|charge|pay)|par cik|pardo\w*|"
    r"worth (\w+ ){0,2}per (mwh|t|tonne|ton|m3)|vert\w* (\w+ ){0,2}par (mwh|tonnu|t|m3)|"
    r"tirgus cen\w*|cik maksa|cen(a|u) par|cik var (dabut|nopelnit|saņemt))"
)
# the price table's country codes, named for a Latvian reader
COUNTRY_LV = {
    "LV": "Latvija",
    "LT": "Lietuva",
    "EE": "Igaunija",
    "DE": "Vācija",
    "NL": "Nīderlande",
    "IE": "Īrija",
    "SI": "Slovēnija",
    "UK": "Apvienotā Karaliste",
    "EU": "ES",
}


def price_on_record(turn: Turn) -> dict[str, Any] | None:
    """The price row the best exchange values the material at (what a buyer would otherwise
    pay for the input it replaces), with its country, year and source."""
    best = next((s for s in turn.evidence.synergies if s.kind == "pair"), None)
    if best is None:
        return None
    term = next((a for a in best.benefit.assumptions if a.term == "substituted_input"), None)
    row = builtin_prices().row(term.price_row) if term and term.price_row else None
    if row is None:
        return None
    return {
        "low": row.low,
        "typical": row.typical,
        "high": row.high,
        "per": row.unit.split("/")[-1].replace("m3", "m³"),
        "country": row.country,
        "country_lv": COUNTRY_LV.get(row.country, row.country),
        "year": row.year,
        "source": row.source.split(" ; ")[0].strip(),
        "source_lv": _where(row.source.split(" ; ")[0].strip()),
        "latvian": row.country == "LV",
        "assumed": row.assumption or row.source.startswith("assumption"),  # not a quote
        "derived": row.derived,  # the cost a buyer avoids, not a price quoted for the good
    }


_SITE = re.compile(r"\b(?:https?://)?[\w.-]+\.(?:lv|com|eu|org|net|nl|ie|de|uk|fr)(?:/[^\s;,)']*)?")


def _where(source: str) -> str:
    """A source for a Latvian sentence: its address, not the English note around it."""
    if source.startswith("http"):
        return source
    return "; ".join(_SITE.findall(source)) or source


def _per_tonne(turn: Turn) -> dict[str, float] | None:
    """The best exchange's figures per tonne exchanged (a value question is often asked per
    tonne); none when its figures are withheld or it moves no tonnes."""
    best = next((s for s in turn.evidence.synergies if s.kind == "pair"), None)
    if best is None or best.benefit.eur_per_year is None:
        return None
    tonnes = best.benefit.tonnes_per_year or 0.0
    low, high = best.benefit.eur_low_per_year, best.benefit.eur_high_per_year
    if tonnes <= 0 or low is None or high is None:
        return None
    found = {
        "tonnes": tonnes,
        "eur": round(best.benefit.eur_per_year / tonnes, 2),
        "low": round(low / tonnes, 2),
        "high": round(high / tonnes, 2),
    }
    turn.facts["value_per_tonne"] = found
    return found


def cost_of_doing_nothing(turn: Turn) -> dict[str, Any] | None:
    """What the material's route today costs its holder a year — the same counterfactual and
    price rows as every synergy figure (the company's profile is not known here: the typical
    route of the material in Latvia). None when today's route costs nothing."""
    state, material = turn.state, turn.state.material
    asked = any(cue in fold(turn.question) for cue in _LANDFILL_CUES)  # "what if we landfill it?"
    if not asked and (state.quantity is None or material is None):
        return None
    if material is None and state.unit not in (None, "t/year"):
        return None
    engine = turn.tools.engine
    category = material.category if material else None
    ewc = material.ewc_code if material else None
    hazardous = turn.tools.taxonomy.is_hazardous(ewc, category)
    # "would we pay landfill tax on it, per tonne?": without an amount, per tonne
    quantity = state.quantity or 1.0
    exchange = Exchange(
        quantity,
        state.unit or "t/year",
        None,
        category=category,
        route="landfill" if asked else None,
        hazardous=hazardous,
    )
    today, (low, mid, high), term = today_cost(engine.parameters, engine.year, exchange)
    if term is None or mid <= 0:
        return None
    unit = (state.unit or "t/year").split("/")[0]
    found = {
        "value": round(mid, 2),
        "low": round(low, 2),
        "high": round(high, 2),
        "label": today.label_lv if turn.lang == "lv" else today.label,
        "route": today.route,
        "quantity": quantity,
        "per_tonne_only": state.quantity is None,
        "unit": unit,
        "per_unit": round(mid / quantity, 2),
        "formula": term.formula,
        "source": term.source,
        "tax": None,
        "tax_year": None,
        "tax_total": None,
    }
    turn.facts["cost_of_doing_nothing"] = found
    if today.route == "landfill":
        tax_year, tax = engine.parameters.landfill_tax.for_year(engine.year)
        found.update(tax=tax, tax_year=tax_year, tax_total=round(tax * quantity, 2))
        _cite_landfill_tax(turn, tax_year)
    return found


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
