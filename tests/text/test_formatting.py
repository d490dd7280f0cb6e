"""Numbers, money, units and dates per language."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.text.formatting import (
    UNITS,
    date_text,
    money,
    number,
    percent,
    place_and_date,
    quantity,
    unit,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "lv", "en"),
    [
        (2400, f"2{NB}400", "2,400"),
        (2.5, "2,5", "2.5"),
        (44.6, "44,6", "44.6"),
        (1234567.4, f"1{NB}234{NB}567", "1,234,567"),
        (0.3, "0,3", "0.3"),
        (-1500, f"\u22121{NB}500", "\u22121,500"),
        (12.0, "12", "12"),
    ],
)
def test_numbers(value, lv, en):
    assert number(value, "lv") == lv
    assert number(value, "en") == en


def test_digits_are_trimmed_but_can_be_fixed():
    assert number(2.50, "lv", 2) == "2,5"
    assert number(130.123, "lv", 2) == "130,12"


def test_percent_and_money():
    assert percent(40, "lv") == f"40{NB}%"
    assert percent(11.8, "en") == "11.8%"
    assert money(12000, "lv") == f"12{NB}000{NB}€"
    assert money(12000, "lv", code=True) == f"12{NB}000{NB}EUR"
    assert money(12000, "en") == "€12,000"
    assert money(-10000, "en") == "\u2212€10,000"


@pytest.mark.parametrize(
    ("key", "lv", "compact", "en"),
    [
        ("t/year", "t gadā", "t/gadā", "t/year"),
        ("m3/year", "m³ gadā", "m³/gadā", "m³/year"),
        ("MWh/year", "MWh gadā", "MWh/gadā", "MWh/year"),
        ("m3/day", "m³ diennaktī", "m³/dnn", "m³/day"),
    ],
)
def test_units(key, lv, compact, en):
    assert unit(key, "lv") == lv
    assert unit(key, "lv", "compact") == compact
    assert unit(key, "en") == en


def test_no_latvian_unit_is_english():
    for text, compact, _ in UNITS.values():
        assert "year" not in text + compact and "day" not in text + compact


def test_quantity():
    assert quantity(2400, "t/year", "lv") == f"2{NB}400{NB}t gadā"
    assert quantity(2400, "t/year", "en") == f"2,400{NB}t/year"
    assert quantity(44.6, "EUR/t", "lv") == f"44,6{NB}€/t"


def test_dates():
    day = date(2026, 12, 6)
    assert date_text(day, "lv") == "2026. gada 6. decembris"
    assert date_text(day, "lv", "loc") == "2026. gada 6. decembrī"
    assert date_text(day, "lv", "table") == "06.12.2026."
    assert date_text(day, "en") == "6 December 2026"
    assert date_text(day, "en", "iso") == "2026-12-06"
    assert date_text(date(2027, 3, 1), "lv", "loc") == "2027. gada 1. martā"
    assert place_and_date("Rīgā", day, "lv") == "Rīgā, 2026. gada 6. decembrī"
