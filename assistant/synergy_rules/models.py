"""Synergy rules and benefit parameters, validated when they are loaded."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.taxonomy.codes import UNITS, ewc_prefix, normalize_nace


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    en: str
    lv: str


class TextLists(_Strict):
    en: list[str] = Field(default_factory=list)
    lv: list[str] = Field(default_factory=list)


class Takes(_Strict):
    categories: list[str] = Field(default_factory=list)
    ewc: list[str] = Field(default_factory=list)

    @field_validator("ewc")
    @classmethod
    def _prefixes(cls, value: list[str]) -> list[str]:
        out = []
        for code in value:
            prefix = ewc_prefix(str(code))
            if prefix is None:
                raise ValueError(f"not an EWC code or prefix: {code!r}")
            out.append(prefix)
        return out


class Feeds(_Strict):
    input_categories: list[str] = Field(default_factory=list)
    nace: list[str] = Field(default_factory=list)
    sector_note: Texts | None = None

    @field_validator("nace", mode="before")
    @classmethod
    def _nace(cls, value: list[object]) -> list[str]:
        out = []
        for code in value or []:
            normal = normalize_nace(str(code))
            if normal is None:
                raise ValueError(f"not a NACE code: {code!r}")
            out.append(normal)
        return out


class Conditions(_Strict):
    hazardous: Literal["forbid", "licensed_only"] = "forbid"
    min_quantity: float | None = Field(default=None, ge=0)
    unit: str | None = None
    max_distance_km: float | None = Field(default=None, gt=0)
    temperature_min_c: float | None = None
    temperature_max_c: float | None = None

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str | None) -> str | None:
        if value is not None and value not in UNITS:
            raise ValueError(f"unknown unit {value!r} (use one of {', '.join(UNITS)})")
        return value


class LegalRoute(_Strict):
    kind: str
    r_code: str | None = None
    en: str
    lv: str
    references: list[str] = Field(default_factory=list)


class ParamRef(_Strict):
    param: str


class BenefitModel(_Strict):
    avoided_disposal: bool = False
    substitute_value: ParamRef | None = None
    co2e: ParamRef | None = None
    water_m3_per_unit: float | None = Field(default=None, ge=0)


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    family: str
    title: Texts
    takes: Takes
    feeds: Feeds
    conditions: Conditions = Field(default_factory=lambda: Conditions())
    strength: float = Field(ge=0.0, le=1.0)
    legal_route: LegalRoute
    benefit: BenefitModel = Field(default_factory=lambda: BenefitModel())
    why: Texts
    next_checks: TextLists = Field(default_factory=TextLists)
    citations: list[str] = Field(default_factory=list)

    def params(self) -> list[str]:
        refs = (self.benefit.substitute_value, self.benefit.co2e)
        return [ref.param for ref in refs if ref is not None]


class Parameter(BaseModel):
    value: float
    unit: str = ""
    source: str
    note: str = ""


class YearTable(BaseModel):
    values: dict[int, float] = Field(min_length=1)
    unit: str = "EUR/t"
    source: str
    note: str = ""

    def for_year(self, year: int) -> tuple[int, float]:
        """The value of the year, clamped to the first and last year in the table."""
        years = sorted(self.values)
        chosen = min(max(year, years[0]), years[-1])
        return chosen, self.values[chosen]
