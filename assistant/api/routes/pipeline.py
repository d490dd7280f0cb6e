"""The synergy pipeline: list, create, read, move between stages, notes, next action."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.facilitator_deps import PipelineDep
from assistant.models.pipeline import (
    NextActionUpdate,
    SynergyCreate,
    SynergyDetail,
    SynergyMove,
    SynergyNoteCreate,
    SynergyPublic,
)

router = APIRouter(prefix="/api/pipeline", tags=["pipeline"])


@router.get("", response_model=list[SynergyPublic])
def list_synergies(
    pipeline: PipelineDep,
    stage: Annotated[str | None, Query(max_length=16)] = None,
    company: Annotated[str | None, Query(max_length=300)] = None,
) -> list[SynergyPublic]:
    return pipeline.list_synergies(stage, company)


@router.post("", response_model=SynergyDetail, status_code=201)
def create_synergy(pipeline: PipelineDep, body: SynergyCreate) -> SynergyDetail:
    return pipeline.add(body)


@router.get("/{synergy_id}", response_model=SynergyDetail)
def get_synergy(pipeline: PipelineDep, synergy_id: int) -> SynergyDetail:
    return pipeline.get(synergy_id)


@router.patch("/{synergy_id}", response_model=SynergyDetail)
def set_next_action(
    pipeline: PipelineDep, synergy_id: int, body: NextActionUpdate
) -> SynergyDetail:
    return pipeline.set_next_action(synergy_id, body)


@router.post("/{synergy_id}/move", response_model=SynergyDetail)
def move(pipeline: PipelineDep, synergy_id: int, body: SynergyMove) -> SynergyDetail:
    """Forward one or more steps; back only with `reopen: true` and a reason; dropped needs a
    reason."""
    return pipeline.move(synergy_id, body)


@router.post("/{synergy_id}/notes", response_model=SynergyDetail, status_code=201)
def add_note(pipeline: PipelineDep, synergy_id: int, body: SynergyNoteCreate) -> SynergyDetail:
    return pipeline.note(synergy_id, body)
