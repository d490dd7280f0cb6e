"""Which sentences answer a question that asks for a figure."""

from __future__ import annotations

import pytest

from assistant.chat.extract import answers_figure, asks_for_figure, best_sentences


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
