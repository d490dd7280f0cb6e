"""Every answer and LLM template renders with a full context, in both languages, and a
missing variable is an error (StrictUndefined), never a silent blank."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from assistant.prompts import money, num, render, template_names, unit_label

PAIR = {
    "kind": "pair",
    "partner": "SIA Demo Granulas (fiktīvs)",
    "source": "SIA Demo Kokapstrāde",
    "companies": [],
    "km": 0.3,
    "score": 0.9,
    "title": "Sawdust to pellets",
    "explanation": "why",
    "eur": 409200.0,
    "tonnes": 2000.0,
    "co2": 291.0,
    "water": 0.0,
    "avoided": 349200.0,
    "avoided_formula": "2000 t × (130 + 44.6) EUR/t",
    "substituted": 70000.0,
    "transport": -10000.0,
    "legal": "By-product under Art. 5.",
    "legal_kind": "by_product",
    "checks": ["moisture"],
    "sectors": ["16.29 Pellets"],
    "quantity": 2400.0,
    "taken": None,
    "unit": "t/year",
    "rule_id": "wood-sawdust-to-pellets",
    "eur_low": 2520.0,
    "eur_high": 14004.0,
    "source_gain": 0.0,
    "receiver_gain": 10800.0,
    "today": "sold at the market price",
}
CONTEXT = {
    "question": "q",
    "material": "sawdust",
    "quantity": 2400.0,
    "unit": "t/year",
    "company": "SIA Demo",
    "passages": [{"n": 1, "text": "A passage.", "title": "T"}],
    "lead": {"n": 1, "text": "A passage.", "title": "T"},
    "intents": ["byproduct_reuse"],
    "followup": False,
    "asks_capex": True,
    "covered": False,
    "per_t": {"tonnes": 2400.0, "eur": 4.5, "low": 1.05, "high": 5.84},
    "price": {
        "low": 20.0,
        "typical": 35.0,
        "high": 58.0,
        "per": "t",
        "country": "NL",
        "country_lv": "Nīderlande",
        "year": 2016,
        "source": "https://example.org",
        "source_lv": "https://example.org",
        "latvian": False,
        "assumed": False,
        "derived": False,
    },
    "price_used": None,
    "about_material": [{"n": 1, "text": "A passage about sawdust.", "title": "T"}],
    "unrecorded": True,
    "problem": None,
    "needer": None,
    "own_need": True,
    "needers": [{"company": "X", "material": "steam", "amount": "1,500 MWh", "temperature": 165}],
    "gaps": [{"sector": "Manufacture of cement", "materials": ["fly ash"], "companies": ["X"]}],
    "pairs": [PAIR, PAIR],
    "missing": [PAIR],
    "pooling": [PAIR],
    "best": PAIR,
    "per_unit": False,
    "nothing_cost": {
        "value": 419040.0,
        "low": 389184.0,
        "high": 504936.0,
        "label": "landfilled",
        "route": "landfill",
        "quantity": 2400.0,
        "unit": "t",
        "per_unit": 174.6,
        "formula": "2400 t × 174.6",
        "source": "DRN law",
        "tax": 130,
        "tax_year": 2026,
        "tax_total": 312000.0,
        "per_tonne_only": False,
    },
    "codes": [{"code": "03 01 05", "label": "Sawdust", "hazardous": False, "mirror": "03 01 04*"}],
    "tax_ref": 1,
    "overview": [PAIR],
    "park_name": "Demo park",
    "total_eur": 1.0,
    "total_tonnes": 1.0,
    "quick": ["A → B"],
    "n_companies": 25,
    "sectors": ["Food (4)"],
    "profile": {
        "name": "SIA Demo",
        "sector": "16.10",
        "municipality": "X",
        "description": "d",
        "outputs": ["sawdust"],
        "inputs": ["heat"],
    },
    "done": None,
    "cancelled": False,
    "pending": None,
    "draft": None,
    "staff_only": False,
}


@pytest.mark.parametrize(
    "name", [n for n in template_names("answers/") if not n.split("/")[-1].startswith("_")]
)
def test_answer_templates_render(name):
    lang = name.split(".")[-3]
    text = render(name, lang=lang, intent=name.split("/")[-1].split(".")[0], **CONTEXT)
    assert text.strip()


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_a_value_seen_from_the_taker_has_no_amount_taken(lang):
    """A pair seen from its receiving end carries neither the supplier's amount nor what it
    takes of it: the value answer renders without either."""
    from assistant.chat.compose import as_taker

    best = as_taker({**PAIR, "taken": 1500.0, "quantity": 2800.0})
    assert best["taken"] is None and best["quantity"] is None
    context = {**CONTEXT, "quantity": None, "best": best}
    text = render(f"answers/value.{lang}.md.j2", lang=lang, intent="value", **context)
    assert "2800" not in text.replace("\xa0", "").replace(" ", "").replace(",", "")


def test_a_missing_variable_is_an_error():
    with pytest.raises(UndefinedError):
        render("answers/byproduct_reuse.en.md.j2", lang="en")


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_llm_templates_render(lang):
    assert "[n]" in render(f"llm/system.{lang}.j2")
    text = render(
        "llm/evidence.j2", question="q", lang=lang, citations=[], facts=[], offline="draft"
    )
    assert "draft" in text


def test_number_formats_follow_the_language():
    assert money(1234567.4, "en") == "€1,234,567"
    assert money(1234567.4, "lv") == "1\u00a0234\u00a0567 €"
    assert num(2.5, "lv") == "2,5" and num(2.5, "en") == "2.5" and num(2400, "lv") == "2\u00a0400"
    assert unit_label("t/year", "lv") == "t gadā"
