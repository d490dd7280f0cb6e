"""Documented support of one pair: donor material → receiver NACE."""

from __future__ import annotations

from assistant.synergies.support import documented_support


def test_fly_ash_to_a_cement_works_is_well_documented():
    weight, cases = documented_support(
        "coal fly ash", ewc="10 01 02", donor_nace="35.11", receiver_nace="23.51"
    )
    assert weight > 0.8
    assert len(cases) >= 2 and all(c.receiver_nace.startswith("23") for c in cases)
    assert {c.case for c in cases} & {"kalundborg", "gladstone", "styria", "kawasaki"}


def test_another_class_of_the_division_counts_less_than_the_documented_class():
    cement, _ = documented_support("coal fly ash", ewc="10 01 02", receiver_nace="23.51")
    glass, _ = documented_support("coal fly ash", ewc="10 01 02", receiver_nace="23.13")
    assert 0 < glass < cement


def test_no_documented_exchange_gives_no_support():
    assert documented_support("coal fly ash", ewc="10 01 02", receiver_nace="10.11") == (0.0, [])
    assert documented_support("coal fly ash", ewc="10 01 02", receiver_nace="") == (0.0, [])


def test_the_hazard_rule_holds_even_with_a_documented_exchange():
    weight, cases = documented_support("used engine oil", ewc="13 02 05*", receiver_nace="35.11")
    assert weight == 0.0 and cases == []
    weight, _ = documented_support("used engine oil", ewc="13 02 05*", receiver_nace="23.51")
    assert weight > 0  # Styria: waste oil as cement kiln fuel


def test_energy_flows_are_matched_by_category():
    weight, cases = documented_support(
        "process steam", category="energy.steam", donor_nace="35.11", receiver_nace="19.20"
    )
    assert weight > 0.5 and cases[0].receiver_nace == "19.20"


def test_citations_follow_the_language():
    _, cases = documented_support(
        "ogļu lidojošie pelni", ewc="10 01 02", receiver_nace="23.51", lang="lv"
    )
    assert cases and all(c.material.startswith("ogļu") or "pelni" in c.material for c in cases)
