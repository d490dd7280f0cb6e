"""The park service: import/export, company and flow CRUD, and the engine's snapshot.

Every write runs in one transaction; afterwards the changed company profiles are re-indexed
as knowledge documents (and removed ones deleted), so search knows who handles what.

Reads that feed an edge take the viewer and anonymise what it may not see (default: the least
privileged); writes check what it may change. The snapshot and `company_in_full` are for
internal callers (engine, pipeline, outreach) and hold everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.auth.viewer import ANONYMISED, LOCAL_ADMIN, Viewer
from assistant.clock import utcnow
from assistant.db import session_scope
from assistant.errors import Conflict, Forbidden, InvalidInput, NotFound
from assistant.ingest.pipeline import Ingestor
from assistant.models.park import (
    Company,
    CompanyCreate,
    CompanyExport,
    CompanyPublic,
    CompanyUpdate,
    Flow,
    FlowCreate,
    FlowExport,
    FlowPublic,
    FlowUpdate,
    Park,
    ParkBase,
    ParkExport,
    ParkImport,
    check_ewc,
    name_key,
)
from assistant.park import crud, io, visibility
from assistant.park.profile_index import ProfileIndex
from assistant.synergies.park_data import CompanyData, FlowData, ParkData
from assistant.taxonomy import Taxonomy


@dataclass
class ImportReport:
    park: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    flows: int = 0

    def counts(self) -> dict[str, object]:
        return {
            "park": self.park,
            "created": len(self.created),
            "updated": len(self.updated),
            "flows": self.flows,
        }

    def __str__(self) -> str:
        return (
            f"{self.park}: {len(self.created)} companies created, {len(self.updated)} "
            f"updated, {self.flows} flows"
        )


def _may_manage(viewer: Viewer, what: str) -> None:
    """Creating, deleting and importing companies: facilitators and admins only."""
    if not viewer.is_staff:
        raise Forbidden(
            f"only a facilitator or an admin may {what}"
            + (" (you may edit your own company and its flows)" if viewer.role == "company" else "")
        )


def _may_rename(viewer: Viewer) -> None:
    """Names are unique in a park, so a rename by anyone who may not see every name would
    tell a hidden name (409) from a free one (200): only staff rename companies."""
    if not viewer.is_staff:
        raise Forbidden("only a facilitator or an admin may rename a company")


def _may_edit(viewer: Viewer, company_id: int) -> None:
    if viewer.may_edit_company(company_id):
        return
    if viewer.role == "company":
        raise Forbidden(
            f"you may edit only your own company (id {viewer.company_id}) and its flows"
        )
    raise Forbidden(f"a {viewer.role} viewer may not edit companies")


class ParkService:
    def __init__(
        self, engine: Engine, taxonomy: Taxonomy, ingestor: Callable[[], Ingestor] | None = None
    ) -> None:
        self._engine = engine
        self._taxonomy = taxonomy
        self._profiles = ProfileIndex(engine, taxonomy, ingestor)

    # ---- import / export ---------------------------------------------------------------
    def import_file(self, path: Path, *, viewer: Viewer = LOCAL_ADMIN) -> ImportReport:
        _may_manage(viewer, "import a park")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read {path}", str(exc)) from exc
        return self.import_bytes(data, io.format_of(path.name, data), viewer=viewer)

    def import_bytes(self, data: bytes, fmt: str, *, viewer: Viewer = LOCAL_ADMIN) -> ImportReport:
        _may_manage(viewer, "import a park")
        with Session(self._engine) as session:
            first = session.exec(select(Park.name).order_by(col(Park.id))).first()
        return self.import_document(io.parse(data, fmt, first or crud.DEFAULT_PARK), viewer=viewer)

    def import_document(
        self, document: ParkImport, *, viewer: Viewer = LOCAL_ADMIN
    ) -> ImportReport:
        _may_manage(viewer, "import a park")
        report = ImportReport(park=document.park.name)
        changed: list[int] = []
        with session_scope(self._engine) as session:
            park = crud.upsert_park(session, document.park)
            assert park.id is not None
            for data in document.companies:
                company = crud.company_by_name(session, park.id, data.name)
                (report.updated if company else report.created).append(data.name)
                company = self._save_company(session, park.id, company, data)
                crud.replace_flows(session, company, data.flows, self._taxonomy)
                report.flows += len(data.flows)
                changed.append(company.id or 0)
        self._profiles.reindex(changed)
        return report

    @staticmethod
    def _save_company(
        session: Session, park_id: int, company: Company | None, data: CompanyCreate
    ) -> Company:
        fields = data.model_dump(exclude={"flows"})
        if company is None:
            company = Company(**fields, park_id=park_id, name_key=name_key(data.name))
        for key, value in fields.items():
            setattr(company, key, value)
        company.name_key, company.updated_at = name_key(data.name), utcnow()
        session.add(company)
        session.flush()
        return company

    def export_document(
        self, park_id: int | None = None, *, viewer: Viewer = ANONYMISED
    ) -> ParkExport:
        with Session(self._engine) as session:
            park = crud.park_of(session, park_id)
        companies = self.list_companies(park.id, viewer=viewer)
        return ParkExport(
            park=ParkBase.model_validate(park.model_dump()),
            companies=[
                CompanyExport.model_validate(
                    {
                        **c.model_dump(),
                        "flows": [FlowExport.model_validate(f.model_dump()) for f in c.flows],
                    }
                )
                for c in companies
            ],
        )

    def export(
        self, fmt: str = "json", park_id: int | None = None, *, viewer: Viewer = ANONYMISED
    ) -> str:
        if fmt not in ("json", "csv"):
            raise InvalidInput(f"unknown export format {fmt!r} (use json or csv)")
        document = self.export_document(park_id, viewer=viewer)
        return io.to_json(document) if fmt == "json" else io.to_csv(document)

    # ---- companies ---------------------------------------------------------------------
    @staticmethod
    def _companies(session: Session, park: Park) -> list[Company]:
        query = select(Company).where(Company.park_id == park.id).order_by(col(Company.id))
        return list(session.exec(query))

    def list_companies(
        self, park_id: int | None = None, *, viewer: Viewer = ANONYMISED
    ) -> list[CompanyPublic]:
        with Session(self._engine) as session:
            try:
                park = crud.park_of(session, park_id)
            except NotFound:
                if park_id is not None:
                    raise
                return []
            companies = self._companies(session, park)
            flows = crud.flows_of(session, [c.id for c in companies if c.id is not None])
        return [visibility.company(crud.public(c, flows[c.id or 0]), viewer) for c in companies]

    def get_company(self, company_id: int, *, viewer: Viewer = ANONYMISED) -> CompanyPublic:
        return visibility.company(self.company_in_full(company_id), viewer)

    def company_in_full(self, company_id: int) -> CompanyPublic:
        """Everything about one company, for internal callers only (never an edge's reply)."""
        with Session(self._engine) as session:
            company = crud.company_of(session, company_id)
            return crud.public(company, crud.flows_of(session, [company_id])[company_id])

    def find_company(
        self, name: str, park_id: int | None = None, *, viewer: Viewer = ANONYMISED
    ) -> CompanyPublic:
        """By its name: a confidential company is found only by those who may see its name."""
        with Session(self._engine) as session:
            park = crud.park_of(session, park_id)
            company = crud.company_by_name(session, park.id or 0, name)
        if (
            company is None
            or company.id is None
            or (company.confidential and not viewer.sees_confidential_of(company.id))
        ):
            raise NotFound(f"no company named {name!r} in the park")
        return self.get_company(company.id, viewer=viewer)

    def create_company(
        self, data: CompanyCreate, park_id: int | None = None, *, viewer: Viewer = LOCAL_ADMIN
    ) -> CompanyPublic:
        _may_manage(viewer, "create a company")
        with session_scope(self._engine) as session:
            park = crud.park_of(session, park_id, create=True)
            if crud.company_by_name(session, park.id or 0, data.name):
                raise Conflict(f"a company named {data.name!r} already exists in the park")
            company = self._save_company(session, park.id or 0, None, data)
            crud.replace_flows(session, company, data.flows, self._taxonomy)
        return self._changed(company.id or 0, viewer)

    def update_company(
        self, company_id: int, data: CompanyUpdate, *, viewer: Viewer = LOCAL_ADMIN
    ) -> CompanyPublic:
        _may_edit(viewer, company_id)
        with session_scope(self._engine) as session:
            company = crud.company_of(session, company_id)
            changes = data.model_dump(exclude_unset=True)
            nulls = [k for k, v in changes.items() if v is None and k not in ("lat", "lon")]
            if nulls:
                raise InvalidInput(f"{nulls[0]}: must not be null")
            if changes.get("name") and name_key(changes["name"]) != company.name_key:
                _may_rename(viewer)
                other = crud.company_by_name(session, company.park_id, changes["name"])
                if other and other.id != company_id:
                    raise Conflict(f"a company named {changes['name']!r} already exists")
                company.name_key = name_key(changes["name"])
            for key, value in changes.items():
                setattr(company, key, value)
            company.updated_at = utcnow()
            session.add(company)
        return self._changed(company_id, viewer)

    def delete_company(self, company_id: int, *, viewer: Viewer = LOCAL_ADMIN) -> None:
        _may_manage(viewer, "delete a company")
        with session_scope(self._engine) as session:
            company = crud.company_of(session, company_id)
            for flow in crud.flows_of(session, [company_id])[company_id]:
                session.delete(flow)
            session.flush()  # the flows first: the database would cascade them otherwise
            session.delete(company)
        self._profiles.reindex([company_id])  # its profile leaves the search index

    # ---- flows -------------------------------------------------------------------------
    def add_flow(
        self, company_id: int, data: FlowCreate, *, viewer: Viewer = LOCAL_ADMIN
    ) -> FlowPublic:
        _may_edit(viewer, company_id)
        with session_scope(self._engine) as session:
            crud.company_of(session, company_id)
            position = len(crud.flows_of(session, [company_id])[company_id])
            flow = crud.build_flow(company_id, data, position, self._taxonomy)
            session.add(flow)
        self._profiles.reindex([company_id])
        return FlowPublic.model_validate(flow.model_dump())

    def get_flow(self, company_id: int, flow_id: int, *, viewer: Viewer = ANONYMISED) -> FlowPublic:
        with Session(self._engine) as session:
            flow = self._flow(session, company_id, flow_id)
            company = crud.company_of(session, company_id)
        return visibility.flow(
            FlowPublic.model_validate(flow.model_dump()), viewer, company.confidential
        )

    def update_flow(
        self, company_id: int, flow_id: int, data: FlowUpdate, *, viewer: Viewer = LOCAL_ADMIN
    ) -> FlowPublic:
        _may_edit(viewer, company_id)
        with session_scope(self._engine) as session:
            flow = self._flow(session, company_id, flow_id)
            changes = data.model_dump(exclude_unset=True)
            nulls = [
                k
                for k, v in changes.items()
                if v is None and k not in ("ewc_code", "temperature_c")
            ]
            if nulls:
                raise InvalidInput(f"{nulls[0]}: must not be null")
            for key, value in changes.items():
                setattr(flow, key, value)
            if "ewc_code" in changes:
                flow.ewc_confirmed = False
            crud.resolve(flow, self._taxonomy)
            flow.updated_at = utcnow()
            session.add(flow)
        self._profiles.reindex([company_id])
        return FlowPublic.model_validate(flow.model_dump())

    def delete_flow(self, company_id: int, flow_id: int, *, viewer: Viewer = LOCAL_ADMIN) -> None:
        _may_edit(viewer, company_id)
        with session_scope(self._engine) as session:
            session.delete(self._flow(session, company_id, flow_id))
        self._profiles.reindex([company_id])

    def confirm_ewc(self, flow_id: int, code: str, *, viewer: Viewer = LOCAL_ADMIN) -> FlowPublic:
        """A facilitator confirms or overrides a flow's EWC code; the category follows it."""
        _may_manage(viewer, "confirm a waste code")
        try:
            normal = check_ewc(code)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        with session_scope(self._engine) as session:
            flow = session.get(Flow, flow_id)
            if flow is None:
                raise NotFound(f"no flow with id {flow_id}")
            flow.ewc_code, flow.ewc_confirmed, flow.updated_at = normal, True, utcnow()
            crud.resolve(flow, self._taxonomy)
            session.add(flow)
        self._profiles.reindex([flow.company_id])
        return FlowPublic.model_validate(flow.model_dump())

    @staticmethod
    def _flow(session: Session, company_id: int, flow_id: int) -> Flow:
        flow = session.get(Flow, flow_id)
        if flow is None or flow.company_id != company_id:
            raise NotFound(f"company {company_id} has no flow with id {flow_id}")
        return flow

    # ---- engine snapshot and search index ----------------------------------------------
    def snapshot(self, park_id: int | None = None) -> ParkData:
        with Session(self._engine) as session:
            park = crud.park_of(session, park_id)
            companies = self._companies(session, park)
            flows = crud.flows_of(session, [c.id for c in companies if c.id is not None])
        return ParkData(
            name=park.name,
            companies=[
                CompanyData(c.id or 0, c.name, c.nace, c.lat, c.lon, c.confidential)
                for c in companies
            ],
            flows=[
                FlowData(
                    f.id or 0,
                    f.company_id,
                    f.direction,
                    f.material,
                    f.quantity,
                    f.unit,
                    f.category,
                    f.category_score,
                    f.ewc_code,
                    f.temperature_c,
                    f.hazardous,
                    f.confidential,
                    route=f.current_route,
                    availability=f.availability,
                    notes=f.notes,
                )
                for rows in flows.values()
                for f in rows
            ],
        )

    def _changed(self, company_id: int, viewer: Viewer) -> CompanyPublic:
        self._profiles.reindex([company_id])
        return self.get_company(company_id, viewer=viewer)

    def has_companies(self) -> bool:
        with Session(self._engine) as session:
            return session.exec(select(Company.id).limit(1)).first() is not None

    def reindex_profiles(self) -> int:
        """Re-index every company profile (an unchanged one is skipped by its digest)."""
        return self._profiles.reindex_all()
