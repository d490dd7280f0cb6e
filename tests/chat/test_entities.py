import pytest

from assistant.chat.entities import EntityExtractor, find_codes, find_quantity, parse_number
from assistant.text.normalize import fold


@pytest.mark.parametrize(
    "text,value,unit",
    [
        ("we have 2,400 t of sawdust", 2400, "t/year"),
        ("mums ir 2 400 tonnas", 2400, "t/year"),
        ("about 12,5 m3 of water", 12.5, "m3/year"),
        ("1,5 GWh of waste heat", 1500, "MWh/year"),
        ("800 kWh", 0.8, "MWh/year"),
        ("300 tonnes of bark", 300, "t/year"),
    ],
)
def test_quantities_and_units(text, value, unit):
    found = find_quantity(text)
    assert found is not None and found.value == pytest.approx(value) and found.unit == unit


def test_no_quantity_without_a_unit():
    assert find_quantity("in 2026 the tax rises") is None


def test_thousands_and_decimal_commas():
    assert parse_number("2,400") == 2400 and parse_number("2,5") == 2.5
    assert parse_number("1 234 567") == 1234567


def test_codes():
    assert find_codes("EWC 03 01 05 and 100103, NACE 16.10") == (
        ["03 01 05", "10 01 03"],
        ["16.10"],
    )


@pytest.fixture(scope="module")
def extractor():
    return EntityExtractor([(1, "SIA Demo Kokapstrāde (fiktīvs)"), (2, 'AS "Piens"')])


@pytest.mark.parametrize(
    "text,category",
    [
        ("kam var noderēt alus drabiņas?", "food.spent_grain"),
        ("kur likt koksnes pelnus", "ash.wood"),
        ("zagskaidas", "wood.sawdust"),
        ("Who can use our whey?", "food.whey"),
        ("used cooking oil from the canteen", "food.oils_fats"),
    ],
)
def test_materials_in_latvian_and_english(extractor, text, category):
    assert extractor.extract(text).material.category == category


def test_function_words_are_not_materials(extractor):
    assert extractor.extract("kas var to izmantot?").materials == []


def test_company_names_match_without_legal_form_or_diacritics(extractor):
    found = extractor.extract("pastāsti par demo kokapstrade").company
    assert found is not None and found.id == 1
    assert extractor.extract("tell me about the weather").companies == []


# ---- periods and powers (issue 16): every quantity per year, the conversion said -------------
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1200 m³ of whey a day", 1200 * 365, "m3/year"),  # 438 000
        ("Mums ir 50 t mēnesī", 50 * 12, "t/year"),  # 600
        ("300 m3 sūkalu nedēļā.", 300 * 52, "m3/year"),  # 15 600
        ("20 t per week", 20 * 52, "t/year"),
        ("500 kg dienā", 0.5 * 365, "t/year"),  # 182.5
        ("2400 t zāģskaidu gadā", 2400, "t/year"),
        ("2,5 GWh", 2500, "MWh/year"),
        ("2 MW of heat, 6000 hours a year", 2 * 6000, "MWh/year"),
        ("100 t. Katru dienu", 100, "t/year"),  # the period belongs to another sentence
    ],
)
def test_periods_become_per_year(text, value, unit):
    found = find_quantity(text)
    assert found is not None
    assert found.value == pytest.approx(value) and found.unit == unit


def test_a_power_runs_the_stated_default_hours_and_says_so():
    found = find_quantity("2 MW siltuma")
    # 2 MW × 4000 full-load hours (prices.yaml defaults.load_hours) = 8 000 MWh a year
    assert found is not None and found.value == pytest.approx(8000)
    assert "4000 h/year" in found.conversion and "assumed" in found.conversion


def test_the_load_hours_default_is_the_price_tables():
    from assistant.chat.entities import DEFAULT_LOAD_HOURS
    from assistant.synergy_rules.prices import builtin_prices

    assert builtin_prices().defaults.load_hours == DEFAULT_LOAD_HOURS


def test_a_collection_frequency_is_not_the_quantitys_period():
    found = find_quantity("gadā ap 650 t alus drabiņu, jāizved 2–3 reizes nedēļā")
    assert found is not None and found.value == 650
    found = find_quantity("about 650 t of spent grain, collected 3 times a week")
    assert found is not None and found.value == 650
    weekly = find_quantity("12 t per week")
    assert weekly is not None and weekly.value == 12 * 52


@pytest.mark.parametrize(
    "text,first,category",
    [
        ("450 t a year of sludge from our wastewater treatment", "sludge", "sludge.municipal"),
        ("Un to siltumu no notekūdeņiem?", "siltums", "heat.low"),
        ("heat from the cooling water", "heat", "heat.low"),
        ("20 t of worn tyres and sawdust", "tyres", "rubber.tyres"),
        ("What about the heat from our waste water?", "heat", "heat.low"),
        ("And the heat in our waste water?", "heat", "heat.low"),
        ("Our bark boiler is going. Who could supply heat for our kilns?", "heat", "heat.medium"),
    ],
)
def test_the_material_meant_comes_first(extractor, text, first, category):
    """ "X from Y" means X; after a quantity, the material named first after it."""
    found = extractor.extract(text, "lv" if "siltumu" in text else "en").materials
    assert fold(found[0].name) == fold(first) and found[0].category == category


@pytest.mark.parametrize(
    "text",
    [
        "What did it cost the public per tonne of CO2?",
        "Cik publiskajam sektoram izmaksāja uz vienu CO2 tonnu?",
        "The programme cost 65p/t CO2.",
    ],
)
def test_a_cost_per_tonne_of_co2_names_no_material(extractor, text):
    assert not extractor.extract(text).materials


@pytest.mark.parametrize(
    "text", ["Has anyone done this at scale?", "Is there a full-scale plant?", "on a large scale"]
)
def test_at_scale_is_not_mill_scale(extractor, text):
    assert not extractor.extract(text, "en").materials
    assert extractor.extract("We have 40 t of mill scale.", "en").materials[0].category == (
        "slag.steel"
    )


@pytest.mark.parametrize(
    "text", ["If the farm turns us down, who else?", "Please file it with the permit."]
)
def test_an_english_word_is_a_material_only_in_its_own_singular_or_plural(extractor, text):
    assert not extractor.extract(text, "en").materials  # not "turnings", not "filings"
    assert extractor.extract("We have 5 t of turnings.", "en").materials[0].category == (
        "metal.ferrous"
    )


def test_a_latvian_word_is_not_an_english_material_by_its_stem(extractor):
    found = extractor.extract("Mums ir 220 t tīru stikla lausku gadā.", "lv").materials
    assert [m.category for m in found] == ["glass.cullet"]  # "tīru" (clean) is not "tires"
