"""Dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.composition import Services
from assistant.ingest.pipeline import Ingestor
from assistant.retrieval.hybrid import HybridRetriever


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_retriever(request: Request) -> HybridRetriever:
    return get_services(request).retriever


def get_ingestor(request: Request) -> Ingestor:
    return get_services(request).ingestor


ServicesDep = Annotated[Services, Depends(get_services)]
RetrieverDep = Annotated[HybridRetriever, Depends(get_retriever)]
IngestorDep = Annotated[Ingestor, Depends(get_ingestor)]
