"""Which sentences answer a question that asks for a figure."""

from __future__ import annotations

import pytest

from assistant.chat.extract import (
    answers_figure,
    asks_for_figure,
    asks_status,
    best_sentences,
    states_status,
)


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        ("How many firms did they survey?", "The first phase surveyed about 100 firms.", True),
        ("How many firms did they survey?", "The office opened in 2024.", False),  # a year
        ("What does such an office cost a year?", "It has adapted in over 30 countries.", False),
        ("What did it cost the public per tonne?", "Public cost was about 65p per tonne.", True),
        ("How much did the partners invest?", "Savings were DKK 600 million a year.", False),
        ("How much did the partners invest?", "They invested about €30,000.", True),
        ("Cik tāds birojs gadā izmaksā?", "Izmaksas bija 1,2 milj. eiro gadā.", True),
        ("Cik tāds birojs gadā izmaksā?", "Pielāgoja vairāk nekā 30 valstīs.", False),
        ("Kāda ir cena par tonnu?", "Centrālā biroja darbinieki: 12 cilvēki.", False),
        ("Cik ilgi to izskata?", "Termiņš lēmumam ir 30 darba dienas.", True),
        ("How long does VVD take?", "The deadline is 30 working days.", True),
        ("Cik ilgi to izskata?", "Noteikumi Nr. 703 ir no 2011. gada 13. septembra.", False),
    ],
)
def test_a_figure_of_the_kind_asked_for(question, sentence, answers):
    assert asks_for_figure(question)
    assert answers_figure(question, sentence) is answers


def test_a_rate_per_tonne_answers_a_tax_question_and_a_target_does_not():
    asked = "Cik liels bija dabas resursu nodoklis 2021. gadā?"
    assert answers_figure(asked, "Gads: 2021; DRN likme par tonnu: 65 €")
    assert not answers_figure(asked, "Plāns 2021.–2028. gadam: 55 % pārstrādei līdz 2025. gadam")
    assert answers_figure("How much is the landfill tax?", "€130 per tonne from 2026")


def test_a_how_long_question_quotes_the_sentence_with_the_duration():
    passage = (
        "Atļauju piesaka saskaņā ar 2011. gada 13. septembra noteikumiem Nr. 703. "
        "Iesniegumus pieņem sistēmā TULPE. "
        "Termiņš lēmumam ir 30 darba dienas, tas ir, aptuveni sešas nedēļas."
    )
    assert best_sentences(passage, "Cik ilgi to izskata?", limit=1) == [
        "Termiņš lēmumam ir 30 darba dienas, tas ir, aptuveni sešas nedēļas."
    ]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Has it been adopted as a Cabinet regulation yet?", True),
        ("Is the amended directive in force now?", True),
        ("Vai šie noteikumi jau ir pieņemti?", True),
        ("Vai grozījumi jau stājušies spēkā?", True),
        ("What does the Waste Management Law say about by-products?", False),
        ("Vai koksnes pelni ir bīstami atkritumi?", False),
    ],
)
def test_a_question_whether_a_measure_is_law_yet(question, asked):
    assert asks_status(question) is asked


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("Directive (EU) 2025/1892 entered into force on 16 October 2025.", True),
        ("Noteikumi stājās spēkā 2011. gada 1. janvārī.", True),
        ("Whether the draft has since been adopted (2024 text) has not been checked.", False),
        ("The draft was published on the TAP portal in 2024.", False),
        ("The regulation was adopted by the Cabinet.", False),  # no date: not a status
    ],
)
def test_a_sentence_that_says_when_a_measure_became_law(sentence, states):
    assert states_status(sentence) is states


def test_has_the_draft_been_adopted_is_answered_as_not_in_the_knowledge_base(park_services):
    """The knowledge base records the wood-ash criteria as a draft and says its adoption was
    not checked: the answer says so instead of quoting the draft as the answer."""
    chat = park_services.chat
    first = chat.ask("Are there draft end-of-waste criteria for wood ash in Latvia?")
    then = chat.ask("Has it been adopted as a Cabinet regulation yet?", first.conversation_id)
    assert then.intent == "regulation"
    assert "not in my knowledge base" in then.answer
    assert then.citations  # with the passages it does have
