"""The pipeline service: synergy records, stage moves, notes, the contact log, next actions.

Every write runs in one transaction; every stage move is recorded as a `SynergyEvent`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.clock import utcnow
from assistant.db import session_scope
from assistant.deals import match
from assistant.deals.stages import check_move, check_stage
from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.models.park import Company, Park, name_key
from assistant.models.pipeline import (
    ImpactPublic,
    NextActionUpdate,
    Synergy,
    SynergyCreate,
    SynergyDetail,
    SynergyEvent,
    SynergyEventPublic,
    SynergyImpact,
    SynergyMove,
    SynergyNote,
    SynergyNoteCreate,
    SynergyNotePublic,
    SynergyPublic,
)
from assistant.park import ParkService
from assistant.synergies import Suggestion, SynergyEngine


class PipelineService:
    def __init__(
        self,
        engine: Engine,
        park: ParkService,
        synergies: Callable[[], SynergyEngine],
        default_by: str,
    ) -> None:
        self._engine = engine
        self._park = park
        self._synergies = synergies
        self.default_by = default_by

    # ---- creating ----------------------------------------------------------------------
    def add(self, data: SynergyCreate) -> SynergyDetail:
        """A synergy from the engine's suggestion (or a manual one); duplicates are refused."""
        suggestion = self._suggestion(data)
        with session_scope(self._engine) as session:
            if suggestion is None:
                synergy = self._manual(session, data)
            else:
                synergy, created = self.ensure(session, suggestion, data.by)
                if not created:
                    raise Conflict(
                        f"synergy {synergy.id} already follows {synergy.material!r} "
                        f"from {synergy.source_name!r}",
                        {"id": synergy.id},
                    )
        return self.get(synergy.id or 0)

    def _suggestion(self, data: SynergyCreate) -> Suggestion | None:
        park, engine = self._park.snapshot(), self._synergies()
        source = match.company(park, data.source)
        if data.target:
            target = match.company(park, data.target)
            if target.id == source.id:
                raise InvalidInput("the source and the target are the same company")
            try:
                return match.find_pair(engine, park, source, target, data.material)
            except InvalidInput:
                if data.manual:
                    return None
                raise
        found = match.find_missing(engine, park, source, data.material)
        if found is None and not data.manual:
            raise InvalidInput(
                f"the engine finds no use of {data.material!r} from "
                f"{source.name!r}: give --target, or --manual to keep it anyway"
            )
        return found

    def ensure(
        self, session: Session, suggestion: Suggestion, by: str | None = None
    ) -> tuple[Synergy, bool]:
        """The pipeline record of a suggestion, created at stage identified if there is none."""
        park = _first_park(session)
        source = _company(session, park, suggestion.source_company)
        target = (
            _company(session, park, suggestion.target_company)
            if suggestion.target_company
            else None
        )
        existing = _existing(session, source.id, target.id if target else None, suggestion.material)
        if existing is not None:
            return existing, False
        legal = suggestion.legal_route
        synergy = Synergy(
            park_id=park.id,
            park_name=park.name,
            municipality=source.municipality or park.municipality,
            source_company_id=source.id,
            source_name=source.name,
            target_company_id=target.id if target else None,
            target_name=target.name if target else None,
            material=suggestion.material,
            material_key=name_key(suggestion.material),
            category=suggestion.category,
            rule_id=suggestion.rule_id,
            legal_kind=legal.kind if legal else None,
            r_code=legal.r_code if legal else None,
            estimate=suggestion.benefit.model_dump(mode="json"),
            suggestion=suggestion.model_dump(mode="json"),
            created_by=by or self.default_by,
        )
        return self._created(session, synergy), True

    def _manual(self, session: Session, data: SynergyCreate) -> Synergy:
        park = _first_park(session)
        source = _company(session, park, data.source)
        target = _company(session, park, data.target) if data.target else None
        if _existing(session, source.id, target.id if target else None, data.material):
            raise Conflict(f"a synergy for {data.material!r} from {source.name!r} exists")
        synergy = Synergy(
            park_id=park.id,
            park_name=park.name,
            municipality=source.municipality or park.municipality,
            source_company_id=source.id,
            source_name=source.name,
            target_company_id=target.id if target else None,
            target_name=target.name if target else None,
            material=data.material.strip(),
            material_key=name_key(data.material),
            created_by=data.by or self.default_by,
        )
        return self._created(session, synergy)

    @staticmethod
    def _created(session: Session, synergy: Synergy) -> Synergy:
        session.add(synergy)
        session.flush()
        session.add(
            SynergyEvent(
                synergy_id=synergy.id or 0,
                from_stage=None,
                to_stage=synergy.stage,
                by=synergy.created_by,
                reason="created",
            )
        )
        return synergy

    # ---- reading -----------------------------------------------------------------------
    def get(self, synergy_id: int) -> SynergyDetail:
        with Session(self._engine) as session:
            synergy = self.row(session, synergy_id)
            events = session.exec(
                select(SynergyEvent)
                .where(SynergyEvent.synergy_id == synergy_id)
                .order_by(col(SynergyEvent.id))
            ).all()
            notes = session.exec(
                select(SynergyNote)
                .where(SynergyNote.synergy_id == synergy_id)
                .order_by(col(SynergyNote.id))
            ).all()
            impact = session.exec(
                select(SynergyImpact).where(SynergyImpact.synergy_id == synergy_id)
            ).first()
        return SynergyDetail.model_validate(
            {
                **synergy.model_dump(),
                "events": [SynergyEventPublic.model_validate(e.model_dump()) for e in events],
                "notes": [SynergyNotePublic.model_validate(n.model_dump()) for n in notes],
                "impact": ImpactPublic.of(impact) if impact else None,
            }
        )

    def list_synergies(
        self, stage: str | None = None, company: str | None = None
    ) -> list[SynergyPublic]:
        query = select(Synergy).order_by(col(Synergy.id))
        if stage:
            query = query.where(Synergy.stage == check_stage(stage))
        with Session(self._engine) as session:
            rows = list(session.exec(query))
        if company:
            key = name_key(company)
            rows = [
                r
                for r in rows
                if key in name_key(r.source_name) or key in name_key(r.target_name or "")
            ]
        return [SynergyPublic.model_validate(r.model_dump()) for r in rows]

    @staticmethod
    def row(session: Session, synergy_id: int) -> Synergy:
        synergy = session.get(Synergy, synergy_id)
        if synergy is None:
            raise NotFound(f"no synergy with id {synergy_id} in the pipeline")
        return synergy

    # ---- changing ----------------------------------------------------------------------
    def move(self, synergy_id: int, data: SynergyMove) -> SynergyDetail:
        with session_scope(self._engine) as session:
            synergy = self.row(session, synergy_id)
            target = check_move(synergy.stage, data.stage, data.reason, data.reopen)
            session.add(
                SynergyEvent(
                    synergy_id=synergy_id,
                    from_stage=synergy.stage,
                    to_stage=target,
                    reopen=data.reopen,
                    reason=data.reason.strip(),
                    by=data.by or self.default_by,
                )
            )
            synergy.stage, synergy.updated_at = target, utcnow()
            session.add(synergy)
        return self.get(synergy_id)

    def note(self, synergy_id: int, data: SynergyNoteCreate) -> SynergyDetail:
        if not data.text.strip():
            raise InvalidInput("the note is empty")
        with session_scope(self._engine) as session:
            synergy = self.row(session, synergy_id)
            session.add(
                SynergyNote(
                    synergy_id=synergy_id,
                    text=data.text.strip(),
                    contact=data.contact,
                    by=data.by or self.default_by,
                )
            )
            synergy.updated_at = utcnow()
            session.add(synergy)
        return self.get(synergy_id)

    def set_next_action(self, synergy_id: int, data: NextActionUpdate) -> SynergyDetail:
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            raise InvalidInput("give next_action and/or next_action_due")
        with session_scope(self._engine) as session:
            synergy = self.row(session, synergy_id)
            for key, value in changes.items():
                setattr(synergy, key, "" if key == "next_action" and value is None else value)
            synergy.updated_at = utcnow()
            session.add(synergy)
        return self.get(synergy_id)


def _first_park(session: Session) -> Park:
    park = session.exec(select(Park).order_by(col(Park.id))).first()
    if park is None:
        raise NotFound("no park yet: import one with `assistant companies import FILE`")
    return park


def _company(session: Session, park: Park, name: str) -> Company:
    company = session.exec(
        select(Company).where(Company.park_id == park.id, Company.name_key == name_key(name))
    ).first()
    if company is None:
        raise InvalidInput(f"unknown company {name!r}: no company with that name in the park")
    return company


def _existing(
    session: Session, source_id: int | None, target_id: int | None, material: str
) -> Synergy | None:
    query = select(Synergy).where(
        Synergy.source_company_id == source_id, Synergy.material_key == name_key(material)
    )
    query = query.where(
        Synergy.target_company_id == target_id
        if target_id is not None
        else col(Synergy.target_company_id).is_(None)
    )
    return session.exec(query).first()
