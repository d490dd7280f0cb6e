"""The visibility rules, one kind of object at a time, on hand-made records and engine output."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.auth import visibility
from assistant.auth.viewer import ANONYMISED, LOCAL_ADMIN, Viewer
from assistant.models.park import CompanyPublic, FlowPublic
from assistant.synergies.park_data import ParkData
from tests.auth.parks import leaks, serialized
from tests.synergies.helpers import ParkBuilder, builtin_engine, shops_and_a_paper_mill

ENGINE = builtin_engine()
FACILITATOR = Viewer(name="fa", role="facilitator")


def _flow(fid: int, company_id: int, quantity: float, confidential: bool = False) -> FlowPublic:
    return FlowPublic(id=fid, company_id=company_id, direction="output", material="zāģskaidas",
                      quantity=quantity, unit="t/year", confidential=confidential,
                      notes="behind the Slepenā shed", availability="Mondays", category=None,
                      category_score=0.0, ewc_confirmed=False)


def _company(confidential: bool, flows: list[FlowPublic]) -> CompanyPublic:
    return CompanyPublic(id=7, park_id=1, name="Slepenā Siltumnīca", nace="16.10",
                         lat=56.961234, lon=24.123456, description="Secret greenhouse",
                         contact_email="boss@secret.example", confidential=confidential,
                         municipality="Testa novads", flows=flows)


def _user(company_id: int) -> Viewer:
    return Viewer(name="u", role="company", company_id=company_id)


def test_a_confidential_company_keeps_only_its_sector_and_a_rough_place():
    record = _company(True, [_flow(1, 7, 1234), _flow(2, 7, 300)])
    for viewer in (ANONYMISED, _user(8)):
        seen = visibility.company(record, viewer)
        assert seen.name == "Confidential company (NACE 16.10 Sawmilling and planing of wood)"
        assert (seen.description, seen.contact_email) == ("", "")
        assert (seen.lat, seen.lon) == (57.0, 24.1)
        assert [f.quantity for f in seen.flows] == [None, None]  # also the public flow
        assert all(f.notes == "" and f.availability == "" for f in seen.flows)
        assert leaks(serialized(seen), numbers=(1234,)) == []
    for viewer in (_user(7), FACILITATOR, LOCAL_ADMIN):
        assert visibility.company(record, viewer) == record


def test_a_confidential_flow_of_a_public_company_loses_only_its_quantity_and_notes():
    record = _company(False, [_flow(1, 7, 1234, confidential=True), _flow(2, 7, 300)])
    seen = visibility.company(record, _user(8))
    assert seen.name == record.name and seen.lat == record.lat
    secret, public = seen.flows
    assert (secret.quantity, secret.notes, secret.availability) == (None, "", "")
    assert public == record.flows[1]
    assert visibility.flow(record.flows[0], _user(7)) == record.flows[0]


def _sawdust_park(*, hide_source: bool = False, hide_target_company: bool = False,
                  target_need: float = 14000) -> ParkData:
    park = ParkBuilder()
    saw = park.company("SIA Zāģētava", "16.10")
    pellets = park.company("SIA Granulas", "16.29", km_north=2.6,
                           confidential=hide_target_company)
    sawdust = park.flow(saw, "output", "zāģskaidas", 1234, ewc="03 01 05")
    park.flow(pellets, "input", "zāģskaidas", target_need)
    built = park.build()
    if hide_source:
        built.flows[0] = replace(sawdust, confidential=True)
    return built


def _pair(park: ParkData, viewer: Viewer):  # type: ignore[no-untyped-def]
    found = [s for s in ENGINE.match(park) if s.kind == "pair"
             and s.source_company == "SIA Zāģētava" and s.target_flow is not None]
    assert found, "the engine found no sawdust pair"
    return found[0], visibility.suggestions(found, viewer, park)[0]


def test_a_hidden_binding_volume_withholds_every_figure_derived_from_it():
    full, seen = _pair(_sawdust_park(hide_source=True), _user(2))  # the pellet maker asks
    assert full.benefit.eur_per_year > 0 and full.benefit.tonnes_per_year == 1234
    assert seen.withheld and seen.source_flow.quantity is None
    assert seen.target_flow is not None and seen.target_flow.quantity == 14000  # its own
    benefit = seen.benefit
    assert (benefit.eur_per_year, benefit.tonnes_per_year, benefit.co2e_t_per_year,
            benefit.water_m3_per_year) == (None, None, None, None)
    assert benefit.assumptions and all(a.value is None for a in benefit.assumptions)
    assert "confidential volume" in seen.explanation and "konfidenciālā" in seen.explanation_lv
    text = serialized(seen)
    assert leaks(text, numbers=(1234,)) == []
    for figure in (full.benefit.eur_per_year, *(a.value for a in full.benefit.assumptions)):
        assert f"{figure:g}" not in text


def test_figures_resting_on_the_viewers_own_volume_stay():
    full, seen = _pair(_sawdust_park(hide_source=True), _user(1))  # the sawmill itself
    assert not seen.withheld and seen.source_flow.quantity == 1234
    assert seen.benefit.model_dump() == full.benefit.model_dump()


def test_a_public_volume_that_binds_keeps_the_figures_but_not_the_hidden_one():
    # the pellet maker's need (800 t, public) is smaller than the hidden 1234 t supply
    full, seen = _pair(_sawdust_park(hide_source=True, target_need=800), ANONYMISED)
    assert full.benefit.tonnes_per_year == 800
    assert not seen.withheld and seen.benefit.tonnes_per_year == 800
    assert seen.source_flow.quantity is None
    assert leaks(serialized(seen), numbers=(1234,)) == []


def test_a_hidden_company_is_named_by_sector_at_a_rough_distance():
    full, seen = _pair(_sawdust_park(hide_target_company=True), _user(1))
    assert full.distance_km is not None and 2.0 < full.distance_km < 3.0
    assert seen.target_company is not None and seen.target_company.startswith(
        "Confidential company (NACE 16.29")
    assert seen.distance_km == visibility.ROUGH_KM
    assert seen.withheld is False  # the sawmill's own 1234 t binds
    transport = {a.term: a for a in seen.benefit.assumptions}["transport"]
    full_transport = {a.term: a for a in full.benefit.assumptions}["transport"]
    assert transport.value == pytest.approx(full_transport.value * 5.0 / full.distance_km,
                                            abs=0.01)
    assert "~5 km" in transport.formula and f"{full.distance_km:.1f} km" not in transport.formula
    eur = sum(a.value or 0.0 for a in seen.benefit.assumptions if a.unit == "EUR/year")
    assert seen.benefit.eur_per_year == pytest.approx(eur, abs=0.01)
    assert "SIA Granulas" not in serialized(seen) and f"{full.distance_km:.1f}" not in \
        seen.explanation
    assert leaks(serialized(seen), numbers=(14000,), words=("SIA Granulas",)) == []


def test_a_pooled_total_with_a_hidden_share_is_withheld():
    built = shops_and_a_paper_mill()
    built.flows[2] = replace(built.flows[2], confidential=True)  # Shop 3's 20 t
    pooled = [s for s in ENGINE.match(built) if s.kind == "pooling"]
    assert pooled and pooled[0].source_flow.quantity == 45
    for viewer in (_user(4), _user(2)):  # the paper mill, and Shop 2 (45 − its 15 = 30)
        seen = visibility.suggestions(pooled, viewer, built)[0]
        assert seen.withheld and seen.source_flow.quantity is None
        assert "45" not in seen.explanation and seen.benefit.eur_per_year is None
    for viewer in (_user(3), FACILITATOR):  # Shop 3 owns the hidden 20 t
        seen = visibility.suggestions(pooled, viewer, built)[0]
        assert not seen.withheld and seen.source_flow.quantity == 45


@pytest.mark.parametrize("written", ["1234", "1,234", "1 234", "1\u00a0234", "1234.0"])
def test_every_way_of_writing_a_hidden_quantity_is_scrubbed(written):
    secrets = visibility.Secrets(names={"Slepenā": "Confidential company"},
                                 flows={5: ("Slepenā", None, "t/year", 1234.0)})
    text = f"Slepenā has {written} t/year; order 12345 and 81234 stay; draft 1234"
    scrubbed = visibility.scrub_data({"body": text, "id": 1234, "quantity": 1234.0}, secrets,
                                     "en")
    assert scrubbed["body"] == ("Confidential company has [confidential]; order 12345 and "
                                "81234 stay; draft [confidential]")
    assert scrubbed["id"] == 1234 and scrubbed["quantity"] is None
