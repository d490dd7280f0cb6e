"""Dependencies of the park, taxonomy and synergy routes, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.api.deps import get_services
from assistant.park import ParkService
from assistant.synergies import SynergyEngine
from assistant.taxonomy import Taxonomy


def get_park(request: Request) -> ParkService:
    return get_services(request).park


def get_engine(request: Request) -> SynergyEngine:
    return get_services(request).synergy_engine


def get_taxonomy(request: Request) -> Taxonomy:
    return get_services(request).taxonomy


ParkDep = Annotated[ParkService, Depends(get_park)]
SynergyEngineDep = Annotated[SynergyEngine, Depends(get_engine)]
TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]
