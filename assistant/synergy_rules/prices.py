"""The price table (prices.yaml): € per t, m³ or MWh with low/typical/high, year, country and
source, and the counterfactual route of every material category — what happens to it today in
Latvia when the company's profile does not say."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant import yamlio
from assistant.errors import InvalidInput

PRICES_FILE = Path(__file__).parent / "prices.yaml"
RouteKind = Literal[
    "sold",
    "given_away",
    "land_spreading",
    "own_use",
    "energy_recovery",
    "landfill",
    "paid_treatment",
    "unused",
]
ROUTES: tuple[str, ...] = get_args(RouteKind)
EARNS = frozenset({"sold", "land_spreading", "own_use"})  # the holder gets the row's price
PAYS = frozenset({"energy_recovery", "landfill", "paid_treatment"})  # the holder pays it
OFF_SITE = frozenset({"sold", "given_away", "energy_recovery", "landfill", "paid_treatment"})
Ends = tuple[float, float, float]  # low, typical, high


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriceRow(_Strict):
    id: str
    item: str
    unit: str
    low: float
    typical: float
    high: float
    year: int = Field(ge=1990, le=2100)
    country: str
    source: str = Field(min_length=3)
    note: str = ""
    assumption: bool = False
    # the figure is the cost a buyer avoids, worked out from other prices: nobody quoted a
    # price for this good itself (waste heat), so a chat answer must not present it as one
    derived: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> PriceRow:
        if not self.low <= self.typical <= self.high:
            raise ValueError(f"{self.id}: low ≤ typical ≤ high is violated")
        return self

    @property
    def ends(self) -> Ends:
        return (self.low, self.typical, self.high)

    @property
    def per(self) -> str:
        """The denominator of the unit: 'EUR/t' → 't', 'EUR/(t·km)' → 't·km'."""
        return self.unit.split("/", 1)[-1].strip("()")

    @property
    def cited(self) -> str:
        mark = "assumption; " if self.assumption else ""
        return f"price row {self.id} ({mark}{self.country} {self.year}): {self.source}"


class Route(_Strict):
    route: RouteKind
    price: str | None = None
    liquid: bool = False
    why: str


class Density(_Strict):
    t_per_m3: float | None = Field(default=None, gt=0)
    mwh_per_m3: float | None = Field(default=None, gt=0)
    source: str


class Defaults(_Strict):
    load_hours: float = Field(gt=0, le=8760)
    load_hours_note: str
    delivery_km: float = Field(ge=0)


class Take(_Strict):
    """A receiver's yearly take of a material when its profile states no need (low, typical,
    high, in the flow's unit)."""

    low: float = Field(gt=0)
    typical: float = Field(gt=0)
    high: float = Field(gt=0)
    source: str = Field(min_length=3)
    assumption: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> Take:
        if not self.low <= self.typical <= self.high:
            raise ValueError("take: low ≤ typical ≤ high is violated")
        return self

    @property
    def ends(self) -> Ends:
        return (self.low, self.typical, self.high)


class PriceTable(_Strict):
    version: str
    defaults: Defaults
    rows: list[PriceRow]
    routes: dict[str, Route]
    takes: dict[str, dict[str, Take]] = Field(default_factory=dict)  # unit → NACE division
    # route → rows of a receiver that does the same paid service (it charges the same fee)
    services: dict[str, list[str]] = Field(default_factory=dict)
    densities: dict[str, Density] = Field(default_factory=dict)
    substitutes: dict[str, dict[str, str]] = Field(default_factory=dict)  # category → param → row

    @model_validator(mode="after")
    def _references(self) -> PriceTable:
        ids = [row.id for row in self.rows]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate price row ids")
        for category, route in self.routes.items():
            if route.price is not None and route.price not in ids:
                raise ValueError(f"route of {category}: unknown price row {route.price!r}")
        for kind, service_rows in self.services.items():
            if kind not in ROUTES or not set(service_rows) <= set(ids):
                raise ValueError(f"services of {kind!r}: unknown route or price row")
        return self

    def row(self, row_id: str | None) -> PriceRow | None:
        return next((r for r in self.rows if r.id == row_id), None) if row_id else None

    def take(self, unit: str, nace: str | None) -> Take | None:
        """The typical yearly take of a receiver in the NACE division of `nace` (its first two
        digits), else the unit's default."""
        by_division = self.takes.get(unit, {})
        division = (nace or "").split(".")[0][:2]
        return by_division.get(division) or by_division.get("default")

    def per_unit(self, row: PriceRow, base: str, category: str | None) -> float | None:
        """How many of the row's units one unit of the flow is (t, m3, MWh), or None."""
        per = {"m³": "m3"}.get(row.per, row.per)
        if per == base:
            return 1.0
        density = self.densities.get(category or "") or self.densities.get("default")
        if density is None:
            return None
        if base == "m3" and per == "t" and density.t_per_m3:
            return density.t_per_m3
        if base == "t" and per == "m3" and density.t_per_m3:
            return 1.0 / density.t_per_m3
        if base == "m3" and per == "MWh" and density.mwh_per_m3:
            return density.mwh_per_m3
        return None

    @classmethod
    def load(cls, path: Path = PRICES_FILE) -> PriceTable:
        try:
            raw = yamlio.safe_load(path.read_text("utf-8"))
            return cls.model_validate(raw)
        except (OSError, yaml.YAMLError) as exc:
            raise InvalidInput(f"cannot read {path.name}", str(exc)) from exc
        except ValidationError as exc:
            raise InvalidInput(f"{path.name}: invalid price table", str(exc)) from exc


@lru_cache(maxsize=1)
def builtin_prices() -> PriceTable:
    return PriceTable.load()
