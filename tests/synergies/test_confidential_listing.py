"""The synergy listing an edge shows, for the park and for one company, per viewer."""

from __future__ import annotations

import pytest

from assistant.errors import NotFound
from assistant.park.suggestions import suggestions_for
from tests.auth.parks import HEAT, OUTSIDER, PELLETS, SAW, SECRET, leaks, load, serialized


@pytest.fixture
def park(services):
    return services, load(services)


def _listings(services, viewers, viewer) -> dict[str, list]:
    park, engine, ids = services.park, services.synergy_engine, viewers.ids
    return {
        "park": suggestions_for(viewer, park, engine),
        **{
            name: suggestions_for(viewer, park, engine, ids[name])
            for name in (SAW, PELLETS, HEAT, SECRET, OUTSIDER)
        },
    }


def test_outsiders_see_no_confidential_name_quantity_or_derived_figure(park):
    services, viewers = park
    full = suggestions_for(viewers.admin, services.park, services.synergy_engine)
    for viewer in viewers.blind():
        for scope, found in _listings(services, viewers, viewer).items():
            text = serialized(found)
            assert leaks(text) == [], (viewer.name, scope)
            assert found or scope == OUTSIDER, scope
        sawdust = [
            s
            for s in suggestions_for(
                viewer, services.park, services.synergy_engine, viewers.ids[SAW]
            )
            if s.material == "zāģskaidas" and s.target_company == PELLETS
        ]
        assert sawdust and all(s.withheld and s.benefit.eur_per_year is None for s in sawdust)
        euros = {
            text
            for s in full
            if s.material == "zāģskaidas"
            for text in (f"{s.benefit.eur_per_year}", f"{s.benefit.eur_per_year:,.0f}")
        }
        assert euros and not any(e in serialized(sawdust) for e in euros)


def test_the_confidential_company_appears_by_sector_at_a_rough_distance(park):
    services, viewers = park
    found = suggestions_for(
        viewers.outsider, services.park, services.synergy_engine, viewers.ids[HEAT]
    )
    heat = [
        s
        for s in found
        if s.target_company and s.target_company.startswith("Confidential company (NACE 01.13")
    ]
    assert heat, [s.target_company for s in found]
    assert all(s.distance_km is not None and s.distance_km % 5 == 0 for s in heat)
    assert all(
        s.withheld and s.target_flow is not None and s.target_flow.quantity is None
        for s in heat
        if s.target_flow is not None
    )


def test_the_owner_and_staff_see_their_figures(park):
    services, viewers = park
    for viewer in (viewers.saw, *viewers.full()):
        found = suggestions_for(viewer, services.park, services.synergy_engine, viewers.ids[SAW])
        pair = next(s for s in found if s.material == "zāģskaidas" and s.target_company == PELLETS)
        assert not pair.withheld and pair.source_flow.quantity == 1234
        assert pair.benefit.tonnes_per_year == 1234 and pair.benefit.eur_per_year
    staff = serialized(suggestions_for(viewers.facilitator, services.park, services.synergy_engine))
    assert {"1234", "4321", "5678"} <= set(leaks(staff)) and SECRET in staff
    own = serialized(
        suggestions_for(viewers.secret, services.park, services.synergy_engine, viewers.ids[SECRET])
    )
    assert SECRET in own and leaks(own, numbers=(1234,), words=()) == []


def test_a_confidential_company_cannot_be_listed_by_name_by_outsiders(park):
    services, viewers = park
    with pytest.raises(NotFound):
        suggestions_for(viewers.outsider, services.park, services.synergy_engine, SECRET)
    assert suggestions_for(viewers.admin, services.park, services.synergy_engine, SECRET)
