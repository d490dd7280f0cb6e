"""Build small parks for the engine without a database."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.synergies import CompanyData, FlowData, ParkData, SynergyEngine
from assistant.synergy_rules import Parameters, Registry
from assistant.taxonomy import default_taxonomy

BASE_LAT, BASE_LON = 56.95, 24.10
KM_PER_DEG_LAT = 111.2


@dataclass
class ParkBuilder:
    companies: list[CompanyData] = field(default_factory=list)
    flows: list[FlowData] = field(default_factory=list)

    def company(self, name: str, nace: str, km_north: float | None = 0.0, **flags: bool) -> int:
        cid = len(self.companies) + 1
        lat = None if km_north is None else BASE_LAT + km_north / KM_PER_DEG_LAT
        lon = None if km_north is None else BASE_LON
        self.companies.append(CompanyData(cid, name, nace, lat, lon, **flags))
        return cid

    def flow(
        self,
        company: int,
        direction: str,
        material: str,
        quantity: float,
        unit: str = "t/year",
        ewc: str | None = None,
        temperature: float | None = None,
        hazardous: bool = False,
    ) -> FlowData:
        found = default_taxonomy().resolve_flow(material, ewc, temperature)
        flow = FlowData(
            len(self.flows) + 1,
            company,
            direction,
            material,
            quantity,
            unit,
            found.category,
            found.score,
            found.ewc_code if ewc else None,
            temperature,
            hazardous,
        )
        self.flows.append(flow)
        return flow

    def build(self) -> ParkData:
        return ParkData("test", self.companies, self.flows)


def shops_and_a_paper_mill() -> ParkData:
    """Three shops with 10, 15 and 20 t/year of cardboard (too little alone, so pooled) and a
    paper mill 10 km away that takes 600 t/year."""
    park = ParkBuilder()
    shops = [park.company(f"Shop {n}", "47.11", km_north=n) for n in (1, 2, 3)]
    mill = park.company("Paper mill", "17.12", km_north=10)
    for shop, tonnes in zip(shops, (10, 15, 20), strict=True):
        park.flow(shop, "output", "kartons", tonnes, ewc="15 01 01")
    park.flow(mill, "input", "papīrs un kartons", 600, ewc="15 01 01")
    return park.build()


def builtin_engine(year: int = 2026) -> SynergyEngine:
    return SynergyEngine(Registry.load_builtin(), Parameters.load(), default_taxonomy(), year)
