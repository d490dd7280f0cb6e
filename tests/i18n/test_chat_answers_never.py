"""Twenty real chat answers in Latvian pass the never-list, twenty in English have no Latvian
leaking in (issue 18's bar "0 hits … plus 20 chat answers").

The questions are written here, across the intents, and asked through the real services on the
demo park (as test_chat_quality builds them), as the park's facilitator. Company names and the
companies' own material names are data, not the product's words: they are allowed, and so are
the proper names (places, people, a brewery) that an English knowledge document declares in
its front matter (`names:`, guarded by test_english_knowledge.py). A Latvian term an English
document quotes is marked as Latvian ("Latvian: …"), which the check already skips.
"""

from __future__ import annotations

import json

import pytest

from assistant.auth.viewer import Viewer
from assistant.composition import Services
from assistant.config import Settings
from assistant.park import load_demo_park
from assistant.text.never import check_en, check_lv
from tests.conftest import KNOWLEDGE
from tests.i18n.test_english_knowledge import knowledge_names

DEMO_PARK = KNOWLEDGE / "parks" / "demo_park.json"
FACILITATOR = Viewer(name="i18n-check", role="facilitator", user_id=-1)

LATVIAN = [
    "Mums ir aptuveni 1200 t zāģskaidu gadā. Kam parkā tās varētu noderēt?",
    "Piensaimniecībā paliek pāri sūkalas, ap 3000 m3 gadā. Ko ar tām darīt?",
    "Kur parkā var nodot betona drupas, apmēram 500 t gadā?",
    "Mums ir 40 t izlietotas cepamās eļļas gadā. Kas to var pārstrādāt?",
    "Siltumnīcām vajag siltumu, ap 2000 MWh gadā. Kas parkā to var piegādāt?",
    "Betona rūpnīcai vajag lidpelnus, aptuveni 300 t gadā. Kur tos var dabūt?",
    "Meklējam šķeldu kurināšanai, ap 5000 t gadā. Kas parkā to piedāvā?",
    "Kādi nosacījumi jāizpilda, lai ražošanas atlikums būtu blakusprodukts?",
    "Cik liels ir dabas resursu nodoklis par atkritumu apglabāšanu poligonā 2026. gadā?",
    "Kāda atļauja vajadzīga, lai pieņemtu citu uzņēmumu atkritumus pārstrādei?",
    "Kā sākās un kā darbojas Kalundborgas industriālā simbioze?",
    "Kādi ir industriālās simbiozes piemēri Latvijā?",
    "Uzraksti vēstuli SIA Demo Biogāze par mūsu sūkalām. Mēs esam SIA Demo Piensaimnieks.",
    "Ko piedāvā SIA Demo Metālapstrāde?",
    "Ko meklē SIA Demo Betons un cik tālu tas ir?",
    "Pastāsti par parku: cik tajā ir uzņēmumu un kādas ir galvenās sinerģijas?",
    "Kuri uzņēmumi parkā rada bīstamus atkritumus?",
    "Ar ko tu vari palīdzēt?",
    "Kas uzvarēja pēdējā Eirovīzijas dziesmu konkursā?",
    "Esam SIA Demo Loģistika. Pievieno mūsu profilam 15 t nolietotu riepu gadā.",
]
ENGLISH = [
    "We have about 800 t of bark a year. Who in the park could use it?",
    "Our bakery has 60 t of unsold bread a year. What can we do with it?",
    "We produce 150 t of steel turnings per year. Who buys them?",
    "The data centre has spare low-grade heat. Who could take it?",
    "We need about 200 t of CO2 a year for the greenhouse. Who has it?",
    "Our concrete plant needs 10,000 m3 of process water a year. Any source in the park?",
    "We need dry wood shavings for poultry litter, about 100 t a year. Who can supply?",
    "When does a production residue count as a by-product instead of waste?",
    "What is the Latvian natural resources tax on landfilling in 2026?",
    "What permit do we need to accept other companies' wood waste?",
    "How did the Kalundborg symbiosis start?",
    "Give me an example of industrial symbiosis in Finland.",
    "Draft an email from Demo Alus darītava to Demo Piena ferma offering our spent grain.",
    "What does SIA Demo Stikls offer?",
    "What is SIA Demo Siltumnīcas looking for?",
    "Give me an overview of the park: how many companies and what do they do?",
    "Which companies in the park have hazardous waste?",
    "What can you help me with?",
    "What's the weather in Riga tomorrow?",
    "This is Demo Autoserviss. Please add 5 t of used brake pads a year to our profile.",
]


def _park_words() -> list[str]:
    """The demo park's data: names (with and without `SIA `), places, the companies' own
    descriptions and material names; and the proper names the English knowledge declares."""
    park = json.loads(DEMO_PARK.read_text("utf-8"))
    words = {str(park["park"].get(key) or "") for key in ("name", "municipality", "description")}
    for company in park["companies"]:
        name = company["name"]
        words |= {name, name.removeprefix("SIA "), name.removesuffix(" (fiktīvs)")}
        words.add(name.removeprefix("SIA ").removesuffix(" (fiktīvs)"))
        keys = ("municipality", "address", "sector", "description", "contact_email")
        words |= {str(company.get(key) or "") for key in keys}
        for flow in company.get("flows", []):
            words.add(str(flow.get("material") or ""))
    words |= set(knowledge_names())
    return sorted(w for w in words if w)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("i18n-chat"), _env_file=None)
    built = Services(settings)
    built.init_db()
    built.ingestor.ingest_paths([KNOWLEDGE])
    load_demo_park(built.park, DEMO_PARK)
    yield built
    built.close()


def test_the_questions_are_twenty_in_each_language():
    assert len(LATVIAN) == len(set(LATVIAN)) == 20
    assert len(ENGLISH) == len(set(ENGLISH)) == 20


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "questions", "check"),
    [
        pytest.param("lv", LATVIAN, check_lv, id="latvian-answers-pass-the-never-list"),
        pytest.param("en", ENGLISH, check_en, id="english-answers-have-no-latvian"),
    ],
)
def test_twenty_answers_in_each_language_are_clean(services, lang, questions, check):
    allow = _park_words()
    hits, intents = [], set()
    for question in questions:
        response = services.chat.ask(question, lang=lang, viewer=FACILITATOR)
        intents.add(response.intent)
        assert response.language == lang, question
        assert response.answer.strip(), question
        found = check(response.answer, allow=allow)
        hits += [(question, f.kind, f.text, _around(response.answer, f.start)) for f in found]
    assert len(intents) >= 7, intents
    assert hits == []


def _around(text: str, start: int) -> str:
    return text[max(0, start - 40) : start + 40].replace("\n", " ")
