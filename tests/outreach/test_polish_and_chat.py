"""The optional LLM polish (with the chat's grounding checks) and the chat intent's drafts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assistant.auth.viewer import LOCAL_ADMIN, Viewer
from assistant.chat.outreach import channel_of, tone_of
from assistant.composition import Services
from assistant.models.outreach import DraftRequest
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.deals.parks import PELLETS, SAW, SECRET, load


class Reply:
    def __init__(self, content: str) -> None:
        self.content = content


class FakeModel:
    """A chat model that rewrites the draft with `change` (or raises)."""

    def __init__(self, change: Any) -> None:
        self.change = change
        self.seen: list[Any] = []

    def invoke(self, input: Any, **kwargs: Any) -> Reply:
        self.seen.append(input)
        if isinstance(self.change, Exception):
            raise self.change
        return Reply(self.change(input[1][1]))


@pytest.fixture
def with_llm(settings, tmp_path) -> Iterator[Any]:
    built: list[Services] = []

    def make(change: Any) -> Services:
        services = Services(
            settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex(), llm=FakeModel(change)
        )
        services.init_db()
        load(services, tmp_path)
        built.append(services)
        return services

    yield make
    for services in built:
        services.close()


def _request(**more: Any) -> DraftRequest:
    return DraftRequest(source=SAW, target=PELLETS, material="miza", lang="en", **more)


def _body(text: str) -> str:
    return text.split("\n\n", 1)[1]  # the model gets "subject\n\nbody"


def test_a_grounded_polish_is_used(with_llm):
    services = with_llm(
        lambda text: _body(text).replace("Dear management of", "Dear colleagues at")
    )
    draft = services.outreach.draft(_request())
    assert draft.composer == "llm" and draft.body.startswith("Dear colleagues at SIA Granulas")
    assert draft.versions[0].composer == "llm"
    system = services.llm.seen[0][0][1]
    assert "Keep every number exactly as written" in system


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda text: _body(text) + "\nIt also saves €99,999 a year.", "numbers that are not in"),
        (lambda text: _body(text).replace(SAW, "a sawmill"), "dropped 'SIA Zāģētava'"),
        (lambda text: "", "empty"),
        (TimeoutError("too slow"), "TimeoutError"),
    ],
)
def test_a_polish_that_fails_a_check_keeps_the_template(with_llm, change, why):
    services = with_llm(change)
    draft = services.outreach.draft(_request())
    plain = services.outreach.draft(_request(polish=False))
    assert draft.composer == "template" and why in draft.composer_note
    assert draft.body == plain.body


def test_polish_never_sees_or_writes_a_confidential_quantity(with_llm):
    services = with_llm(lambda text: _body(text) + "\nThey have 2,400 t.")
    draft = services.outreach.draft(
        DraftRequest(source=SAW, target=PELLETS, material="zāģskaidas", lang="en")
    )
    assert "2400" not in str(services.llm.seen) and SAW not in str(services.llm.seen)
    assert draft.composer == "template" and "2,400" not in draft.body


def test_channel_and_tone_from_the_message():
    assert channel_of("uzraksti e-pastu SIA X") == "email"
    assert channel_of("sagatavo zvana plānu") == "phone"
    assert channel_of("uzraksti vēstuli SIA X par zāģskaidām") == "letter"
    assert channel_of("write to SIA X about sawdust") == "email"
    assert tone_of("draudzīgā tonī, lūdzu") == "friendly" and tone_of("write a letter") == "formal"


def _ask(services: Services, *questions: str, viewer: Any = LOCAL_ADMIN) -> Any:
    """Ask the questions as one conversation; the last answer."""
    conversation = None
    for q in questions:
        response = services.chat.ask(q, conversation, viewer=viewer)
        conversation = response.conversation_id
    return response


def _draft(response: Any) -> dict[str, Any]:
    draft = response.trace["extra"].get("draft")
    assert draft, response.trace["notes"]
    return draft


def test_chat_draft_to_a_named_taker_finds_the_source(park):
    response = _ask(park, "uzraksti vēstuli SIA Granulas par zāģskaidām")
    found = _draft(response)
    assert response.recipient == PELLETS and found["channel"] == "letter"
    assert "Zāģētava" not in found["body"]  # the sawdust flow is confidential
    assert park.outreach.get(found["id"]).body == found["body"]


def test_a_chat_draft_takes_the_staff_right_of_the_rest_routes(park):
    before = len(park.outreach.list_drafts())
    council = Viewer(name="council", role="municipal")
    response = _ask(park, "uzraksti vēstuli SIA Granulas par zāģskaidām", viewer=council)
    assert response.trace["extra"]["staff_only"] and response.recipient is None
    assert len(park.outreach.list_drafts()) == before


def test_the_recipient_is_the_company_written_to_not_the_source(park):
    response = _ask(park, "write an email to SIA Granulas about bark from SIA Zāģētava")
    found = _draft(response)
    assert response.recipient == PELLETS and SAW in found["body"] and found["language"] == "en"


def test_a_producer_written_to_is_offered_a_taker(park):
    response = _ask(park, "write a friendly letter to SIA Zāģētava about bark")
    found = _draft(response)
    assert response.recipient == SAW and found["recipient_role"] == "producer"
    assert found["tone"] == "friendly"
    assert SECRET not in found["body"]  # the best partner is a confidential company


def test_a_sender_who_introduces_itself_is_not_the_recipient(park):
    response = _ask(park, "We're SIA Zāģētava. Write to SIA Granulas offering our bark")
    assert response.recipient == PELLETS and _draft(response)["recipient_role"] == "taker"


def test_a_recipient_named_by_what_it_does(park):
    response = _ask(
        park, "SIA Zāģētava has 300 t of bark a year", "Labi, uzraksti granulu ražotājam vēstuli"
    )
    assert response.recipient == PELLETS and SAW in _draft(response)["body"]


def test_write_to_them_goes_to_the_first_partner_of_the_last_answer(park):
    first = _ask(park, "SIA Zāģētava has 300 t of bark a year. Who could use it?")
    partner = first.trace["state"]["partners"][0]
    response = _ask(
        park,
        "SIA Zāģētava has 300 t of bark a year. Who could use it?",
        "write to them please",
    )
    assert response.recipient == partner != SAW


def test_a_draft_needs_a_recipient_and_a_material(park):
    response = _ask(park, "write a letter")
    assert response.recipient is None and not park.outreach.list_drafts()
    response = _ask(park, "write to SIA Betons about bark")
    assert response.recipient is None
    assert any("no company in the park pairs" in n for n in response.trace["notes"])
