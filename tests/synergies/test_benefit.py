"""The benefit model against a counterfactual: golden cases worked by hand from the numbers in
assistant/synergy_rules/prices.yaml (the arithmetic is in the comments), and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.synergies.benefit import DEFAULT_TRANSPORT_KM, Exchange, estimate
from assistant.synergy_rules.models import Parameter, Rule, YearTable
from assistant.synergy_rules.prices import ROUTES, builtin_prices
from assistant.synergy_rules.registry import Parameters

PARAMS = Parameters.load()


def _rule(category: str = "wood.sawdust", **benefit: object) -> Rule:
    return Rule.model_validate(
        {
            "id": "r",
            "family": "x",
            "title": {"en": "t", "lv": "t"},
            "takes": {"categories": [category]},
            "feeds": {"nace": ["16.29"]},
            "strength": 1.0,
            "legal_route": {"kind": "by_product", "en": "x", "lv": "x"},
            "why": {"en": "x", "lv": "x"},
            "benefit": benefit,
        }
    )


def _param(value: float, unit: str) -> Parameter:
    return Parameter(value=value, unit=unit, source="a test value")


def _terms(benefit):
    return {a.term: a for a in benefit.assumptions}


def test_sawdust_sold_today_gains_only_the_shorter_haul():
    rule = _rule(avoided_disposal=True, substitute_value={"param": "wood_residue_value"})
    ex = Exchange(2400, "t/year", 5.0, category="wood.sawdust")
    b = estimate(rule, PARAMS, 2026, ex)
    # today: sold at wood_residue_value 35 €/t; the pellet maker values it at the same 35 €/t,
    # so P = 35: source 2400 × (35 − 35) = 0, receiver 2400 × (35 − 35) = 0 before transport.
    # new haul −2400 t × 5 km × 0.10 = −1 200; the receiver's delivery today
    # 2400 t × 30 km × 0.10 = +7 200 → 6 000
    assert b.counterfactual.route == "sold" and not b.counterfactual.declared
    assert b.source_eur_per_year == 0
    assert b.receiver_eur_per_year == pytest.approx(6_000)
    assert b.eur_per_year == pytest.approx(6_000)
    # low: −2400×5×0.12 + 2400×30×0.033 = −1 440 + 2 376 = 936
    # high: −2400×5×0.033 + 2400×30×0.12 = −396 + 8 640 = 8 244
    assert b.eur_low_per_year == pytest.approx(936)
    assert b.eur_high_per_year == pytest.approx(8_244)
    assert "avoided_disposal" not in _terms(b)


def test_wood_ash_landfilled_today():
    rule = _rule(
        "ash.wood", avoided_disposal=True, substitute_value={"param": "mineral_substitute_value"}
    )
    b = estimate(rule, PARAMS, 2026, Exchange(100, "t/year", 10.0, category="ash.wood"))
    # today landfilled: C = −(130 DRN 2026 + 44.6 gate fee) = −174.6 €/t, P = 0
    # source: 100 × 174.6 = 17 460 + its haul to the landfill 100 × 30 × 0.10 = 300 → 17 760
    # receiver: 100 × 8 (mineral_substitute_value) = 800 − 100 × 10 × 0.10 = 100 → 700
    assert b.source_eur_per_year == pytest.approx(17_760)
    assert b.receiver_eur_per_year == pytest.approx(700)
    assert b.eur_per_year == pytest.approx(18_460)
    # low: source 100 × (130 + 32.16) + 100×30×0.033 = 16 216 + 99; receiver 330 − 120
    assert b.eur_low_per_year == pytest.approx(16_216 + 99 + 330 - 120)  # 16 525
    # high: 100 × (130 + 80.39) + 100×30×0.12 = 21 039 + 360; receiver 1 330 − 33
    assert b.eur_high_per_year == pytest.approx(21_039 + 360 + 1_330 - 33)  # 22 696
    assert "landfill tax 2026 130 EUR/t" in _terms(b)["avoided_disposal"].formula


def test_liquid_hazardous_emulsion_is_never_credited_with_landfill():
    rule = _rule(
        "oils.emulsions",
        avoided_disposal=True,
        substitute_value={"param": "hazardous_recovery_value"},
    )
    ex = Exchange(30, "t/year", 2.0, category="oils.emulsions", route="landfill", hazardous=True)
    b = estimate(rule, PARAMS, 2026, ex)
    # a declared landfill route of a liquid becomes paid treatment at 87.23 €/t (D16 proxy)
    # source: 30 × 87.23 = 2 616.9 + haul 30 × 30 × 0.10 = 90 → 2 706.9
    # receiver: 30 × 50 = 1 500 − 30 × 2 × 0.10 = 6 → 1 494
    assert b.counterfactual.route == "paid_treatment"
    assert b.counterfactual.price_row == "liquid_hazardous_treatment"
    assert "avoided_disposal" not in _terms(b)
    assert b.eur_per_year == pytest.approx(2_706.9 + 1_494)


def test_heat_released_today_is_worth_its_value():
    rule = _rule(
        "heat.low",
        substitute_value={"param": "heat_value_eur_per_mwh"},
        co2e={"param": "co2e_heat_substitution"},
    )
    b = estimate(rule, PARAMS, 2026, Exchange(4000, "MWh/year", 1.5, category="heat.low"))
    # today released unused: C = 0; receiver 4000 × 25 = 100 000 (18–51 → 72 000–204 000)
    assert (b.eur_low_per_year, b.eur_per_year, b.eur_high_per_year) == pytest.approx(
        (72_000, 100_000, 204_000)
    )
    assert b.source_eur_per_year == 0 and b.tonnes_per_year == 0
    assert b.co2e_t_per_year == pytest.approx(4000 * 0.0749)
    assert "transport" not in _terms(b)


def test_whey_in_cubic_metres_is_priced_per_tonne_with_its_density():
    rule = _rule("food.whey", substitute_value={"param": "feed_value_wet_eur_per_t"})
    b = estimate(rule, PARAMS, 2026, Exchange(4000, "m3/year", 3.0, category="food.whey"))
    # whey as feed: whey_feed_value 12 €/t × 1.03 t/m³ = 12.36 €/m³ → 4000 × 12.36 = 49 440
    # given away today (C = 0, P = 0); haul 4000 × 1.03 = 4 120 t × 3 km × 0.10 = 1 236
    assert b.tonnes_per_year == pytest.approx(4_120)
    assert b.eur_per_year == pytest.approx(49_440 - 1_236)
    assert "whey_feed_value" in _terms(b)["substituted_input"].formula


def test_the_profile_overrides_the_typical_route():
    rule = _rule(avoided_disposal=True, substitute_value={"param": "wood_residue_value"})
    ex = Exchange(100, "t/year", 0.0, category="wood.sawdust", route="landfill")
    b = estimate(rule, PARAMS, 2024, ex)
    # landfilled per the profile, 2024 tax 110: source 100 × (110 + 44.6) + 100×30×0.10 = 15 760
    # receiver 100 × 35 = 3 500 (0 km)
    assert b.counterfactual.declared
    assert b.eur_per_year == pytest.approx(15_460 + 300 + 3_500)


def test_a_parameter_without_a_price_row_is_used_as_a_point():
    params = Parameters(
        YearTable(values={2026: 130}, source="DRN law"),
        {
            "transport_eur_per_t_km": Parameter(value=0.10, unit="EUR/(t·km)", source="freight"),
            "my_value": Parameter(value=10, unit="EUR/t", source="a quote"),
        },
    )
    rule = _rule("textiles", substitute_value={"param": "my_value"})
    b = estimate(rule, params, 2026, Exchange(10, "t/year", None, category="textiles"))
    # given away today; 10 × 10 = 100 − 10 t × 10 km (assumed) × 0.10 = 90 (rate 0.033–0.12)
    assert DEFAULT_TRANSPORT_KM == 10
    assert b.eur_per_year == pytest.approx(90)
    assert "assumed km" in _terms(b)["transport"].formula


def test_a_volume_without_a_density_is_priced_at_a_stated_one_not_zero():
    rule = _rule("textiles", substitute_value={"param": "secondary_material_value"})
    b = estimate(rule, PARAMS, 2026, Exchange(60, "m3/year", 1.0, category="textiles"))
    # no density for textiles: the default 1 t/m³, said in the formula → 60 × 50 = 3 000
    assert b.eur_per_year == pytest.approx(3_000)
    assert "1 t/m³" in _terms(b)["substituted_input"].formula


def test_a_band_gives_every_figure_at_both_ends():
    rule = _rule("ash.wood", substitute_value={"param": "mineral_substitute_value"})
    b = estimate(
        rule, PARAMS, 2026, Exchange.of_band((100, 1000), "t/year", 0.0, category="ash.wood")
    )
    assert b.range is not None
    low, high = b.range.source_eur_per_year
    assert high == pytest.approx(10 * low)  # linear in the quantity at 0 km
    assert b.range.eur_low_per_year[0] <= b.range.eur_per_year[0] <= b.range.eur_high_per_year[0]


# ---- properties ------------------------------------------------------------------------------
RULE_CATEGORIES = sorted(builtin_prices().routes)
quantities = st.floats(min_value=1, max_value=1e6, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(RULE_CATEGORIES),
    quantities,
    st.floats(1.01, 10),
    st.sampled_from([None, *ROUTES]),
    st.floats(0, 30),
)
def test_monotone_in_quantity_and_price(category, q, factor, route, km):
    params = PARAMS
    rule = _rule(category, substitute_value={"param": "secondary_material_value"})
    ex = Exchange(q, "t/year", km, category=category, route=route)
    base = estimate(rule, params, 2026, ex)
    more = estimate(
        rule, params, 2026, Exchange(q * factor, "t/year", km, category=category, route=route)
    )
    if base.eur_per_year >= 0:  # a gain grows with the quantity (a loss grows too)
        assert more.eur_per_year >= base.eur_per_year - 1e-6
    dearer = Parameters(
        params.landfill_tax,
        {**params.values, "secondary_material_value": _param(50 * factor, "EUR/t")},
        params.prices.model_copy(
            update={"rows": [r for r in params.prices.rows if r.id != "secondary_material_value"]}
        ),
    )
    cheaper = Parameters(
        params.landfill_tax,
        {**params.values, "secondary_material_value": _param(50, "EUR/t")},
        dearer.prices,
    )
    assert (
        estimate(rule, dearer, 2026, ex).receiver_eur_per_year
        >= estimate(rule, cheaper, 2026, ex).receiver_eur_per_year - 1e-6
    )
    assert base.eur_low_per_year <= base.eur_per_year + 1e-6 <= base.eur_high_per_year + 2e-6


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(RULE_CATEGORIES), quantities, st.sampled_from([None, *ROUTES]), st.booleans()
)
def test_liquids_are_never_credited_with_landfill(category, q, route, hazardous):
    rule = _rule(
        category, avoided_disposal=True, substitute_value={"param": "hazardous_recovery_value"}
    )
    ex = Exchange(q, "t/year", 1.0, category=category, route=route, hazardous=hazardous)
    b = estimate(rule, PARAMS, 2026, ex)
    if builtin_prices().routes[category].liquid:
        assert b.counterfactual.route != "landfill"
        assert "avoided_disposal" not in _terms(b)


@settings(max_examples=40, deadline=None)
@given(quantities, st.floats(0, 500), st.floats(0, 500))
def test_zero_only_when_today_equals_the_new_route(q, value, today_price):
    """Without transport (energy by pipe): the gain is zero exactly when the receiver's value
    equals what the holder gets today."""
    params = Parameters(
        PARAMS.landfill_tax,
        {**PARAMS.values, "electricity_value_eur_per_mwh": _param(value, "EUR/MWh")},
        PARAMS.prices.model_copy(
            update={
                "rows": [
                    r
                    if r.id != "electricity_value_eur_per_mwh"
                    else r.model_copy(
                        update={"low": today_price, "typical": today_price, "high": today_price}
                    )
                    for r in PARAMS.prices.rows
                ]
            }
        ),
    )
    # electricity is sold today (its typical route) at the electricity row's price; the receiver
    # values it at the heat row's price: a pipe, no trucks
    ex = Exchange(q, "MWh/year", 0.0, category="energy.electricity")
    rule = _rule("energy.electricity", substitute_value={"param": "heat_value_eur_per_mwh"})
    b = estimate(rule, params, 2026, ex)
    heat = PARAMS.prices.row("heat_value_eur_per_mwh").typical
    expected = q * (heat - today_price)
    assert b.eur_per_year == pytest.approx(expected, abs=0.02)
    assert (abs(b.eur_per_year) < 0.01) == (abs(heat - today_price) * q < 0.005)


# ---- a receiver that states no need, and a receiver that does the same paid service ----------
def test_a_receiver_without_a_stated_need_takes_a_typical_amount_for_its_sector():
    rule = _rule("water.treated", substitute_value={"param": "water_value_eur_per_m3"})
    ex = Exchange(
        1_500_000, "m3/year", 0.0, category="water.treated", need_known=False, receiver_nace="01.13"
    )
    b = estimate(rule, PARAMS, 2026, ex)
    # released unused today (C = 0). A greenhouse (NACE 01) that states no water need takes a
    # typical 15 000 m³ a year (range 5 000–50 000), not the 1.5 million m³ offered:
    # 15 000 × 1.17 = 17 550; low 5 000 × 0.6 = 3 000; high 50 000 × 2.14 = 107 000. By pipe.
    assert b.eur_per_year == pytest.approx(17_550)
    assert b.eur_low_per_year == pytest.approx(3_000)
    assert b.eur_high_per_year == pytest.approx(107_000)
    need = _terms(b)["receiver_need"]
    assert need.value == 15_000 and need.unit == "m3/year"
    assert b.exchanged_per_year == 15_000  # what the figures are for, not the 1.5 million
    assert "NACE 01" in need.formula and "5000–50000" in need.formula
    assert "ask for its need" in need.formula


def test_a_small_supply_is_taken_whole_and_another_sector_gets_the_default_take():
    rule = _rule("textiles", substitute_value={"param": "secondary_material_value"})
    small = Exchange(45, "t/year", 0.0, category="textiles", need_known=False, receiver_nace="13.9")
    b = estimate(rule, PARAMS, 2026, small)
    # 45 t is below the default take (50–300–2 000 t): all of it, 45 × 50 = 2 250 at 0 km
    assert b.eur_per_year == pytest.approx(2_250)
    assert "takes all 45 t" in _terms(b)["receiver_need"].formula
    large = Exchange(5_000, "t/year", 0.0, category="textiles", need_known=False)
    b = estimate(rule, PARAMS, 2026, large)
    # 300 t × 50 = 15 000; low 50 t × 0 = 0; high 2 000 t × 100 = 200 000
    assert (b.eur_low_per_year, b.eur_per_year, b.eur_high_per_year) == pytest.approx(
        (0, 15_000, 200_000)
    )


def test_a_hidden_supply_is_capped_by_the_take_at_both_ends_of_its_band():
    rule = _rule("textiles", substitute_value={"param": "secondary_material_value"})
    ex = Exchange.of_band(
        (100, 1000), "t/year", 0.0, category="textiles", need_known=False, receiver_nace="13.9"
    )
    b = estimate(rule, PARAMS, 2026, ex)
    # the band 100–1 000 t capped by the typical take 300 t: 100–300 t × 50 = 5 000–15 000
    assert b.range is not None
    assert b.range.eur_per_year == pytest.approx((5_000, 15_000))
    assert b.range.exchanged_per_year == pytest.approx((100, 300))
    assert "1000" not in _terms(b)["receiver_need"].formula.split("offered")[-1]


def test_a_receiver_doing_the_same_paid_service_gains_nothing_but_the_haul():
    rule = _rule("fuel.rdf", substitute_value={"param": "alt_fuel_value"})
    b = estimate(rule, PARAMS, 2026, Exchange(300, "t/year", 5.0, category="fuel.rdf"))
    # today burnt in a kiln for a 70 €/t gate fee; the park's plant charges the same fee, so the
    # fee is no gain: the holder saves only its 30 km haul 300 × 30 × 0.10 = 900 and the new
    # haul costs 300 × 5 × 0.10 = 150 → 750 (not 300 × 70 + … = 21 750)
    assert b.counterfactual.route == "energy_recovery"
    assert b.source_eur_per_year == pytest.approx(900)
    assert b.receiver_eur_per_year == pytest.approx(-150)
    assert b.eur_per_year == pytest.approx(750)
    assert _terms(b)["same_service"].value == pytest.approx(-21_000)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(RULE_CATEGORIES),
    quantities,
    st.floats(1.01, 10),
    st.sampled_from(["01.13", "23.63", "35.30", "62.01", None]),
)
def test_an_unstated_need_is_monotone_and_never_above_the_high_take(category, q, factor, nace):
    rule = _rule(category, substitute_value={"param": "secondary_material_value"})
    ex = Exchange(q, "t/year", 0.0, category=category, need_known=False, receiver_nace=nace)
    base = estimate(rule, PARAMS, 2026, ex)
    more = estimate(
        rule,
        PARAMS,
        2026,
        Exchange(
            q * factor, "t/year", 0.0, category=category, need_known=False, receiver_nace=nace
        ),
    )
    if base.eur_per_year >= 0:
        assert more.eur_per_year >= base.eur_per_year - 1e-6
    taken = _terms(base)["receiver_need"].value
    assert taken <= min(q, 2_000) + 1e-3  # prices.yaml takes: t/year default high 2 000 t
    assert base.eur_low_per_year <= base.eur_per_year + 1e-6 <= base.eur_high_per_year + 2e-6


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(RULE_CATEGORIES),
    quantities,
    st.sampled_from([None, *ROUTES]),
    st.booleans(),
    st.floats(0, 30),
)
def test_each_side_gains_at_most_what_it_really_saves_or_earns(category, q, route, haz, km):
    """Source ≤ today's cost of getting rid of it + what it sells for today + its haul; the
    receiver ≤ the input it stops buying + its delivery today — at the high ends (prices.yaml)."""
    rule = _rule(category, substitute_value={"param": "secondary_material_value"})
    b = estimate(
        rule, PARAMS, 2026, Exchange(q, "t/year", km, category=category, route=route, hazardous=haz)
    )
    rows = {r.id: r for r in builtin_prices().rows}
    today = b.counterfactual
    haul = q * 30 * 0.12  # today's haul at the high freight rate
    worth = rows[today.price_row].high if today.price_row in rows else 0.0
    if today.route == "landfill":
        worth = 130 + rows["gate_fee_eur_per_t"].high  # the 2026 tax + the gate fee
    if today.route in ("given_away", "unused"):
        worth = 0.0
    assert b.source_eur_per_year <= q * worth + haul + 0.01
    assert b.receiver_eur_per_year <= q * rows["secondary_material_value"].high + haul + 0.01
