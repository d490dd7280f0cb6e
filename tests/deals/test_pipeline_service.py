"""The pipeline service on a real SQLite database: records, moves, notes, next actions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.models.pipeline import (
    NextActionUpdate,
    Synergy,
    SynergyCreate,
    SynergyEvent,
    SynergyMove,
    SynergyNoteCreate,
)
from tests.deals.parks import FACILITATOR, PELLETS, SAW


def _add(services, **more):
    data = {"source": SAW, "target": PELLETS, "material": "miza", **more}
    return services.pipeline.add(SynergyCreate(**data))


def _events(services) -> int:
    with Session(services.engine) as session:
        return session.exec(select(func.count()).select_from(SynergyEvent)).one()


def test_add_takes_the_engines_estimate_and_legal_route(park):
    synergy = _add(park)
    assert synergy.stage == "identified" and synergy.rule_id == "wood-residues-to-biomass-boilers"
    assert (synergy.legal_kind, synergy.r_code) == ("by_product", "R1")
    # bark sold today at 26 €/t, worth 35 €/t to the boiler: 300 t × (35 − 26)
    # − 300 t × 2.6077 km × 0.1 €/t·km (engine's exact km) = 2 700 − 78.23
    assert synergy.estimate["eur_per_year"] == pytest.approx(2621.77)
    assert synergy.estimate["counterfactual"]["route"] == "sold"
    assert synergy.estimate["eur_low_per_year"] < 2621.77 < synergy.estimate["eur_high_per_year"]
    assert synergy.estimate["tonnes_per_year"] == 300
    assert synergy.municipality == "Testa novads" and synergy.park_name == "Testa parks"
    assert [(e.from_stage, e.to_stage, e.by) for e in synergy.events] == [
        (None, "identified", FACILITATOR)
    ]


def test_add_refuses_duplicates_and_unknown_synergies(park):
    _add(park)
    with pytest.raises(Conflict, match="already follows"):
        _add(park)
    with pytest.raises(InvalidInput, match="no synergy between"):
        _add(park, source="SIA Betons", target=PELLETS, material="betona drupas")
    manual = _add(park, source="SIA Betons", target=PELLETS, material="betona drupas", manual=True)
    assert manual.rule_id is None and manual.estimate == {}
    with pytest.raises(InvalidInput, match="unknown company"):
        _add(park, source="SIA Nav")


def test_add_without_a_target_follows_a_missing_partner(park):
    synergy = _add(park, source="SIA Betons", target=None, material="betona drupas")
    assert synergy.target_name is None and synergy.municipality == "Kaimiņu novads"
    assert synergy.rule_id.startswith("construction-")


def test_every_move_is_recorded_and_bad_moves_write_nothing(park):
    sid = _add(park).id
    park.pipeline.move(sid, SynergyMove(stage="meeting", by="Jānis"))
    before = _events(park)
    with pytest.raises(Conflict):
        park.pipeline.move(sid, SynergyMove(stage="identified"))
    with pytest.raises(InvalidInput):
        park.pipeline.move(sid, SynergyMove(stage="dropped"))
    assert _events(park) == before and park.pipeline.get(sid).stage == "meeting"
    back = park.pipeline.move(
        sid, SynergyMove(stage="contacted", reopen=True, reason="the manager changed")
    )
    assert back.stage == "contacted"
    assert [(e.from_stage, e.to_stage, e.reopen, e.reason, e.by) for e in back.events[1:]] == [
        ("identified", "meeting", False, "", "Jānis"),
        ("meeting", "contacted", True, "the manager changed", FACILITATOR),
    ]
    dropped = park.pipeline.move(sid, SynergyMove(stage="dropped", reason="no budget"))
    assert dropped.stage == "dropped" and dropped.events[-1].reason == "no budget"
    with pytest.raises(NotFound):
        park.pipeline.move(999, SynergyMove(stage="meeting"))


def test_notes_contact_log_and_next_action(park):
    sid = _add(park).id
    park.pipeline.note(sid, SynergyNoteCreate(text="Called the director", contact=True))
    detail = park.pipeline.note(sid, SynergyNoteCreate(text="Sample is ready"))
    assert [(n.text, n.contact) for n in detail.notes] == [
        ("Called the director", True),
        ("Sample is ready", False),
    ]
    with pytest.raises(InvalidInput):
        park.pipeline.note(sid, SynergyNoteCreate(text="   "))
    updated = park.pipeline.set_next_action(
        sid, NextActionUpdate(next_action="Send the sample", next_action_due=date(2026, 12, 1))
    )
    assert (updated.next_action, updated.next_action_due) == ("Send the sample", date(2026, 12, 1))
    with pytest.raises(InvalidInput):
        park.pipeline.set_next_action(sid, NextActionUpdate())


def test_list_filters_by_stage_and_company(park):
    a = _add(park).id
    b = _add(park, source="SIA Betons", target=None, material="betona drupas").id
    park.pipeline.move(b, SynergyMove(stage="pilot"))
    assert [s.id for s in park.pipeline.list_synergies()] == [a, b]
    assert [s.id for s in park.pipeline.list_synergies(stage="pilot")] == [b]
    assert [s.id for s in park.pipeline.list_synergies(company="granulas")] == [a]
    with pytest.raises(InvalidInput):
        park.pipeline.list_synergies(stage="someday")
    with Session(park.engine) as session:
        assert session.exec(select(func.count()).select_from(Synergy)).one() == 2
