"""Which side of a material the asker is on is read from its record when the words point the
other way: a brewery that only has spent grain asking who "has" or "takes" grain wants a
taker; a greenhouse that only needs heat asking who "could use" heat wants a supplier."""

from __future__ import annotations

from tests.chat.conversation import ask_in_turn, company_user

BREWERY = "SIA Demo Alus darītava (fiktīvs)"


def test_a_company_that_only_has_the_material_asks_for_a_taker(park_services):
    brewery = company_user(park_services, BREWERY)
    (answer,) = ask_in_turn(park_services, brewery, "Which company supplies spent grain?")
    assert answer.intent == "byproduct_reuse"
    assert (
        "the asker's record has this material: byproduct_reuse"
        in answer.trace["rewrite"]["reasons"]
    )
    assert BREWERY not in answer.answer.split("\n\n", 1)[1]  # never its own partner


def test_another_material_of_the_same_family_does_not_settle_the_side(park_services):
    """The dairy has whey, not spent grain: both are food residues, but asking who supplies
    spent grain is still asking for an input."""
    dairy = company_user(park_services, "SIA Demo Piensaimnieks (fiktīvs)")
    (answer,) = ask_in_turn(park_services, dairy, "Which company supplies spent grain?")
    assert not any("asker's record" in r for r in answer.trace["rewrite"]["reasons"])
