"""Synergy suggestions and receiving sectors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.auth_deps import ViewerDep
from assistant.api.park_deps import ParkDep, SynergyEngineDep
from assistant.errors import InvalidInput
from assistant.park.suggestions import suggestions_for
from assistant.synergies import SectorHit
from assistant.synergies.models import SuggestionPublic
from assistant.synergies.sectors import RankedSector

router = APIRouter(prefix="/api/synergies", tags=["synergies"])


@router.get("", response_model=list[SuggestionPublic])
def list_synergies(
    viewer: ViewerDep,
    park: ParkDep,
    engine: SynergyEngineDep,
    company_id: Annotated[int | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SuggestionPublic]:
    """Suggestions for the park, or those touching one company, best first (confidential
    partners anonymised for whoever may not see them)."""
    return suggestions_for(viewer, park, engine, company_id, limit)


@router.get("/sectors", response_model=list[RankedSector])
def sectors(
    engine: SynergyEngineDep,
    material: Annotated[str, Query(max_length=500)] = "",
    ewc: Annotated[str | None, Query(max_length=12)] = None,
    nace: Annotated[str | None, Query(max_length=8)] = None,
) -> list[SectorHit]:
    """Receiving sectors (NACE), one division per entry, ranked from documented exchanges and
    the rules: each with its confidence, the documented cases behind it and whether it is a
    waste-treatment fallback."""
    if not material.strip() and not ewc:
        raise InvalidInput("give a material or an ewc code")
    return engine.sectors(material, ewc, nace)
