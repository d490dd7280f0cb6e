"""The chat scorer itself (assistant/evaluation/chat.py): whole words and numbers, and what
counts as a self-match (tests/eval/chat/FORMAT.md)."""

from __future__ import annotations

import pytest

from assistant.chat.service import ChatResponse
from assistant.evaluation.chat import Asker, has_fact, self_matches

SAWMILL = "SIA Demo Kokapstrāde (fiktīvs)"
BOILERS = "SIA Demo Siltumenerģija (fiktīvs)"


@pytest.mark.parametrize(
    "answer,fact,found",
    [
        ("the tax is €130 per tonne", "130", True),
        ("the tax is €1300 per tonne", "130", False),
        ("150 000–200 000 t a year", "150000", True),
        ("started in the early 1970s", "1970", False),
        ("ja, var", "ja", True),
        ("janvārī", "ja", False),
        ("granulu ražotājs", "granul*", True),
    ],
)
def test_facts_are_whole_words_and_numbers(answer, fact, found):
    assert has_fact(answer, fact) is found


def _answer(intent: str, source: str, target: str, direction: str = "output") -> ChatResponse:
    return ChatResponse(
        conversation_id="c",
        message_id="m",
        answer="",
        language="en",
        intent=intent,
        synergies=[{"source_company": source, "target_company": target}],
        trace={"state": {"direction": direction}},
    )


def test_the_asker_offered_its_own_material_as_taker_is_a_self_match():
    asker = Asker(role="company", company=SAWMILL)
    assert self_matches(_answer("byproduct_reuse", BOILERS, SAWMILL), asker)
    assert not self_matches(_answer("byproduct_reuse", SAWMILL, BOILERS), asker)


def test_the_asker_receiving_what_it_needs_is_not_a_self_match():
    asker = Asker(role="company", company=SAWMILL)
    assert not self_matches(_answer("find_input", BOILERS, SAWMILL, "input"), asker)
    assert self_matches(_answer("find_input", SAWMILL, BOILERS, "input"), asker)


def test_another_companys_pairs_may_include_the_asker_but_never_one_company_twice():
    asker = Asker(role="company", company=BOILERS)
    assert not self_matches(_answer("company_info", SAWMILL, BOILERS), asker)
    assert self_matches(_answer("company_info", SAWMILL, SAWMILL), asker)


@pytest.mark.parametrize("intent", ["park_overview", "park_gaps"])
def test_the_parks_pairs_may_include_the_asker_but_never_one_company_twice(intent):
    asker = Asker(role="company", company=BOILERS)
    assert not self_matches(_answer(intent, SAWMILL, BOILERS), asker)
    assert self_matches(_answer(intent, SAWMILL, SAWMILL), asker)
