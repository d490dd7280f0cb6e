"""Dependencies of the outreach, pipeline and impact routes, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.api.deps import get_services
from assistant.deals import PipelineService
from assistant.impact import ImpactService
from assistant.outreach import OutreachService


def get_outreach(request: Request) -> OutreachService:
    return get_services(request).outreach


def get_pipeline(request: Request) -> PipelineService:
    return get_services(request).pipeline


def get_impact(request: Request) -> ImpactService:
    return get_services(request).impact


OutreachDep = Annotated[OutreachService, Depends(get_outreach)]
PipelineDep = Annotated[PipelineService, Depends(get_pipeline)]
ImpactDep = Annotated[ImpactService, Depends(get_impact)]
