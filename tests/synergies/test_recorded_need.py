"""A company that records needing the material ranks above one whose sector merely could use
it: the compressor heat of a metal works goes first to the fish farm that says it needs heat,
not to the district heating plant that states no need, even when the farm is a little farther
away and needs far more than is offered."""

from __future__ import annotations

from tests.synergies.helpers import ParkBuilder, builtin_engine

ENGINE = builtin_engine()


def test_a_recorded_need_outranks_a_sector_that_states_none():
    b = ParkBuilder()
    works = b.company("Metal works", "25.62", 0.0)
    b.company("District heating plant", "35.30", 1.0)
    farm = b.company("Fish farm", "03.22", 1.5)
    b.flow(works, "output", "compressor waste heat", 400, unit="MWh/year", temperature=70)
    b.flow(farm, "input", "low-temperature heat", 1500, unit="MWh/year")  # a poor amount fit
    found = [s for s in ENGINE.match(b.build()) if s.kind == "pair"]
    ranked = [s.target_company for s in sorted(found, key=lambda s: -s.score)]
    assert ranked.index("Fish farm") < ranked.index("District heating plant")
