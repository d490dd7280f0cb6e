"""What the engine returns: suggestions that explain themselves and carry their business case."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["pair", "pooling", "missing_partner"]


class FlowRef(BaseModel):
    id: int | None = None
    material: str
    quantity: float
    unit: str
    category: str | None = None
    ewc_code: str | None = None
    temperature_c: float | None = None
    hazardous: bool = False


class Sector(BaseModel):
    nace: str
    label: str
    label_lv: str = ""


class Assumption(BaseModel):
    term: str
    value: float
    unit: str
    formula: str
    source: str = ""


class Benefit(BaseModel):
    eur_per_year: float = 0.0
    tonnes_per_year: float = 0.0
    co2e_t_per_year: float = 0.0
    water_m3_per_year: float = 0.0
    assumptions: list[Assumption] = Field(default_factory=list)


class LegalRoutePublic(BaseModel):
    kind: str
    r_code: str | None = None
    en: str
    lv: str
    references: list[str] = Field(default_factory=list)


class Suggestion(BaseModel):
    kind: Kind
    source_company: str
    source_flow: FlowRef
    target_company: str | None = None
    target_flow: FlowRef | None = None
    target_sectors: list[Sector] = Field(default_factory=list)
    companies: list[str] = Field(default_factory=list)  # every participant of a pooling
    material: str
    category: str | None = None
    ewc_code: str | None = None
    score: float
    rule_id: str
    family: str = ""
    title: str = ""
    title_lv: str = ""
    explanation: str
    explanation_lv: str
    distance_km: float | None = None
    legal_route: LegalRoutePublic | None = None
    benefit: Benefit = Field(default_factory=Benefit)
    next_checks: list[str] = Field(default_factory=list)
    next_checks_lv: list[str] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)


class SectorHit(BaseModel):
    nace: str
    label: str
    label_lv: str = ""
    score: float
    rule_id: str
