"""Issue 16: the Latvian and English answers show the same € figures, each with its range."""

from __future__ import annotations

import re

from assistant.chat.compose import prepare
from assistant.park import visibility
from assistant.prompts import render
from tests.synergies.helpers import ParkBuilder, builtin_engine


def _money(text: str, lang: str) -> list[int]:
    if lang == "en":
        found = re.findall(r"−?€(\d[\d,]*)", text)
        return sorted(int(m.replace(",", "")) for m in found)
    found = re.findall(r"(\d[\d\u00a0]*) €", text)
    return sorted(int(m.replace("\u00a0", "")) for m in found)


def test_latvian_and_english_show_the_same_numbers():
    park = ParkBuilder()
    saw = park.company("SIA Zāģētava", "16.10", km_north=0)
    pellets = park.company("SIA Granulas", "16.29", km_north=2.6)
    park.flow(saw, "output", "zāģskaidas", 2400, ewc="03 01 05")
    park.flow(pellets, "input", "zāģskaidas", 14000, ewc="03 01 05")
    found = visibility.suggestions(builtin_engine().match(park.build()))
    best = next(s for s in found if s.kind == "pair")
    shown = {}
    for lang in ("en", "lv"):
        p = prepare(best, lang)
        shown[lang] = render(
            f"answers/_synergy.{lang}.md.j2",
            lang=lang,
            best=p,
            pairs=[p],
            pooling=[],
            missing=[],
            per_unit=False,
            nothing_cost=None,
            tax_ref=None,
        )
    assert _money(shown["en"], "en") == _money(shown["lv"], "lv")
    # the headline and both ends of its range: 2400 t sold today, the gain is the shorter haul
    assert len(_money(shown["en"], "en")) >= 3
    assert "if today it is sold at the market price" in shown["en"]
    assert "ja šobrīd materiālu pārdod par tirgus cenu" in shown["lv"]


def test_asking_what_landfilling_would_cost_prices_landfill_from_the_tax_table(park_services):
    chat = park_services.chat
    first = chat.ask("Mums ir 85 t maizes atlikumu gadā. Kas tos var izmantot?")
    second = chat.ask(
        "Un cik mums izmaksātu to vienkārši vest uz poligonu 2026. gadā?", first.conversation_id
    )
    cost = second.trace["facts"]["cost_of_doing_nothing"]
    # 85 t × (130 DRN 2026 + 44.6 gate fee) = 14 841 €; range 85 × (130 + 32.16 … 80.39)
    assert cost["route"] == "landfill" and cost["value"] == 14_841
    assert (cost["low"], cost["high"]) == (13_783.6, 17_883.15)
    assert "dabas resursu nodoklis 2026. gadā 130 €/t" in second.answer


def test_which_pilots_first_is_traced_to_price_rows_and_counterfactuals(park_services):
    response = park_services.chat.ask("Which pilots should we start in the park?")
    ranking = response.trace["facts"]["pilot_ranking"]
    assert ranking
    lows = [p["eur_range"][0] for p in ranking if p["eur_range"]]
    assert lows == sorted(lows, reverse=True)  # ordered by the low end of the benefit
    for pilot in ranking:
        assert pilot["today"]["route"] and pilot["prices_version"]
        assert any("price row" in t["source"] for t in pilot["terms"])


def test_a_value_answer_names_the_price_row_and_quotes_only_what_is_about_the_material(
    park_services,
):
    from assistant.auth.viewer import Viewer
    from assistant.evaluation.chat import company_ids

    sawmill = company_ids(park_services.park)["SIA Demo Kokapstrāde (fiktīvs)"]
    viewer = Viewer(name="c", role="company", user_id=7, company_id=sawmill)
    chat = park_services.chat
    first = chat.ask("What could our sawdust be worth?", viewer=viewer)
    price = first.trace["facts"]["price"]
    assert price and price["source"] in first.answer.replace("\n", " ")
    assert f"€{price['typical']:.0f} per t" in first.answer
    quoted = first.answer.split("What the knowledge base says about its value:")
    if len(quoted) > 1:  # the sentences quoted name the material, each with its citation
        lines = [x for x in quoted[1].split("\n\n")[0].splitlines() if x.startswith("- ")]
        assert lines and all("sawdust" in x.lower() and re.search(r"\[\d\]$", x) for x in lines)
    smaller = chat.ask("And if it were only 500 t?", first.conversation_id, viewer=viewer)
    assert smaller.intent == "value"
    assert smaller.trace["facts"]["value_per_tonne"]["tonnes"] == 500


def test_landfill_costs_per_tonne_without_an_amount_and_the_tax_total_with_one(park_services):
    chat = park_services.chat
    per_tonne = chat.ask("We have bark. Would we pay landfill tax on it if we dumped it instead?")
    cost = per_tonne.trace["facts"]["cost_of_doing_nothing"]
    assert cost["per_tonne_only"] and cost["tax"] == 130 and cost["route"] == "landfill"
    assert "per tonne" in per_tonne.answer and "€130/t" in per_tonne.answer
    assert "1 t" not in per_tonne.answer  # no stand-in amount shown as the asker's
    total = chat.ask("What would it cost the park's companies to landfill 2400 t a year?")
    cost = total.trace["facts"]["cost_of_doing_nothing"]
    assert cost["tax_total"] == 312_000 and "€312,000 a year" in total.answer


def test_a_price_that_is_only_an_assumed_default_is_not_passed_off_as_a_market_price(
    park_services,
):
    answer = park_services.chat.ask("Par kādu cenu Latvijā pārdod koksnes pelnus?")
    price = answer.trace["facts"]["price"]
    assert answer.intent == "value" and price and price["assumed"]
    assert "nav manā zināšanu bāzē" in answer.answer and "pieņēmums" in answer.answer
    assert "assumption" not in answer.answer and "facilitator default" not in answer.answer


def test_a_figure_per_unit_never_rests_on_a_partner_flow_in_another_unit(park_services):
    from assistant.auth.viewer import Viewer
    from assistant.evaluation.chat import company_ids

    plant = company_ids(park_services.park)["SIA Demo Betons (fiktīvs)"]
    viewer = Viewer(name="c", role="company", user_id=8, company_id=plant)
    answer = park_services.chat.ask("What is their whey worth?", viewer=viewer)
    for s in answer.synergies:  # the asker's stand-in flow is one unit, in its own unit
        if s["kind"] == "pair" and s["target_flow"] and s["source_flow"]:
            assert s["source_flow"]["unit"] == s["target_flow"]["unit"], s["rule_id"]
