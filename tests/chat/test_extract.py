"""Which sentences answer a question that asks for a figure."""

from __future__ import annotations

import pytest

from assistant.chat.extract import answers_figure, asks_for_figure


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
    ],
)
def test_a_figure_of_the_kind_asked_for(question, sentence, answers):
    assert asks_for_figure(question)
    assert answers_figure(question, sentence) is answers
