"""The facts of one draft: who is written to, what is offered, what it is worth to them.

Every number comes from the synergy engine's benefit model (rounded for a letter) and is listed
in `facts_used` with its origin. When the other company is confidential, or its flow is, it is
named only as "a company from the sector … about N km from you": no name, no quantity, and no
formula that would reveal the quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.synergies import Suggestion, SynergyEngine
from assistant.synergies.park_data import CompanyData, FlowData, ParkData
from assistant.text.language import reads_as

UNITS = {
    "en": {"t/year": "t/year", "m3/year": "m³/year", "MWh/year": "MWh/year"},
    "lv": {"t/year": "t gadā", "m3/year": "m³ gadā", "MWh/year": "MWh gadā"},
}
UNITS_PER = {"m3": "m³", "m³": "m³", "tonne": "t"}
_ABBREVIATIONS = ("Nr", "No", "Art", "art", "e.g", "i.e", "piem", "u.c", "utt", "sk")
_SENTENCE_END = re.compile(r"(?<=[\w)\]%»”])\.\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ])")


@dataclass
class Facts:
    """The template variables of a draft and the facts behind them."""

    context: dict[str, Any]
    used: list[dict[str, Any]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # strings that must never appear

    def add(self, fact: str, value: Any, unit: str, origin: str) -> None:
        self.used.append({"fact": fact, "value": value, "unit": unit, "origin": origin})


def nice_eur(value: float) -> int:
    """A letter's round figure: tens below 1 000, hundreds below 100 000, then thousands."""
    step = 10 if abs(value) < 1000 else 100 if abs(value) < 100_000 else 1000
    return int(round(value / step) * step)


def first_sentence(text: str) -> str:
    """The first sentence of a legal-route text ('Nr. 319', 'Art. 6', '5. panta' do not end it)."""
    start = 0
    for found in _SENTENCE_END.finditer(text):
        before = text[start : found.start()].rsplit(" ", 1)[-1]
        if before.rstrip(")") in _ABBREVIATIONS:
            continue
        return text[: found.start() + 1].strip()
    return text.strip()


def role_of(s: Suggestion, recipient: CompanyData) -> str:
    return "taker" if s.target_company == recipient.name else "producer"


def partner_of(s: Suggestion, park: ParkData, recipient: CompanyData) -> CompanyData:
    name = s.source_company if role_of(s, recipient) == "taker" else s.target_company
    return next(c for c in park.companies if c.name == name)


def is_hidden(s: Suggestion, park: ParkData, recipient: CompanyData) -> bool:
    """The other company is confidential, or its flow in this exchange is."""
    partner = partner_of(s, park, recipient)
    ref = s.source_flow if role_of(s, recipient) == "taker" else s.target_flow
    flows = {f.id: f for f in park.flows}
    flow = flows.get(ref.id) if ref is not None and ref.id is not None else None
    return partner.confidential or bool(flow and flow.confidential)


def _banded_side(s: Suggestion, park: ParkData, role: str) -> bool:
    """The recipient's flow in this exchange is known to the writer only as a band."""
    ref = s.target_flow if role == "taker" else s.source_flow
    flows = {f.id: f for f in park.flows}
    flow = flows.get(ref.id) if ref is not None and ref.id is not None else None
    return flow is not None and flow.band is not None


def exchanged(s: Suggestion) -> tuple[float, str]:
    """The quantity the engine costed: the smaller of supply and need when units agree, else
    the receiver's typical take that the benefit model assumed (its `receiver_need` term)."""
    quantity, unit = s.source_flow.quantity, s.source_flow.unit
    target = s.target_flow
    if target is not None and target.unit == unit and target.quantity:
        quantity = min(quantity, target.quantity)
    need = next((a for a in s.benefit.assumptions if a.term == "receiver_need"), None)
    if need is not None and need.unit == unit and need.value:
        quantity = min(quantity, need.value)
    return quantity, unit


def build(
    s: Suggestion,
    park: ParkData,
    recipient: CompanyData,
    lang: str,
    engine: SynergyEngine,
    writer_id: int | None = None,
) -> Facts:
    """The draft's facts. `writer_id`: a company writing its own letter, on its view of the
    park — it is named as itself, and an amount of the recipient's it may not see (a band in
    the view) withholds the figures, as a confidential partner does."""
    role, partner = role_of(s, recipient), partner_of(s, park, recipient)
    anonymous = is_hidden(s, park, recipient) and partner.id != writer_id
    hidden = anonymous or (writer_id is not None and _banded_side(s, park, role))
    title = s.title_lv if lang == "lv" and s.title_lv else s.title
    facts = Facts(
        context={
            "role": role,
            "recipient": recipient.name,
            "hidden": hidden,
            "rule_title": _decap(title),
        }
    )
    _partner(facts, s, partner, anonymous, lang, engine)
    _material(facts, s, park, lang, engine, hidden)
    _benefit(facts, s, role, hidden, lang, engine)
    legal = s.legal_route
    sentence = first_sentence(legal.lv if lang == "lv" else legal.en) if legal else ""
    facts.context["legal"] = sentence
    if legal:
        facts.add(
            "legal_route",
            f"{legal.kind} {legal.r_code or ''}".strip(),
            "",
            f"rule {s.rule_id}: legal_route.{lang}",
        )
    facts.context["step"] = _step(s)
    return facts


def _partner(
    facts: Facts,
    s: Suggestion,
    partner: CompanyData,
    hidden: bool,
    lang: str,
    engine: SynergyEngine,
) -> None:
    raw = s.distance_km
    if hidden:
        sector = engine.taxonomy.nace_label(partner.nace, lang) or partner.nace
        label = (
            f"uzņēmums no nozares “{sector}”"
            if lang == "lv"
            else f"a company from the sector “{sector}”"
        )
        km = None if raw is None else float(max(round(raw), 1))
        facts.hidden.append(partner.name)
        facts.add("partner", "anonymised", "", f"confidential: sector from NACE {partner.nace}")
    else:
        label = partner.name
        km = None if raw is None else round(raw, 1)
        facts.add("partner", partner.name, "", "park register")
    facts.context.update(partner=label, km=km, near=hidden and raw is not None and raw < 1)
    if km is not None:
        facts.add("distance", km, "km", "synergy engine: great-circle distance (rounded)")


def _material(
    facts: Facts, s: Suggestion, park: ParkData, lang: str, engine: SynergyEngine, hidden: bool
) -> None:
    category = engine.taxonomy.category(s.category)
    label = (category.lv if lang == "lv" else category.en) if category else ""
    quantity, unit = exchanged(s)
    unit_label = UNITS[lang].get(unit, unit)
    facts.context.update(  # a name written in the other language gives way to the label
        material=s.material if not label or reads_as(s.material, lang) else label,
        material_label=label,
        unit=unit_label,
        quantity=None if hidden else quantity,
        solid=unit == "t/year",
        hazardous=s.source_flow.hazardous,
    )
    if hidden:
        facts.hidden.extend(_quantities(s, park, facts.context["role"]))
    else:
        facts.add(
            "quantity",
            quantity,
            unit,
            "synergy engine: exchanged quantity (the smaller of supply and need)",
        )


def _quantities(s: Suggestion, park: ParkData, role: str) -> list[str]:
    """How the partner's hidden quantity could be written: 2400, 2,400, 2 400."""
    ref = s.source_flow if role == "taker" else s.target_flow
    flow: FlowData | None = next((f for f in park.flows if ref and f.id == ref.id), None)
    if flow is None:
        return []
    grouped = f"{flow.quantity:,.0f}"
    return sorted(
        {f"{flow.quantity:g}", grouped, grouped.replace(",", " "), grouped.replace(",", "\u00a0")}
    )


def _benefit(
    facts: Facts, s: Suggestion, role: str, hidden: bool, lang: str, engine: SynergyEngine
) -> None:
    terms = {a.term: a for a in s.benefit.assumptions}
    today = s.benefit.counterfactual
    landfill = today is not None and today.route == "landfill"
    # the reader's own side of the same calculation: the source's or the receiver's gain
    key = "avoided_disposal" if role == "producer" else "substituted_input"
    side = s.benefit.source_eur_per_year if role == "producer" else s.benefit.receiver_eur_per_year
    term = terms.get(key) if (landfill or role != "producer") else None
    kind, main = (key, side) if term is not None and side > 0 else ("total", s.benefit.eur_per_year)
    origin = f"benefit model, rule {s.rule_id}: " + (
        f"{kind}"
        if hidden or term is None or kind == "total"
        else f"{'source' if role == 'producer' else 'receiver'}_eur_per_year; {term.formula}"
    )
    if today is not None:
        facts.add("today", today.route, "", f"counterfactual: {today.why}; {today.source}")
    facts.add(
        "benefit_range",
        None
        if hidden
        else [nice_eur(s.benefit.eur_low_per_year), nice_eur(s.benefit.eur_high_per_year)],
        "EUR/year",
        f"benefit model, prices {s.benefit.prices_version}: low and high ends",
    )
    # the headline's range and what it assumes happens to the material today, as in the chat
    # and the synergy lists (a confidential partner's declared route is not repeated)
    shown = not hidden and s.benefit.eur_per_year > 0
    facts.context.update(
        eur_kind=kind,
        eur=nice_eur(main) if main > 0 else None,
        eur_total=nice_eur(s.benefit.eur_per_year) if s.benefit.eur_per_year > 0 else None,
        eur_range=[nice_eur(s.benefit.eur_low_per_year), nice_eur(s.benefit.eur_high_per_year)]
        if shown
        else None,
        today_route=None
        if today is None or (hidden and today.declared)
        else (today.label_lv if lang == "lv" else today.label),
        per_kind=None,
    )
    facts.add("benefit_for_recipient", facts.context["eur"], "EUR/year", origin)
    facts.add(
        "benefit_total",
        facts.context["eur_total"],
        "EUR/year",
        f"benefit model, rule {s.rule_id}: eur_per_year (all terms, after transport)",
    )
    tax_year, tax = engine.parameters.landfill_tax.for_year(engine.year)
    facts.context.update(tax=tax if kind == "avoided_disposal" else None, tax_year=tax_year)
    if kind == "avoided_disposal":
        facts.add(
            "landfill_tax",
            tax,
            "EUR/t",
            f"benefit model parameter landfill_tax_eur_per_t ({tax_year})",
        )
    if facts.context["eur"] is None:
        _per_unit(facts, s, role, engine)
    co2 = s.benefit.co2e_t_per_year
    facts.context["co2"] = (round(co2) if co2 >= 10 else round(co2, 1)) if co2 > 0 else None
    if facts.context["co2"]:
        facts.add(
            "co2e",
            facts.context["co2"],
            "t CO2e/year",
            f"benefit model, rule {s.rule_id}: co2e_t_per_year",
        )


def _per_unit(facts: Facts, s: Suggestion, role: str, engine: SynergyEngine) -> None:
    """No yearly euro figure (e.g. a flow in m³ and a value per tonne): the per-unit value of
    the benefit model instead — disposal cost per tonne for a producer, the value of the
    replaced input for a taker."""
    rule, params = engine.registry.get(s.rule_id), engine.parameters
    if rule is None:
        return
    tax_year, tax = params.landfill_tax.for_year(engine.year)
    if role == "producer" and rule.benefit.avoided_disposal:
        gate = params.value("gate_fee_eur_per_t", 0.0)
        facts.context.update(
            per_kind="disposal", per_value=round(tax + gate, 2), per_unit="t", tax=tax
        )
        facts.add(
            "benefit_per_unit",
            round(tax + gate, 2),
            "EUR/t",
            f"benefit model: landfill_tax_eur_per_t ({tax_year}) + gate_fee_eur_per_t",
        )
    elif rule.benefit.substitute_value is not None:
        key = rule.benefit.substitute_value.param
        param = params.get(key)
        per = param.unit.rsplit("/", 1)[-1].strip() or "t"
        facts.context.update(
            per_kind="value", per_value=param.value, per_unit=UNITS_PER.get(per, per)
        )
        facts.add("benefit_per_unit", param.value, param.unit, f"benefit model parameter {key}")


def _decap(title: str) -> str:
    """'Sawdust to pellets' -> 'sawdust to pellets'; 'FGD gypsum …' stays."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _step(s: Suggestion) -> str:
    """The small first step: a sample of a solid, a site visit for energy or water, else a
    short meeting (hazardous materials start with a meeting, never a sample)."""
    if s.source_flow.hazardous:
        return "meeting"
    if s.source_flow.unit == "t/year":
        return "sample"
    return "visit" if s.source_flow.unit in ("MWh/year", "m3/year") else "meeting"
