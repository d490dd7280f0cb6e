"""What the impact views return: one row per measured synergy, and totals.

Measured values sit beside the original estimate of the synergy engine. Routes are grouped in
ESRS E5-style categories (by-products, recycling, energy recovery, other recovery, and energy or
water exchanges that are not waste).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

ESRS_CATEGORIES = ("by_product", "recycling", "energy_recovery", "other_recovery", "energy_water")
MATERIAL_CATEGORIES = ESRS_CATEGORIES[:4]  # the ones that count as material diverted


class ImpactRow(BaseModel):
    synergy_id: int
    park: str
    municipality: str
    source: str
    target: str
    material: str
    rule_id: str
    legal_kind: str
    r_code: str
    esrs_category: str
    estimated_eur_per_year: float = 0.0
    estimated_tonnes_per_year: float = 0.0
    estimated_co2e_t_per_year: float = 0.0
    estimated_water_m3_per_year: float = 0.0
    tonnes_per_year: float
    eur_source_per_year: float
    eur_target_per_year: float
    eur_total_per_year: float
    co2e_t_per_year: float
    water_m3_per_year: float
    verified_at: datetime
    verified_by: str
    notes: str = ""
    source_confidential: bool = False  # the report names confidential companies only by sector
    target_confidential: bool = False
    volume_confidential: bool = False  # it rests on a confidential flow (or a pooled share)


class Sums(BaseModel):
    count: int = 0
    tonnes_per_year: float = 0.0
    eur_source_per_year: float = 0.0
    eur_target_per_year: float = 0.0
    eur_total_per_year: float = 0.0
    co2e_t_per_year: float = 0.0
    water_m3_per_year: float = 0.0
    estimated_eur_per_year: float = 0.0
    estimated_tonnes_per_year: float = 0.0
    estimated_co2e_t_per_year: float = 0.0
    estimated_water_m3_per_year: float = 0.0


class Group(Sums):
    name: str


class RouteSum(BaseModel):
    esrs_category: str
    route: str  # legal kind and R code, e.g. "by_product R3"
    count: int = 0
    tonnes_per_year: float = 0.0


class Totals(BaseModel):
    all: Sums = Field(default_factory=Sums)
    by_park: list[Group] = Field(default_factory=list)
    by_municipality: list[Group] = Field(default_factory=list)
    by_route: list[RouteSum] = Field(default_factory=list)
    diverted_tonnes_per_year: float = 0.0  # ESRS E5-5: material kept out of disposal
    secondary_inflow_tonnes_per_year: float = 0.0  # ESRS E5-4: secondary material received


def esrs_category(legal_kind: str, r_code: str) -> str:
    """The ESRS E5-5 style category of a route (R codes of Directive 2008/98/EC Annex II)."""
    if legal_kind in ("energy_contract", "water_permit"):
        return "energy_water"
    if legal_kind in ("by_product", "feed"):
        return "by_product"
    if r_code == "R1":
        return "energy_recovery"
    if r_code in ("R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"):
        return "recycling"
    return "other_recovery"
