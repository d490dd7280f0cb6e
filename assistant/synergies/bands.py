"""Coarse, declared bands for what a viewer may not see exactly: quantities and places.

A hidden quantity becomes its decade band in the flow's own unit (below 1, 1–10, 10–100,
100–1 000, …) and is computed with at a fixed point of that band (3 × its lower bound); a
hidden temperature its 10 °C band (computed at the middle); a hidden place becomes the centre
of its 0.1° × 0.1° cell. Everything a viewer gets is then a
function of the band and the cell, never of the exact value (docs/security.md).
"""

from __future__ import annotations

import math

Band = tuple[float, float]  # [low, high): the true value is somewhere in it
CELL_DEGREES = 0.1  # about 11 km north–south, 6 km east–west in Latvia
ROUGH_KM = 5.0  # a distance to a hidden place is written to the nearest 5 km


def band_of(quantity: float) -> Band:
    """The decade band holding a quantity: 2400 → (1000, 10000); 0.3 → (0, 1)."""
    if not math.isfinite(quantity) or quantity < 1.0:
        return (0.0, 1.0)
    low = 10.0 ** math.floor(math.log10(quantity))
    if low * 10.0 <= quantity:  # log10 rounding at an exact power of ten
        low *= 10.0
    return (low, low * 10.0)


def representative(band: Band) -> float:
    """The one point of a band the engine computes with (never the hidden value itself)."""
    low, high = band
    return high / 2.0 if low == 0.0 else 3.0 * low


TEMPERATURE_STEP = 10.0  # °C: a hidden flow's temperature is known only to its 10-degree band


def temperature_band(celsius: float) -> Band:
    """30.0–39.9 °C → (30, 40)."""
    low = math.floor(celsius / TEMPERATURE_STEP) * TEMPERATURE_STEP
    return (low, low + TEMPERATURE_STEP)


def temperature_point(celsius: float | None) -> float | None:
    """The one temperature of its band the engine computes with (the band's middle)."""
    if celsius is None:
        return None
    low, high = temperature_band(celsius)
    return (low + high) / 2


def cell_centre(degrees: float | None) -> float | None:
    """The centre of the cell holding a coordinate (the same rounding for every viewer)."""
    if degrees is None:
        return None
    return round(round(degrees / CELL_DEGREES) * CELL_DEGREES, 6)


def cell_slack_km(lat: float | None) -> float:
    """How far a place may lie from the centre of its cell: half the cell's diagonal."""
    if lat is None:
        return 0.0
    half_ns = CELL_DEGREES / 2 * 111.32
    half_ew = half_ns * math.cos(math.radians(min(abs(lat), 89.0)))
    return math.hypot(half_ns, half_ew)


def rough_km(km: float) -> float:
    return max(ROUGH_KM, round(km / ROUGH_KM) * ROUGH_KM)


def band_text(band: Band, decimal: str = ".") -> str:
    """'1000–10000' (the caller adds the unit)."""
    low, high = band
    return f"{low:g}–{high:g}".replace(".", decimal)


def combine_min(a: Band, b: Band) -> Band:
    """The band of min(x, y) for x in a, y in b."""
    return (min(a[0], b[0]), min(a[1], b[1]))


def combine_sum(bands: list[Band]) -> Band:
    return (sum(b[0] for b in bands), sum(b[1] for b in bands))
