"""The engine's view of a park: plain, immutable records (built from SQL or generated)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.synergies.bands import Band


@dataclass(frozen=True)
class CompanyData:
    id: int
    name: str
    nace: str
    lat: float | None = None
    lon: float | None = None
    confidential: bool = False
    rough: bool = False  # placed at the centre of its cell (a place hidden from the viewer)


@dataclass(frozen=True)
class FlowData:
    id: int
    company_id: int
    direction: str  # input | output
    material: str
    quantity: float
    unit: str
    category: str | None = None
    category_score: float = 1.0
    ewc_code: str | None = None
    temperature_c: float | None = None
    hazardous: bool = False
    confidential: bool = False
    band: Band | None = None  # the quantity is hidden: computed at a point of this band
    route: str | None = None  # what happens to an output today, when the profile says
    availability: str = ""  # when it is there, as the company wrote it ("marts–oktobris")
    notes: str = ""  # what the company says of it ("Jāpiegādā svaigas, cisternās.")

    def benefit_fields(self) -> dict[str, object]:
        """What the benefit model needs to know of the material (an Exchange's fields)."""
        return {"category": self.category, "route": self.route, "hazardous": self.hazardous}

    def band_or_exact(self) -> Band:
        return self.band if self.band is not None else (self.quantity, self.quantity)


@dataclass
class ParkData:
    name: str
    companies: list[CompanyData] = field(default_factory=list)
    flows: list[FlowData] = field(default_factory=list)

    def company(self, company_id: int) -> CompanyData:
        return self.by_id()[company_id]

    def by_id(self) -> dict[int, CompanyData]:
        return {c.id: c for c in self.companies}
