"""Whose need a find-input answer is about: the asker's own, another company's named in the
conversation, or nobody's in particular (the facilitator asking who needs steam) — and a need
the viewer may not see in full shows neither its amount nor its season, whatever they are."""

from __future__ import annotations

from pathlib import Path

from assistant.auth.viewer import Viewer
from assistant.composition import Services
from assistant.config import Settings
from assistant.text.seasons import season
from tests.chat.conversation import ask_in_turn, company_user
from tests.deals.parks import SECRET, park_document, services_on

FACILITATOR = Viewer(name="f", role="facilitator", user_id=9001)
COUNCIL = Viewer(name="council", role="municipal")
PACKAGING, GREENHOUSES = "SIA Demo Iepakojums (fiktīvs)", "SIA Demo Siltumnīcas (fiktīvs)"
DAIRY, SAWMILL = "SIA Demo Piensaimnieks (fiktīvs)", "SIA Demo Kokapstrāde (fiktīvs)"


def test_the_facilitator_asking_who_needs_steam_gets_the_company_that_needs_it(park_services):
    (answer,) = ask_in_turn(
        park_services,
        FACILITATOR,
        "One firm here needs steam at 165 °C: which one, and who has it?",
    )
    assert answer.intent == "find_input"
    needers = [n["company"] for n in answer.trace["extra"]["needers"]]
    assert needers == [PACKAGING]
    assert PACKAGING in answer.answer and "You need" not in answer.answer
    assert "165" in answer.answer  # the need's temperature, from the structured facts
    assert answer.trace["facts"]["needers"][0]["temperature"] == 165


def test_how_much_do_they_need_after_their_supplier_is_the_needers_amount_and_months(
    park_services,
):
    first, then = ask_in_turn(
        park_services,
        FACILITATOR,
        "Who could supply the greenhouses with CO2?",
        "How much do they need, and in which months?",
    )
    assert first.intent == "find_input" and GREENHOUSES in first.answer.split("\n")[0]
    (need,) = then.trace["extra"]["capacity"]
    assert need["company"] == GREENHOUSES and need["own_need"] and need["quantity"] == 300
    assert "300 t a year (March–October)" in then.answer.replace("\xa0", " ")


def _with_secret_need(settings: Settings, tmp_path: Path, tonnes: float, when: str) -> Services:
    """The deals park with the confidential company's sawdust need at `tonnes` t/year,
    available `when`: two such parks in one band must answer a council viewer alike."""
    document = park_document()
    flow = next(c for c in document["companies"] if c["name"] == SECRET)["flows"][0]
    flow.update(quantity=tonnes, availability=when)
    return services_on(settings, tmp_path, document, str(tonnes))


def test_a_hidden_need_shows_no_amount_whatever_it_is(settings, tmp_path):
    seen = []
    for tonnes, when in ((777.0, "marts–oktobris"), (888.0, "visu gadu")):
        services = _with_secret_need(settings, tmp_path, tonnes, when)
        try:
            (answer,) = ask_in_turn(
                services, COUNCIL, "Which company needs sawdust, and who could supply it?"
            )
        finally:
            services.close()
        assert answer.intent == "find_input"
        hidden = [n for n in answer.trace["extra"]["needers"] if n["amount"] is None]
        assert hidden and all(n["company"] != SECRET for n in hidden)
        seen.append((answer.answer, answer.trace["extra"]["needers"]))
    assert seen[0] == seen[1]


def test_an_availability_reads_in_the_answers_language():
    assert season("galvenokārt septembris–maijs", "en") == "September–May"
    assert season("sezonāli: aprīlis un oktobris–novembris", "en") == "April, October–November"
    assert season("visu gadu; vasarā jauda pārpalikumā (maijs–septembris)", "en") == "all year"
    assert season("pēc vajadzības", "en") is None  # no Latvian words in an English answer
    assert season("pēc vajadzības", "lv") == "pēc vajadzības"
    assert season("", "lv") is None


def test_that_farm_is_the_farm_the_last_answer_showed(park_services):
    first, then = ask_in_turn(
        park_services,
        company_user(park_services, DAIRY),
        "Daļu sūkalu mēs šobrīd novadām kanalizācijā. Kam tās varētu noderēt?",
        "Ko tā ferma ar tām darītu?",
    )
    farms = [p for p in first.trace["state"]["partners"] if "ferma" in p]
    assert farms and then.trace["state"]["company"] == farms[0]


def test_would_they_take_our_bark_too_asks_the_partners_just_listed(park_services):
    first, then = ask_in_turn(
        park_services,
        company_user(park_services, SAWMILL),
        "Mūsu mizas katlumāja jānomaina. Kas varētu piegādāt siltumu žāvēšanas kamerām?",
        "Un vai viņi ņemtu arī mūsu mizu?",
    )
    supplier = first.trace["state"]["partners"][0]
    assert then.synergies[0]["target_company"] == supplier
