"""Outreach drafts: create, read, edit (a new version each time), list and export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from assistant.api.facilitator_deps import OutreachDep
from assistant.models.outreach import DraftPublic, DraftRequest, DraftUpdate

router = APIRouter(prefix="/api/outreach", tags=["outreach"])


@router.post("/drafts", response_model=DraftPublic, status_code=201)
def create_draft(outreach: OutreachDep, body: DraftRequest) -> DraftPublic:
    """A draft to the target company about the source company's material (or a synergy_id)."""
    return outreach.draft(body)


@router.get("/drafts", response_model=list[DraftPublic])
def list_drafts(
    outreach: OutreachDep, synergy_id: Annotated[int | None, Query()] = None
) -> list[DraftPublic]:
    return outreach.list_drafts(synergy_id)


@router.get("/drafts/{draft_id}", response_model=DraftPublic)
def get_draft(outreach: OutreachDep, draft_id: int) -> DraftPublic:
    return outreach.get(draft_id)


@router.put("/drafts/{draft_id}", response_model=DraftPublic)
def update_draft(outreach: OutreachDep, draft_id: int, body: DraftUpdate) -> DraftPublic:
    return outreach.update(draft_id, body)


@router.get("/drafts/{draft_id}/export")
def export_draft(
    outreach: OutreachDep, draft_id: int, format: Annotated[str, Query(max_length=8)] = "eml"
) -> Response:
    content, media, name = outreach.export(draft_id, format)
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
