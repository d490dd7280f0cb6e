"""The synergy pipeline: one record per synergy a facilitator follows, its stage moves, notes,
contact log and (once implemented) the measured impact.

Tables: `Synergy`, `SynergyEvent` (every stage move), `SynergyNote` (notes and contact log),
`SynergyImpact` (measured values beside the estimate). Request and response models follow the
`XCreate / XUpdate / XPublic` pattern of the park models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from assistant.clock import utcnow
from assistant.models.numbers import FiniteFloat

STAGES = ("identified", "contacted", "meeting", "pilot", "agreement", "implemented", "dropped")


# ---- synergies -----------------------------------------------------------------------------
class Synergy(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    park_id: int | None = Field(
        default=None, foreign_key="park.id", index=True, ondelete="SET NULL"
    )
    park_name: str = Field(default="", max_length=300)
    municipality: str = Field(default="", max_length=300)
    source_company_id: int | None = Field(
        default=None, foreign_key="company.id", index=True, ondelete="SET NULL"
    )
    source_name: str = Field(max_length=300)
    target_company_id: int | None = Field(
        default=None, foreign_key="company.id", index=True, ondelete="SET NULL"
    )
    target_name: str | None = Field(default=None, max_length=300)
    material: str = Field(max_length=500)
    material_key: str = Field(max_length=500, index=True)
    category: str | None = Field(default=None, max_length=64)
    rule_id: str | None = Field(default=None, max_length=120)
    legal_kind: str | None = Field(default=None, max_length=64)
    r_code: str | None = Field(default=None, max_length=8)
    estimate: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    suggestion: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    stage: str = Field(default="identified", max_length=16, index=True)
    next_action: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    next_action_due: date | None = None
    created_by: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SynergyEvent(SQLModel, table=True):
    """One stage move: from, to, when, who, why (creation has no `from_stage`)."""

    id: int | None = Field(default=None, primary_key=True)
    synergy_id: int = Field(foreign_key="synergy.id", index=True, ondelete="CASCADE")
    from_stage: str | None = Field(default=None, max_length=16)
    to_stage: str = Field(max_length=16)
    reopen: bool = False
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    by: str = Field(default="", max_length=200)
    at: datetime = Field(default_factory=utcnow)


class SynergyNote(SQLModel, table=True):
    """A note; with `contact` set it is an entry of the contact log."""

    id: int | None = Field(default=None, primary_key=True)
    synergy_id: int = Field(foreign_key="synergy.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_column=Column(Text, nullable=False))
    contact: bool = False
    by: str = Field(default="", max_length=200)
    at: datetime = Field(default_factory=utcnow)


class SynergyImpact(SQLModel, table=True):
    """Measured yearly values of an implemented synergy and who verified them."""

    id: int | None = Field(default=None, primary_key=True)
    synergy_id: int = Field(foreign_key="synergy.id", unique=True, index=True, ondelete="CASCADE")
    tonnes_per_year: float = 0.0
    eur_source_per_year: float = 0.0
    eur_target_per_year: float = 0.0
    co2e_t_per_year: float = 0.0
    water_m3_per_year: float = 0.0
    verified_at: datetime = Field(default_factory=utcnow)
    verified_by: str = Field(max_length=200)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(default_factory=utcnow)


# ---- requests ------------------------------------------------------------------------------
class SynergyCreate(SQLModel):
    source: str = Field(min_length=1, max_length=300)
    target: str | None = Field(default=None, max_length=300)
    material: str = Field(min_length=1, max_length=500)
    manual: bool = False  # keep it even when the engine finds no such synergy
    by: str | None = Field(default=None, max_length=200)


class SynergyMove(SQLModel):
    stage: str = Field(max_length=16)
    reason: str = Field(default="", max_length=2000)
    reopen: bool = False
    by: str | None = Field(default=None, max_length=200)


class SynergyNoteCreate(SQLModel):
    text: str = Field(min_length=1, max_length=10_000)
    contact: bool = False
    by: str | None = Field(default=None, max_length=200)


class NextActionUpdate(SQLModel):
    next_action: str | None = Field(default=None, max_length=2000)
    next_action_due: date | None = None


class ImpactRecord(SQLModel):
    tonnes_per_year: FiniteFloat = Field(ge=0)
    eur_source_per_year: FiniteFloat
    eur_target_per_year: FiniteFloat
    co2e_t_per_year: FiniteFloat
    water_m3_per_year: FiniteFloat = Field(ge=0)
    verified_by: str = Field(min_length=1, max_length=200)
    verified_at: datetime | None = None
    notes: str = Field(default="", max_length=10_000)


# ---- responses -----------------------------------------------------------------------------
class SynergyEventPublic(SQLModel):
    from_stage: str | None
    to_stage: str
    reopen: bool
    reason: str
    by: str
    at: datetime


class SynergyNotePublic(SQLModel):
    id: int
    text: str
    contact: bool
    by: str
    at: datetime


class ImpactPublic(ImpactRecord):
    synergy_id: int
    verified_at: datetime
    eur_total_per_year: float

    @classmethod
    def of(cls, row: SynergyImpact) -> ImpactPublic:
        total = row.eur_source_per_year + row.eur_target_per_year
        return cls.model_validate({**row.model_dump(), "eur_total_per_year": round(total, 2)})


class SynergyPublic(SQLModel):
    id: int
    park_name: str
    municipality: str
    source_company_id: int | None
    source_name: str
    target_company_id: int | None
    target_name: str | None
    material: str
    category: str | None
    rule_id: str | None
    legal_kind: str | None
    r_code: str | None
    estimate: dict[str, Any]
    stage: str
    next_action: str
    next_action_due: date | None
    created_by: str
    created_at: datetime
    updated_at: datetime


class SynergyDetail(SynergyPublic):
    events: list[SynergyEventPublic] = Field(default_factory=list)
    notes: list[SynergyNotePublic] = Field(default_factory=list)
    impact: ImpactPublic | None = None
