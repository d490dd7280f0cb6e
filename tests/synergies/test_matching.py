from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.synergies.index import is_sensitive
from tests.synergies.helpers import ParkBuilder, builtin_engine

ENGINE = builtin_engine()

# family: (source NACE, material, EWC, quantity, unit, °C) -> (receiver NACE, its input or None)
TYPICAL = {
    "wood": (("16.10", "zāģskaidas", "03 01 05", 2400, "t/year", None), ("16.29", "zāģskaidas")),
    "ash_slag": (("35.30", "koksnes pelni", "10 01 03", 120, "t/year", None), ("23.51", None)),
    "co2_gases": (
        ("11.05", "CO2 no fermentācijas", None, 90, "t/year", None),
        ("01.13", "CO2 augu mēslošanai"),
    ),
    "construction": (
        ("41.20", "betona drupas", "17 01 01", 3500, "t/year", None),
        ("23.63", "recycled concrete aggregate"),
    ),
    "food": (
        ("11.05", "alus drabiņas", None, 650, "t/year", None),
        ("01.41", "alus drabiņas lopbarībai"),
    ),
    "glass": (("23.12", "stikla lauskas", "10 11 12", 220, "t/year", None), ("23.13", None)),
    "heat_steam": (
        ("35.21", "koģenerācijas atlikumsiltums", None, 4000, "MWh/year", 85),
        ("35.30", None),
    ),
    "manure_digestate": (
        ("01.41", "šķidrmēsli", "02 01 06", 15000, "t/year", None),
        ("35.21", "kūtsmēsli"),
    ),
    "metals": (
        ("25.62", "tērauda virpošanas skaidas", "12 01 01", 180, "t/year", None),
        ("24.10", None),
    ),
    "other": (("45.20", "nolietotas riepas", "16 01 03", 25, "t/year", None), ("38.32", None)),
    "paper": (("52.10", "kartons", "15 01 01", 45, "t/year", None), ("17.12", None)),
    "plastics": (
        ("52.10", "stretch film", "15 01 02", 18, "t/year", None),
        ("22.22", "PE plēve pārstrādei"),
    ),
    "sludge": (("37.00", "notekūdeņu dūņas", "19 08 05", 2500, "t/year", None), ("35.21", None)),
    "solvents_oils": (
        ("45.20", "nolietota motoreļļa", "13 02 05*", 5, "t/year", None),
        ("38.22", "nolietotas motoreļļas"),
    ),
    "water": (("35.11", "dzesēšanas ūdens", None, 100000, "m3/year", 25), ("03.22", None)),
}


@pytest.mark.parametrize("family", sorted(TYPICAL))
def test_each_rule_family_fires_on_a_typical_flow(family):
    (nace, material, ewc, quantity, unit, temp), (receiver_nace, need) = TYPICAL[family]
    park = ParkBuilder()
    source = park.company("Source", nace)
    receiver = park.company("Receiver", receiver_nace, km_north=1.0)
    park.flow(source, "output", material, quantity, unit, ewc, temp)
    if need:
        park.flow(receiver, "input", need, quantity, unit)
    pairs = [s for s in ENGINE.match(park.build()) if s.kind == "pair"]
    assert any(
        s.source_company == "Source" and s.target_company == "Receiver" and s.family == family
        for s in pairs
    ), [(s.rule_id, s.target_company) for s in pairs]


def test_hazardous_outputs_never_go_to_food_feed_farms_or_greenhouses():
    registry = ENGINE.registry
    receivers = sorted({code for rule in registry for code in rule.feeds.nace})
    park = ParkBuilder()
    for n, code in enumerate(receivers):
        park.company(f"R{n} {code}", code, km_north=0.5)
    categories = sorted({c for rule in registry for c in rule.takes.categories})
    source = park.company("Source", "20.59")
    for category in categories:
        flow = park.flow(source, "output", category, 100, hazardous=True)
        park.flows[-1] = replace(flow, category=category)
    found = ENGINE.match(park.build())
    assert any(s.kind == "pair" for s in found)  # licensed operators still get them
    by_name = {c.name: c.nace for c in park.companies}
    for s in found:
        assert s.source_flow.hazardous or s.kind == "pooling"
        for sector in s.target_sectors:
            assert not is_sensitive(sector.nace), (s.rule_id, sector.nace)
        if s.target_company:
            assert not is_sensitive(by_name[s.target_company]), (s.rule_id, s.target_company)


def test_licensed_only_rules_send_hazardous_waste_to_licensed_operators():
    park = ParkBuilder()
    source = park.company("Garage", "45.20")
    licensed = park.company("Licensed", "38.22", km_north=2)
    painter = park.company("Paint maker", "20.30", km_north=1)
    dairy = park.company("Dairy", "10.51", km_north=1)
    park.flow(source, "output", "izlietoti šķīdinātāji", 40, ewc="14 06 03*", hazardous=True)
    for company in (licensed, painter, dairy):
        park.flow(company, "input", "izlietoti šķīdinātāji", 40, ewc="14 06 03*")
    targets = {s.target_company for s in ENGINE.match(park.build()) if s.kind == "pair"}
    assert targets == {"Licensed"}


def test_of_two_equivalent_partners_the_nearer_ranks_first():
    park = ParkBuilder()
    source = park.company("Sawmill", "16.10")
    far = park.company("Far pellets", "16.29", km_north=40)
    near = park.company("Near pellets", "16.29", km_north=3)
    too_far = park.company("Too far pellets", "16.29", km_north=400)
    park.flow(source, "output", "zāģskaidas", 2400, ewc="03 01 05")
    for company in (far, near, too_far):
        park.flow(company, "input", "zāģskaidas", 5000, ewc="03 01 05")
    pairs = [s for s in ENGINE.match(park.build()) if s.kind == "pair"]
    order = [s.target_company for s in pairs]
    assert order.index("Near pellets") < order.index("Far pellets")
    assert "Too far pellets" not in order  # beyond every wood rule's maximum distance
    near_one = next(s for s in pairs if s.target_company == "Near pellets")
    assert near_one.distance_km == pytest.approx(3.0, abs=0.05)


def test_a_company_focus_shows_what_it_gives_and_what_it_gets():
    park = ParkBuilder()
    saw = park.company("Sawmill", "16.10")
    pellets = park.company("Pellets", "16.29", km_north=1)
    boiler = park.company("Boiler house", "35.30", km_north=1)
    park.flow(saw, "output", "zāģskaidas", 2400, ewc="03 01 05")
    park.flow(pellets, "input", "zāģskaidas", 5000, ewc="03 01 05")
    park.flow(boiler, "output", "koksnes pelni", 100, ewc="10 01 03")
    found = ENGINE.match(park.build(), company="pellets")
    assert found and all("Pellets" in (s.source_company, s.target_company) for s in found)
    assert any(s.source_company == "Sawmill" for s in found)


def test_every_suggestion_explains_itself():
    park = ParkBuilder()
    brewery = park.company("Brewery", "11.05")
    farm = park.company("Farm", "01.41", km_north=5)
    park.flow(brewery, "output", "alus drabiņas", 650)
    park.flow(farm, "input", "alus drabiņas lopbarībai", 800)
    best = ENGINE.match(park.build())[0]
    assert best.kind == "pair" and best.target_flow and best.target_flow.quantity == 800
    assert "Brewery" in best.explanation and "Brewery" in best.explanation_lv
    assert "800\u00a0t/year" in best.explanation and "800\u00a0t gadā" in best.explanation_lv
    assert best.rule_id not in best.explanation_lv  # no slug in Latvian text
    assert best.legal_route and best.citations and best.benefit.assumptions
    assert 0 < best.score <= 1


def test_heat_rules_check_the_temperature_range():
    from assistant.synergies import SynergyEngine
    from assistant.synergy_rules import Parameters, Registry, Rule
    from assistant.taxonomy import default_taxonomy

    rule = Rule.model_validate(
        {
            "id": "heat-test",
            "family": "heat_steam",
            "title": {"en": "h", "lv": "h"},
            "takes": {"categories": ["heat.low", "heat.medium"]},
            "feeds": {"input_categories": ["heat.medium"], "nace": ["35.30"]},
            "conditions": {"temperature_min_c": 60, "max_distance_km": 10},
            "strength": 0.8,
            "legal_route": {"kind": "contract", "en": "x", "lv": "x"},
            "why": {"en": "x", "lv": "x"},
        }
    )
    engine = SynergyEngine(Registry([rule]), Parameters.load(), default_taxonomy(), 2026)
    park = ParkBuilder()
    cool = park.company("Cool", "63.11")
    warm = park.company("Warm", "25.62")
    utility = park.company("Utility", "35.30", km_north=2)
    park.flow(cool, "output", "atlikumsiltums", 1000, "MWh/year", temperature=40)
    park.flow(warm, "output", "atlikumsiltums", 1000, "MWh/year", temperature=70)
    park.flow(utility, "input", "siltums", 5000, "MWh/year", temperature=65)
    pairs = [s for s in engine.match(park.build()) if s.kind == "pair"]
    assert [s.source_company for s in pairs] == ["Warm"]


@pytest.mark.parametrize("co2_first", [True, False])
def test_a_pair_names_the_receivers_input_of_the_same_kind(co2_first):
    """A greenhouse is a waste-heat receiver through its CO2 need too; when it also needs
    heat, the heat pair is about the heat need (its amount caps the exchange), whichever
    input was declared first."""
    park = ParkBuilder()
    chp = park.company("CHP", "35.30")
    park.flow(chp, "output", "koģenerācijas atlikumsiltums", 4000, "MWh/year", temperature=85)
    grower = park.company("Greenhouse", "01.13", km_north=0.5)
    needs = [
        ("CO2 augu mēslošanai", 300, "t/year"),
        ("siltums siltumnīcu apsildei", 800, "MWh/year"),
    ]
    for material, quantity, unit in needs if co2_first else needs[::-1]:
        park.flow(grower, "input", material, quantity, unit)
    pairs = [s for s in ENGINE.match(park.build(), grower) if s.kind == "pair"]
    heat = [s for s in pairs if s.source_company == "CHP" and s.target_company == "Greenhouse"]
    assert heat and all(s.target_flow and s.target_flow.unit == "MWh/year" for s in heat)


def test_a_graded_material_is_not_offered_to_buyers_of_another_grade_sharing_its_code():
    """12 01 03 is aluminium or copper filings: aluminium shavings go to an aluminium
    remelter and are never priced as copper; 15 01 02 film is not a PET bottle."""
    park = ParkBuilder()
    workshop = park.company("Workshop", "25.62")
    park.company("Copper refinery", "24.44", km_north=5)
    park.company("Aluminium remelter", "24.53", km_north=5)
    park.flow(workshop, "output", "aluminium shavings", 25, ewc="12 01 03")
    dairy = park.company("Dairy", "10.51")
    recycler = park.company("Plastics recycler", "22.22", km_north=2)
    park.flow(dairy, "output", "plastmasas plēve", 40, ewc="15 01 02")
    park.flow(recycler, "input", "plastmasas atkritumi pārstrādei", 500, ewc="15 01 02")
    found = ENGINE.match(park.build())
    shavings = [s for s in found if s.source_company == "Workshop"]
    film = [s for s in found if s.source_company == "Dairy"]
    assert shavings and film
    assert not any("copper" in s.rule_id for s in shavings)
    assert any(s.rule_id == "metal-aluminium-scrap-to-remelters" for s in shavings)
    assert not any(s.rule_id == "plastics-pet-to-recyclers" for s in film)
    assert any(s.rule_id == "plastics-film-to-recyclers" for s in film)


def test_of_two_rules_for_one_company_the_one_for_its_own_sector_names_the_pair():
    """A fish farm's heat need is also a like input for the greenhouse rule: the pair is
    heat to aquaculture (its sector), not heat to greenhouses."""
    park = ParkBuilder()
    dairy = park.company("Dairy", "10.51")
    fish = park.company("Fish farm", "03.22", km_north=0.5)
    park.flow(
        dairy,
        "output",
        "atlikumsiltums no saldēšanas kompresoriem",
        2800,
        "MWh/year",
        temperature=35,
    )
    park.flow(
        fish,
        "input",
        "warm water / low-temperature heat for fish tanks",
        1500,
        "MWh/year",
        temperature=28,
    )
    pairs = [s for s in ENGINE.match(park.build()) if s.kind == "pair"]
    assert [s.rule_id for s in pairs if s.target_company == "Fish farm"] == ["heat-to-aquaculture"]


def test_a_rule_that_lists_the_flows_waste_code_names_the_pair():
    """Concrete sludge (10 13 14) to a builder that takes crushed aggregate: the recycled
    aggregate rule lists that code; the brick-reuse rule (the builder's sector) does not."""
    park = ParkBuilder()
    plant = park.company("Concrete plant", "23.63")
    builder = park.company("Builder", "41.20", km_north=1)
    park.flow(plant, "output", "atgrieztais betons un betona dūņas", 900, ewc="10 13 14")
    park.flow(builder, "input", "šķembas pamatnēm un uzbērumiem", 5000)
    pairs = [s for s in ENGINE.match(park.build()) if s.kind == "pair"]
    chosen = [s.rule_id for s in pairs if s.target_company == "Builder"]
    assert chosen == ["construction-concrete-to-recycled-aggregate"]
