"""The Latvian review file: every Latvian template rendered with realistic data, the Latvian
texts of the synergy rules, the UI and enum labels, and the helpers' output, in one Markdown
file a reviewer reads as a municipal lawyer would (`assistant i18n review`, docs/latvian-review.md).

Each rendered text is checked against the "never" list (assistant.text.never); the findings
are listed next to it. Nothing here needs a database or a model: what only the running
services can produce (chat answers, synergy explanations) is listed at the end, with the
command that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from jinja2 import TemplateError

from assistant.impact.report import table_day
from assistant.outreach.preview import PLACEHOLDERS
from assistant.prompts import PROMPTS_DIR, render, template_names
from assistant.text.agreement import count, none_of
from assistant.text.formatting import date_text, money, percent, place_and_date, quantity
from assistant.text.labels import catalogue as label_catalogue
from assistant.text.never import RULES_DIR, Finding, check_en, check_lv, check_register_lv

Tally = list[tuple[str, list["Finding"] | None]]
REVIEW_DAY = date(2026, 12, 6)  # fixed, so the checked-in file only changes with the texts
WEB_DIR = Path(__file__).resolve().parent.parent / "web"
SAW, PELLETS, DAIRY = (
    "SIA Demo Kokapstrāde (fiktīvs)",
    "SIA Demo Granulas (fiktīvs)",
    "AS Demo Piensaimnieks (fiktīvs)",
)
HEAT, BUILD, FURNITURE, CONCRETE = (
    "SIA Demo Siltums (fiktīvs)",
    "SIA Demo Būvmateriāli (fiktīvs)",
    "SIA Demo Mēbeles (fiktīvs)",
    "SIA Demo Betons (fiktīvs)",
)
GREENHOUSE, PACKAGING = "SIA Demo Siltumnīcas (fiktīvs)", "SIA Demo Iepakojums (fiktīvs)"
NAMES = [
    SAW,
    PELLETS,
    DAIRY,
    HEAT,
    BUILD,
    FURNITURE,
    CONCRETE,
    "Demo industriālais parks (fiktīvs)",
    "Anna Bērziņa",
]

LEGAL_LV = (
    "Var būt blakusprodukts, nevis atkritumi, ja izpildīti visi četri Atkritumu "
    "direktīvas 5. panta nosacījumi; citādi saņēmējam vajadzīga VVD atkritumu "
    "apsaimniekošanas atļauja (R3)."
)
PAIR = {
    "kind": "pair",
    "partner": PELLETS,
    "source": SAW,
    "companies": [],
    "km": 0.3,
    "score": 0.9,
    "title": "Zāģskaidas granulu ražošanai",
    "explanation": "Zāģskaidas un mizu var savākt kopā un nodot vienam apsaimniekotājam.",
    "eur": 409200.0,
    "eur_range": None,
    "tonnes": 2000.0,
    "co2": 291.0,
    "water": 0.0,
    "avoided": 349200.0,
    "avoided_formula": "2000 t × (130 + 44,6) €/t",
    "substituted": 70000.0,
    "transport": -10000.0,
    "legal": LEGAL_LV,
    "legal_kind": "by_product",
    "checks": ["mitrums", "piemaisījumi", "daļiņu izmērs"],
    "sectors": ["16.29 Citu koka izstrādājumu ražošana"],
    "quantity": 2400.0,
    "taken": None,
    "unit": "t/year",
    "rule_id": "wood-sawdust-to-pellets",
    "eur_low": 380000.0,
    "eur_high": 452000.0,
    "source_gain": 0.0,
    "receiver_gain": 10800.0,
    "today": "pārdod par tirgus cenu",
}
SECOND = {
    **PAIR,
    "partner": DAIRY,
    "km": 4.2,
    "title": "Zāģskaidas kurināmajam",
    "eur": 84000.0,
    "eur_low": 61000.0,
    "eur_high": 98000.0,
}
ANSWERS: dict[str, Any] = {
    "question": "Mums ir 2400 t zāģskaidu gadā. Kas tās var izmantot?",
    "material": "zāģskaidas",
    "quantity": 2400.0,
    "unit": "t/year",
    "company": SAW,
    "passages": [
        {
            "n": 1,
            "title": "Blakusprodukti",
            "text": "Ražošanas atlikums ir "
            "blakusprodukts tikai tad, ja izpildīti visi četri 5. panta nosacījumi.",
        }
    ],
    "citations": [
        {
            "n": 1,
            "title": "Blakusprodukti saskaņā ar Atkritumu pamatdirektīvas 5. pantu",
            "heading": "Četri kumulatīvie nosacījumi",
            "sources": ["https://likumi.lv/doc.php?id=229148"],
        }
    ],
    "pairs": [PAIR, SECOND],
    "gaps": [
        {
            "sector": "16.29 Citu koka izstrādājumu ražošana",
            "materials": ["zāģskaidas", "miza"],
            "companies": [SAW],
        },
        {
            "sector": "35.30 Tvaika piegāde un gaisa kondicionēšana",
            "materials": ["atlikumsiltums"],
            "companies": [DAIRY],
        },
    ],
    "problem": None,
    "asks_capex": True,
    "missing": [PAIR],
    "pooling": [PAIR],
    "best": PAIR,
    "per_unit": False,
    "nothing_cost": {
        "value": 419040.0,
        "low": 389184.0,
        "high": 504936.0,
        "label": "apglabā poligonā",
        "route": "landfill",
        "quantity": 2400.0,
        "unit": "t",
        "per_unit": 174.6,
        "formula": "2400 t × 174,60 €/t",
        "source": "DRN",
        "tax": 130,
        "tax_year": 2026,
        "tax_total": 312000.0,
        "per_tonne_only": False,
    },
    "codes": [
        {
            "code": "03 01 05",
            "label": "zāģskaidas, ēveļskaidas, atgriezumi",
            "hazardous": False,
            "mirror": "03 01 04*",
        }
    ],
    "tax_ref": 1,
    "overview": [PAIR, SECOND],
    "park_name": "Demo industriālais parks (fiktīvs)",
    "total_eur": 493200.0,
    "total_tonnes": 4400.0,
    "quick": [f"{SAW} → {PELLETS}"],
    "n_companies": 21,
    "sectors": ["pārtika (4)", "koksne (3)"],
    "profile": {
        "name": SAW,
        "sector": "16.10 Zāģēšana, ēvelēšana un impregnēšana",
        "municipality": "Valmieras novads",
        "description": "Zāģētava ar kaltēm.",
        "outputs": ["zāģskaidas", "miza"],
        "inputs": ["siltums kaltēm"],
    },
    "done": None,
    "cancelled": False,
    "pending": None,
    "draft": None,
    "staff_only": False,
    "forbidden": None,
    "needer": None,
    "own_need": True,
    "needers": [],
}
ANSWERS["lead"] = ANSWERS["passages"][0]
ANSWERS["covered"] = True  # the passages answer the question (see the "not covered" variant)
ANSWERS["per_t"] = {"tonnes": 2400.0, "eur": 1.67, "low": 0.92, "high": 2.73}
ANSWERS["price"] = {  # "par cik tās var pārdot?": a price row from abroad, said so
    "low": 0.0,
    "typical": 30.0,
    "high": 57.0,
    "per": "t",
    "country": "NL",
    "country_lv": "Nīderlande",
    "year": 2016,
    "source": "https://boerenbusiness.nl",
    "source_lv": "https://boerenbusiness.nl",
    "latvian": False,
    "assumed": False,
    "derived": False,
}
ANSWERS["price_used"] = ANSWERS["price"]
ANSWERS["about_material"] = [  # a value answer's sentences that name the material
    {"n": 2, "title": "Ekonomika", "text": "Tonnā zāģskaidu granulu ir aptuveni 5000 kWh."}
]
ANSWERS["unrecorded"] = True  # "cik cilvēku tur strādā?" after a company's profile
OUTREACH: dict[str, Any] = {
    "recipient": PELLETS,
    "partner": SAW,
    "km": 0.3,
    "near": False,
    "hidden": False,
    "material": "miza",
    "material_label": "koksnes miza",
    "quantity": 1800,
    "unit": "t gadā",
    "rule_title": "koksnes atlikumi biomasas katliem",
    "eur": 10500,
    "eur_total": 12800,
    "eur_kind": "substituted_input",
    "co2": 96,
    "tax": 130,
    "tax_year": 2026,
    "per_kind": None,
    "per_value": None,
    "per_unit": "t",
    "step": "sample",
    "solid": True,
    "hazardous": False,
    "legal": LEGAL_LV,
    "eur_range": (9000, 12500),
    "today_route": "apglabā poligonā",
    "address": "Rūpnīcu iela 1, Valmiera",
    "me": {
        "name": "Anna Bērziņa",
        "title": "Industriālās simbiozes fasilitatore",
        "organisation": "Valmieras novada pašvaldība",
        "email": "anna@example.lv",
        "phone": "+371 20000000",
    },
    "today": date_text(REVIEW_DAY, "lv", "loc"),
}


def _report_context() -> dict[str, Any]:
    sums = SimpleNamespace(
        count=2,
        eur_total_per_year=94500.0,
        estimated_eur_per_year=88000.0,
        tonnes_per_year=4200.0,
        estimated_tonnes_per_year=4400.0,
        co2e_t_per_year=387.0,
        estimated_co2e_t_per_year=400.0,
        water_m3_per_year=0.0,
        estimated_water_m3_per_year=0.0,
    )
    group = SimpleNamespace(name="Valmieras novads", **vars(sums))
    route = SimpleNamespace(
        esrs_category="by_product", route="by_product R3", count=2, tonnes_per_year=4200.0
    )
    row = SimpleNamespace(
        source=SAW,
        target=PELLETS,
        material="zāģskaidas",
        tonnes_per_year=2400.0,
        eur_source_per_year=40000.0,
        eur_target_per_year=30000.0,
        source_confidential=False,
        target_confidential=False,
        volume_confidential=False,
        verified_by="Anna Bērziņa",
        verified_at=datetime(2026, 11, 30),
    )
    totals = SimpleNamespace(
        all=sums,
        by_park=[group],
        by_municipality=[group],
        by_route=[route],
        diverted_tonnes_per_year=4200.0,
        secondary_inflow_tonnes_per_year=4200.0,
    )
    return {
        "lang": "lv",
        "totals": totals,
        "rows": [row],
        "parks": [ANSWERS["park_name"]],
        "prepared_by": "Anna Bērziņa",
        "hidden_rows": 0,
        "confidential_rows": 0,
        "today": date_text(REVIEW_DAY, "lv", "loc"),
        "day": lambda moment: table_day(moment, "lv"),
    }


def _answer_cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for name in template_names("answers/"):
        if name.endswith(".lv.md.j2") and not name.split("/")[-1].startswith("_"):
            intent = name.split("/")[-1].split(".")[0]
            cases.append((name, "", {**ANSWERS, "lang": "lv", "intent": intent}))
    pending = {
        "company": SAW,
        "direction": "output",
        "material": "miza",
        "quantity": 300.0,
        "unit": "t/year",
        "ewc_code": "03 01 01",
    }
    cases.append(
        (
            "answers/update_profile.lv.md.j2",
            "apstiprināts",
            {**ANSWERS, "lang": "lv", "done": pending},
        )
    )
    cases.append(
        (
            "answers/update_profile.lv.md.j2",
            "gaida apstiprinājumu",
            {**ANSWERS, "lang": "lv", "pending": pending},
        )
    )
    cases.append(
        (
            "answers/byproduct_reuse.lv.md.j2",
            "partnera parkā nav",
            {**ANSWERS, "lang": "lv", "best": {**PAIR, "kind": "missing_partner"}},
        )
    )
    return [*cases, *_followup_cases()]


def _amount(company: str, quantity: float | None, covers: str | None = None) -> dict[str, Any]:
    """One partner's line in a "can they take all of it?" answer (chat.gather.amounts)."""
    unit = None if quantity is None else "t/year"
    return {
        "company": company,
        "quantity": quantity,
        "band": None,
        "unit": unit,
        "covers": covers,
        "own_need": False,
        "season": None,
    }


# The follow-ups about the partners just listed: each partner's need (or supply) against the
# asker's 2 400 t: one covers it all, one part, one hidden (its band only), one unknown.
NEEDS = [
    _amount(PELLETS, 3000.0, "all"),
    _amount(DAIRY, 800.0, "part"),
    {**_amount(HEAT, None), "band": (1000, 10000), "unit": "t/year"},
    _amount(BUILD, None),
]
SUPPLIES = [
    _amount(SAW, 3000.0, "all"),
    _amount(FURNITURE, 800.0, "part"),
    {**_amount(HEAT, None), "band": (1000, 10000), "unit": "t/year"},
    _amount(BUILD, None),
]
# "How much do the greenhouses need, and when?" (the facilitator asks about their need)
THEIR_NEED = [
    {**_amount(GREENHOUSE, 300.0), "own_need": True, "season": "marts–oktobris"},
]
# "Kuram uzņēmumam vajag tvaiku?" (nobody's own need): who records needing the material
NEEDERS = [
    {
        "company": PACKAGING,
        "material": "tehnoloģiskais tvaiks",
        "amount": "1 500 MWh gadā",
        "temperature": 165.0,
    },
    {"company": HEAT, "material": "tvaiks", "amount": None, "temperature": None},
]
# "vai ar 40 grādiem mūsu apkures cilpai pietiek?": each verdict once
HEAT_FIT = {
    "source": HEAT,
    "temperature": 40.0,
    "fits": [
        {"company": GREENHOUSE, "need": 55.0, "verdict": "lift"},
        {"company": DAIRY, "need": 42.0, "verdict": "close"},
        {"company": PELLETS, "need": 28.0, "verdict": "direct"},
        {"company": BUILD, "need": None, "verdict": "unknown"},
    ],
    "notes": [{"company": GREENHOUSE, "notes": "Var izmantot 35–55 °C siltumu ar siltumsūkni."}],
}
# "kurā gada daļā tas pieejams?": one supply, one need, one without months, and the overlap
SEASONS = {
    "rows": [
        {"company": HEAT, "material": "siltums", "direction": "output", "when": "oktobris–aprīlis"},
        {"company": GREENHOUSE, "material": "siltums", "direction": "input", "when": "visu gadu"},
        {"company": DAIRY, "material": "siltums", "direction": "input", "when": ""},
    ],
    "overlap": "oktobris–aprīlis",
}
# what the profiles say of the flows shown (notes written in the answer's language only)
PROFILE_NOTES = [
    {
        "company": SAW,
        "material": "zāģskaidas",
        "notes": "Sausas, bez ķīmiskas apstrādes.",
        "written_in": "lv",
    },
    {
        "company": PELLETS,
        "material": "ēveļskaidas",
        "notes": "Sausas ēveļskaidas var granulēt bez kaltēšanas.",
        "written_in": "lv",
    },
]
UNTAKEN = [
    {"material": "betona drupas", "company": CONCRETE, "known": False},
    {"material": "koksnes miza", "company": SAW, "known": True},
]
# A company's own letter from the chat: signed with the placeholders, not saved.
OWN_LETTER: dict[str, Any] = {
    "saved": False,
    "target": SAW,
    "subject": "Par sadarbību zāģskaidu izmantošanā",
    "body": f"""Labdien!

{PELLETS} ražo kurināmās granulas tajā pašā industriālajā parkā, 0,3 km no Jūsu \
zāģētavas. Parka resursu kartē redzams, ka Jūsu uzņēmumā rodas zāģskaidas, ko mēs varētu \
izmantot granulu ražošanā.

Ierosinām līdz 2026. gada 18. decembrim vienoties par parauga nodošanu, lai pārbaudītu \
mitrumu un piemaisījumus.

Ar cieņu
{PLACEHOLDERS["lv"]["name"]}
{PLACEHOLDERS["lv"]["title"]}
{PELLETS}""",
}


def _followup_cases() -> list[tuple[str, str, dict[str, Any]]]:
    """The answers' variants that only a follow-up or a company user sees."""
    lv = {**ANSWERS, "lang": "lv"}
    reuse = {**lv, "intent": "byproduct_reuse"}
    find = {**lv, "intent": "find_input", "company": PELLETS}
    outreach = {**lv, "intent": "outreach_request"}
    me = OUTREACH["me"]  # a facilitator's saved draft is signed by the facilitator
    signed = f"{me['name']}\n{me['title']}\n{me['organisation']}"
    body = OWN_LETTER["body"].rsplit("\n", 3)[0] + "\n" + signed
    saved = {**OWN_LETTER, "saved": True, "id": 12, "body": body}
    return [
        (
            "answers/byproduct_reuse.lv.md.j2",
            "tuvākais partneris",
            {**reuse, "nearest": {"company": PELLETS, "km": 0.3}},
        ),
        ("answers/byproduct_reuse.lv.md.j2", "partneru apjomi", {**reuse, "capacity": NEEDS}),
        (
            "answers/value.lv.md.j2",
            "partneris pieņem mazāk, nekā ir",
            {
                **lv,
                "intent": "value",
                "quantity": None,
                "best": {**PAIR, "quantity": 2800.0, "taken": 1500.0, "unit": "MWh/year"},
            },
        ),
        (
            "answers/value.lv.md.j2",
            "aprēķināta cena (siltums)",
            {
                **lv,
                "intent": "value",
                "material": "siltums",
                "price": {**ANSWERS["price"], "per": "MWh", "country": "LV", "latvian": True}
                | {
                    "country_lv": "Latvija",
                    "year": 2025,
                    "low": 18.0,
                    "typical": 25.0,
                    "high": 51.0,
                }
                | {"source_lv": "https://e.baltpool.eu", "derived": True},
            },
        ),
        ("answers/find_input.lv.md.j2", "piegādātāju apjomi", {**find, "capacity": SUPPLIES}),
        (
            "answers/find_input.lv.md.j2",
            "cita uzņēmuma vajadzība un tās laiks",
            {
                **find,
                "material": "CO2",
                "quantity": None,
                "capacity": THEIR_NEED,
                "needer": GREENHOUSE,
                "own_need": False,
            },
        ),
        (
            "answers/find_input.lv.md.j2",
            "vai siltums ir pietiekami silts",
            {**find, "material": "siltums", "quantity": None, "heat_fit": HEAT_FIT},
        ),
        (
            "answers/find_input.lv.md.j2",
            "kad tas pieejams un vai mēneši sakrīt",
            {**find, "material": "siltums", "quantity": None, "seasons": SEASONS},
        ),
        (
            "answers/byproduct_reuse.lv.md.j2",
            "uzņēmumu profilos norādītais",
            {**reuse, "profile_notes": PROFILE_NOTES},
        ),
        (
            "answers/find_input.lv.md.j2",
            "kam tas vajadzīgs (fasilitatora jautājums)",
            {
                **find,
                "material": "tvaiks",
                "quantity": None,
                "needers": NEEDERS,
                "own_need": False,
                "company": None,
                "pairs": [],
            },
        ),
        ("answers/park_gaps.lv.md.j2", "neizmantotie atlikumi", {**lv, "untaken": UNTAKEN}),
        (
            "answers/outreach_request.lv.md.j2",
            "uzņēmuma paša vēstule, nesaglabāta",
            {**outreach, "draft": OWN_LETTER},
        ),
        ("answers/outreach_request.lv.md.j2", "saglabāts melnraksts", {**outreach, "draft": saved}),
    ]


def _outreach_cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for channel in ("letter", "email", "phone"):
        for tone in ("formal", "friendly"):
            for role in ("taker", "producer"):
                context = {**OUTREACH, "lang": "lv", "channel": channel, "tone": tone, "role": role}
                context["subject"] = render("outreach/subject.lv.j2", **context)
                cases.append((f"outreach/{channel}.lv.j2", f"{tone}, {role}", context))
    for role in ("taker", "producer"):
        cases.append(("outreach/subject.lv.j2", role, {**OUTREACH, "lang": "lv", "role": role}))
    cases.append(("outreach/polish.lv.j2", "", {}))
    for workshop, when in ((True, "next_month"), (False, None)):
        invite = {
            "recipient": CONCRETE,
            "workshop": workshop,
            "when": when,
            "outputs": ["betona atgriezumi", "tehniskais ūdens"] if workshop else [],
            "me": OUTREACH["me"],
            "today": "2026. gada 6. decembrī",
        }
        for name in ("invitation_subject", "invitation"):
            label = "darbnīca nākamajā mēnesī" if workshop else "tikšanās"
            cases.append((f"outreach/{name}.lv.j2", label, invite))
    return cases


def _other_cases() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("llm/system.lv.j2", "", {}),
        ("llm/client.lv.j2", "klienta norādījumi", {"instructions": "Atbildi īsi."}),
        ("reports/impact.lv.html.j2", "domes atskaite", _report_context()),
    ]


def _render_case(name: str, context: dict[str, Any]) -> tuple[str, str | None]:
    try:
        return render(name, **context), None
    except (TemplateError, AttributeError, TypeError, KeyError) as exc:
        return "", f"{type(exc).__name__}: {exc}"


_STYLE = re.compile(r"<style>.*?</style>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _findings(text: str, allow: list[str] | None = None) -> list[Finding]:
    """The never list and the register list, on the text a reader sees (no markup, no
    `{placeholders}`)."""
    text = _TAG.sub(" ", _STYLE.sub(" ", text))
    text = _PLACEHOLDER.sub("N", text)
    names = [*NAMES, *(allow or [])]
    return sorted(
        [*check_lv(text, allow=names), *check_register_lv(text, allow=names)], key=lambda f: f.start
    )


def _block(text: str, lang: str = "text") -> str:
    return f"```{lang}\n{text.rstrip()}\n```\n"


def _found_lines(found: list[Finding]) -> str:
    if not found:
        return "Pārbaude: nav atradumu.\n"
    return "Pārbaude: " + "; ".join(f"`{f.kind}` «{f.text}»" for f in found) + "\n"


def _templates_section(
    title: str, cases: list[tuple[str, str, dict[str, Any]]], tally: Tally
) -> list[str]:
    out = [f"## {title}\n"]
    for name, variant, context in cases:
        label = f"{name}" + (f" ({variant})" if variant else "")
        text, error = _render_case(name, context)
        out.append(f"### {label}\n")
        if error:
            out.append(f"Netika atveidots: {error}\n")
            tally.append((label, None))
            continue
        found = _findings(text)
        tally.append((label, found))
        out.append(_block(text, "html" if name.endswith(".html.j2") else "text"))
        out.append(_found_lines(found))
    return out


def _rules_section(tally: Tally) -> list[str]:
    out = [
        "## Sinerģiju noteikumu latviskie teksti (assistant/synergy_rules/rules)\n",
        "Šie teksti nonāk sinerģiju skaidrojumos, vēstulēs un atbildēs.\n",
    ]
    for path in sorted(RULES_DIR.glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text("utf-8")) or []:
            parts = [
                ("Nosaukums", rule["title"]["lv"]),
                ("Kāpēc", rule.get("why", {}).get("lv", "")),
                ("Tiesiskais risinājums", rule["legal_route"].get("lv", "")),
                ("Pārbaudīt", "; ".join(rule.get("next_checks", {}).get("lv", []))),
                ("Saņēmēji", rule["feeds"].get("sector_note", {}).get("lv", "")),
            ]
            text = "\n".join(f"{k}: {' '.join(str(v).split())}" for k, v in parts if v)
            found = _findings(text)
            tally.append((f"noteikums {rule['id']}", found))
            out.append(f"### {rule['id']}\n")
            out.append(_block(text))
            out.append(_found_lines(found))
    return out


def _labels_section(tally: Tally) -> list[str]:
    out = [
        "## Saskarnes un uzskaitījumu vērtību nosaukumi\n",
        "Avoti: assistant/text/labels.yaml (vienīgā vieta uzskaitījumu vērtībām) un "
        "assistant/web/messages.yaml.\n",
        "| atslēga | latviski | angliski |",
        "|---|---|---|",
    ]
    rows: list[tuple[str, str, str]] = []
    for enum, entries in label_catalogue().items():
        rows += [(f"{enum}.{value}", e["lv"], e["en"]) for value, e in entries.items()]
    messages = yaml.safe_load((WEB_DIR / "messages.yaml").read_text("utf-8"))
    rows += [(key, str(e["lv"]), str(e["en"])) for key, e in messages.items()]
    for key, lv, en in rows:
        cell = lv.replace("|", "\\|").replace("\n", " ")
        out.append(f"| `{key}` | {cell} | {en.replace('|', chr(92) + '|')} |")
    found = _findings("\n".join(lv for _, lv, _ in rows), ["assistant users create"])
    tally.append(("saskarnes nosaukumi", found))
    out += ["", _found_lines(found)]
    return out


def _helpers_section() -> list[str]:
    examples: list[tuple[str, Callable[[], str]]] = [
        ('count(1, "uzņēmums")', lambda: count(1, "uzņēmums")),
        ('count(21, "uzņēmums")', lambda: count(21, "uzņēmums")),
        ('count(11, "uzņēmums")', lambda: count(11, "uzņēmums")),
        ('count(11, "uzņēmums", case="gen")', lambda: count(11, "uzņēmums", case="gen")),
        ('count(22, "sinerģija")', lambda: count(22, "sinerģija")),
        ('count(2.5, "tonna")', lambda: count(2.5, "tonna")),
        ('none_of("sinerģija")', lambda: none_of("sinerģija")),
        ('quantity(2400, "t/year", "lv")', lambda: quantity(2400, "t/year", "lv")),
        (
            'quantity(2400, "t/year", "lv", "compact")',
            lambda: quantity(2400, "t/year", "lv", "compact"),
        ),
        ('money(409200, "lv")', lambda: money(409200, "lv")),
        ('percent(11.8, "lv")', lambda: percent(11.8, "lv")),
        ('date_text(day, "lv")', lambda: date_text(REVIEW_DAY, "lv")),
        (
            'place_and_date("Valmierā", day, "lv")',
            lambda: place_and_date("Valmierā", REVIEW_DAY, "lv"),
        ),
        ('date_text(day, "lv", "table")', lambda: date_text(REVIEW_DAY, "lv", "table")),
    ]
    out = ["## Palīgfunkciju piemēri (assistant/text)\n", "| izsaukums | rezultāts |", "|---|---|"]
    out += [f"| `{call}` | {fn().replace(chr(160), ' ')} |" for call, fn in examples]
    return [*out, ""]


NOT_RENDERED = [
    (
        "assistant/web/templates/**/*.html",
        "vajag pieprasījumu, lietotāju un datubāzi; to "
        "teksti ir saskarnes nosaukumi augstāk, lapas pārbauda tests/web",
    ),
    (
        "tērzēšanas atbildes (assistant/chat)",
        "veido kods no pierādījumiem; `assistant eval chat` un tests/chat",
    ),
    (
        "sinerģiju skaidrojumi (assistant/synergies/explain.py)",
        "veido kods; `assistant synergies --company … --json`",
    ),
    (
        "vēstuļu fakti (assistant/outreach/facts.py)",
        "veido kods; `assistant outreach draft --lang lv`",
    ),
    ("CLI un API kļūdu ziņojumi", "angliski; latviskas versijas nav"),
]


def _collect() -> tuple[list[str], Tally]:
    tally: Tally = []
    body = [
        *_templates_section("Atbilžu veidnes (prompts/answers)", _answer_cases(), tally),
        *_templates_section(
            "Vēstules, e-pasti un zvana plāni (prompts/outreach)", _outreach_cases(), tally
        ),
        *_templates_section(
            "Pārējās veidnes (prompts/llm, prompts/reports)", _other_cases(), tally
        ),
        *_rules_section(tally),
        *_labels_section(tally),
        *_helpers_section(),
    ]
    return body, tally


def findings() -> Tally:
    """Every reviewed text with its findings (None: the template did not render)."""
    return _collect()[1]


def build(today: date = REVIEW_DAY) -> str:
    body, tally = _collect()
    bad = [(name, found) for name, found in tally if found is None or found]
    head = [
        "# Latviešu teksti pārskatīšanai\n",
        f"Izveidots ar `assistant i18n review` ({date_text(today, 'lv', 'loc')}); "
        "nelabojiet ar roku. Katram tekstam pievienota pārbaude pret ../shared/LATVIAN.md "
        "aizliegto sarakstu (assistant/text/never.py).\n",
        f"Atveidoti teksti: {len(tally)}; ar atradumiem vai neatveidoti: {len(bad)}.\n",
    ]
    head += [
        f"- {name}: " + ("netika atveidots" if found is None else f"atradumi: {len(found)}")
        for name, found in bad
    ]
    tail = ["## Šeit neatveidots\n", *[f"- {what}: {why}." for what, why in NOT_RENDERED], ""]
    return "\n".join([*head, "", *body, *tail]).rstrip() + "\n"


def write(path: Path) -> str:
    text = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return text


# ---- English output: the same templates in English, checked for Latvian leaking in ----------
LEGAL_EN = (
    "Can be a by-product, not waste, if all four WFD Art. 5 conditions are met; "
    "otherwise the receiver needs a VVD waste-management permit (R3)."
)
PAIR_EN = {
    **PAIR,
    "title": "Sawdust to pellets",
    "legal": LEGAL_EN,
    "explanation": "Sawdust and bark can be collected together for one operator.",
    "avoided_formula": "2,000 t × (130 + 44.6) €/t",
    "today": "sold at the market price",
    "checks": ["moisture", "impurities", "particle size"],
    "sectors": ["16.29 Manufacture of other products of wood"],
}
ANSWERS_EN: dict[str, Any] = {
    **ANSWERS,
    "question": "We have 2,400 t of sawdust a year. Who can use it?",
    "material": "sawdust",
    "pairs": [PAIR_EN, {**PAIR_EN, "partner": DAIRY, "eur": 84000.0}],
    "missing": [PAIR_EN],
    "pooling": [PAIR_EN],
    "best": PAIR_EN,
    "overview": [PAIR_EN],
    "passages": [
        {
            "n": 1,
            "title": "By-products",
            "text": "A production residue is a "
            "by-product only if all four conditions of Article 5 are met.",
        }
    ],
    "citations": [
        {
            "n": 1,
            "title": "By-products under Article 5 of the WFD",
            "heading": "The four cumulative conditions",
            "sources": ["https://likumi.lv/doc.php?id=229148"],
        }
    ],
    "nothing_cost": {
        **ANSWERS["nothing_cost"],
        "label": "landfilled",
        "formula": "2,400 t × 174.60 €/t",
    },
    "codes": [
        {
            "code": "03 01 05",
            "label": "sawdust, shavings, cuttings",
            "hazardous": False,
            "mirror": "03 01 04*",
        }
    ],
    "park_name": "Demo industrial park",
    "sectors": ["food (4)", "wood (3)"],
    "profile": {
        **ANSWERS["profile"],
        "sector": "16.10 Sawmilling and planing of wood",
        "municipality": "Valmiera",
        "description": "A sawmill with kilns.",
        "outputs": ["sawdust", "bark"],
        "inputs": ["heat for kilns"],
    },
}
ANSWERS_EN["lead"] = ANSWERS_EN["passages"][0]
ANSWERS_EN["covered"] = True
ANSWERS_EN["per_t"] = ANSWERS["per_t"]
ANSWERS_EN["price"] = ANSWERS["price"]
ANSWERS_EN["price_used"] = ANSWERS["price"]
ANSWERS_EN["about_material"] = [
    {"n": 2, "title": "Economics", "text": "A tonne of sawdust pellets holds about 5,000 kWh."}
]
ANSWERS_EN["unrecorded"] = True
ANSWERS_EN["gaps"] = [
    {
        "sector": "16.29 Manufacture of other products of wood",
        "materials": ["sawdust", "bark"],
        "companies": [SAW],
    }
]
OUTREACH_EN: dict[str, Any] = {
    **OUTREACH,
    "material": "bark",
    "material_label": "tree bark",
    "unit": "t/year",
    "rule_title": "wood residues to biomass boilers",
    "legal": LEGAL_EN,
    "me": {
        **OUTREACH["me"],
        "title": "Industrial symbiosis facilitator",
        "organisation": "Valmiera municipality",
    },
    "today": date_text(REVIEW_DAY, "en"),
    "today_route": "landfilled",
    "address": "1 Factory street, Valmiera",
}


def english_findings() -> Tally:
    """Every English answer and outreach template with its Latvian leaks (check_en)."""
    tally: Tally = []
    cases: list[tuple[str, dict[str, Any]]] = []
    for name in template_names("answers/"):
        if name.endswith(".en.md.j2") and not name.split("/")[-1].startswith("_"):
            cases.append((name, {**ANSWERS_EN, "lang": "en"}))
    for channel in ("letter", "email", "phone"):
        for tone in ("formal", "friendly"):
            for role in ("taker", "producer"):
                context = {
                    **OUTREACH_EN,
                    "lang": "en",
                    "channel": channel,
                    "tone": tone,
                    "role": role,
                }
                context["subject"] = render("outreach/subject.en.j2", **context)
                cases.append((f"outreach/{channel}.en.j2", context))
    cases += [("llm/system.en.j2", {}), ("outreach/polish.en.j2", {})]
    cases += [("llm/client.en.j2", {"instructions": "Answer briefly."})]
    for name, context in cases:
        text, error = _render_case(name, context)
        found = None if error else check_en(_TAG.sub(" ", _STYLE.sub(" ", text)), allow=NAMES)
        tally.append((name, found))
    return tally


__all__ = ["PROMPTS_DIR", "build", "english_findings", "findings", "write"]
