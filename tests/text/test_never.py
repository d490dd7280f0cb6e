"""The "never" list of ../shared/LATVIAN.md, and Latvian leaking into English output."""

from __future__ import annotations

import pytest

from assistant.text.never import check_en, check_lv, rule_ids


def kinds(findings):
    return [(f.kind, f.text) for f in findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ceļš: end_of_waste.", [("enum", "end_of_waste")]),
        ("Statuss: identified", [("enum", "identified")]),
        ("Tas ir by product.", [("enum", "by product")]),
        ("Noteikums wood-sawdust-to-pellets nostrādāja.", [("rule_id", "wood-sawdust-to-pellets")]),
        ("Atbilstība (score 0,9).", [("enum", "score")]),
        ("Apjoms 2 400 t/year.", [("unit", "t/year")]),
        ("Siltums 300 MWh/year", [("unit", "MWh/year")]),
        ("Cena 44.6 €/t.", [("decimal_point", "44.6")]),
        ("Apjoms 2,400 t gadā.", [("thousands_comma", "2,400")]),
        ("Lauks legal_kind ir tukšs.", [("enum", "legal_kind")]),
    ],
)
def test_latvian_never_list(text, expected):
    assert kinds(check_lv(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ieguvums: 12\u00a0000 € gadā, 2,5 t, 40 % un 2 400 t gadā.",
        "Rīgā, 2026. gada 6. decembrī. Tabulā: 06.12.2026.",
        "Noteikumu Nr. 302 1.3. apakšpunkts un 2.2 punkts; Direktīva 2008/98/EK.",
        "Avots: https://likumi.lv/doc.php?id=229148 un eur-lex.europa.eu/eli/dir/2025/1892/oj.",
        "Atkritumu kods 10 01 03, NACE 16.10 (zāģēšana).",
        "Sadarbības partneris: SIA Demo Granulas (fiktīvs), 0,3 km attālumā.",
        "Pilotprojekts sākas nākamajā mēnesī; apmaiņa ir blakusprodukts.",
    ],
)
def test_good_latvian_passes(text):
    assert check_lv(text) == []


def test_allowed_names_are_not_checked():
    text = "Partneris: Kalundborg refinery-gas-unit"
    assert check_lv(text, allow=["Kalundborg refinery-gas-unit"]) == []


def test_every_rule_id_is_known():
    assert "wood-sawdust-to-pellets" in rule_ids()
    assert len(rule_ids()) > 50


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("About 2 400 t a year.", "space_thousands"),
        ("The benefit is 12 000 € a year.", "lv_money"),
        ("A price of 44,6 EUR/t.", "decimal_comma"),
        ("Volume: 300 t/gadā.", "lv_unit"),
        ("The company ir ready.", "lv_word"),
        ("Send the zāģskaidas to the pellet maker.", "lv_word"),
    ],
)
def test_latvian_in_english_is_found(text, kind):
    assert kind in {f.kind for f in check_en(text)}


def test_good_english_passes_and_names_may_be_latvian():
    text = (
        "SIA Demo Kokapstrāde (fiktīvs) could send 2,400 t/year of sawdust, saving €409,200 "
        "a year (see likumi.lv/ta/id/221378)."
    )
    assert check_en(text, allow=["SIA Demo Kokapstrāde (fiktīvs)"]) == []


def test_codes_and_iso_dates():
    assert check_lv("Gofrētais kartons (OCC, šķira 1.05).") == []
    assert check_lv("NACE 2. red., piem., 16.10 (zāģēšana)") == []
    assert kinds(check_lv("Pārbaudīja 2026-11-30.")) == [("date", "2026-11-30")]


def test_register_findings():
    from assistant.text.never import check_register_lv

    text = "Juridiskais ceļš: ap 10 000 €; bezdarbības cena. Labdien, SIA X komanda!"
    found = [f.text for f in check_register_lv(text)]
    assert found == ["Juridiskais ceļš", "ap ", "bezdarbības cena", "komanda!"]
    assert check_register_lv("Tiesiskais risinājums: aptuveni 10 000 € gadā ap pusdienlaiku.") == []


def test_addresses_marked_glosses_and_paper_ids_are_not_hits():
    assert check_lv("Rakstiet: facilitator@example.lv vai info@kokapstrade.example.lv.") == []
    assert check_lv("(angļu val. *by-product*), sk. arī angliski: landfill tax; beigas") == []
    assert check_lv("Avots: Energies 2020, arXiv 1912.06558.") == []
    assert check_en("In Latvian, industriālā simbioze is new.") == []
    # unmarked, they are still found
    assert [f.text for f in check_lv("Tas ir by-product.")] == ["by-product"]
    assert check_lv("Cena 44.6 €/t.")[0].kind == "decimal_point"
    assert check_en("The uzņēmums said so.") != []


def test_only_a_marked_gloss_is_skipped():
    assert check_en("Latvian: atlikumsiltums") == []
    assert check_en("the Latvian uzņēmums pays") != []
