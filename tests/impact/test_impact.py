"""Measured impact: recording rules, arithmetic and totals (computed by hand), CSV round trip,
the council report in both languages."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.impact import csvio
from assistant.impact.report import report_html
from assistant.models.pipeline import ImpactRecord, Synergy, SynergyCreate
from tests.deals.parks import PELLETS, SAW, SECRET
from tests.impact.helpers import A, B, implemented, two_measured

NBSP = "\u00a0"


def test_only_implemented_synergies_get_measured_values(park):
    sid = park.pipeline.add(SynergyCreate(source=SAW, target=PELLETS, material="miza")).id
    with pytest.raises(Conflict, match="at stage 'identified'"):
        park.impact.record(sid, A)
    with pytest.raises(NotFound):
        park.impact.record(404, A)
    done = implemented(park, SAW, PELLETS, "zāģskaidas")
    with pytest.raises(InvalidInput, match="verified_by"):
        park.impact.record(done, A.model_copy(update={"verified_by": "  "}))
    assert park.impact.rows(LOCAL_ADMIN) == []
    saved = park.impact.record(done, A)
    assert saved.eur_total_per_year == 350000.5  # 300 000 + 50 000.5
    again = park.impact.record(done, B)  # a second record replaces the first
    assert again.tonnes_per_year == 900 and len(park.impact.rows(LOCAL_ADMIN)) == 1


def test_rows_put_the_measurement_beside_the_estimate(park):
    a, b = two_measured(park)
    rows = {r.synergy_id: r for r in park.impact.rows(LOCAL_ADMIN)}
    # the engine's estimate: sawdust sold today at the price the pellet maker pays (35 − 35),
    # so the gain is the shorter haul: 2400 t × 30 km × 0.1 − 2400 t × 2.6077 km × 0.1
    assert rows[a].estimated_eur_per_year == pytest.approx(6574.17)
    assert rows[a].estimated_tonnes_per_year == 2400
    assert rows[a].estimated_co2e_t_per_year == pytest.approx(359.437)  # 360 − 2400×2.6×9e-5
    assert (rows[a].legal_kind, rows[a].r_code, rows[a].esrs_category) == (
        "by_product",
        "R3",
        "by_product",
    )
    assert rows[b].estimated_eur_per_year == 0 and rows[b].esrs_category == "other_recovery"
    assert rows[b].eur_total_per_year == 12500.25


def test_totals_per_park_and_municipality(park):
    two_measured(park)
    totals = park.impact.totals(LOCAL_ADMIN)
    t = totals.all
    assert (t.count, t.tonnes_per_year, t.eur_source_per_year, t.eur_target_per_year) == (
        2,
        2900,
        310000,
        52500.75,
    )
    assert (t.eur_total_per_year, t.co2e_t_per_year, t.water_m3_per_year) == (
        362500.75,
        259.75,
        120,
    )
    assert t.estimated_eur_per_year == pytest.approx(6574.17)
    assert [
        (g.name, g.count, g.tonnes_per_year, g.eur_total_per_year) for g in totals.by_municipality
    ] == [("Kaimiņu novads", 1, 900, 12500.25), ("Testa novads", 1, 2000, 350000.5)]
    assert [(g.name, g.count, g.co2e_t_per_year) for g in totals.by_park] == [
        ("Testa parks", 2, 259.75)
    ]
    assert [(r.esrs_category, r.route, r.count, r.tonnes_per_year) for r in totals.by_route] == [
        ("by_product", "by_product R3", 1, 2000),
        ("other_recovery", "manual", 1, 900),
    ]
    assert totals.diverted_tonnes_per_year == 2900


def test_an_exchange_resting_on_a_confidential_flow_is_staff_only(park):
    a, b = two_measured(park)  # a: the sawmill's sawdust, a confidential flow
    assert [r.synergy_id for r in park.impact.rows()] == [b]
    assert park.impact.totals().all.count == 1
    assert park.impact.totals().all.tonnes_per_year == 900  # b only
    assert {r.synergy_id for r in park.impact.rows(LOCAL_ADMIN)} == {a, b}


def test_totals_group_by_park(park):
    a, b = two_measured(park)
    with Session(park.engine) as session:  # a synergy recorded in another park
        row = session.get(Synergy, b)
        assert row is not None
        row.park_name = "Otrs parks"
        session.add(row)
        session.commit()
    groups = {
        g.name: (g.count, g.eur_source_per_year) for g in park.impact.totals(LOCAL_ADMIN).by_park
    }
    assert groups == {"Testa parks": (1, 300000), "Otrs parks": (1, 10000)}


def test_csv_export_import_round_trip(park):
    a, b = two_measured(park)
    before = park.impact.rows(LOCAL_ADMIN)
    text = csvio.to_csv(before)
    assert text.splitlines()[0].startswith("synergy_id,park,municipality,source,target")
    park.impact.delete(a)
    park.impact.delete(b)
    assert park.impact.rows(LOCAL_ADMIN) == []
    assert csvio.import_csv(park.impact, text) == 2
    assert park.impact.rows(LOCAL_ADMIN) == before
    assert csvio.to_csv(park.impact.rows(LOCAL_ADMIN)) == text
    assert csvio.import_csv(park.impact, text) == 2 and park.impact.rows(LOCAL_ADMIN) == before


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (lambda line: line.replace(",2000.0,", ",many,"), "line 2"),
        (lambda line: line.replace(SAW, "SIA Cits"), "do not match"),
    ],
)
def test_a_bad_csv_writes_nothing(park, edit, error):
    two_measured(park)
    before = park.impact.rows(LOCAL_ADMIN)
    lines = csvio.to_csv(before).splitlines()
    lines[1] = edit(lines[1])
    lines[2] = lines[2].replace(",900.0,", ",1.0,")  # a valid change that must not be kept
    with pytest.raises(InvalidInput, match=error):
        csvio.import_csv(park.impact, "\n".join(lines) + "\n")
    assert park.impact.rows(LOCAL_ADMIN) == before


def test_a_csv_row_of_a_synergy_not_implemented_writes_nothing(park):
    a, b = two_measured(park)
    other = park.pipeline.add(SynergyCreate(source=SAW, target=PELLETS, material="miza")).id
    text = csvio.to_csv(park.impact.rows(LOCAL_ADMIN))
    lines = text.splitlines()
    lines.append(lines[1].replace(f"{a},", f"{other},", 1).replace("zāģskaidas", "miza"))
    with pytest.raises(Conflict):
        csvio.import_csv(park.impact, "\n".join(lines).replace(",900.0,", ",1.0,"))
    assert [r.tonnes_per_year for r in park.impact.rows(LOCAL_ADMIN)] == [2000, 900]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            (
                "Industrial symbiosis: measured impact",
                "ESRS E5",
                "E5-4 Resource inflows",
                "E5-5 Resource outflows",
                "€362,501/year",
                "By-products and reuse (not waste)",
                "Other recovery",
                "Kaimiņu novads",
                "J. Bērziņš, 2026-11-20",
            ),
        ),
        (
            "lv",
            (
                "Industriālā simbioze: izmērītā ietekme",
                "ESRS E5",
                "E5-4 Resursu ieplūde",
                "no apglabāšanas novirzītie",
                f"362{NBSP}501 € gadā",
                "Blakusprodukti",
                "Cita reģenerācija",
                "Pārbaudīja",
                "Kopā",
                "Vides inspektore, 01.10.2026.",
            ),
        ),
    ],
)
def test_the_council_report_renders_without_external_urls(park, lang, words):
    two_measured(park)
    html = report_html(park.impact, lang, "Anna Kalniņa", viewer=LOCAL_ADMIN)
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    for word in words:
        assert word in html
    assert not re.search(r"https?:|//[a-z]|<script|<link|<img|src=|url\(|@import", html, re.I)


def test_the_council_report_hides_a_confidential_company(park):
    sid = implemented(park, SAW, SECRET, "miza")
    park.impact.record(
        sid,
        ImpactRecord(
            tonnes_per_year=300,
            eur_source_per_year=1,
            eur_target_per_year=1,
            co2e_t_per_year=1,
            water_m3_per_year=0,
            verified_by="X",
        ),
    )
    for lang, label in (("en", "a confidential company"), ("lv", "konfidenciāls uzņēmums")):
        staff_copy = report_html(park.impact, lang, "Anna", viewer=LOCAL_ADMIN)
        assert SECRET not in staff_copy and "Slepen" not in staff_copy and label in staff_copy
        table = staff_copy.split("<h2>")[-1]  # the table of synergies, one row each
        assert label in table and not re.search(r">300<|>300[.,]0", table)
        council_copy = report_html(park.impact, lang, "Anna")
        rows, note = council_copy.split("<h2>")[-1].split("</table>")
        assert "Slepen" not in council_copy and label not in rows
        assert "1 exchange(s) with a confidential" in note or "1 apmaiņa(s) ar" in note
        assert not re.search(r">300<|>300[.,]0", council_copy)  # not in the totals either
    assert [r.synergy_id for r in park.impact.rows(LOCAL_ADMIN)] == [sid]
    assert park.impact.rows() == []  # a municipal viewer's list leaves the exchange out
    assert park.impact.totals().all.count == 0
    assert park.impact.totals(LOCAL_ADMIN).all.tonnes_per_year == 300
    with pytest.raises(InvalidInput, match="unsupported language"):
        report_html(park.impact, "de", "Anna")
