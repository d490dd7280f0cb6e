"""Dashboard pages of the facilitator's work: the pipeline board, the outreach draft editor and
the measured impact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assistant.api.facilitator_deps import ImpactDep, OutreachDep, PipelineDep
from assistant.api.park_deps import ParkDep
from assistant.errors import NotFound
from assistant.models.pipeline import STAGES
from assistant.web import chart
from assistant.web.auth import FacilitatorDep
from assistant.web.render import page

router = APIRouter(prefix="/dashboard", include_in_schema=False)
T = TypeVar("T")


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_board(request: Request, viewer: FacilitatorDep, pipeline: PipelineDep) -> HTMLResponse:
    synergies = pipeline.list_synergies()
    by_stage = {stage: [s for s in synergies if s.stage == stage] for stage in STAGES}
    return page(
        request,
        "dashboard/pipeline.html",
        viewer,
        stages=STAGES,
        by_stage=by_stage,
        total=len(synergies),
    )


@router.get("/outreach", response_class=HTMLResponse)
def outreach_editor(
    request: Request,
    viewer: FacilitatorDep,
    outreach: OutreachDep,
    pipeline: PipelineDep,
    park: ParkDep,
    draft: Annotated[int | None, Query()] = None,
    synergy_id: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    chosen = _or_none(lambda: outreach.get(draft)) if draft is not None else None
    synergy = _or_none(lambda: pipeline.get(synergy_id)) if synergy_id is not None else None
    return page(
        request,
        "dashboard/outreach.html",
        viewer,
        drafts=outreach.list_drafts(None),
        draft=chosen,
        synergy=synergy,
        companies=park.list_companies(viewer=viewer.viewer),
    )


@router.get("/impact", response_class=HTMLResponse)
def impact_page(
    request: Request, viewer: FacilitatorDep, impact: ImpactDep, pipeline: PipelineDep
) -> HTMLResponse:
    totals = impact.totals(viewer.viewer)
    measured = {row.synergy_id: row.model_dump() for row in impact.rows(viewer.viewer)}
    return page(
        request,
        "dashboard/impact.html",
        viewer,
        totals=totals,
        bars=chart.rows(totals.all),
        measured=measured,
        implemented=pipeline.list_synergies("implemented"),
    )


def _or_none(read: Callable[[], T]) -> T | None:
    try:
        return read()
    except NotFound:
        return None
