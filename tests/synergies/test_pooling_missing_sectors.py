from __future__ import annotations

from assistant.synergies.index import is_sensitive
from assistant.synergies.pooling import PROCUREMENT_RULE
from tests.synergies.helpers import ParkBuilder, builtin_engine, shops_and_a_paper_mill

ENGINE = builtin_engine()


def test_small_outputs_are_pooled_for_a_buyer():
    pooled = [s for s in ENGINE.match(shops_and_a_paper_mill()) if s.kind == "pooling"]
    assert len(pooled) == 1
    assert pooled[0].companies == ["Shop 3", "Shop 2", "Shop 1"]  # the largest first
    assert pooled[0].source_flow.quantity == 45
    assert pooled[0].target_company == "Paper mill"
    assert pooled[0].distance_km is not None and 6.5 < pooled[0].distance_km < 9.5


def test_shared_inputs_suggest_joint_procurement():
    park = ParkBuilder()
    a, b = park.company("Boiler A", "35.30"), park.company("Boiler B", "35.30", km_north=2)
    park.flow(a, "input", "kurināmā šķelda", 20000)
    park.flow(b, "input", "šķelda kurināmajam", 5000)
    joint = [s for s in ENGINE.match(park.build()) if s.rule_id == PROCUREMENT_RULE]
    assert len(joint) == 1
    assert joint[0].source_flow.quantity == 25000
    assert set(joint[0].companies) == {"Boiler A", "Boiler B"}


def test_an_output_nobody_takes_gets_sectors_to_attract():
    park = ParkBuilder()
    glass = park.company("Glassworks", "23.12")
    park.flow(glass, "output", "stikla lauskas", 220, ewc="10 11 12")
    found = ENGINE.match(park.build())
    assert found and all(s.kind == "missing_partner" for s in found)
    assert all(s.target_company is None and s.target_sectors for s in found)
    sectors = {x.nace: x for s in found for x in s.target_sectors}
    assert any(code.startswith("23.1") for code in sectors)  # glass makers take cullet
    assert all(x.label for x in sectors.values())
    assert "outside the park" in found[0].explanation


def test_sectors_rank_typical_receivers():
    top = [h.nace for h in ENGINE.sectors("zāģskaidas")[:3]]
    assert any(code.startswith("16.2") for code in top)
    top = [h.nace for h in ENGINE.sectors("alus drabiņām", nace="11.05")[:3]]
    assert any(code.startswith("01.4") or code.startswith("10.9") for code in top)
    hits = ENGINE.sectors("sawdust")
    assert len({h.nace for h in hits}) == len(hits)  # one entry per code
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_hazardous_materials_get_no_food_or_farm_sectors():
    hits = ENGINE.sectors("nolietota motoreļļa", ewc="13 02 05*")
    assert hits and not any(is_sensitive(h.nace) or h.nace.startswith("35") for h in hits)
    assert all(h.fallback for h in hits if h.nace.startswith("38"))  # treatment: a fallback
    assert any(h.nace.startswith("38") for h in hits)  # … that is offered


def test_the_source_sector_is_not_its_own_receiver():
    own = ENGINE.sectors("zāģskaidas", ewc="03 01 05", nace="16.29")
    assert all(h.nace != "16.29" or h.rule_id for h in own)
    assert "16.10" not in [h.nace for h in ENGINE.sectors("zāģskaidas", nace="16.10")]
