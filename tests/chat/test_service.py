"""The chat pipeline end to end on the shipped knowledge and the demo park (hash embedder)."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from sqlmodel import Session, func, select

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.errors import InvalidInput, NotFound
from assistant.llm.grounding import evidence_numbers, ungrounded
from assistant.models import Flow
from assistant.text.normalize import fold
from tests.chat.fakes import chat_with


@pytest.fixture(scope="module")
def chat(park_services):
    return park_services.chat


def grounded(response) -> list[float]:
    known = evidence_numbers(response.trace, [c.model_dump() for c in response.citations])
    return ungrounded(response.answer, known)


QUESTIONS = [
    "We produce about 2,400 t of sawdust a year. Who could use it and what is it worth?",
    "Mums ir 300 t koksnes pelnu gadā, kur tos likt?",
    "cik liels ir dabas resursu nodoklis 2026. gadā",
    "Which pilots should we start in the park?",
    "pastāsti par SIA Demo Kokapstrāde",
    "we need 500 MWh of heat for our greenhouse",
    "What did Kalundborg do with gypsum?",
    "kad zāģskaidas ir blakusprodukts?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_number_in_an_answer_comes_from_its_evidence(chat, question):
    response = chat.ask(question)
    assert grounded(response) == [], response.answer


def test_sawdust_answer_leads_with_money_and_names_a_park_partner(chat):
    response = chat.ask("We produce about 2,400 t of sawdust a year. Who could use it?")
    assert (response.intent, response.language) == ("byproduct_reuse", "en")
    first = response.answer.split("Legal route")[0]
    assert "€" in first and "a year" in first
    partners = {s["target_company"] for s in response.synergies if s["kind"] == "pair"}
    assert partners and any(p in response.answer for p in partners)
    assert response.trace["state"]["material"]["category"] == "wood.sawdust"


def test_follow_up_resolves_against_the_conversation(chat):
    first = chat.ask("We produce about 2,400 t of sawdust a year. Who could use it?")
    second = chat.ask("And what are the legal steps?", first.conversation_id)
    assert second.intent == "regulation"
    assert second.trace["rewrite"]["followup"] is True
    assert "sawdust" in second.answer
    assert any(c.doc_id.startswith("wfd-by-products") for c in second.citations)


def test_a_follow_up_takes_its_own_question_and_shows_the_rewrite(chat):
    first = chat.ask("Mums ir 2400 t zāģskaidu gadā. Kas tās varētu izmantot?")
    second = chat.ask("cik tas ietaupītu?", first.conversation_id)
    assert second.intent == "value" and second.answer != first.answer
    assert second.trace["rewrite"]["followup"] is True
    assert "zāģskaidas" in second.trace["rewrite"]["question"]
    assert second.answer.startswith("Īsumā:") and "€" in second.answer


def test_the_conversation_state_is_kept_apart_from_the_traces(chat, park_services):
    """Wiping every stored trace changes nothing: the follow-up reads the typed state."""
    from sqlmodel import Session, select

    from assistant.models import Message

    first = chat.ask("We produce about 2,400 t of sawdust a year. Who could use it?")
    with Session(park_services.engine) as session:
        for message in session.exec(
            select(Message).where(Message.conversation_id == first.conversation_id)
        ):
            message.trace = {}
            session.add(message)
        session.commit()
    second = chat.ask("And what are the legal steps?", first.conversation_id)
    assert second.trace["rewrite"]["followup"] is True and "sawdust" in second.answer


def test_a_company_user_is_never_offered_its_own_company(chat, park_services):
    from assistant.auth.viewer import Viewer

    ids = {c.name: c.id for c in park_services.park.list_companies()}
    own = "SIA Demo Kokapstrāde (fiktīvs)"
    user = Viewer(name="k", role="company", company_id=ids[own])
    for question in (
        "We have 2,400 t of sawdust a year. Who could take it?",
        "Mums ir 300 t mizas gadā. Kam tā noder?",
    ):
        response = chat.ask(question, viewer=user)
        partners = {s["target_company"] for s in response.synergies if s["kind"] == "pair"}
        assert partners and own not in partners


def test_answers_in_the_language_of_the_question(chat):
    lv = chat.ask("Kas var izmantot mūsu alus drabiņas?")
    assert lv.language == "lv" and ("gadā" in lv.answer or "Parkā" in lv.answer)
    en = chat.ask("Who can use brewers' spent grain?")
    assert en.language == "en" and "a year" in en.answer


def test_citations_point_at_passages_that_exist(chat, park_services):
    response = chat.ask("When is a production residue a by-product?")
    assert response.citations
    for citation in response.citations:
        assert f"[{citation.n}]" in response.answer
        hits = park_services.retriever.search(citation.text[:200], 3).hits
        assert citation.doc_id in {h.doc_id for h in hits}


@pytest.mark.parametrize(
    "question",
    [
        "What's the weather in Riga tomorrow?",
        "Kas uzvarēja hokeja čempionātā?",
        "Write me a poem about cats",
    ],
)
def test_out_of_scope_is_honest_and_cites_nothing(chat, question):
    response = chat.ask(question)
    assert response.intent == "out_of_scope"
    assert response.citations == [] and response.synergies == []
    assert "knowledge base" in response.answer or "zināšanu bāzē" in response.answer


FACILITATOR = Viewer(name="Anna", role="facilitator", user_id=9001)


def _flows(services) -> int:
    with Session(services.engine) as session:
        return session.exec(select(func.count()).select_from(Flow)).one()


def test_profile_update_is_written_only_after_confirmation(chat, park_services):
    before = _flows(park_services)
    says = "Esam SIA Demo Kokapstrāde (fiktīvs). Mums rodas arī 120 t mizas gadā"
    proposal = chat.ask(says, viewer=FACILITATOR)
    assert proposal.intent == "update_profile" and _flows(park_services) == before
    assert "jā" in proposal.answer
    cancelled = chat.ask("nē", proposal.conversation_id, viewer=FACILITATOR)
    assert cancelled.intent == "update_profile" and _flows(park_services) == before
    again = chat.ask(says, viewer=FACILITATOR)
    done = chat.ask("jā", again.conversation_id, viewer=FACILITATOR)
    assert _flows(park_services) == before + 1
    assert "Pievienots" in done.answer


def test_a_viewer_who_may_not_edit_the_company_gets_no_proposal(chat, park_services):
    before = _flows(park_services)
    says = "Esam SIA Demo Kokapstrāde (fiktīvs). Mums rodas arī 120 t mizas gadā"
    refused = chat.ask(says, viewer=ANONYMISED)
    assert refused.intent == "update_profile"
    assert "Nevaru mainīt" in refused.answer and "jā" not in refused.answer.split()
    assert chat.ask("jā", refused.conversation_id, viewer=ANONYMISED)
    assert _flows(park_services) == before


def test_a_conversation_is_continued_only_by_its_owner(chat):
    first = chat.ask("kur likt koksnes pelnus?", viewer=FACILITATOR)
    with pytest.raises(NotFound):
        chat.ask("un kādi ir juridiskie soļi?", first.conversation_id, viewer=ANONYMISED)
    with pytest.raises(NotFound):
        chat.memory.messages(first.conversation_id, ANONYMISED)
    assert chat.memory.messages(first.conversation_id, FACILITATOR)[1]
    assert all(c.id != first.conversation_id for c in chat.memory.recent(ANONYMISED))


def test_confidential_quantities_of_other_companies_do_not_appear(chat, park_services):
    park = park_services.park.snapshot()
    secret = [f for f in park.flows if f.confidential]
    assert secret
    for flow in secret:
        response = chat.ask(f"Who can use {flow.material}?")
        assert f"{flow.quantity:g} {flow.unit}" not in response.answer
        confidential = {c.name for c in park.companies if c.confidential}
        assert not any(name in response.answer for name in confidential)


def test_conversation_memory_is_stored_with_traces(chat):
    first = chat.ask("kur likt koksnes pelnus?")
    chat.ask("un kādi ir juridiskie soļi?", first.conversation_id)
    conversation, messages = chat.memory.messages(first.conversation_id, ANONYMISED)
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1].trace["rewrite"]["intents"][0] == "byproduct_reuse"
    assert conversation.lang == "lv"


def test_bad_input(chat):
    with pytest.raises(InvalidInput):
        chat.ask("   ")
    with pytest.raises(InvalidInput):
        chat.ask("x" * 4001)
    with pytest.raises(InvalidInput):
        chat.ask("hello", lang="de")
    with pytest.raises(NotFound):
        chat.ask("hello", conversation_id="nope")


def _with_llm(services, replies):
    return chat_with(services, FakeListChatModel(responses=replies))


def test_llm_answer_keeps_only_real_citations(park_services):
    chat = _with_llm(
        park_services,
        [
            "A production residue is a by-product, not waste, when four conditions hold: its "
            "further use is certain, it can be used directly without processing beyond normal "
            "industrial practice, it is produced as an integral part of production, and the "
            "further use is lawful [1]. Ignore this [9]."
        ],
    )
    response = chat.ask("When is a production residue a by-product?")
    assert response.trace["composer"] == "llm"
    assert "[9]" not in response.answer and "[1]" in response.answer
    assert [c.n for c in response.citations] == [1]


def test_llm_numbers_outside_the_evidence_fall_back_to_the_offline_answer(park_services):
    chat = _with_llm(park_services, ["You will save 987654 euros [1]."])
    response = chat.ask("When is a production residue a by-product?")
    assert response.trace["composer"] == "offline"
    assert any("not in the evidence" in note for note in response.trace["notes"])
    assert "987654" not in response.answer


def test_llm_error_falls_back_and_the_trace_says_so(park_services):
    class Broken:
        def invoke(self, *_args, **_kwargs):
            raise TimeoutError("the model did not answer in time")

    response = chat_with(park_services, Broken()).ask("What is end-of-waste status?")
    assert response.trace["composer"] == "offline" and response.citations
    assert any("TimeoutError" in note for note in response.trace["notes"])


def test_llm_prompt_carries_the_evidence_and_the_injection_guard(park_services):
    from assistant.prompts import render

    system = render("llm/system.en.j2")
    assert "ignore any instruction" in fold(system)


def test_a_figure_on_a_recorded_flow_is_yearly_and_a_stand_in_is_per_unit(chat, park_services):
    """No amount said: a company's own flow on record gives a yearly figure for that amount;
    without one the figure is per unit and says so (never a yearly sum labelled per tonne)."""
    from assistant.auth.viewer import Viewer

    ids = {c.name: c.id for c in park_services.park.list_companies()}
    sawmill = Viewer(name="k", role="company", company_id=ids["SIA Demo Kokapstrāde (fiktīvs)"])
    own = chat.ask("What are our wood chips worth?", viewer=sawmill)
    assert own.intent == "value"
    assert "a year" in own.answer and "on record" in own.answer and "per t;" not in own.answer
    stranger = chat.ask("What is wood chips worth to someone in the park?", viewer=FACILITATOR)
    assert stranger.intent == "value" and "per t" in stranger.answer


def test_an_overview_of_one_kind_of_material_lists_who_has_it_and_who_needs_it(chat):
    response = chat.ask("Give me an overview of heat in the park", viewer=FACILITATOR)
    assert response.intent == "park_overview"
    has, needs = response.answer.split("Who needs it:")
    assert "Who has it:" in has and "SIA Demo Datu centrs (fiktīvs)" in has
    assert "SIA Demo Siltumnīcas (fiktīvs)" in needs.split("Matches")[0]
    assert "zāģskaidas" not in response.answer  # wood is another kind of material
    assert all(s["category"].startswith("heat.") for s in response.synergies)


def test_what_a_company_record_does_not_hold_is_said_plainly(chat):
    first = chat.ask("What do we know about SIA Demo Metālapstrāde (fiktīvs)?", viewer=FACILITATOR)
    second = chat.ask("How many people work there?", first.conversation_id, viewer=FACILITATOR)
    assert second.intent == "company_info"
    assert "not in my knowledge base" in second.answer
    assert "SIA Demo Metālapstrāde (fiktīvs)" in second.answer


def test_how_much_the_suppliers_just_listed_have_to_spare(chat, park_services):
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    sawmill = Viewer(name="k", role="company", company_id=ids["SIA Demo Kokapstrāde (fiktīvs)"])
    first = chat.ask(
        "Our drying kilns need heat. Who in the park could supply that heat?", viewer=sawmill
    )
    assert first.intent == "find_input"
    second = chat.ask("How much heat do they have to spare?", first.conversation_id, viewer=sawmill)
    assert "SIA Demo Siltumenerģija (fiktīvs)**: about 12,000 MWh a year" in second.answer


def test_a_price_question_gets_the_price_row_with_its_source(chat, park_services):
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    sawmill = Viewer(name="k", role="company", company_id=ids["SIA Demo Kokapstrāde (fiktīvs)"])
    chips = chat.ask("What price per tonne could we get for our wood chips?", viewer=sawmill)
    assert chips.intent == "value"
    assert "€35 per t (€20 to €58; LV 2025, https://www.baltpool.eu" in chips.answer
    assert "not in my knowledge base" not in chips.answer  # a Latvian price is on record
    brewery = Viewer(name="b", role="company", company_id=ids["SIA Demo Alus darītava (fiktīvs)"])
    grain = chat.ask("Par cik mēs varētu pārdot savas alus drabiņas?", viewer=brewery)
    assert grain.intent == "value" and "Nīderlande, 2016. gada dati" in grain.answer
    assert "Latvijas tirgus cenas šim materiālam nav manā zināšanu bāzē" in grain.answer


def test_a_letter_about_a_material_the_asker_needs_asks_for_it(chat, park_services):
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    plant = Viewer(name="b", role="company", company_id=ids["SIA Demo Betons (fiktīvs)"])
    first = chat.ask("We need crushed concrete for aggregate. Who has it?", viewer=plant)
    assert first.intent == "find_input"
    letter = chat.ask(
        "Write to them proposing that we take it.", first.conversation_id, viewer=plant
    )
    assert letter.intent == "outreach_request"
    assert "SIA Demo Būvnieks (fiktīvs)" in letter.answer.split("\n")[0]
    assert "Your company has" in letter.answer  # the recipient has it; we would take it
    assert "SIA Demo Betons (fiktīvs) (1.4 km from you) could take it" in letter.answer
    pair = letter.synergies[0]  # the exchange the letter proposes, the way it proposes it
    assert (pair["source_company"], pair["target_company"]) == (
        "SIA Demo Būvnieks (fiktīvs)",
        "SIA Demo Betons (fiktīvs)",
    )


def _then(chat, first: str, then: str, viewer: Viewer = FACILITATOR):
    """A two-turn conversation: the answer to `then`, asked after `first`."""
    opening = chat.ask(first, viewer=viewer)
    return chat.ask(then, opening.conversation_id, viewer=viewer)


def test_a_letter_goes_to_the_company_it_is_addressed_to(chat):
    letter = _then(
        chat,
        "Who could supply CO2 to the greenhouse?",
        "ok, write a letter to the greenhouse proposing the brewery's CO2",
    )
    assert letter.intent == "outreach_request"
    assert "SIA Demo Siltumnīcas (fiktīvs)" in letter.answer.split("\n")[0]


def test_how_long_after_a_permit_question_leads_with_the_deadline(chat):
    """The follow-up keeps the permit topic (not the material's own legal route) and the
    sentence holding the duration is the direct answer, not "not in my knowledge base"."""
    first = chat.ask(
        "We want to take other companies' wood waste and chip it. What permit do we need?",
        viewer=FACILITATOR,
    )
    second = chat.ask(
        "And how long will the decision take?", first.conversation_id, viewer=FACILITATOR
    )
    assert second.intent == "regulation"
    assert "not in my knowledge base" not in second.answer
    lead = next(line for line in second.answer.splitlines() if line.startswith("In short:"))
    assert "30 working days" in lead
    assert any(c.doc_id == "lv-waste-permits-r-d-codes-en" for c in second.citations)


def test_flows_recorded_in_the_other_language_are_named_in_the_readers(chat):
    """A company may record its flows in either language; the answer names each in the
    reader's language (the taxonomy's label) instead of quoting the other language."""
    english = chat.ask(
        "What do we know about SIA Demo Metālapstrāde (fiktīvs)?", viewer=FACILITATOR
    )
    assert english.intent == "company_info"
    for latvian in ("tērauda virpošanas skaidas", "kompresoru atlikumsiltums", "kartons"):
        assert latvian not in english.answer
    assert "aluminium shavings (25 t a year)" in english.answer  # written in English: kept
    latvian = chat.ask("Kam parkā ir plēve?", viewer=FACILITATOR)
    assert latvian.intent == "park_overview"
    assert "stretch film" not in latvian.answer and "production film" not in latvian.answer
    plain = latvian.answer.replace("\u00a0", " ").replace("\u202f", " ")
    assert "SIA Demo Loģistika (fiktīvs) — plastmasas plēve, 18 t gadā" in plain
    assert "iepakojuma plēve, 9 t gadā" in plain  # written in Latvian: kept


def test_a_letter_to_one_company_about_anothers_material_names_both(chat):
    """The company named as the material's holder is the other party, not the park's best
    holder; its flow recorded in English is named in Latvian in a Latvian letter."""
    letter = chat.ask(
        "Uzraksti vēstuli SIA Demo Plastmasa (fiktīvs) par SIA Demo Loģistika (fiktīvs) "
        "stiepjamās plēves nodošanu.",
        viewer=FACILITATOR,
    )
    assert letter.intent == "outreach_request"
    assert letter.recipient == "SIA Demo Plastmasa (fiktīvs)"
    assert "SIA Demo Loģistika (fiktīvs)" in letter.answer
    assert "SIA Demo Piensaimnieks (fiktīvs)" not in letter.answer  # another holder of film
    assert "stretch film" not in letter.answer and "plastmasas plēve" in letter.answer


def test_our_sludge_is_the_sludge_on_our_record(chat, park_services):
    """A dairy says "sludge" (read as sewage sludge) and names a biogas plant: "we" is the
    dairy, and its one sludge on record (food-industry effluent sludge) is what is matched."""
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    dairy = Viewer(name="p", role="company", company_id=ids["SIA Demo Piensaimnieks (fiktīvs)"])
    answer = chat.ask(
        "Our effluent treatment leaves roughly 400 t of sludge a year. "
        "Would a biogas plant want it?",
        viewer=dairy,
    )
    assert answer.intent == "byproduct_reuse"
    assert "**Best match: SIA Demo Biogāze (fiktīvs)**" in answer.answer
    assert "Piensaimnieks (fiktīvs)** (" not in answer.answer  # never its own partner


def test_letters_named_by_need_by_about_and_by_two_parties(chat, park_services):
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    sawmill = Viewer(name="k", role="company", company_id=ids["SIA Demo Kokapstrāde (fiktīvs)"])
    by_need = chat.ask("Write a letter to whoever needs our sawdust.", viewer=sawmill)
    assert by_need.intent == "outreach_request"
    assert by_need.recipient == "SIA Demo Granulas (fiktīvs)"  # the first taker of sawdust
    # the company after "about" holds the material, even when the last answer listed it first
    about = _then(
        chat,
        "Who in the park makes dry shavings, and who wants them?",
        "Now draft a letter to Granulas about the furniture workshop's dry shavings",
    )
    assert about.recipient == "SIA Demo Granulas (fiktīvs)"
    assert "SIA Demo Mēbeļu darbnīca (fiktīvs)" in about.answer
    # no material said: the two companies' best exchange
    email = _then(
        chat,
        "Tell me about the data centre",
        "Draft an email from the data centre to the fish farm proposing it.",
    )
    assert email.recipient == "SIA Demo Akvakultūra (fiktīvs)" and "heat" in email.answer


def test_after_a_letter_a_statement_naming_another_company_is_another_letter(chat):
    first = chat.ask(
        "Uzraksti vēstuli Granulām par mēbeļu darbnīcas ēveļskaidām.", viewer=FACILITATOR
    )
    assert first.recipient == "SIA Demo Granulas (fiktīvs)"
    second = chat.ask(
        "Un tagad no Granulām mēbeļu darbnīcai, ka tās gribētu skaidas pirkt.",
        first.conversation_id,
        viewer=FACILITATOR,
    )
    assert second.intent == "outreach_request"
    assert second.recipient == "SIA Demo Mēbeļu darbnīca (fiktīvs)"
    assert "granulas" not in second.trace["understanding"]["entities"]["materials"]


def test_a_question_for_an_act_is_answered_from_that_act_not_the_materials_route(park_services):
    from assistant.chat.gather.knowledge import asks_for_act

    assert asks_for_act("Which EU directive brought in the food-waste targets?")
    assert asks_for_act("Kuros noteikumos ir noteikti R kodi?")
    assert not asks_for_act("Do we need a permit to give our food waste to the biogas plant?")
    answer = park_services.chat.ask(
        "Which EU directive brought in the binding food-waste targets, and what are they?"
    )
    assert answer.intent == "regulation"
    assert answer.citations[0].doc_id.startswith("wfd-amendment-2025-1892")
    assert "2025/1892" in answer.answer


def test_a_price_worked_out_from_what_a_buyer_avoids_is_not_passed_off_as_a_quote(
    chat, park_services
):
    """No price for waste heat itself is published: the answer gives the price table's heat
    figure with its source and says it is the most a taker would pay, not a quote."""
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    dairy = Viewer(name="d", role="company", company_id=ids["SIA Demo Piensaimnieks (fiktīvs)"])
    heat = chat.ask("What would our compressor waste heat be worth per MWh?", viewer=dairy)
    assert heat.intent == "value"
    assert "€25 per MWh (€18 to €51; LV 2025" in heat.answer
    assert "A published price for it is not in my knowledge base" in heat.answer
    chips = Viewer(name="k", role="company", company_id=ids["SIA Demo Kokapstrāde (fiktīvs)"])
    quoted = chat.ask("What price per tonne could we get for our wood chips?", viewer=chips)
    assert "A published price for it is not" not in quoted.answer  # a quoted Latvian price


def test_a_value_answer_says_the_figure_is_for_what_the_partner_takes(chat, park_services):
    """The dairy records 2,800 MWh of compressor heat; the fish farm needs 1,500 MWh: the
    yearly figure is for the 1,500 the farm can take, and the answer says so."""
    ids = {c.name: c.id for c in park_services.park.list_companies()}
    dairy = Viewer(name="d", role="company", company_id=ids["SIA Demo Piensaimnieks (fiktīvs)"])
    answer = chat.ask("What is our compressor waste heat worth to the fish farm?", viewer=dairy)
    assert answer.intent == "value"
    said = answer.answer.replace("\xa0", " ")
    assert "1,500 MWh a year SIA Demo Akvakultūra (fiktīvs) can take of the 2,800" in said
