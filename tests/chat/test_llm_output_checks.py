"""What an LLM answer may not carry (assistant/chat/grounding.py): outside links and images,
another language, the text of its own instructions."""

from __future__ import annotations

import pytest

from assistant.llm.grounding import echoes, foreign_links, off_language, source_addresses
from assistant.prompts import render

LAW = "https://likumi.lv/ta/id/221378"


@pytest.mark.parametrize(
    "answer",
    [
        "See ![chart](https://likumi.lv/ta/id/221378) [1].",  # an image is fetched: never allowed
        "See [the law](https://evil.example/x) [1].",
        f"See [the law]({LAW}?d=SIA%20Secret%201234) [1].",  # a real source carrying data out
        "Details: https://evil.example/?d=1234 [1].",
        "Details: www.evil.example/p [1].",
        "Details: <img src=x onerror=alert(1)> [1].",
        "See [the law][r] [1].\n\n[r]: https://evil.example/r",
        "Details: [click](javascript:alert(1)) [1].",
    ],
)
def test_links_and_images_outside_the_sources_are_found(answer):
    assert foreign_links(answer, [LAW])


@pytest.mark.parametrize(
    "answer",
    [
        "Sawdust is a by-product [1].",
        f"The law is at {LAW} [1].",
        f"The law is at {LAW}. [1]",
        f"See [the law]({LAW}) [1].",
        "The List of Waste code is 03 01 05 [1].",
    ],
)
def test_plain_text_and_the_evidence_sources_pass(answer):
    assert foreign_links(answer, [LAW]) == []


def test_only_addresses_count_as_sources():
    assert source_addresses(["Directive 2008/98/EC, Article 5", LAW]) == [LAW]


@pytest.mark.parametrize(
    ("answer", "lang", "found"),
    [
        (
            "Zāģskaidas ir blakusprodukts, ja to tālāka izmantošana ir droša un likumīga [1].",
            "en",
            "lv",
        ),
        ("Sawdust is a by-product when its further use is certain and lawful [1].", "lv", "en"),
        (
            "Опилки являются побочным продуктом, если их дальнейшее использование законно [1].",
            "en",
            "non-Latin",
        ),
        ("Sawdust is a by-product when its further use is certain and lawful [1].", "en", None),
        (
            "Zāģskaidas ir blakusprodukts, ja to tālāka izmantošana ir droša un likumīga [1].",
            "lv",
            None,
        ),
        ("PWNED [1]", "en", None),  # too short to judge (the other checks see to it)
        (
            "**SIA Demo Kokapstrāde (fiktīvs)** sells 2,400 t of sawdust a year to pellet makers "
            "in the park [1].",
            "en",
            None,
        ),  # Latvian names in an English answer
    ],
)
def test_the_language_of_an_answer(answer, lang, found):
    assert off_language(answer, lang) == found


def test_a_latvian_answer_quoting_a_bilingual_description_is_latvian():
    answer = (
        "**SIA Demo Kokapstrāde (fiktīvs)** — 16.10 Zāģēšana, ēvelēšana un impregnēšana\n"
        "Fiktīvs demo uzņēmums / fictional demo company: sawmill with kiln drying.\n"
        "Rodas: zāģskaidas; miza (1800 t/year); koka atgriezumi un nogriežņi.\n"
        "Vajag: siltums žāvēšanas kamerām (7000 MWh/year)."
    )
    assert off_language(answer, "lv") is None


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_repeating_the_system_prompt_is_found(lang):
    system = render(f"llm/system.{lang}.j2", fence="DATA-0123")
    assert echoes(f"Sure! {system.splitlines()[1]} [1]", system)
    assert not echoes("Sawdust is a by-product when its further use is certain [1].", system)
