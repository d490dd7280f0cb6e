"""An invitation from the facilitator to a workshop or a meeting: addressed to the company
named (by name or by what it does), naming what it has left over, never saved; a company user
is not the one who invites."""

from __future__ import annotations

from assistant.auth.viewer import Viewer
from assistant.outreach.invitation import asks_invitation
from tests.chat.conversation import ask_in_turn, company_user

FACILITATOR = Viewer(name="f", role="facilitator", user_id=9001)
GLASS = "SIA Demo Stikls (fiktīvs)"


def test_an_invitation_to_the_glass_company_for_the_workshop(park_services):
    before = len(park_services.outreach.list_drafts())
    (answer,) = ask_in_turn(
        park_services,
        FACILITATOR,
        "Draft an invitation to the glass company for our haves-and-wants workshop next month.",
    )
    assert answer.intent == "outreach_request" and answer.recipient == GLASS
    draft = answer.trace["extra"]["draft"]
    assert draft["kind"] == "invitation" and draft["saved"] is False
    assert "haves-and-wants workshop next month" in draft["body"]
    assert "cullet" in draft["body"]  # what it has left over, in the reader's language
    assert len(park_services.outreach.list_drafts()) == before  # nothing stored


def test_a_latvian_invitation_reads_in_latvian(park_services):
    (answer,) = ask_in_turn(
        park_services, FACILITATOR, "Uzaicini piena pārstrādātāju uz īsu tikšanos nākamajā nedēļā."
    )
    assert answer.recipient == "SIA Demo Piensaimnieks (fiktīvs)"
    assert "Ielūgums uzņēmumam" in answer.answer and "tikšanos nākamajā nedēļā" in answer.answer


def test_a_company_user_does_not_send_the_parks_invitations(park_services):
    (answer,) = ask_in_turn(
        park_services,
        company_user(park_services, "SIA Demo Kokapstrāde (fiktīvs)"),
        "Draft an invitation to the glass company for the workshop.",
    )
    assert (answer.trace["extra"].get("draft") or {}).get("kind") != "invitation"


def test_what_counts_as_an_invitation():
    assert asks_invitation("Uzaicini kokzāģētavu") and asks_invitation("Send them an invitation")
    assert not asks_invitation("Write to the pellet producer about our sawdust")
