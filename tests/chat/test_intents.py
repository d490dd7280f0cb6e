import pytest

from assistant.chat.entities import EntityExtractor
from assistant.chat.intents import classify, is_confirmation

EXTRACTOR = EntityExtractor(
    [(1, "SIA Demo Kokapstrāde (fiktīvs)"), (2, "SIA Demo Piensaimnieks (fiktīvs)")]
)


@pytest.mark.parametrize(
    "text,intent",
    [
        ("We produce about 2,400 t of sawdust a year. Who could use it?", "byproduct_reuse"),
        ("kur likt koksnes pelnus", "byproduct_reuse"),
        ("we need 500 MWh of heat for our greenhouse", "find_input"),
        ("mums vajag šķeldu katlumājai", "find_input"),
        ("kad zāģskaidas ir blakusprodukts?", "regulation"),
        ("cik liels ir dabas resursu nodoklis 2026. gadā", "regulation"),
        ("What did Kalundborg do with gypsum?", "good_practice"),
        ("uzraksti vēstuli SIA Demo Piensaimnieks par sūkalām", "outreach_request"),
        ("Which pilots should we start in the park?", "park_overview"),
        ("pastāsti par Demo Kokapstrāde", "company_info"),
        ("Esam SIA Demo Kokapstrāde. Mums rodas arī 300 t mizas gadā", "update_profile"),
        ("we also produce 300 t of bark a year", "update_profile"),
        ("ko tu proti?", "help"),
        ("What can you do?", "help"),
        ("Who won the football world cup?", "out_of_scope"),
    ],
)
def test_intents(text, intent):
    assert classify(text, EXTRACTOR.extract(text)).intent == intent


@pytest.mark.parametrize(
    "text,expected",
    [
        ("yes", True),
        ("Jā", True),
        ("jā, apstiprinu", True),
        ("ok", True),
        ("no", False),
        ("nē", False),
        ("ne, paldies", False),
        ("cancel", False),
        ("what do you mean?", None),
        ("we also produce a lot of bark every year, add it", None),
    ],
)
def test_confirmations(text, expected):
    assert is_confirmation(text) is expected
