"""Row-level helpers used inside one session: find parks and companies, build flows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, delete, select

from assistant.clock import utcnow
from assistant.errors import NotFound
from assistant.models.park import (
    Company,
    CompanyPublic,
    Flow,
    FlowCreate,
    FlowPublic,
    Park,
    ParkBase,
    name_key,
)
from assistant.taxonomy import Taxonomy

DEFAULT_PARK = "Park"


def park_of(session: Session, park_id: int | None, *, create: bool = False) -> Park:
    """The given park, or the first one; a default park is created for a first company."""
    if park_id is not None:
        park = session.get(Park, park_id)
        if park is None:
            raise NotFound(f"no park with id {park_id}")
        return park
    park = session.exec(select(Park).order_by(col(Park.id))).first()
    if park is None:
        if not create:
            raise NotFound("no park yet: import one with `assistant companies import FILE`")
        park = Park(name=DEFAULT_PARK)
        session.add(park)
        session.flush()
    return park


def upsert_park(session: Session, data: ParkBase) -> Park:
    park = session.exec(select(Park).where(Park.name == data.name)).first()
    if park is None:
        park = Park(name=data.name)
    park.municipality, park.description, park.updated_at = (
        data.municipality,
        data.description,
        utcnow(),
    )
    session.add(park)
    session.flush()
    return park


def company_of(session: Session, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    return company


def company_by_name(session: Session, park_id: int, name: str) -> Company | None:
    return session.exec(
        select(Company).where(Company.park_id == park_id, Company.name_key == name_key(name))
    ).first()


def flows_of(session: Session, company_ids: Sequence[int]) -> dict[int, list[Flow]]:
    found: dict[int, list[Flow]] = {cid: [] for cid in company_ids}
    if not company_ids:
        return found
    rows = session.exec(
        select(Flow)
        .where(col(Flow.company_id).in_(list(company_ids)))
        .order_by(col(Flow.company_id), col(Flow.position), col(Flow.id))
    )
    for flow in rows:
        found[flow.company_id].append(flow)
    return found


def build_flow(
    company_id: int,
    data: FlowCreate,
    position: int,
    taxonomy: Taxonomy,
    confirmed: Flow | None = None,
) -> Flow:
    """A flow row with its category resolved; a facilitator's confirmed code survives re-import."""
    flow = Flow.model_validate(
        {**data.model_dump(), "company_id": company_id, "position": position}
    )
    if confirmed is not None and not data.ewc_code:
        flow.ewc_code, flow.ewc_confirmed = confirmed.ewc_code, True
    resolve(flow, taxonomy)
    return flow


def resolve(flow: Flow, taxonomy: Taxonomy) -> None:
    found = taxonomy.resolve_flow(flow.material, flow.ewc_code, flow.temperature_c)
    flow.category, flow.category_score = found.category, found.score
    if taxonomy.is_hazardous(flow.ewc_code, None):
        flow.hazardous = True


def replace_flows(
    session: Session, company: Company, flows: Sequence[FlowCreate], taxonomy: Taxonomy
) -> None:
    assert company.id is not None
    old = flows_of(session, [company.id])[company.id]
    confirmed = {(f.direction, name_key(f.material)): f for f in old if f.ewc_confirmed}
    session.exec(delete(Flow).where(col(Flow.company_id) == company.id))
    for n, data in enumerate(flows):
        key = (data.direction, name_key(data.material))
        session.add(build_flow(company.id, data, n, taxonomy, confirmed.get(key)))


def public(company: Company, flows: Sequence[Flow]) -> CompanyPublic:
    return CompanyPublic.model_validate(
        {
            **company.model_dump(),
            "flows": [FlowPublic.model_validate(f.model_dump()) for f in flows],
        }
    )
