"""The optional LLM polish (with the chat's grounding checks) and the chat intent's drafts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.chat.context import Context, MaterialRef
from assistant.chat.outreach import channel_of, draft_from_chat, tone_of
from assistant.chat.tools import ChatTools
from assistant.composition import Services
from assistant.errors import Forbidden, InvalidInput
from assistant.models.outreach import DraftRequest
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.deals.parks import PELLETS, SAW, SECRET, ids, load


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


def _tools(services: Services) -> ChatTools:
    return ChatTools(
        park=services.park,
        retriever=services.retriever,
        engine=services.synergy_engine,
        taxonomy=services.taxonomy,
        outreach=services.outreach,
    )


def _draft(services: Services, question: str, lang: str, ctx: Context) -> dict[str, Any]:
    return draft_from_chat(_tools(services), question, lang, ctx, viewer=LOCAL_ADMIN)


def _ctx(services: Services, company: str, text: str, category: str) -> Context:
    return Context(
        company_id=ids(services)[company],
        company=company,
        material=MaterialRef(text=text, category=category),
    )


def test_chat_draft_to_a_taker_finds_the_source(park):
    ctx = _ctx(park, PELLETS, "zāģskaidas", "wood.sawdust")
    found = _draft(park, "uzraksti vēstuli SIA Granulas par zāģskaidām", "lv", ctx)
    assert {"id", "target", "subject", "body", "synergy_id"} <= set(found)
    assert found["target"] == PELLETS and found["channel"] == "letter"
    assert "Zāģētava" not in found["body"]  # the sawdust flow is confidential
    assert park.outreach.get(found["id"]).body == found["body"]


def test_a_chat_draft_takes_the_staff_right_of_the_rest_routes(park):
    ctx = _ctx(park, PELLETS, "zāģskaidas", "wood.sawdust")
    before = len(park.outreach.list_drafts())
    with pytest.raises(Forbidden):
        draft_from_chat(_tools(park), "uzraksti vēstuli SIA Granulas par zāģskaidām", "lv", ctx)
    assert len(park.outreach.list_drafts()) == before


def test_chat_draft_with_a_second_company_named(park):
    ctx = _ctx(park, PELLETS, "miza", "wood.bark")
    found = _draft(park, "write an email to SIA Granulas about bark from SIA Zāģētava", "en", ctx)
    assert found["target"] == PELLETS and SAW in found["body"] and found["language"] == "en"


def test_chat_draft_to_a_producer_offers_the_material(park):
    ctx = _ctx(park, SAW, "miza", "wood.bark")
    found = _draft(park, "write a friendly letter to SIA Zāģētava about bark", "en", ctx)
    assert found["target"] == SAW and found["recipient_role"] == "producer"
    assert found["tone"] == "friendly"
    assert SECRET not in found["body"]  # the best partner is a confidential company


def test_chat_draft_from_a_sender_who_introduces_itself(park):
    ctx = _ctx(park, SAW, "miza", "wood.bark")  # the chat remembers the longer name first
    found = _draft(park, "We're SIA Zāģētava. Write to SIA Granulas offering our bark", "en", ctx)
    assert found["target"] == PELLETS and found["recipient_role"] == "taker"
    assert SAW in found["body"]


def test_chat_draft_for_a_remembered_company_goes_to_its_partner(park):
    ctx = _ctx(park, SAW, "miza", "wood.bark")
    hinted = _draft(park, "Labi, uzraksti granulu ražotājam vēstuli", "lv", ctx)
    assert hinted["target"] == PELLETS and SAW in hinted["body"]
    best = _draft(park, "Labi, uzraksti vēstuli ar piedāvājumu.", "lv", ctx)
    assert best["target"] != SAW and best["recipient_role"] == "taker"


def test_chat_draft_needs_a_company_and_a_material(park):
    with pytest.raises(InvalidInput, match="name the company"):
        _draft(park, "write a letter", "en", Context())
    with pytest.raises(InvalidInput, match="no synergy"):
        _draft(park, "write to SIA Betons", "en", _ctx(park, "SIA Betons", "miza", "wood.bark"))
