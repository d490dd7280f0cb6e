"""A company user who asks the chat for a letter gets its own letter: from its company, on the
park as it may see it, saved nowhere, and unchanged when a value hidden from it changes."""

from __future__ import annotations

from typing import Any

from assistant.auth.viewer import Viewer
from tests.deals.parks import PELLETS, SAW, SECRET, ids


def _pellets(services: Any) -> Viewer:
    return Viewer(name="granulas", role="company", user_id=7, company_id=ids(services)[PELLETS])


def _ask(services: Any, viewer: Viewer, *questions: str) -> Any:
    conversation = None
    for q in questions:
        response = services.chat.ask(q, conversation, viewer=viewer)
        conversation = response.conversation_id
    return response


def test_a_company_user_gets_its_own_letter_and_nothing_is_saved(two_parks):
    services = two_parks[0]
    response = _ask(
        services, _pellets(services), "Write a letter to SIA Zāģētava: we would take sawdust."
    )
    draft = response.trace["extra"]["draft"]
    assert response.recipient == SAW and draft["saved"] is False
    assert "[your name]" in draft["body"] and PELLETS in draft["body"]
    assert "Anna Kalniņa" not in draft["body"]  # not signed by the facilitator
    assert "not saved" in response.answer and draft["body"] in response.answer
    assert services.outreach.list_drafts() == []
    assert services.pipeline.list_synergies() == []


def test_them_after_a_turn_about_a_company_is_that_company(two_parks):
    services = two_parks[0]
    response = _ask(
        services,
        _pellets(services),
        "What does SIA Zāģētava offer?",
        "Lūdzu, uzraksti viņiem vēstuli par zāģskaidām.",
    )
    assert response.recipient == SAW and response.language == "lv"
    assert "[vārds, uzvārds]" in response.trace["extra"]["draft"]["body"]


def test_the_letter_does_not_change_with_a_quantity_hidden_from_the_writer(two_parks):
    letters = []
    for services in two_parks:  # 2400 and 2900 t/year: the same decade band
        response = _ask(
            services, _pellets(services), "Write a letter to SIA Zāģētava about sawdust."
        )
        letters.append((response.answer, response.synergies))
        assert response.recipient == SAW
    assert letters[0] == letters[1]
    assert "2400" not in letters[0][0] and "2 400" not in letters[0][0]


def test_a_company_cannot_write_to_a_confidential_company_it_cannot_see(two_parks):
    services = two_parks[0]
    answers = []
    for name in (SECRET, "Nezināmā Kokrūpnīca"):  # its real name answers like an unknown one
        response = _ask(services, _pellets(services), f"Write a letter to {name} about sawdust.")
        assert response.recipient is None and name not in response.answer
        answers.append(response.answer)
    assert answers[0] == answers[1]
    assert services.outreach.list_drafts() == []


def test_a_letter_gives_no_figure_resting_on_an_amount_the_writer_cannot_see(two_parks):
    services = two_parks[0]
    response = _ask(
        services,
        _pellets(services),
        "We need 500 t of sawdust a year. Who has it?",
        "Write them a letter.",
    )
    draft = response.trace["extra"]["draft"]
    assert response.recipient == SAW
    used = {f["fact"]: f["value"] for f in draft["facts_used"]}
    assert used.get("benefit_range") is None  # no € resting on the sawmill's hidden amount
    assert "3,000" not in draft["body"] and "3 000" not in draft["body"]


def test_a_confidential_company_writing_its_own_letter_is_named_as_itself(two_parks):
    services = two_parks[0]
    saw = Viewer(name="saw", role="company", user_id=8, company_id=ids(services)[SAW])
    response = _ask(services, saw, "Write a letter to SIA Granulas offering our sawdust.")
    body = response.trace["extra"]["draft"]["body"]
    assert response.recipient == PELLETS and SAW in body
    assert "a company from the sector" not in body
