"""The impact service: measured values of implemented synergies, their totals and exports.

eur_total = eur_source + eur_target          (per synergy)
totals    = plain sums over the measured synergies, per park and per municipality (the
            municipality of the source company, else the park's), beside the estimates
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.clock import utcnow
from assistant.db import session_scope
from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.impact.models import (
    MATERIAL_CATEGORIES,
    Group,
    ImpactRow,
    RouteSum,
    Sums,
    Totals,
    esrs_category,
)
from assistant.models.park import Company, Flow
from assistant.models.pipeline import ImpactPublic, ImpactRecord, Synergy, SynergyImpact

MEASURED = (
    "tonnes_per_year",
    "eur_source_per_year",
    "eur_target_per_year",
    "eur_total_per_year",
    "co2e_t_per_year",
    "water_m3_per_year",
)
ESTIMATED = (
    "estimated_eur_per_year",
    "estimated_tonnes_per_year",
    "estimated_co2e_t_per_year",
    "estimated_water_m3_per_year",
)


def to_utc(value: datetime | None) -> datetime:
    """Whole seconds in UTC (naive values are taken as UTC), so exports round-trip."""
    value = value or utcnow()
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


class ImpactService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, synergy_id: int, data: ImpactRecord) -> ImpactPublic:
        """Measured values of an implemented synergy (a second record replaces the first)."""
        with session_scope(self._engine) as session:
            row = self._write(session, synergy_id, data)
        return ImpactPublic.of(row)

    def record_many(self, records: Iterable[tuple[int, ImpactRecord]]) -> int:
        """All or nothing: one bad record writes none."""
        count = 0
        with session_scope(self._engine) as session:
            for synergy_id, data in records:
                self._write(session, synergy_id, data)
                count += 1
        return count

    @staticmethod
    def _write(session: Session, synergy_id: int, data: ImpactRecord) -> SynergyImpact:
        synergy = session.get(Synergy, synergy_id)
        if synergy is None:
            raise NotFound(f"no synergy with id {synergy_id} in the pipeline")
        if synergy.stage != "implemented":
            raise Conflict(
                f"synergy {synergy_id} is at stage {synergy.stage!r}: record the "
                "measured impact once it is implemented"
            )
        if not data.verified_by.strip():
            raise InvalidInput("verified_by: say who verified the values")
        row = session.exec(
            select(SynergyImpact).where(SynergyImpact.synergy_id == synergy_id)
        ).first()
        row = row or SynergyImpact(synergy_id=synergy_id, verified_by="")
        for key, value in data.model_dump(exclude={"verified_at"}).items():
            setattr(row, key, value.strip() if isinstance(value, str) else value)
        row.verified_at, row.updated_at = to_utc(data.verified_at), utcnow()
        session.add(row)
        session.flush()
        return row

    def delete(self, synergy_id: int) -> None:
        with session_scope(self._engine) as session:
            row = session.exec(
                select(SynergyImpact).where(SynergyImpact.synergy_id == synergy_id)
            ).first()
            if row is None:
                raise NotFound(f"synergy {synergy_id} has no measured impact")
            session.delete(row)

    def names(self) -> dict[int, tuple[str, str]]:
        """(source, target) of every pipeline synergy, by id."""
        with Session(self._engine) as session:
            return {
                s.id or 0: (s.source_name, s.target_name or "")
                for s in session.exec(select(Synergy))
            }

    def rows(self, viewer: Viewer = ANONYMISED) -> list[ImpactRow]:
        """The measured synergies; whoever may not see confidential companies (anyone but
        staff) gets none of the exchanges with one, nor their share of the totals."""
        return visible_to(viewer, self._all_rows())

    def _all_rows(self) -> list[ImpactRow]:
        query = (
            select(SynergyImpact, Synergy)
            .join(Synergy, col(Synergy.id) == col(SynergyImpact.synergy_id))
            .order_by(col(SynergyImpact.synergy_id))
        )
        with Session(self._engine) as session:
            secret = set(session.exec(select(Company.id).where(col(Company.confidential))))
            hidden = _HiddenFlows.read(session)
            return [
                _row(impact, synergy, secret, hidden) for impact, synergy in session.exec(query)
            ]

    def totals(self, viewer: Viewer = ANONYMISED) -> Totals:
        """Sums over the rows the viewer may see: a total over one hidden exchange would be
        its figures."""
        return totals_of(self.rows(viewer))


def visible_to(viewer: Viewer, rows: list[ImpactRow]) -> list[ImpactRow]:
    return rows if viewer.is_staff else [r for r in rows if not has_confidential_party(r)]


def has_confidential_party(row: ImpactRow) -> bool:
    """A confidential company takes part, or the figures rest on a confidential volume."""
    return row.source_confidential or row.target_confidential or row.volume_confidential


@dataclass(frozen=True)
class _HiddenFlows:
    """The confidential flows now: by id, and (owner name, category) for pooled shares."""

    ids: set[int]
    shares: set[tuple[str, str | None]]

    @classmethod
    def read(cls, session: Session) -> _HiddenFlows:
        rows = session.exec(
            select(Flow.id, Flow.category, Company.name)
            .join(Company, col(Company.id) == col(Flow.company_id))
            .where(col(Flow.confidential))
        )
        ids, shares = set(), set()
        for flow_id, category, owner in rows:
            ids.add(flow_id or 0)
            shares.add((owner, category))
        return cls(ids, shares)

    def touch(self, synergy: Synergy) -> bool:
        found = synergy.suggestion or {}
        flows = [found.get("source_flow") or {}, found.get("target_flow") or {}]
        if any(f.get("id") in self.ids for f in flows if f.get("id") is not None):
            return True
        names = [*found.get("companies", []), synergy.source_name, synergy.target_name]
        return any((name, synergy.category) in self.shares for name in names if name)


def totals_of(rows: list[ImpactRow]) -> Totals:
    """Plain sums per park, municipality and route."""
    by_park: dict[str, list[ImpactRow]] = defaultdict(list)
    by_town: dict[str, list[ImpactRow]] = defaultdict(list)
    for r in rows:
        by_park[r.park].append(r)
        by_town[r.municipality].append(r)
    material = [r for r in rows if r.esrs_category in MATERIAL_CATEGORIES]
    diverted = round(sum(r.tonnes_per_year for r in material), 3)
    return Totals(
        all=sums(rows),
        by_park=[Group(name=k, **sums(v).model_dump()) for k, v in sorted(by_park.items())],
        by_municipality=[Group(name=k, **sums(v).model_dump()) for k, v in sorted(by_town.items())],
        by_route=routes(rows),
        diverted_tonnes_per_year=diverted,
        secondary_inflow_tonnes_per_year=diverted,
    )


def _row(
    impact: SynergyImpact, synergy: Synergy, secret: set[int | None], hidden: _HiddenFlows
) -> ImpactRow:
    estimate = synergy.estimate or {}
    kind, r_code = synergy.legal_kind or "", synergy.r_code or ""
    return ImpactRow(
        synergy_id=synergy.id or 0,
        park=synergy.park_name,
        municipality=synergy.municipality,
        source=synergy.source_name,
        target=synergy.target_name or "",
        material=synergy.material,
        rule_id=synergy.rule_id or "",
        legal_kind=kind,
        r_code=r_code,
        esrs_category=esrs_category(kind, r_code),
        estimated_eur_per_year=float(estimate.get("eur_per_year", 0.0)),
        estimated_tonnes_per_year=float(estimate.get("tonnes_per_year", 0.0)),
        estimated_co2e_t_per_year=float(estimate.get("co2e_t_per_year", 0.0)),
        estimated_water_m3_per_year=float(estimate.get("water_m3_per_year", 0.0)),
        eur_total_per_year=round(impact.eur_source_per_year + impact.eur_target_per_year, 2),
        verified_at=to_utc(impact.verified_at),
        source_confidential=synergy.source_company_id in secret,
        target_confidential=synergy.target_company_id in secret,
        volume_confidential=hidden.touch(synergy),
        **impact.model_dump(
            include={
                "tonnes_per_year",
                "eur_source_per_year",
                "eur_target_per_year",
                "co2e_t_per_year",
                "water_m3_per_year",
                "verified_by",
                "notes",
            }
        ),
    )


def sums(rows: list[ImpactRow]) -> Sums:
    values = {key: sum(getattr(r, key) for r in rows) for key in MEASURED + ESTIMATED}
    return Sums(count=len(rows), **{k: round(v, 3) for k, v in values.items()})


def routes(rows: list[ImpactRow]) -> list[RouteSum]:
    found: dict[tuple[str, str], RouteSum] = {}
    for r in rows:
        route = f"{r.legal_kind or 'manual'} {r.r_code}".strip()
        item = found.setdefault(
            (r.esrs_category, route), RouteSum(esrs_category=r.esrs_category, route=route)
        )
        item.count += 1
        item.tonnes_per_year = round(item.tonnes_per_year + r.tonnes_per_year, 3)
    return [found[k] for k in sorted(found)]
