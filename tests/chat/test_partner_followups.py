"""Follow-ups about the partners an answer just listed ("which is closer?", "can they take all
of it?"), an elliptic follow-up ("and for 500 t?") and a price asked about elsewhere — with a
quantity hidden from the asker shown as its band only, whatever its value."""

from __future__ import annotations

import pytest

from assistant.auth.viewer import Viewer
from assistant.chat.rewrite import elliptic
from tests.chat.conversation import ask_in_turn, company_user
from tests.deals.parks import CONCRETE, PELLETS, SAW


def test_can_they_take_it_all_compares_the_partner_need_with_ours(two_parks):
    services = two_parks[0]
    first, then = ask_in_turn(
        services,
        company_user(services, SAW),
        "We have 20000 t of sawdust a year. Who could use it?",
        "Can they take all of it?",
    )
    assert PELLETS in [s["target_company"] for s in first.synergies]
    assert then.intent == "byproduct_reuse" and then.trace["rewrite"]["focus"] == "capacity"
    amounts = {c["company"]: c for c in then.trace["extra"]["capacity"]}
    assert amounts[PELLETS]["quantity"] == 14000 and amounts[PELLETS]["covers"] == "part"
    assert (
        "14,000 t a year" in then.answer.replace("\xa0", " ")
        and "only part of yours" in then.answer
    )


def test_a_supply_hidden_from_the_asker_is_a_band_and_the_same_for_any_value(two_parks):
    answers = []
    for services in two_parks:  # the sawmill's sawdust is confidential: 2400 or 2900 t
        _, then = ask_in_turn(
            services,
            company_user(services, PELLETS),
            "Mums vajag zāģskaidas, 3000 t gadā. Kam parkā tās ir?",
            "Vai viņiem pietiks?",
        )
        answers.append(then.answer.replace("\xa0", " "))
        amounts = {c["company"]: c for c in then.trace["extra"]["capacity"]}
        assert amounts[SAW]["quantity"] is None and amounts[SAW]["band"] == [1000, 10000]
    assert answers[0] == answers[1]
    assert "konfidenciāls apjoms, no 1 000 līdz 10 000 t gadā" in answers[0]
    assert "2 400" not in answers[0] and "2400" not in answers[0]
    assert "2 900" not in answers[1] and "2900" not in answers[1]


def test_which_of_them_is_closer_names_the_nearest_partner_listed(two_parks):
    services = two_parks[0]
    _, then = ask_in_turn(
        services,
        company_user(services, SAW),
        "We have 300 t of bark a year. Who could use it?",
        "Which of them is closest to us?",
    )
    assert then.trace["rewrite"]["focus"] == "nearest"
    assert "In short: the closest partner is **" in then.answer


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Un 2028. gadā?", True),
        ("And for 500 t?", True),
        ("what about permits?", False),
        ("cik tas ietaupītu?", False),
    ],
)
def test_an_elliptic_follow_up_names_only_a_year_or_an_amount(message, expected):
    assert elliptic(message) is expected


def test_an_elliptic_follow_up_keeps_the_question_and_takes_the_new_amount(two_parks):
    services = two_parks[0]
    first, then = ask_in_turn(
        services,
        company_user(services, SAW),
        "We have 300 t of bark a year. Who could use it?",
        "And for 900 t?",
    )
    assert then.intent == first.intent == "byproduct_reuse"
    assert then.trace["state"]["quantity"] == 900


def test_a_price_elsewhere_is_asked_of_the_documented_cases_first(two_parks):
    services = two_parks[0]
    (answer,) = ask_in_turn(
        services, company_user(services, SAW), "How much is sawdust worth per tonne elsewhere?"
    )
    assert answer.intent == "good_practice"


def test_residues_nobody_takes_are_listed_with_whether_any_user_is_known(two_parks):
    services = two_parks[0]
    council = Viewer(name="council", role="municipal")
    (answer,) = ask_in_turn(
        services, council, "Which residues in the park have nobody taking them?"
    )
    assert answer.intent == "park_gaps"
    untaken = {(u["material"], u["company"]): u for u in answer.trace["extra"]["untaken"]}
    rubble = next(u for (material, company), u in untaken.items() if company == CONCRETE)
    assert "Outputs nobody in the park takes today:" in answer.answer
    assert rubble["material"] in answer.answer
    taken_by_pellets = [k for k in untaken if k[1] == SAW and "sawdust" in k[0].lower()]
    assert taken_by_pellets == []  # the sawmill's sawdust has a taker in the park


def test_after_a_legal_follow_up_about_an_input_the_partners_are_still_the_suppliers(two_parks):
    services = two_parks[0]
    *_, last = ask_in_turn(
        services,
        company_user(services, PELLETS),
        "We need sawdust, about 3000 t a year. Who has it?",
        "And what about permits?",
        "Can they supply all of it?",
    )
    amounts = [c["company"] for c in last.trace["extra"]["capacity"]]
    assert PELLETS not in amounts and PELLETS not in last.trace["state"]["partners"]
    assert last.intent == "find_input"


def test_a_bare_which_is_closer_after_a_list_of_partners_is_a_follow_up(two_parks):
    services = two_parks[0]
    _, then = ask_in_turn(
        services,
        company_user(services, SAW),
        "We have 300 t of bark a year. Who could use it?",
        "Which is closer?",
    )
    assert then.trace["rewrite"]["followup"] and then.trace["rewrite"]["focus"] == "nearest"


def test_who_else_leaves_out_the_partner_shown_first_and_the_grain_is_the_material(two_parks):
    services = two_parks[0]
    first, then = ask_in_turn(
        services,
        company_user(services, SAW),
        "We have 20000 t of sawdust a year. Who could use it?",
        "If they turn us down, who would be the next best taker for it?",
    )
    shown_first = [s["target_company"] for s in first.synergies if s["kind"] == "pair"]
    assert shown_first and shown_first[0] == PELLETS
    assert then.trace["rewrite"]["focus"] == "others" and then.intent == "byproduct_reuse"
    after = [s["target_company"] for s in then.synergies if s["kind"] == "pair"]
    assert after and PELLETS not in after
