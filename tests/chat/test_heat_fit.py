"""Whether heat is warm enough for a user: the temperature said (or on record) against each
user's need on record; a company that only needs heat asks about an input; a hidden company's
label reads in Latvian in a Latvian answer."""

from __future__ import annotations

from assistant.chat.gather.heat import verdict
from assistant.park.visibility import company_label, labels_in
from tests.chat.conversation import ask_in_turn, company_user

GREENHOUSES, FISH = "SIA Demo Siltumnīcas (fiktīvs)", "SIA Demo Akvakultūra (fiktīvs)"
DAIRY = "SIA Demo Piensaimnieks (fiktīvs)"


def test_35_degrees_is_too_cold_for_the_greenhouse_loop_but_enough_for_the_fish(park_services):
    first, then = ask_in_turn(
        park_services,
        company_user(park_services, DAIRY),
        "Our chillers give off heat at about 35 °C all year. Warm enough for the greenhouse?",
        "And the fish farm: could they take it as it is, without a heat pump?",
    )
    assert first.intent in ("byproduct_reuse", "company_info")  # its heat, or that company
    assert first.trace["rewrite"]["focus"] == "temperature"
    fits = {f["company"]: f for f in first.trace["extra"]["heat_fit"]["fits"]}
    assert fits[GREENHOUSES]["need"] == 55 and fits[GREENHOUSES]["verdict"] == "lift"
    assert "heat pump" in first.answer
    fish = {f["company"]: f for f in then.trace["extra"]["heat_fit"]["fits"]}
    assert fish[FISH]["verdict"] == "direct" and "warm enough to use directly" in then.answer


def test_a_company_that_only_needs_heat_asks_about_an_input(park_services):
    (answer,) = ask_in_turn(
        park_services,
        company_user(park_services, GREENHOUSES),
        "Tas dūmgāzu kondensatora siltums, 40 grādi — vai ar to mūsu apkures cilpai pietiek?",
    )
    assert answer.intent == "find_input" and answer.trace["state"]["direction"] == "input"
    (fit,) = answer.trace["extra"]["heat_fit"]["fits"]
    assert fit["company"] == GREENHOUSES and fit["verdict"] == "lift"
    assert "siltumsūkni" in answer.answer and "Confidential company" not in answer.answer


def test_the_verdict_has_a_margin_either_way():
    assert verdict(40, 55) == "lift" and verdict(52, 55) == "close" and verdict(60, 55) == "direct"
    assert verdict(None, 55) == verdict(40, None) == "unknown"


def test_a_hidden_companys_label_reads_in_latvian_only_in_latvian():
    label = company_label("63.11")
    assert labels_in(f"- {label} #2", "en") == f"- {label} #2"
    latvian = labels_in(f"- {label} #2", "lv")
    assert latvian.startswith("- Konfidenciāls uzņēmums (NACE 63.11 Datu apstrāde")
    assert latvian.endswith(" #2") and "Data processing" not in latvian
