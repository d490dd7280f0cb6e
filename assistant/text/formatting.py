"""Numbers, money, percentages, units and dates as each language writes them.

Latvian (../shared/LATVIAN.md): decimal comma, a (non-breaking) space between thousands,
`40 %`, `12 000 €`, units in Latvian (`t gadā`, or `t/gadā` in tables), dates
`2026. gada 6. decembris` / `… decembrī` in running text and letters, `06.12.2026.` in tables.
English: `2,400.5`, `40%`, `€12,000`, `t/year`, `6 December 2026`.

    number(2400.5, "lv")              -> "2 400,5"   (with U+00A0)
    quantity(2400, "t/year", "lv")    -> "2 400 t gadā"
    date_text(date(2026, 12, 6), "lv", "loc") -> "2026. gada 6. decembrī"
"""

from __future__ import annotations

from datetime import date
from typing import Literal

NBSP = "\u00a0"
MINUS = "\u2212"

DateForm = Literal["nom", "loc", "table", "iso"]
UnitStyle = Literal["text", "compact"]

MONTHS_LV_NOM = (
    "janvāris",
    "februāris",
    "marts",
    "aprīlis",
    "maijs",
    "jūnijs",
    "jūlijs",
    "augusts",
    "septembris",
    "oktobris",
    "novembris",
    "decembris",
)
MONTHS_LV_LOC = (
    "janvārī",
    "februārī",
    "martā",
    "aprīlī",
    "maijā",
    "jūnijā",
    "jūlijā",
    "augustā",
    "septembrī",
    "oktobrī",
    "novembrī",
    "decembrī",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# unit key: (Latvian in running text, Latvian in tables, English)
UNITS: dict[str, tuple[str, str, str]] = {
    "t/year": ("t gadā", "t/gadā", "t/year"),
    "m3/year": ("m³ gadā", "m³/gadā", "m³/year"),
    "MWh/year": ("MWh gadā", "MWh/gadā", "MWh/year"),
    "kWh/year": ("kWh gadā", "kWh/gadā", "kWh/year"),
    "GWh/year": ("GWh gadā", "GWh/gadā", "GWh/year"),
    "t/day": ("t diennaktī", "t/dnn", "t/day"),
    "m3/day": ("m³ diennaktī", "m³/dnn", "m³/day"),
    "t": ("t", "t", "t"),
    "kg": ("kg", "kg", "kg"),
    "m3": ("m³", "m³", "m³"),
    "MWh": ("MWh", "MWh", "MWh"),
    "km": ("km", "km", "km"),
    "EUR/t": ("€/t", "€/t", "€/t"),
    "EUR/year": ("€ gadā", "€/gadā", "€/year"),
    "tCO2e/year": ("t CO₂e gadā", "t CO₂e/gadā", "t CO₂e/year"),
    "C": ("°C", "°C", "°C"),
}


def number(value: float, lang: str, digits: int | None = None) -> str:
    """`digits=None`: whole numbers as they are, 100 and more rounded, others to one decimal."""
    if digits is None:
        digits = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{abs(value):,.{digits}f}"
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "lv":
        text = text.replace(",", NBSP).replace(".", ",")
    negative = round(value, digits) < 0
    return (MINUS if negative else "") + text


def percent(value: float, lang: str, digits: int | None = None) -> str:
    text = number(value, lang, digits)
    return f"{text}{NBSP}%" if lang == "lv" else f"{text}%"


def money(value: float, lang: str, digits: int = 0, code: bool = False) -> str:
    """`12 000 €` (or `12 000 EUR`) in Latvian, `€12,000` in English."""
    text = number(value, lang, digits)
    sign, digits_text = (MINUS, text[1:]) if text.startswith(MINUS) else ("", text)
    if lang == "lv":
        return f"{text}{NBSP}{'EUR' if code else '€'}"
    return f"{sign}EUR{NBSP}{digits_text}" if code else f"{sign}€{digits_text}"


def unit(key: str | None, lang: str, style: UnitStyle = "text") -> str:
    """The label of a stored unit key; an unknown key is returned as it is."""
    entry = UNITS.get(key or "")
    if entry is None:
        return key or ""
    if lang == "en":
        return entry[2]
    return entry[0] if style == "text" else entry[1]


def quantity(
    value: float, key: str | None, lang: str, style: UnitStyle = "text", digits: int | None = None
) -> str:
    return f"{number(value, lang, digits)}{NBSP}{unit(key, lang, style)}".rstrip()


def date_text(day: date, lang: str, form: DateForm = "nom") -> str:
    """Latvian `nom` "2026. gada 6. decembris", `loc` "… decembrī" (running text, letters),
    `table` "06.12.2026."; English "6 December 2026" (`table` "06/12/2026"); `iso` both."""
    if form == "iso":
        return day.isoformat()
    if lang == "en":
        if form == "table":
            return day.strftime("%d/%m/%Y")
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    if form == "table":
        return day.strftime("%d.%m.%Y.")
    months = MONTHS_LV_LOC if form == "loc" else MONTHS_LV_NOM
    return f"{day.year}. gada {day.day}. {months[day.month - 1]}"


def place_and_date(place: str, day: date, lang: str) -> str:
    """The letter dateline: "Rīgā, 2026. gada 6. decembrī" (give the place in the locative)
    or "Riga, 6 December 2026"."""
    return f"{place}, {date_text(day, lang, 'loc' if lang == 'lv' else 'nom')}"
