"""The park's flows as a network picture: companies on a ring (grouped by sector), curved edges
for current, followed and suggested exchanges, width by tonnes, MWh or m³ a year.

Pure geometry: the template draws the SVG from these records, so the picture needs no
JavaScript and no library.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.models.park import CompanyPublic
from assistant.models.pipeline import SynergyPublic
from assistant.synergies import Suggestion

WIDTH, HEIGHT = 1100, 660
CENTER = (WIDTH / 2, HEIGHT / 2)
RADII = (285.0, 265.0)
MAX_SUGGESTED = 40
MAX_PER_UNIT = 18  # so heat and liquids show beside the many material exchanges
GROUPS = ("agri", "food", "wood", "materials", "energy", "water_waste", "construction", "services")
UNITS = ("t/year", "MWh/year", "m3/year")
STATUSES = ("current", "pipeline", "suggested")


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    label: str
    group: str
    x: float
    y: float
    r: float
    lx: float
    ly: float
    anchor: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    material: str
    quantity: float
    unit: str
    status: str
    width: float
    path: str


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def groups(self) -> list[str]:
        present = {n.group for n in self.nodes}
        return [g for g in GROUPS if g in present]


def group_of(nace: str) -> str:
    division = int(nace[:2]) if nace[:2].isdigit() else 99
    for upper, name in (
        (3, "agri"),
        (12, "food"),
        (15, "materials"),
        (18, "wood"),
        (34, "materials"),
        (35, "energy"),
        (39, "water_waste"),
        (43, "construction"),
    ):
        if division <= upper:
            return name
    return "services"


def short_name(name: str) -> str:
    """ "SIA Demo Granulas (fiktīvs)" → "Demo Granulas": no legal form, no parenthesis."""
    words = name.split()
    if len(words) > 1 and words[0].upper().strip(".") in ("SIA", "AS", "IK", "ZS", "PS", "KS"):
        words = words[1:]
    text = " ".join(words)
    return text.split(" (")[0].strip() or name


def build(
    companies: Sequence[CompanyPublic],
    synergies: Sequence[SynergyPublic],
    suggestions: Iterable[Suggestion],
) -> Graph:
    pairs = [s for s in suggestions if s.kind == "pair" and s.target_company]
    by_key = {_key(s.source_company, s.target_company, s.material): s for s in pairs}
    raw: list[tuple[str, str, str, float, str, str]] = []
    followed: set[tuple[str, str]] = set()
    for synergy in synergies:
        if synergy.stage == "dropped" or not synergy.target_name:
            continue
        found = by_key.get(_key(synergy.source_name, synergy.target_name, synergy.material))
        quantity, unit = (
            _amount(found)
            if found
            else (float(synergy.estimate.get("tonnes_per_year") or 0.0), "t/year")
        )
        status = "current" if synergy.stage == "implemented" else "pipeline"
        raw.append(
            (synergy.source_name, synergy.target_name, synergy.material, quantity, unit, status)
        )
        followed.add((synergy.source_name, synergy.target_name))
    per_unit: dict[str, int] = {}
    for suggestion in sorted(pairs, key=lambda s: -s.score):
        pair = (suggestion.source_company, suggestion.target_company or "")
        quantity, unit = _amount(suggestion)
        if (
            pair in followed
            or sum(per_unit.values()) >= MAX_SUGGESTED
            or per_unit.get(unit, 0) >= MAX_PER_UNIT
        ):
            continue
        per_unit[unit] = per_unit.get(unit, 0) + 1
        followed.add(pair)
        raw.append((*pair, suggestion.material, quantity, unit, "suggested"))
    nodes = _layout(companies, raw)
    return Graph(nodes=nodes, edges=_edges(nodes, raw))


def _key(source: str, target: str | None, material: str) -> tuple[str, str, str]:
    return source.casefold(), (target or "").casefold(), material.casefold().strip()


def _amount(suggestion: Suggestion) -> tuple[float, str]:
    source, target = suggestion.source_flow, suggestion.target_flow
    if target is not None and target.unit == source.unit:
        return min(source.quantity, target.quantity), source.unit
    return source.quantity, source.unit


def _layout(
    companies: Sequence[CompanyPublic], raw: Sequence[tuple[str, str, str, float, str, str]]
) -> list[Node]:
    degree: dict[str, int] = {}
    for source, target, *_ in raw:
        degree[source] = degree.get(source, 0) + 1
        degree[target] = degree.get(target, 0) + 1
    ordered = sorted(companies, key=lambda c: (GROUPS.index(group_of(c.nace)), c.nace, c.name))
    nodes = []
    for index, company in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(ordered), 1)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = CENTER[0] + RADII[0] * cos, CENTER[1] + RADII[1] * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        nodes.append(
            Node(
                id=company.id,
                name=company.name,
                label=short_name(company.name),
                group=group_of(company.nace),
                x=round(x, 1),
                y=round(y, 1),
                r=6.0 + min(degree.get(company.name, 0), 8),
                lx=round(x + 18 * cos, 1),
                ly=round(y + 18 * sin + (4 if abs(cos) >= 0.2 else (14 if sin > 0 else -8)), 1),
                anchor=anchor,
            )
        )
    return nodes


def _edges(
    nodes: Sequence[Node], raw: Sequence[tuple[str, str, str, float, str, str]]
) -> list[Edge]:
    where = {n.name: n for n in nodes}
    biggest: dict[str, float] = {}
    for *_, quantity, unit, _status in raw:
        biggest[unit] = max(biggest.get(unit, 0.0), quantity)
    edges = []
    for source, target, material, quantity, unit, status in raw:
        start, end = where.get(source), where.get(target)
        if start is None or end is None or start is end:
            continue
        share = math.sqrt(quantity / biggest[unit]) if biggest.get(unit) else 0.0
        edges.append(
            Edge(
                source=source,
                target=target,
                material=material,
                quantity=quantity,
                unit=unit if unit in UNITS else "t/year",
                status=status,
                width=round(1.5 + 8.5 * share, 1),
                path=_curve(start, end),
            )
        )
    order = {s: i for i, s in enumerate(reversed(STATUSES))}
    return sorted(edges, key=lambda e: (order[e.status], -e.width))


def _curve(start: Node, end: Node) -> str:
    """A quadratic curve bent toward the centre, stopping at the rim of the target node."""
    mx, my = (start.x + end.x) / 2, (start.y + end.y) / 2
    cx, cy = mx + (CENTER[0] - mx) * 0.45, my + (CENTER[1] - my) * 0.45
    dx, dy = end.x - cx, end.y - cy
    length = math.hypot(dx, dy) or 1.0
    ex, ey = end.x - dx / length * (end.r + 3), end.y - dy / length * (end.r + 3)
    return f"M{start.x:.1f},{start.y:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
