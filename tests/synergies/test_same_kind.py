"""A company outside a rule's receiving sectors that declares an input wants that material
itself: a dairy farm needing whey for feed is offered whey, not a meat plant's fat separator
sludge (the rule "whey and sludge to biogas" takes both); a poultry farm needing bedding is
not offered plastic film. A company in the rule's sector still takes the rule's materials."""

from __future__ import annotations

from tests.synergies.helpers import ParkBuilder, builtin_engine

ENGINE = builtin_engine()


def _park() -> tuple[ParkBuilder, dict[str, int]]:
    b = ParkBuilder()
    ids = {
        "meat": b.company("Meat plant", "10.11", 0.0),
        "dairy": b.company("Dairy", "10.51", 0.5),
        "farm": b.company("Dairy farm", "01.41", 1.0),
        "poultry": b.company("Poultry farm", "01.47", 1.5),
        "biogas": b.company("Biogas plant", "35.21", 2.0),
    }
    b.flow(ids["meat"], "output", "fat separator sludge", 300, ewc="02 02 04")
    b.flow(ids["meat"], "output", "stretch film", 20, ewc="15 01 02")
    b.flow(ids["dairy"], "output", "whey", 5000, unit="m3/year", ewc="02 05 01")
    b.flow(ids["farm"], "input", "whey for feed", 3000, unit="m3/year")
    b.flow(ids["poultry"], "input", "pakaiši (sausas skaidas)", 200)
    b.flow(ids["biogas"], "input", "food residues", 2000)
    return b, ids


def _pairs(b: ParkBuilder) -> set[tuple[str, str, str]]:
    return {
        (s.source_flow.material, s.target_company or "", s.rule_id)
        for s in ENGINE.match(b.build())
        if s.kind == "pair"
    }


def test_a_farm_that_needs_whey_gets_whey_not_sludge():
    b, _ = _park()
    pairs = _pairs(b)
    takers_of_sludge = {t for m, t, _ in pairs if m == "fat separator sludge"}
    assert "Dairy farm" not in takers_of_sludge and "Poultry farm" not in takers_of_sludge
    assert "Biogas plant" in takers_of_sludge  # the rule's own sector still takes it
    assert any(m == "whey" and t == "Dairy farm" for m, t, _ in pairs)


def test_a_farm_that_needs_bedding_is_not_offered_plastic_film():
    b, _ = _park()
    assert not any(m == "stretch film" and t == "Poultry farm" for m, t, _ in _pairs(b))
