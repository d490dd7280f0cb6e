"""Two implemented synergies with measured values, for the impact tests.

A  SIA Zāģētava → SIA Granulas, sawdust (engine: by_product R3), Testa novads:
   2000 t, 300 000 + 50 000.5 EUR, 250.25 t CO2e, 0 m³
B  SIA Betons → SIA Granulas, concrete rubble (manual, no rule), Kaimiņu novads:
   900 t, 10 000 + 2 500.25 EUR, 9.5 t CO2e, 120 m³
"""

from __future__ import annotations

from datetime import datetime

from assistant.composition import Services
from assistant.models.pipeline import ImpactRecord, SynergyCreate, SynergyMove
from tests.deals.parks import PELLETS, SAW

A = ImpactRecord(
    tonnes_per_year=2000,
    eur_source_per_year=300000,
    eur_target_per_year=50000.5,
    co2e_t_per_year=250.25,
    water_m3_per_year=0,
    verified_by="J. Bērziņš",
    verified_at=datetime(2026, 11, 20, 10, 0),
)
B = ImpactRecord(
    tonnes_per_year=900,
    eur_source_per_year=10000,
    eur_target_per_year=2500.25,
    co2e_t_per_year=9.5,
    water_m3_per_year=120,
    verified_by="Vides inspektore",
    verified_at=datetime(2026, 10, 1, 8, 30),
    notes="svari, 12 mēneši",
)


def implemented(
    services: Services, source: str, target: str, material: str, manual: bool = False
) -> int:
    synergy = services.pipeline.add(
        SynergyCreate(source=source, target=target, material=material, manual=manual)
    )
    services.pipeline.move(synergy.id, SynergyMove(stage="implemented"))
    return synergy.id


def two_measured(services: Services) -> tuple[int, int]:
    a = implemented(services, SAW, PELLETS, "zāģskaidas")
    b = implemented(services, "SIA Betons", PELLETS, "betona drupas", manual=True)
    services.impact.record(a, A)
    services.impact.record(b, B)
    return a, b
