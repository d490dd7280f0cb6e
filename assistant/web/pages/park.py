"""Dashboard pages about the park: the overview with the flow picture, companies and flows,
and the synergy suggestions with filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assistant.api.facilitator_deps import ImpactDep, PipelineDep
from assistant.api.park_deps import ParkDep, SynergyEngineDep, TaxonomyDep
from assistant.errors import NotFound
from assistant.park import ParkService
from assistant.synergies import Suggestion, SynergyEngine
from assistant.synergy_rules.prices import ROUTES
from assistant.taxonomy.codes import UNITS
from assistant.web import graph
from assistant.web.auth import FacilitatorDep
from assistant.web.i18n import choose_lang
from assistant.web.render import page

router = APIRouter(prefix="/dashboard", include_in_schema=False)
SHOWN = 40
SORTS = {"score": "", "eur": "eur_per_year", "tonnes": "tonnes_per_year", "co2e": "co2e_t_per_year"}


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request,
    viewer: FacilitatorDep,
    park: ParkDep,
    engine: SynergyEngineDep,
    pipeline: PipelineDep,
    impact: ImpactDep,
) -> HTMLResponse:
    companies = park.list_companies(viewer=viewer.viewer)
    suggestions = _match(park, engine)
    synergies = pipeline.list_synergies()
    counts = {
        "companies": len(companies),
        "flows": sum(len(c.flows) for c in companies),
        "suggestions": len(suggestions),
        "pipeline": sum(1 for s in synergies if s.stage != "dropped"),
    }
    return page(
        request,
        "dashboard/overview.html",
        viewer,
        counts=counts,
        park_name=_park_name(park),
        graph=graph.build(companies, synergies, suggestions),
        totals=impact.totals(viewer.viewer),
    )


@router.get("/companies", response_class=HTMLResponse)
def companies(
    request: Request,
    viewer: FacilitatorDep,
    park: ParkDep,
    engine: SynergyEngineDep,
    taxonomy: TaxonomyDep,
    open: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    listed = park.list_companies(viewer=viewer.viewer)
    lang = choose_lang(request)
    open_id = open if any(c.id == open for c in listed) else None
    synergies = _match(park, engine, open_id, limit=8) if open_id else []
    return page(
        request,
        "dashboard/companies.html",
        viewer,
        companies=listed,
        open_id=open_id,
        synergies=synergies,
        units=UNITS,
        routes=ROUTES,
        nace_labels={c.id: taxonomy.nace_label(c.nace, lang) for c in listed},
    )


@router.get("/synergies", response_class=HTMLResponse)
def synergies(
    request: Request,
    viewer: FacilitatorDep,
    park: ParkDep,
    engine: SynergyEngineDep,
    pipeline: PipelineDep,
    company_id: Annotated[str, Query(max_length=12)] = "",
    family: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[str, Query(max_length=32)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    min_eur: Annotated[str, Query(max_length=16)] = "",
    sort: Annotated[str, Query(max_length=16)] = "score",
) -> HTMLResponse:
    listed = park.list_companies(viewer=viewer.viewer)
    chosen = int(company_id) if company_id.isdigit() else None
    chosen = chosen if any(c.id == chosen for c in listed) else None
    found = _match(park, engine, chosen)
    families = sorted({s.family for s in found if s.family})
    floor = float(min_eur) if min_eur.replace(".", "", 1).isdigit() else 0.0
    shown = [s for s in found if _keep(s, family, kind, q.strip().casefold(), floor)]
    sort = sort if sort in SORTS else "score"
    if sort != "score":
        shown.sort(key=lambda s: -float(getattr(s.benefit, SORTS[sort])))
    followed = {
        (s.source_name, s.target_name or "", s.material): s.id for s in pipeline.list_synergies()
    }
    filters = {
        "company_id": chosen,
        "family": family,
        "kind": kind,
        "q": q,
        "min_eur": floor,
        "sort": sort,
    }
    return page(
        request,
        "dashboard/synergies.html",
        viewer,
        companies=listed,
        sorts=SORTS,
        families=families,
        filters=filters,
        shown=shown[:SHOWN],
        total=len(shown),
        followed=followed,
    )


def _keep(s: Suggestion, family: str, kind: str, text: str, min_eur: float) -> bool:
    if (family and s.family != family) or (kind and s.kind != kind):
        return False
    if s.benefit.eur_per_year < min_eur:
        return False
    haystack = " ".join(
        (s.material, s.title, s.title_lv, s.source_company, s.target_company or "")
    ).casefold()
    return not text or text in haystack


def _match(
    park: ParkService, engine: SynergyEngine, company_id: int | None = None, limit: int = 1000
) -> list[Suggestion]:
    """The engine's suggestions, or none while the park is still empty."""
    try:
        snapshot = park.snapshot()
    except NotFound:
        return []
    return engine.match(snapshot, company_id, limit=limit)


def _park_name(park: ParkService) -> str:
    try:
        return park.snapshot().name
    except NotFound:
        return ""
