"""Companies and their flows: CRUD, import and export."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response

from assistant.api.auth_deps import ViewerDep
from assistant.api.park_deps import ParkDep
from assistant.errors import InvalidInput, TooLarge
from assistant.models.park import (
    CompanyCreate,
    CompanyPublic,
    CompanyUpdate,
    FlowCreate,
    FlowPublic,
    FlowUpdate,
)
from assistant.park import io

router = APIRouter(prefix="/api/companies", tags=["companies"])


@router.get("", response_model=list[CompanyPublic])
def list_companies(viewer: ViewerDep, park: ParkDep) -> list[CompanyPublic]:
    return park.list_companies(viewer=viewer)


@router.post("", response_model=CompanyPublic, status_code=201)
def create_company(viewer: ViewerDep, park: ParkDep, body: CompanyCreate) -> CompanyPublic:
    return park.create_company(body, viewer=viewer)


@router.post("/import")
async def import_park(viewer: ViewerDep, park: ParkDep, request: Request) -> dict[str, Any]:
    """A park document as a JSON body, or a JSON/CSV file uploaded as `file` (multipart)."""
    data, fmt = await _payload(request)
    report = park.import_bytes(data, fmt, viewer=viewer)
    return {**report.counts(), "created_names": report.created, "updated_names": report.updated}


async def _payload(request: Request) -> tuple[bytes, str]:
    limit = request.app.state.services.settings.upload_max_bytes
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidInput("upload the park file as the form field `file`")
        data = await upload.read(limit + 1)
        fmt = io.format_of(upload.filename or "", data)
    else:
        data = await request.body()
        fmt = "csv" if "csv" in request.headers.get("content-type", "") else "json"
    if len(data) > limit:
        raise TooLarge(f"the park file is larger than {limit} bytes")
    return data, fmt


@router.get("/export")
def export_park(
    viewer: ViewerDep, park: ParkDep, format: Annotated[Literal["json", "csv"], Query()] = "json"
) -> Response:
    media = "application/json" if format == "json" else "text/csv; charset=utf-8"
    return Response(park.export(format, viewer=viewer), media_type=media)


@router.get("/{company_id}", response_model=CompanyPublic)
def get_company(viewer: ViewerDep, park: ParkDep, company_id: int) -> CompanyPublic:
    return park.get_company(company_id, viewer=viewer)


@router.patch("/{company_id}", response_model=CompanyPublic)
@router.put("/{company_id}", response_model=CompanyPublic)
def update_company(
    viewer: ViewerDep, park: ParkDep, company_id: int, body: CompanyUpdate
) -> CompanyPublic:
    return park.update_company(company_id, body, viewer=viewer)


@router.delete("/{company_id}", status_code=204)
def delete_company(viewer: ViewerDep, park: ParkDep, company_id: int) -> None:
    park.delete_company(company_id, viewer=viewer)


@router.get("/{company_id}/flows", response_model=list[FlowPublic])
def list_flows(viewer: ViewerDep, park: ParkDep, company_id: int) -> list[FlowPublic]:
    return park.get_company(company_id, viewer=viewer).flows


@router.post("/{company_id}/flows", response_model=FlowPublic, status_code=201)
def add_flow(viewer: ViewerDep, park: ParkDep, company_id: int, body: FlowCreate) -> FlowPublic:
    return park.add_flow(company_id, body, viewer=viewer)


@router.get("/{company_id}/flows/{flow_id}", response_model=FlowPublic)
def get_flow(viewer: ViewerDep, park: ParkDep, company_id: int, flow_id: int) -> FlowPublic:
    return park.get_flow(company_id, flow_id, viewer=viewer)


@router.patch("/{company_id}/flows/{flow_id}", response_model=FlowPublic)
@router.put("/{company_id}/flows/{flow_id}", response_model=FlowPublic)
def update_flow(
    viewer: ViewerDep, park: ParkDep, company_id: int, flow_id: int, body: FlowUpdate
) -> FlowPublic:
    return park.update_flow(company_id, flow_id, body, viewer=viewer)


@router.post("/{company_id}/flows/{flow_id}/confirm", response_model=FlowPublic)
def confirm_flow(
    viewer: ViewerDep,
    park: ParkDep,
    company_id: int,
    flow_id: int,
    ewc_code: Annotated[str, Body(embed=True, min_length=6)],
) -> FlowPublic:
    """A facilitator confirms or overrides the flow's EWC code."""
    park.get_flow(company_id, flow_id, viewer=viewer)
    return park.confirm_ewc(flow_id, ewc_code, viewer=viewer)


@router.delete("/{company_id}/flows/{flow_id}", status_code=204)
def delete_flow(viewer: ViewerDep, park: ParkDep, company_id: int, flow_id: int) -> None:
    park.delete_flow(company_id, flow_id, viewer=viewer)
