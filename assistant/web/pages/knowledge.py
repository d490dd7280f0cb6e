"""Dashboard pages about the knowledge base: the documents (upload, delete) and the retrieval
test box that shows what search returns for a query."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assistant.api.deps import RetrieverDep, ServicesDep
from assistant.ingest.catalogue import documents as listed
from assistant.web.auth import FacilitatorDep
from assistant.web.render import page

router = APIRouter(prefix="/dashboard", include_in_schema=False)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, viewer: FacilitatorDep, services: ServicesDep) -> HTMLResponse:
    max_mb = round(services.settings.upload_max_bytes / 1_000_000, 1)
    return page(
        request,
        "dashboard/documents.html",
        viewer,
        documents=listed(services.engine),
        max_mb=max_mb,
    )


@router.get("/search", response_class=HTMLResponse)
def retrieval_test(
    request: Request,
    viewer: FacilitatorDep,
    services: ServicesDep,
    retriever: RetrieverDep,
    q: Annotated[str, Query(max_length=4000)] = "",
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    type: Annotated[str, Query(max_length=32)] = "",
    doc_lang: Annotated[str, Query(max_length=2)] = "",
) -> HTMLResponse:
    """`doc_lang` filters the documents; `lang` stays the language of the page."""
    filters = {
        "type": type,
        "lang": doc_lang if doc_lang in ("lv", "en") else "",
        "jurisdiction": "",
    }
    result = retriever.search(q, k, filters=filters, cross_lingual=False) if q.strip() else None
    types = sorted({d.type for d in listed(services.engine)})
    return page(
        request,
        "dashboard/search.html",
        viewer,
        q=q,
        k=k,
        doc_type=type,
        doc_lang=filters["lang"],
        types=types,
        result=result,
    )
