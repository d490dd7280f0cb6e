"""Great-circle distances (haversine) and a bounding-box pre-filter."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 111.32


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_matrix(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Distances in km between every row of (lat1, lon1) and every row of (lat2, lon2).
    NaN where a coordinate is unknown."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dp = p2 - p1
    dl = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bbox_mask(
    lat: np.ndarray,
    lon: np.ndarray,
    lat_range: tuple[float, float],
    lon_range: tuple[float, float],
    radius_km: float,
) -> np.ndarray:
    """Points inside the box around the given ranges widened by radius_km (unknown points pass)."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    widest = max(abs(lat_range[0]), abs(lat_range[1])) + dlat
    cos = math.cos(math.radians(min(widest, 89.0)))
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(cos, 1e-6))
    inside = (
        (lat >= lat_range[0] - dlat)
        & (lat <= lat_range[1] + dlat)
        & (lon >= lon_range[0] - dlon)
        & (lon <= lon_range[1] + dlon)
    )
    return np.asarray(inside | np.isnan(lat) | np.isnan(lon))
