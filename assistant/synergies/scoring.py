"""Vectorised pair scoring for one rule: sources (output flows) × targets (receivers).

score = rule strength × material-match confidence (source × target) × quantity fit
        × distance factor × temperature factor, raised by the documented support of the pair
        (assistant/synergies/documented.py); pairs the hazard filter or the rule's maximum
        distance forbids score 0 and are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.synergies.documented import boosted, park_support
from assistant.synergies.geo import bbox_mask, haversine_matrix
from assistant.synergies.index import ParkIndex, Targets, unit_code
from assistant.synergy_rules.models import Rule

UNKNOWN_DISTANCE = 0.75  # a partner without coordinates: neither near nor far
# a receiver that records no need for the material: below every recorded need (0.6–1.0), so a
# company that says it needs heat ranks above one whose sector merely could use it
UNKNOWN_DEMAND = 0.55
BELOW_MINIMUM = 0.5  # an output below the rule's minimum quantity (a pooling candidate)
NEEDS_UPGRADE = 0.6  # heat colder than the receiver needs (a heat pump is required)
OPEN_RADIUS_KM = 100.0  # distance scale for rules without a maximum distance
BLOCK = 512


@dataclass(frozen=True)
class Candidate:
    source: int  # flow index
    target: int  # row in the rule's Targets
    score: float
    distance_km: float | None


@dataclass
class Scored:
    """Scored pairs of one rule as parallel arrays."""

    source: np.ndarray
    target: np.ndarray
    score: np.ndarray
    distance: np.ndarray

    @classmethod
    def concat(cls, parts: list[Scored]) -> Scored:
        if not parts:
            empty = np.zeros(0)
            return cls(empty.astype(np.int64), empty.astype(np.int64), empty, empty)
        return cls(
            *(
                np.concatenate([getattr(p, f) for p in parts])
                for f in ("source", "target", "score", "distance")
            )
        )


def score_rule(
    index: ParkIndex,
    rule: Rule,
    sources: np.ndarray,
    targets: Targets,
    top: int,
    cols: np.ndarray | None = None,
) -> Scored:
    """The best `top` targets of every source; `cols` limits the target rows considered."""
    rows = np.arange(len(targets.company)) if cols is None else cols
    return Scored.concat(
        [
            _block(index, rule, sources[start : start + BLOCK], targets, rows, top)
            for start in range(0, len(sources), BLOCK)
        ]
    )


def _block(
    index: ParkIndex, rule: Rule, src: np.ndarray, targets: Targets, rows: np.ndarray, top: int
) -> Scored:
    cols = _prefilter(index, rule, src, targets, rows)
    if not len(cols) or not len(src):
        return Scored.concat([])
    t_company, t_flow = targets.company[cols], targets.flow[cols]
    s_company = index.f_company[src]
    dist = haversine_matrix(
        index.c_lat[s_company],
        index.c_lon[s_company],
        index.c_lat[t_company],
        index.c_lon[t_company],
    )
    valid = s_company[:, None] != t_company[None, :]
    max_km = rule.conditions.max_distance_km
    if max_km:  # a place known only by its cell counts as near as the cell allows
        slack = index.c_slack[s_company][:, None] + index.c_slack[t_company][None, :]
        valid &= ~(dist - slack > max_km)
    same_only = targets.same_only[cols]  # a farm that needs whey for feed: whey only
    if same_only.any():
        their = index.f_family[np.where(t_flow >= 0, t_flow, 0)]
        valid &= ~(same_only[None, :] & (index.f_family[src][:, None] != their[None, :]))
    hazardous = index.f_haz[src][:, None]
    valid &= ~(hazardous & index.c_sensitive[t_company][None, :])
    if rule.conditions.hazardous == "licensed_only":
        valid &= ~(hazardous & ~index.c_licensed[t_company][None, :])
    score = (
        rule.strength
        * index.f_conf[src][:, None]
        * targets.conf[cols][None, :]
        * _distance_factor(dist, max_km)
        * _quantity_fit(index, rule, src, t_flow)
        * _temperature_factor(index, src, t_flow)
    )
    score = boosted(score, park_support(index).matrix(src, t_company))
    score = np.where(valid, score, 0.0)
    return _top(src, cols, score, dist, top)


def _prefilter(
    index: ParkIndex, rule: Rule, src: np.ndarray, targets: Targets, cols: np.ndarray
) -> np.ndarray:
    """Bounding box around the sources, widened by the rule's maximum distance."""
    max_km = rule.conditions.max_distance_km
    s_company = index.f_company[src]
    lat, lon = index.c_lat[s_company], index.c_lon[s_company]
    if not max_km or not len(cols) or np.isnan(lat).any() or np.isnan(lon).any():
        return cols
    t_company = targets.company[cols]
    inside = bbox_mask(
        index.c_lat[t_company],
        index.c_lon[t_company],
        (float(lat.min()), float(lat.max())),
        (float(lon.min()), float(lon.max())),
        max_km + 2 * float(index.c_slack.max(initial=0.0)),
    )
    return cols[inside]


def _distance_factor(dist: np.ndarray, max_km: float | None) -> np.ndarray:
    """Strictly decreasing with distance: nearer partners rank higher."""
    with np.errstate(invalid="ignore"):
        if max_km:
            factor = 1.0 - 0.5 * np.minimum(dist / max_km, 1.0)
        else:
            factor = 1.0 / (1.0 + dist / OPEN_RADIUS_KM)
    return np.where(np.isnan(dist), UNKNOWN_DISTANCE, factor)


def _quantity_fit(index: ParkIndex, rule: Rule, src: np.ndarray, t_flow: np.ndarray) -> np.ndarray:
    supply = index.f_qty[src][:, None]
    has_flow = t_flow >= 0
    safe = np.where(has_flow, t_flow, 0)
    demand = np.where(has_flow, index.f_qty[safe], np.nan)[None, :]
    same_unit = (index.f_unit[src][:, None] == index.f_unit[safe][None, :]) & has_flow[None, :]
    known = same_unit & (demand > 0) & (supply > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.minimum(supply, demand) / np.maximum(supply, demand)
    fit = np.where(known, 0.6 + 0.4 * np.nan_to_num(ratio), UNKNOWN_DEMAND)
    minimum = rule.conditions.min_quantity
    if minimum:
        unit = rule.conditions.unit
        same = (
            np.ones(len(src), dtype=bool)
            if unit is None
            else (index.f_unit[src] == unit_code(unit))
        )
        small = same & (index.f_qty[src] < minimum)
        fit = fit * np.where(small, BELOW_MINIMUM, 1.0)[:, None]
    return fit


def _temperature_factor(index: ParkIndex, src: np.ndarray, t_flow: np.ndarray) -> np.ndarray:
    has_flow = t_flow >= 0
    need = np.where(has_flow, index.f_temp[np.where(has_flow, t_flow, 0)], np.nan)[None, :]
    have = index.f_temp[src][:, None]
    with np.errstate(invalid="ignore"):
        colder = have < need - 2.0  # NaN compares False: unknown temperatures pass
    return np.where(colder, NEEDS_UPGRADE, 1.0)


def _top(
    src: np.ndarray, cols: np.ndarray, score: np.ndarray, dist: np.ndarray, top: int
) -> Scored:
    """The best `top` columns of every row, as flat arrays (zero scores dropped)."""
    n_rows, n_cols = score.shape
    if top < n_cols:
        picks = np.argpartition(-score, top - 1, axis=1)[:, :top]
        rows = np.repeat(np.arange(n_rows), top)
        picked = picks.ravel()
    else:
        rows, picked = np.nonzero(score > 0.0)
    values = score[rows, picked]
    keep = values > 0.0
    rows, picked = rows[keep], picked[keep]
    return Scored(src[rows], cols[picked], values[keep], dist[rows, picked])
