from __future__ import annotations

import pytest

from assistant.synergies.benefit import DEFAULT_TRANSPORT_KM, Exchange, estimate
from assistant.synergy_rules.models import Parameter, Rule, YearTable
from assistant.synergy_rules.registry import Parameters

PARAMS = Parameters(
    YearTable(values={2024: 110, 2025: 120, 2026: 130}, source="DRN law"),
    {"gate_fee_eur_per_t": Parameter(value=44.6, unit="EUR/t", source="tariff"),
     "transport_eur_per_t_km": Parameter(value=0.10, unit="EUR/(t·km)", source="freight"),
     "transport_co2e_t_per_t_km": Parameter(value=0.00009, unit="t CO2e/(t·km)", source="GLEC"),
     "wood_value": Parameter(value=35, unit="EUR/t", source="Baltpool"),
     "wood_co2e": Parameter(value=0.15, unit="t CO2e/t", source="KEM"),
     "heat_value": Parameter(value=25, unit="EUR/MWh", source="Baltpool"),
     "heat_co2e": Parameter(value=0.0749, unit="t CO2e/MWh", source="KEM")})


def _rule(**benefit: object) -> Rule:
    return Rule.model_validate({
        "id": "r", "family": "wood", "title": {"en": "t", "lv": "t"},
        "takes": {"categories": ["wood.sawdust"]}, "feeds": {"nace": ["16.29"]},
        "strength": 1.0, "legal_route": {"kind": "by_product", "en": "x", "lv": "x"},
        "why": {"en": "x", "lv": "x"}, "benefit": benefit})


def test_solid_exchange_by_hand():
    rule = _rule(avoided_disposal=True, substitute_value={"param": "wood_value"},
                 co2e={"param": "wood_co2e"}, water_m3_per_unit=2)
    benefit = estimate(rule, PARAMS, 2030, Exchange(1000, "t/year", 10.0))
    # 2030 is past the table: the 2026 tax (130) applies
    avoided = 1000 * (130 + 44.6)  # 174 600
    substituted = 1000 * 35  # 35 000
    transport = 1000 * 10 * 0.10  # 1 000
    assert benefit.eur_per_year == pytest.approx(avoided + substituted - transport)  # 208 600
    assert benefit.co2e_t_per_year == pytest.approx(1000 * 0.15 - 1000 * 10 * 0.00009)  # 149.1
    assert benefit.tonnes_per_year == 1000
    assert benefit.water_m3_per_year == 2000
    terms = {a.term: a for a in benefit.assumptions}
    assert "landfill tax 2026 130 EUR/t" in terms["avoided_disposal"].formula
    assert terms["avoided_disposal"].source.startswith("DRN law")
    assert terms["transport"].value == -1000


def test_the_landfill_tax_of_the_year_is_used():
    rule = _rule(avoided_disposal=True)
    benefit = estimate(rule, PARAMS, 2024, Exchange(10, "t/year", 0.0))
    assert benefit.eur_per_year == pytest.approx(10 * (110 + 44.6))


def test_energy_is_valued_per_mwh_without_trucks():
    rule = _rule(substitute_value={"param": "heat_value"}, co2e={"param": "heat_co2e"})
    benefit = estimate(rule, PARAMS, 2026, Exchange(4000, "MWh/year", 1.5))
    assert benefit.eur_per_year == pytest.approx(4000 * 25)
    assert benefit.co2e_t_per_year == pytest.approx(4000 * 0.0749)
    assert benefit.tonnes_per_year == 0
    assert "transport" not in {a.term for a in benefit.assumptions}


def test_a_unit_mismatch_is_not_estimated_but_said():
    rule = _rule(substitute_value={"param": "wood_value"})
    benefit = estimate(rule, PARAMS, 2026, Exchange(500, "m3/year", None))
    assert benefit.eur_per_year == 0
    assert "not estimated" in benefit.assumptions[0].formula


def test_unknown_distance_uses_the_stated_default():
    rule = _rule()
    benefit = estimate(rule, PARAMS, 2026, Exchange(100, "t/year", None))
    assert benefit.eur_per_year == pytest.approx(-100 * DEFAULT_TRANSPORT_KM * 0.10)
    assert "assumed km" in benefit.assumptions[0].formula
