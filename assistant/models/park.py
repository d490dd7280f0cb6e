"""The park's resource map: parks, companies and their input/output flows.

Model families follow `XBase -> XCreate / XUpdate / X(table=True) / XPublic`. The create and
update models check the codes against the taxonomy, so the API and the importer share one set
of validation messages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import field_validator
from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from assistant.clock import utcnow
from assistant.models.numbers import FiniteFloat
from assistant.taxonomy.codes import UNITS, normalize_nace, normalize_unit

Direction = Literal["input", "output"]


def check_nace(value: str) -> str:
    from assistant.taxonomy import default_taxonomy

    code = normalize_nace(value)
    if code is None or default_taxonomy().nace(code) is None:
        raise ValueError(f"unknown NACE Rev. 2 code {value!r}")
    return code


def check_ewc(value: str | None) -> str | None:
    from assistant.taxonomy import default_taxonomy

    if value is None or not value.strip():
        return None
    entry = default_taxonomy().ewc(value)
    if entry is None:
        raise ValueError(f"unknown EWC code {value!r}")
    return entry.code


def check_unit(value: str) -> str:
    unit = normalize_unit(value)
    if unit is None:
        raise ValueError(f"unknown unit {value!r} (use one of {', '.join(UNITS)})")
    return unit


# ---- parks ---------------------------------------------------------------------------------
class ParkBase(SQLModel):
    name: str = Field(min_length=1, max_length=300)
    municipality: str = Field(default="", max_length=300)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Park(ParkBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=300, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ParkPublic(ParkBase):
    id: int


# ---- flows ---------------------------------------------------------------------------------
class FlowBase(SQLModel):
    direction: Direction = Field(sa_type=String(8))
    material: str = Field(min_length=1, max_length=500)
    ewc_code: str | None = Field(default=None, max_length=12)
    quantity: FiniteFloat = Field(ge=0)
    unit: str = Field(max_length=16)
    temperature_c: FiniteFloat | None = Field(default=None, ge=-50, le=2000)
    hazardous: bool = False
    confidential: bool = False
    availability: str = Field(default="", max_length=300)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # what happens to an output today (the benefit's counterfactual); empty: the typical route
    # of its material in Latvia (assistant/synergy_rules/prices.yaml)
    current_route: str | None = Field(default=None, max_length=24)


def check_route(value: str | None) -> str | None:
    from assistant.synergy_rules.prices import ROUTES

    if value is None or not value.strip():
        return None
    route = value.strip().lower().replace(" ", "_").replace("-", "_")
    if route not in ROUTES:
        raise ValueError(f"unknown current route {value!r} (use one of {', '.join(ROUTES)})")
    return route


class _FlowChecks(SQLModel):
    @field_validator("current_route", check_fields=False)
    @classmethod
    def _route(cls, value: str | None) -> str | None:
        return check_route(value)

    @field_validator("ewc_code", check_fields=False)
    @classmethod
    def _ewc(cls, value: str | None) -> str | None:
        return check_ewc(value)

    @field_validator("unit", check_fields=False)
    @classmethod
    def _unit(cls, value: str | None) -> str | None:
        return None if value is None else check_unit(value)


class FlowCreate(_FlowChecks, FlowBase):
    pass


class FlowUpdate(_FlowChecks):
    direction: Direction | None = None
    material: str | None = Field(default=None, min_length=1, max_length=500)
    ewc_code: str | None = None
    quantity: FiniteFloat | None = Field(default=None, ge=0)
    unit: str | None = None
    temperature_c: FiniteFloat | None = Field(default=None, ge=-50, le=2000)
    hazardous: bool | None = None
    confidential: bool | None = None
    availability: str | None = Field(default=None, max_length=300)
    notes: str | None = None
    current_route: str | None = None


class Flow(FlowBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    position: int = 0
    category: str | None = Field(default=None, max_length=64, index=True)
    category_score: float = 0.0
    ewc_confirmed: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class FlowPublic(FlowBase):
    id: int
    company_id: int
    # None: withheld from this viewer (a reply may hold less than the table, never more)
    quantity: float | None = Field(ge=0)  # type: ignore[assignment]
    category: str | None
    category_score: float
    ewc_confirmed: bool


# ---- companies -----------------------------------------------------------------------------
class CompanyBase(SQLModel):
    name: str = Field(min_length=1, max_length=300)
    nace: str = Field(max_length=8)
    municipality: str = Field(default="", max_length=300)
    lat: FiniteFloat | None = Field(default=None, ge=-90, le=90)
    lon: FiniteFloat | None = Field(default=None, ge=-180, le=180)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    contact_email: str = Field(default="", max_length=300)
    confidential: bool = False


class _CompanyChecks(SQLModel):
    @field_validator("nace", check_fields=False)
    @classmethod
    def _nace(cls, value: str | None) -> str | None:
        return None if value is None else check_nace(value)

    @field_validator("name", check_fields=False)
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("the name is empty")
        return None if value is None else value.strip()


class CompanyCreate(_CompanyChecks, CompanyBase):
    flows: list[FlowCreate] = Field(default_factory=list)


class CompanyUpdate(_CompanyChecks):
    name: str | None = Field(default=None, max_length=300)
    nace: str | None = None
    municipality: str | None = None
    lat: FiniteFloat | None = Field(default=None, ge=-90, le=90)
    lon: FiniteFloat | None = Field(default=None, ge=-180, le=180)
    description: str | None = None
    contact_email: str | None = None
    confidential: bool | None = None


class Company(CompanyBase, table=True):
    __table_args__ = (UniqueConstraint("park_id", "name_key", name="uq_company_park_name"),)

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id", index=True, ondelete="CASCADE")
    name_key: str = Field(max_length=300, index=True)  # the folded name: unique per park
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CompanyPublic(CompanyBase):
    id: int
    park_id: int
    flows: list[FlowPublic] = Field(default_factory=list)


class ParkImport(SQLModel):
    """The import/export document: a park and its companies with their flows."""

    park: ParkBase
    companies: list[CompanyCreate] = Field(default_factory=list)


class FlowExport(FlowBase):
    quantity: float | None = Field(default=None, ge=0)  # type: ignore[assignment]


class CompanyExport(CompanyBase):
    flows: list[FlowExport] = Field(default_factory=list)


class ParkExport(SQLModel):
    """The export document as one viewer may see it (the import shape; a quantity withheld
    from this viewer is empty)."""

    park: ParkBase
    companies: list[CompanyExport] = Field(default_factory=list)


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())
