"""Synergy suggestions and receiving sectors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.park_deps import ParkDep, SynergyEngineDep
from assistant.errors import InvalidInput
from assistant.synergies import SectorHit, Suggestion

router = APIRouter(prefix="/api/synergies", tags=["synergies"])


@router.get("", response_model=list[Suggestion])
def list_synergies(
    park: ParkDep, engine: SynergyEngineDep,
    company_id: Annotated[int | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Suggestion]:
    """Suggestions for the park, or those touching one company, best first."""
    if company_id is not None:
        park.get_company(company_id)  # 404 for an unknown id
    return engine.match(park.snapshot(), company_id, limit=limit)


@router.get("/sectors", response_model=list[SectorHit])
def sectors(
    engine: SynergyEngineDep,
    material: Annotated[str, Query(max_length=500)] = "",
    ewc: Annotated[str | None, Query(max_length=12)] = None,
    nace: Annotated[str | None, Query(max_length=8)] = None,
) -> list[SectorHit]:
    """Receiving sectors (NACE) that typically take a material, ranked."""
    if not material.strip() and not ewc:
        raise InvalidInput("give a material or an ewc code")
    return engine.sectors(material, ewc, nace)
