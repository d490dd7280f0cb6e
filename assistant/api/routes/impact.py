"""Measured impact: record, list, totals, CSV export/import and the council's HTML report."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from assistant.api.auth_deps import ViewerDep
from assistant.api.facilitator_deps import ImpactDep
from assistant.errors import TooLarge
from assistant.impact import csvio
from assistant.impact.models import ImpactRow, Totals
from assistant.impact.report import report_html
from assistant.models.pipeline import ImpactPublic, ImpactRecord

router = APIRouter(prefix="/api/impact", tags=["impact"])


@router.get("", response_model=list[ImpactRow])
def list_impact(viewer: ViewerDep, impact: ImpactDep) -> list[ImpactRow]:
    """The measured synergies (exchanges with a confidential company: staff only)."""
    return impact.rows(viewer)


@router.get("/totals", response_model=Totals)
def totals(viewer: ViewerDep, impact: ImpactDep) -> Totals:
    """Sums per park, municipality and route (over the exchanges the caller may see)."""
    return impact.totals(viewer)


@router.get("/export")
def export(
    viewer: ViewerDep,
    impact: ImpactDep,
    request: Request,
    format: Annotated[Literal["csv", "html"], Query()] = "csv",
    lang: Annotated[Literal["lv", "en"], Query()] = "lv",
) -> Response:
    if format == "csv":
        return Response(csvio.to_csv(impact.rows(viewer)), media_type="text/csv; charset=utf-8")
    by = request.app.state.services.settings.facilitator_name
    return Response(
        report_html(impact, lang, by, viewer=viewer), media_type="text/html; charset=utf-8"
    )


@router.post("/import")
async def import_csv(impact: ImpactDep, request: Request) -> dict[str, int]:
    """The CSV of `GET /api/impact/export?format=csv` as the request body."""
    limit = request.app.state.services.settings.upload_max_bytes
    data = await request.body()
    if len(data) > limit:
        raise TooLarge(f"the CSV is larger than {limit} bytes")
    return {"imported": csvio.import_csv(impact, csvio.decode(data))}


@router.put("/{synergy_id}", response_model=ImpactPublic)
def record(impact: ImpactDep, synergy_id: int, body: ImpactRecord) -> ImpactPublic:
    """Measured values of an implemented synergy (replaces an earlier record)."""
    return impact.record(synergy_id, body)


@router.delete("/{synergy_id}", status_code=204)
def delete(impact: ImpactDep, synergy_id: int) -> None:
    impact.delete(synergy_id)
