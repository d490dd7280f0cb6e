"""The flow picture's geometry on the demo park."""

from __future__ import annotations

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.composition import Services
from assistant.models.pipeline import SynergyCreate, SynergyMove
from assistant.web import graph


def test_the_demo_park_as_a_network(park_services: Services) -> None:
    followed = park_services.pipeline.add(
        SynergyCreate(
            source="SIA Demo Kokapstrāde (fiktīvs)",
            target="SIA Demo Granulas (fiktīvs)",
            material="zāģskaidas",
        )
    )
    implemented = park_services.pipeline.add(
        SynergyCreate(
            source="SIA Demo Datu centrs (fiktīvs)",
            target="SIA Demo Siltumnīcas (fiktīvs)",
            material="low-grade waste heat (server cooling)",
        )
    )
    park_services.pipeline.move(implemented.id, SynergyMove(stage="implemented"))
    companies = park_services.park.list_companies(viewer=LOCAL_ADMIN)  # the dashboard's view
    suggestions = park_services.synergy_engine.match(
        park_services.park.snapshot(), None, limit=1000
    )
    built = graph.build(companies, park_services.pipeline.list_synergies(), suggestions)

    assert [n.name for n in built.nodes if n.name == followed.source_name]
    assert len(built.nodes) == len(companies)
    assert all(0 <= n.x <= built.width and 0 <= n.y <= built.height for n in built.nodes)
    by_status = {s: [e for e in built.edges if e.status == s] for s in graph.STATUSES}
    assert [e.material for e in by_status["current"]] == [implemented.material]
    assert by_status["current"][0].unit == "MWh/year"
    assert [e.material for e in by_status["pipeline"]] == ["zāģskaidas"]
    assert 0 < len(by_status["suggested"]) <= graph.MAX_SUGGESTED
    assert {e.unit for e in by_status["suggested"]} == set(graph.UNITS)
    assert all(1.5 <= e.width <= 10.0 for e in built.edges)
    assert built.edges[-1].status != "suggested"  # followed exchanges are drawn on top
    pairs = [(e.source, e.target) for e in built.edges]
    assert len(pairs) == len(set(pairs))


def test_names_and_sectors() -> None:
    assert graph.short_name("SIA Demo Granulas (fiktīvs)") == "Demo Granulas"
    assert graph.short_name("AS Latvijas Finieris") == "Latvijas Finieris"
    assert graph.short_name("SIA") == "SIA"
    assert [
        graph.group_of(code)
        for code in ("01.47", "10.51", "16.10", "22.22", "35.30", "38.22", "41.20", "63.11")
    ] == list(graph.GROUPS)
