"""When a flow is there and whether supply and need meet in time, from the availability on
record — in the reader's language, and blank for a flow the viewer may not see."""

from __future__ import annotations

from assistant.text.seasons import month_spans, months
from tests.chat.conversation import ask_in_turn, company_user
from tests.deals.parks import PELLETS, SAW, park_document, services_on

GREENHOUSES, HEAT = "SIA Demo Siltumnīcas (fiktīvs)", "SIA Demo Siltumenerģija (fiktīvs)"


def test_months_cross_the_new_year_and_meet_where_both_run():
    heating = months("apkures sezonā (oktobris–aprīlis)")
    assert heating == {10, 11, 12, 1, 2, 3, 4}
    both = heating & months("galvenokārt septembris–maijs")
    assert month_spans(both, "en") == "October–April"
    assert month_spans(both, "lv") == "oktobris–aprīlis"
    assert month_spans(months("visu gadu"), "en") == "all year"
    assert months("pēc pieprasījuma") == frozenset()


def test_does_their_heat_run_in_our_heating_season(park_services):
    *_, when = ask_in_turn(
        park_services,
        company_user(park_services, GREENHOUSES),
        "Meklējam lētāku siltumu siltumnīcu apsildei. Kurš parkā mums to varētu piegādāt?",
        "Un tas dūmgāzu kondensatora siltums, 40 grādi, — vai ar to mūsu apkures cilpai pietiek?",
        "Kurā gada daļā tas vispār ir pieejams, un vai tas sakrīt ar mūsu apkures sezonu?",
    )
    assert when.intent == "find_input" and when.trace["rewrite"]["asks_when"]
    rows = {
        (r["company"], r["direction"]): r["when"] for r in when.trace["extra"]["seasons"]["rows"]
    }
    assert rows[(HEAT, "output")] == "oktobris–aprīlis"
    assert rows[(GREENHOUSES, "input")] == "septembris–maijs"
    assert "mēneši sakrīt: oktobris–aprīlis" in when.answer


def test_a_hidden_flows_months_never_show(settings, tmp_path):
    seen = []
    for tag, when in (("a", "marts–oktobris"), ("b", "visu gadu")):
        document = park_document()
        company = next(c for c in document["companies"] if c["name"] == SAW)
        next(f for f in company["flows"] if f["material"] == "zāģskaidas")["availability"] = when
        services = services_on(settings, tmp_path, document, tag)
        try:
            answers = ask_in_turn(
                services,
                company_user(services, PELLETS),
                "We need sawdust. Who in the park has it?",
                "In which months is it available?",
            )
        finally:
            services.close()
        seen.append([(a.answer, a.trace["extra"].get("seasons")) for a in answers])
    assert seen[0] == seen[1]
