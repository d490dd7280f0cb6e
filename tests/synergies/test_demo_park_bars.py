"""Issue 16's bars on the demo park (staff view, no database): no pair shows 0 € when both sides
have quantities, and no headline exceeds the receiver's avoided purchase plus what the material
is worth today (its sale value, or the disposal cost its holder stops paying), each at the high
end of its price row, plus the haul saved."""

from __future__ import annotations

import json

import pytest

from assistant.synergies import CompanyData, FlowData, ParkData
from assistant.synergy_rules.prices import PAYS, builtin_prices
from assistant.taxonomy import default_taxonomy
from tests.conftest import REPO
from tests.synergies.helpers import builtin_engine

HIGH_RATE = 0.12 / 0.10  # transport_eur_per_t_km high / typical


@pytest.fixture(scope="module")
def pairs():
    taxonomy = default_taxonomy()
    document = json.loads((REPO / "knowledge" / "parks" / "demo_park.json").read_text("utf-8"))
    companies, flows = [], []
    for i, c in enumerate(document["companies"], 1):
        companies.append(CompanyData(i, c["name"], c["nace"], c.get("lat"), c.get("lon")))
        for f in c["flows"]:
            found = taxonomy.resolve_flow(f["material"], f.get("ewc_code"), f.get("temperature_c"))
            flows.append(
                FlowData(
                    len(flows) + 1,
                    i,
                    f["direction"],
                    f["material"],
                    f["quantity"],
                    f["unit"],
                    found.category,
                    found.score,
                    f.get("ewc_code"),
                    f.get("temperature_c"),
                    f.get("hazardous", False),
                )
            )
    engine = builtin_engine()
    return engine, [s for s in engine.match(ParkData("demo", companies, flows)) if s.kind == "pair"]


def _high(value: float, row_id: str | None) -> float:
    row = builtin_prices().row(row_id)
    return value if row is None or not row.typical else value / row.typical * row.high


def test_no_pair_shows_zero_when_both_sides_have_quantities(pairs):
    _, found = pairs
    zero = [
        (s.source_company, s.target_company)
        for s in found
        if s.target_flow and s.target_flow.quantity and s.benefit.eur_per_year == 0
    ]
    assert zero == []


def test_no_headline_exceeds_what_the_material_and_the_avoided_purchase_are_worth(pairs):
    engine, found = pairs
    over = []
    for s in found:
        terms = {a.term: a for a in s.benefit.assumptions}
        rule = engine.registry.get(s.rule_id)
        key = rule.benefit.substitute_value.param if rule.benefit.substitute_value else None
        purchase = _high(terms["substituted_input"].value, key) if key else 0.0
        today = s.benefit.counterfactual
        worth = 0.0  # a sale today is already inside q × (V − C); a paid route adds its cost
        if today.route in PAYS:
            paid = terms.get("avoided_disposal") or terms.get("avoided_treatment")
            worth = _high(paid.value, today.price_row) if paid else 0.0
            if today.route == "landfill" and paid:  # tax + gate fee, the gate fee at its high
                tax = engine.parameters.landfill_tax.for_year(engine.year)[1]
                gate = builtin_prices().row("gate_fee_eur_per_t")
                worth = paid.value / (tax + gate.typical) * (tax + gate.high)
        haul = terms["avoided_transport"].value * HIGH_RATE if "avoided_transport" in terms else 0
        cap = purchase + worth + haul
        if s.benefit.eur_per_year > cap + 0.01:
            over.append((s.source_company, s.target_company, s.benefit.eur_per_year, cap))
    assert over == []
