"""`/v1/chat/completions` takes the history as context only: earlier turns never act again,
a resend creates nothing, and a request that fails changes nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from assistant.api.app import create_app
from assistant.models import Conversation, Message
from assistant.models.outreach import OutreachDraft
from assistant.models.park import Flow
from assistant.models.pipeline import Synergy

SAYS = "Esam SIA Demo Kokapstrāde (fiktīvs). Mums rodas arī {n} t mizas gadā"
DRAFT = (
    "Uzraksti e-pastu SIA Demo Granulas (fiktīvs) par mūsu zāģskaidām, esam SIA Demo "
    "Kokapstrāde (fiktīvs)"
)


def _count(services, model) -> int:  # type: ignore[no-untyped-def]
    with Session(services.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _state(services) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(_count(services, m) for m in (Flow, OutreachDraft, Synergy, Conversation, Message))


@pytest.fixture(scope="module")
def api(park_services):
    token = park_services.auth.create_user("v1-facilitator", "facilitator").token
    with TestClient(
        create_app(services=park_services), headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def _complete(api, users: list[str]):  # type: ignore[no-untyped-def]
    messages = []
    for text in users:
        messages += [{"role": "user", "content": text}, {"role": "assistant", "content": "…"}]
    return api.post("/v1/chat/completions", json={"model": "simbioze", "messages": messages[:-1]})


def test_the_same_turns_act_through_api_chat(api, park_services):
    """The control: these turns do add a flow and write a draft when said one by one."""
    flows, drafts = _count(park_services, Flow), _count(park_services, OutreachDraft)
    first = api.post("/api/chat", json={"message": SAYS.format(n=121)}).json()
    api.post("/api/chat", json={"message": "jā", "conversation_id": first["conversation_id"]})
    api.post("/api/chat", json={"message": DRAFT})
    assert _count(park_services, Flow) == flows + 1
    assert _count(park_services, OutreachDraft) == drafts + 1


def test_earlier_action_turns_in_a_history_create_nothing(api, park_services):
    flows, drafts = _count(park_services, Flow), _count(park_services, OutreachDraft)
    users = []
    for n in range(131, 141):
        users += [SAYS.format(n=n), "jā", DRAFT]
    users.append("Kas var izmantot mizu?")
    response = _complete(api, users)
    assert response.status_code == 200, response.text
    assert (_count(park_services, Flow), _count(park_services, OutreachDraft)) == (flows, drafts)


def test_a_resend_creates_nothing_and_gives_the_same_answer(api, park_services):
    users = [SAYS.format(n=151), "jā"]
    first = _complete(api, users)
    assert first.status_code == 200
    before = _state(park_services)
    again = _complete(api, users)
    assert _state(park_services) == before
    assert again.json()["choices"] == first.json()["choices"]


def test_a_history_that_continues_a_stored_conversation_acts_on_its_last_turn(api, park_services):
    flows = _count(park_services, Flow)
    proposal = _complete(api, [SAYS.format(n=161)])
    assert "jā" in proposal.json()["choices"][0]["message"]["content"]
    done = _complete(api, [SAYS.format(n=161), "jā"])
    assert done.status_code == 200 and _count(park_services, Flow) == flows + 1


def test_a_failing_request_changes_nothing(api, park_services):
    before = _state(park_services)
    limit = park_services.settings.chat_max_chars
    response = _complete(api, [SAYS.format(n=171), "jā", DRAFT, "x" * (limit + 1)])
    assert response.status_code == 422
    assert set(response.json()) == {"error"}
    assert _state(park_services) == before


def test_a_company_user_cannot_write_drafts_or_pipeline_entries_through_chat(park_services):
    """The REST routes for drafts and the pipeline are staff-only; so is chat drafting."""
    token = park_services.auth.create_user(
        "v1-sawmill", "company", "SIA Demo Kokapstrāde (fiktīvs)"
    ).token
    before = _state(park_services)
    with TestClient(
        create_app(services=park_services), headers={"Authorization": f"Bearer {token}"}
    ) as client:
        answer = client.post("/api/chat", json={"message": DRAFT}).json()
    assert answer["intent"] == "outreach_request" and "fasilitator" in answer["answer"]
    after = _state(park_services)
    assert after[1:3] == before[1:3]  # no draft, no pipeline entry
