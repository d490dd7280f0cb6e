"""The rewrite stage: a follow-up keeps the conversation's subject and takes its own
question; a new subject starts afresh; "we" of a company user is the user's company."""

from __future__ import annotations

import pytest

from assistant.auth.viewer import Viewer
from assistant.chat.classifier import default_classifier
from assistant.chat.companies import Visible
from assistant.chat.evidence import named_in, passages
from assistant.chat.gather.knowledge import regimes_named
from assistant.chat.rewrite import plan
from assistant.chat.state import ConversationState
from assistant.chat.tools import ChatTools
from assistant.chat.understand import Understander

COMPANIES = [
    Visible(1, "SIA Demo Kokapstrāde (fiktīvs)", "16.10"),
    Visible(2, "SIA Demo Granulas (fiktīvs)", "16.29"),
    Visible(3, "SIA Demo Siltumnīcas (fiktīvs)", "01.13"),
]
FACILITATOR = Viewer(name="f", role="facilitator")


def _turns(*messages: str, viewer: Viewer = FACILITATOR, companies: list[Visible] = COMPANIES):
    understand = Understander(default_classifier())
    state, plans = ConversationState(), []
    for message in messages:
        u = understand(message, None, state.lang, companies, pending=False)
        found = plan(u, state, viewer)
        state = found.state
        plans.append(found)
    return plans


def test_a_follow_up_keeps_the_material_and_asks_its_own_question():
    first, second = _turns(
        "Mums ir 2400 t zāģskaidu gadā. Kas tās varētu izmantot?", "cik tas ietaupītu?"
    )
    assert first.intent == "byproduct_reuse" and not first.followup
    assert second.followup and second.intent == "value"
    assert second.state.material is not None and second.state.quantity == 2400
    assert "zāģskaid" in second.question and second.question.startswith("cik tas ietaupītu?")


def test_a_legal_follow_up_becomes_a_legal_question_about_the_same_material():
    *_, third = _turns(
        "We have 2400 t of sawdust a year. Who could use it?",
        "what would that save us?",
        "And what about permits?",
    )
    assert third.followup and third.intent == "regulation"
    assert third.state.material is not None and "sawdust" in third.query


def test_a_new_material_starts_a_new_subject():
    _, second = _turns("We have 2400 t of sawdust a year.", "We also have bark, who takes it?")
    assert second.state.material is not None and second.state.material.text == "bark"
    assert second.state.quantity is None


def test_a_company_users_we_is_its_own_company():
    user = Viewer(name="k", role="company", company_id=1)
    (found,) = _turns("We have 300 t of bark a year. Who could take it?", viewer=user)
    assert found.state.company_id == 1
    # naming the partner asked about does not make it the subject: "we" still has the bark
    (asked,) = _turns("We have 300 t of bark a year. Could the greenhouse use it?", viewer=user)
    assert asked.intent == "byproduct_reuse" and asked.state.company_id == 1


def test_a_first_question_is_its_own_standalone_question():
    (found,) = _turns("Which companies should the park attract?")
    assert not found.followup and found.question == "Which companies should the park attract?"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("How did Kalundborg get started?", ["kalund"]),
        ("Kā Kalundborgā izmanto elektrostacijas ģipsi?", ["kalund"]),
        ("Kā strādāja NISP?", ["nisp"]),
        ("What is the landfill tax in Latvia?", []),  # a country is not a case
        ("Mums ir 2400 t zāģskaidu. Kas tās var izmantot?", []),  # sentence starts
        ("Is the CO2 priced?", []),
        ("Under which Cabinet Regulation do we apply, and how long does VVD take?", ["vvd"]),
        ("Which article of the Waste Framework Directive sets it?", []),  # an act, not a case
    ],
)
def test_the_proper_names_a_question_asks_about(question, names):
    assert named_in(question) == names


def test_passages_of_the_case_named_come_first(park_services):
    tools = ChatTools(
        park=park_services.park,
        retriever=park_services.retriever,
        engine=park_services.synergy_engine,
        taxonomy=park_services.taxonomy,
        outreach=park_services.outreach,
    )
    found = passages(tools, "How did Kalundborg get started and who runs it?", "en")
    assert found and "Kalundborg" in found[0].title


def test_a_follow_up_to_a_case_without_a_material_stays_with_the_cases():
    first, second = _turns(
        "Is there a programme with numbers on the public cost per tonne of CO2?",
        "Is there a version of that in a smaller country we could copy?",
    )
    assert first.intent == "good_practice"
    assert second.followup and second.intent == "good_practice"


def test_a_follow_up_that_brings_a_case_home_asks_about_the_park():
    _, second = _turns(
        "Has any symbiosis used a power station's cooling water for fish farming?",
        "Could we do something like that in our park?",
    )
    assert second.followup and second.intent != "good_practice"


def test_the_same_year_question_again_for_another_year():
    first, second = _turns("Cik liela ir DRN likme par apglabāšanu 2026. gadā?", "Un 2028. gadā?")
    assert second.followup and second.intent == first.intent


@pytest.mark.parametrize(
    ("question", "regimes"),
    [
        ("Tās ir no gaļas ražošanas — vai tāpēc ir kādi īpaši noteikumi?", ["animal_by_product"]),
        ("can they legally feed it to the cows?", ["feed"]),
        ("Kādi ir galvenie noteikumi?", []),  # "galvenie" is not meat
        ("Is feedback on the permit welcome?", ["waste_permit"]),  # "feedback" is not feed
        ("Kāda atļauja mums vajadzīga, lai šķeldotu citu koksni?", ["waste_permit"]),
        ("Vai tie skaitās bīstamie atkritumi?", ["classification"]),
        ("so is that stuff hazardous waste? what code do we put on it?", ["classification"]),
        ("Which R code goes on our permit?", ["waste_permit"]),  # an operation, not a class
        ("Do we need a permit, and what waste code is it?", ["waste_permit", "classification"]),
        ("Vai lopbarībai vajag atļauju?", ["feed"]),  # feed's own registration
    ],
)
def test_the_legal_regime_a_question_names(question, regimes):
    assert regimes_named(question) == regimes


def test_the_same_kind_of_material_keeps_the_amount_said():
    _, second = _turns(
        "We chip roughly 5,000 t of edgings and offcuts a year. Who could burn them?",
        "What price per tonne could we get for the chips?",
    )
    assert second.state.material is not None and second.state.material.text == "chips"
    assert second.state.quantity == 5000


def test_only_a_material_is_an_elliptic_follow_up_that_keeps_the_question():
    first, second = _turns(
        "Kam parkā noderētu attīrītie notekūdeņi?", "Un to siltumu no notekūdeņiem?"
    )
    assert second.followup and second.intent == first.intent
    assert second.state.material is not None and second.state.material.category == "heat.low"


def test_they_after_a_case_stays_with_the_case_even_when_a_material_is_named():
    first, second = _turns(
        "Has any symbiosis used landfill gas to heat greenhouses?",
        "How much heat and electricity do they produce a year?",
    )
    assert first.intent == "good_practice"
    assert second.followup and second.intent == "good_practice"
    assert "landfill gas" in second.query  # the case's question is searched again


def test_a_legal_follow_up_searches_the_question_it_follows():
    *_, third = _turns(
        "We have 450 t of dairy sludge a year. Could a biogas plant take it?",
        "Does the animal by-products regulation apply to it?",
        "Who would we have to talk to about that in Latvia?",
    )
    assert third.intent == "regulation"
    assert "animal by-products" in third.query and "sludge" in third.query


def test_a_short_follow_up_the_classifier_cannot_place_stays_with_the_legal_topic():
    first, second = _turns(
        "Is there an EU end-of-waste regulation for plastic regranulate?",
        "Has that been adopted yet?",
    )
    assert first.intent == "regulation"
    assert second.followup and second.intent == "regulation"


def test_a_follow_up_about_the_company_just_described_stays_with_that_company():
    first, second = _turns(
        "What do we know about SIA Demo Kokapstrāde (fiktīvs)?", "How many people work there?"
    )
    assert first.intent == "company_info"
    assert second.followup and second.intent == "company_info"
    assert second.state.company == "SIA Demo Kokapstrāde (fiktīvs)"


def test_a_legal_question_after_a_company_profile_is_a_legal_question():
    _, second = _turns(
        "What do we know about SIA Demo Kokapstrāde (fiktīvs)?",
        "If they sold us their sawdust, would it need a waste permit?",
    )
    assert second.intent == "regulation"


def test_the_third_turn_of_a_case_thread_still_searches_the_case():
    *_, third = _turns(
        "How did Burgos set up its circular economy office?",
        "How many companies did they survey at the start?",
        "And what does such an office cost a year?",
    )
    assert third.intent == "good_practice"
    assert "Burgos" in third.query and third.state.topic.startswith("How did Burgos")


def test_what_about_another_material_asks_the_same_need_again():
    first, second = _turns(
        "We need process water for washing, who could supply it?",
        "And what about fly ash — is there anyone with some?",
    )
    assert first.intent == "find_input"
    assert second.followup and second.intent == "find_input"
    assert second.state.material is not None and second.state.material.category.startswith("ash")


def test_our_other_material_after_a_need_is_an_offer():
    _, second = _turns(
        "We need process water for washing, who could supply it?",
        "And our bark, who takes it?",
    )
    assert second.intent == "byproduct_reuse"


def test_what_we_would_save_after_a_legal_answer_is_a_value_question():
    *_, third = _turns(
        "We have 300 t of broken glass a year and no recycler nearby. What can we do with it?",
        "When does glass cullet stop being waste?",
        "How much would we save on landfill tax if it no longer went to landfill?",
    )
    assert third.followup and third.intent == "value"


def test_what_the_case_saved_stays_with_the_case():
    first, second = _turns(
        "How did Kalundborg's partners share steam and gypsum?",
        "How much did they save a year?",
    )
    assert first.intent == "good_practice"
    assert second.intent == "good_practice"


def test_a_company_named_like_a_material_is_not_the_material_unless_said_again():
    companies = [
        Visible(7, "SIA Demo Granulas (fiktīvs)", "16.29"),
        Visible(8, "SIA Demo Maizes ceptuve (fiktīvs)", "10.71"),
    ]
    understand = Understander(default_classifier())
    sender = understand(
        "Now one from Granulas to the sawmill about sawdust", None, None, companies, pending=False
    )
    assert [m.category for m in sender.entities.materials] == ["wood.sawdust"]
    bakery = understand(
        "We are the Maizes ceptuve and have 85 t of unsold bread (maize) a year",
        None,
        None,
        companies,
        pending=False,
    )
    assert bakery.entities.materials  # the bread is said again outside the name


WATER_WORKS = [
    *COMPANIES,
    Visible(4, "SIA Demo Betons (fiktīvs)", "23.63"),
    Visible(5, "SIA Demo Ūdenssaimniecība (fiktīvs)", "37.00"),
]


@pytest.mark.parametrize(
    "messages",
    [
        (
            "We discharge treated waste water. Could anyone use it as process water?",
            "And the heat in our waste water?",
            "What permits do we need to hand this water over to the concrete plant?",
        ),
        (
            "Mēs novadām attīrītus notekūdeņus. Vai kāds tos varētu izmantot?",
            "Un mūsu notekūdeņu siltumu?",
            "Kādas atļaujas vajadzīgas, lai šo ūdeni nodotu betona rūpnīcai?",
        ),
    ],
)
def test_this_water_refers_back_to_the_water_discussed_and_the_plant_is_the_partner(messages):
    utility = Viewer(name="u", role="company", user_id=5, company_id=5)
    first, second, third = _turns(*messages, viewer=utility, companies=WATER_WORKS)
    assert second.state.material and second.state.material.category.startswith("heat")
    water = third.state.material
    assert water is not None and water.text == first.state.material.text  # not just "water"
    assert third.state.company_id == 5  # we hand it over: the plant is the partner
    assert third.state.counterpart and third.state.counterpart.id == 4
    assert third.state.partners[0] == "SIA Demo Betons (fiktīvs)"


def test_a_material_of_another_kind_after_this_is_still_that_material():
    _, second = _turns(
        "We have 2400 t of sawdust a year. Who could use it?", "And this bark, who takes it?"
    )
    assert second.state.material is not None and second.state.material.text == "bark"
    assert second.state.earlier and second.state.earlier[0].text == "sawdust"


def test_a_letter_about_another_companys_new_material_asks_for_it():
    grower = Viewer(name="g", role="company", user_id=3, company_id=3)
    _, letter = _turns(
        "We need about 300 t of CO2 a year. Is there a source in the park?",
        "Write to the pellet maker about its waste heat.",
        viewer=grower,
    )
    assert letter.intent == "outreach_request" and letter.state.direction == "input"
    _, ours = _turns(
        "We need about 300 t of CO2 a year. Is there a source in the park?",
        "Write to the pellet maker about our waste heat.",
        viewer=grower,
    )
    assert ours.state.direction == "output"


def test_a_word_of_the_material_discussed_keeps_it():
    first, second = _turns(
        "We have 650 t of spent grain a year. Who could take it?",
        "Who would be the next best taker for the grain?",
    )
    assert second.followup and second.state.material == first.state.material
    assert second.focus is None  # no partners were listed in this plan-only conversation
