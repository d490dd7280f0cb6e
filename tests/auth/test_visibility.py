"""The visibility rules, one kind of object at a time, on hand-made records and engine output."""

from __future__ import annotations

from dataclasses import replace

from assistant.auth.viewer import ANONYMISED, LOCAL_ADMIN, Viewer
from assistant.models.park import CompanyPublic, FlowPublic
from assistant.park import visibility
from assistant.synergies.park_data import ParkData
from tests.auth.parks import leaks, serialized
from tests.synergies.helpers import ParkBuilder, builtin_engine, shops_and_a_paper_mill

ENGINE = builtin_engine()
FACILITATOR = Viewer(name="fa", role="facilitator")


def _flow(fid: int, company_id: int, quantity: float, confidential: bool = False) -> FlowPublic:
    return FlowPublic(
        id=fid,
        company_id=company_id,
        direction="output",
        material="zāģskaidas",
        quantity=quantity,
        unit="t/year",
        confidential=confidential,
        notes="behind the Slepenā shed",
        availability="Mondays",
        category=None,
        category_score=0.0,
        ewc_confirmed=False,
    )


def _company(confidential: bool, flows: list[FlowPublic]) -> CompanyPublic:
    return CompanyPublic(
        id=7,
        park_id=1,
        name="Slepenā Siltumnīca",
        nace="16.10",
        lat=56.961234,
        lon=24.123456,
        description="Secret greenhouse",
        contact_email="boss@secret.example",
        confidential=confidential,
        municipality="Testa novads",
        flows=flows,
    )


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


def _sawdust_park(
    *, hide_source: bool = False, hide_target_company: bool = False, target_need: float = 14000
) -> ParkData:
    park = ParkBuilder()
    saw = park.company("SIA Zāģētava", "16.10")
    pellets = park.company("SIA Granulas", "16.29", km_north=2.6, confidential=hide_target_company)
    sawdust = park.flow(saw, "output", "zāģskaidas", 1234, ewc="03 01 05")
    park.flow(pellets, "input", "zāģskaidas", target_need)
    built = park.build()
    if hide_source:
        built.flows[0] = replace(sawdust, confidential=True)
    return built


def _pair(park: ParkData, viewer: Viewer):  # type: ignore[no-untyped-def]
    """The sawdust pair as staff see it, and as `viewer` sees it (computed on its view)."""

    def sawdust(found):  # type: ignore[no-untyped-def]
        pairs = [
            s
            for s in found
            if s.kind == "pair"
            and s.target_flow is not None
            and s.source_flow.material == "zāģskaidas"
        ]
        assert pairs, "the engine found no sawdust pair"
        return pairs[0]

    full = sawdust(ENGINE.match(park))
    return full, visibility.suggestion(sawdust(ENGINE.match(visibility.park_view(park, viewer))))


def test_a_hidden_volume_gives_ranges_over_its_band_and_no_point_figure():
    full, seen = _pair(_sawdust_park(hide_source=True), _user(2))  # the pellet maker asks
    assert full.benefit.eur_per_year > 0 and full.benefit.tonnes_per_year == 1234
    assert seen.withheld and seen.source_flow.quantity is None
    assert seen.source_flow.band == (1000, 10000)
    assert seen.target_flow is not None and seen.target_flow.quantity == 14000  # its own
    benefit = seen.benefit
    assert (
        benefit.eur_per_year,
        benefit.tonnes_per_year,
        benefit.co2e_t_per_year,
        benefit.water_m3_per_year,
    ) == (None, None, None, None)
    assert benefit.assumptions and all(a.value is None for a in benefit.assumptions)
    assert benefit.range is not None and benefit.range.tonnes_per_year == (1000, 10000)
    low, high = benefit.range.eur_per_year
    assert low < full.benefit.eur_per_year < high  # the true figure lies inside the range
    assert "1,000–10,000" in seen.explanation and "konfidenciālu" in seen.explanation_lv
    assert "1\u00a0000–10\u00a0000\u00a0t gadā" in seen.explanation_lv
    text = serialized(seen)
    assert leaks(text, numbers=(1234,)) == []
    for figure in (full.benefit.eur_per_year, *(a.value for a in full.benefit.assumptions)):
        assert f"{figure:g}" not in text


def test_figures_resting_on_the_viewers_own_volume_stay():
    full, seen = _pair(_sawdust_park(hide_source=True), _user(1))  # the sawmill itself
    assert not seen.withheld and seen.source_flow.quantity == 1234
    assert seen.benefit.model_dump() == full.benefit.model_dump()


def test_a_public_volume_below_the_whole_band_keeps_exact_figures():
    # the pellet maker's need (800 t, public) is below the hidden supply's band (1000–10000)
    full, seen = _pair(_sawdust_park(hide_source=True, target_need=800), ANONYMISED)
    assert full.benefit.tonnes_per_year == 800
    assert not seen.withheld and seen.benefit.tonnes_per_year == 800
    assert seen.benefit.eur_per_year == full.benefit.eur_per_year
    assert seen.source_flow.quantity is None
    assert leaks(serialized(seen), numbers=(1234,)) == []


def test_a_public_volume_inside_the_band_is_not_an_oracle():
    # 1500 t need: whether the hidden supply is above or below it must not show
    below = _pair(_sawdust_park(hide_source=True, target_need=1500), ANONYMISED)[1]
    park = _sawdust_park(hide_source=True, target_need=1500)
    park.flows[0] = replace(park.flows[0], quantity=9000)  # same band, now above the need
    above = _pair(park, ANONYMISED)[1]
    assert below.withheld and serialized(below) == serialized(above)


def test_a_hidden_company_is_named_by_sector_at_a_rough_distance():
    full, seen = _pair(_sawdust_park(hide_target_company=True), _user(1))
    assert full.distance_km is not None and 2.0 < full.distance_km < 3.0
    assert seen.target_company is not None and seen.target_company.startswith(
        "Confidential company (NACE 16.29"
    )
    assert seen.distance_km is not None and seen.distance_km % 5 == 0
    assert not seen.withheld  # the sawmill's own 1234 t is below the partner's 10000+ band
    assert seen.benefit.tonnes_per_year == 1234
    transport = {a.term: a for a in seen.benefit.assumptions}["transport"]
    assert f"{seen.distance_km:.1f} km" in transport.formula
    assert f"{full.distance_km:.1f}" not in serialized(seen)
    assert leaks(serialized(seen), numbers=(14000,), words=("SIA Granulas",)) == []


def test_a_pooled_total_with_a_hidden_share_is_a_band():
    built = shops_and_a_paper_mill()
    built.flows[2] = replace(built.flows[2], confidential=True)  # Shop 3's 20 t
    pooled = [s for s in ENGINE.match(built) if s.kind == "pooling"]
    assert pooled and pooled[0].source_flow.quantity == 45
    for viewer in (_user(4), _user(2)):  # the paper mill, and Shop 2 (45 − its 15 = 30)
        view = visibility.park_view(built, viewer)
        seen = [visibility.suggestion(s) for s in ENGINE.match(view) if s.kind == "pooling"][0]
        assert seen.withheld and seen.source_flow.quantity is None
        assert seen.source_flow.band == (35, 125)  # 10 + 15 + the 10–100 band
        assert "45" not in seen.explanation and seen.benefit.eur_per_year is None
    for viewer in (_user(3), FACILITATOR):  # Shop 3 owns the hidden 20 t
        view = visibility.park_view(built, viewer)
        seen = [visibility.suggestion(s) for s in ENGINE.match(view) if s.kind == "pooling"][0]
        assert not seen.withheld and seen.source_flow.quantity == 45


def test_bands_and_cells_are_declared_and_stable():
    from assistant.synergies.bands import band_of, cell_centre

    assert [band_of(q) for q in (0.4, 1, 9.99, 10, 2400, 8000, 10000)] == [
        (0, 1),
        (1, 10),
        (1, 10),
        (10, 100),
        (1000, 10000),
        (1000, 10000),
        (10000, 100000),
    ]
    assert cell_centre(57.5306) == cell_centre(57.5306 + 0.00045) == 57.5
    assert cell_centre(24.96) == 25.0
