"""Geometry of the impact chart: measured beside estimated, one row per measure, each row on
its own scale (tonnes, euros, CO2e and water cannot share an axis)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.impact.models import Sums

BAR_SPACE = 360.0
MEASURES = (  # (key, measured field, estimated field, unit)
    ("tonnes", "tonnes_per_year", "estimated_tonnes_per_year", "t"),
    ("eur", "eur_total_per_year", "estimated_eur_per_year", "€"),
    ("co2e", "co2e_t_per_year", "estimated_co2e_t_per_year", "t CO2e"),
    ("water", "water_m3_per_year", "estimated_water_m3_per_year", "m³"),
)


@dataclass(frozen=True)
class BarRow:
    key: str
    unit: str
    measured: float
    estimated: float
    measured_width: float
    estimated_width: float
    y: float


def rows(sums: Sums, row_height: float = 56.0) -> list[BarRow]:
    found = []
    for index, (key, measured_field, estimated_field, unit) in enumerate(MEASURES):
        measured = float(getattr(sums, measured_field))
        estimated = float(getattr(sums, estimated_field))
        top = max(measured, estimated)
        found.append(
            BarRow(
                key=key,
                unit=unit,
                measured=measured,
                estimated=estimated,
                measured_width=round(BAR_SPACE * measured / top, 1) if top else 0.0,
                estimated_width=round(BAR_SPACE * estimated / top, 1) if top else 0.0,
                y=index * row_height,
            )
        )
    return found
