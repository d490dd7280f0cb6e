"""Pooling: joint collection of small, similar outputs and joint procurement of shared inputs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Protocol

from assistant.synergies import explain
from assistant.synergies.bands import combine_sum, rough_km
from assistant.synergies.benefit import Exchange
from assistant.synergies.geo import haversine_km
from assistant.synergies.index import ParkIndex
from assistant.synergies.models import Assumption, Benefit, FlowRef, Suggestion
from assistant.synergy_rules.models import Rule


class Builder(Protocol):
    """What pooling needs of the engine: a costed, explained suggestion from a rule."""

    def build(
        self, rule: Rule, *, text: explain.Texts, exchange: Exchange, score: float, **fields: object
    ) -> Suggestion: ...


PROCUREMENT_RULE = "pooling.joint_procurement"
POOLING_WEIGHT = 0.9
PROCUREMENT_WEIGHT = 0.3
POOLED_UNITS = ("t/year", "m3/year")


def cached(engine: Builder, index: ParkIndex, focus: int | None) -> list[Suggestion]:
    """The park's pooling suggestions (computed once per index), or those with the focus."""
    if index.pooling is None:
        index.pooling = suggest(engine, index)
    if focus is None:
        return list(index.pooling)
    name = index.companies[focus].name
    return [s for s in index.pooling if name in s.companies or s.target_company == name]


def suggest(engine: Builder, index: ParkIndex) -> list[Suggestion]:
    outputs, inputs = _groups(index)
    found = []
    for (category, unit), flows in outputs.items():
        item = _collection(engine, index, category, unit, flows)
        if item is not None:
            found.append(item)
    for (category, unit), flows in inputs.items():
        if len({int(index.f_company[i]) for i in flows}) >= 2:
            found.append(_procurement(engine, index, category, unit, flows))
    return found


def _groups(
    index: ParkIndex,
) -> tuple[dict[tuple[str, str], list[int]], dict[tuple[str, str], list[int]]]:
    outputs: dict[tuple[str, str], list[int]] = defaultdict(list)
    inputs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, flow in enumerate(index.flows):
        category = index.taxonomy.category(flow.category)
        if category is None or flow.unit not in POOLED_UNITS or category.kind != "material":
            continue
        (outputs if flow.direction == "output" else inputs)[(category.id, flow.unit)].append(i)
    return outputs, inputs


def _collection(
    engine: Builder, index: ParkIndex, category: str, unit: str, flows: list[int]
) -> Suggestion | None:
    rules = {r.id: r for i in flows for r in index.rules_of_flow[i]}
    if not rules:
        return None
    rule = max(rules.values(), key=lambda r: r.strength)
    buyer = _buyer(index, rule, unit, flows)
    minimum = rule.conditions.min_quantity if rule.conditions.unit in (None, unit) else None
    need = index.flows[buyer].quantity if buyer is not None else None
    threshold = max(v for v in (minimum, need, 0.0) if v is not None)
    amounts: dict[int, float] = defaultdict(float)
    for i in flows:
        amounts[int(index.f_company[i])] += index.flows[i].quantity
    small = {c: q for c, q in amounts.items() if q < threshold}
    if len(small) < 2:
        return None
    small_flows = [i for i in flows if int(index.f_company[i]) in small]
    return _pooled(engine, index, rule, (category, unit), small_flows, buyer, threshold)


def _buyer(index: ParkIndex, rule: Rule, unit: str, flows: list[int]) -> int | None:
    """The largest declared demand among the rule's receivers that may take the material."""
    hazardous = any(index.f_haz[i] for i in flows)
    holders = {int(index.f_company[i]) for i in flows}
    targets = index.targets[rule.id]
    best = None
    for company, flow in zip(targets.company.tolist(), targets.flow.tolist(), strict=True):
        if flow < 0 or index.flows[flow].unit != unit or company in holders:
            continue
        if hazardous and (
            index.c_sensitive[company]
            or (rule.conditions.hazardous == "licensed_only" and not index.c_licensed[company])
        ):
            continue
        if best is None or index.flows[flow].quantity > index.flows[best].quantity:
            best = flow
    return best


def _pooled(
    engine: Builder,
    index: ParkIndex,
    rule: Rule,
    key: tuple[str, str],
    small_flows: list[int],
    buyer: int | None,
    threshold: float,
) -> Suggestion:
    category, unit = key
    small: dict[int, float] = defaultdict(float)
    for i in small_flows:
        small[int(index.f_company[i])] += index.flows[i].quantity
    label = index.taxonomy.category(category)
    assert label is not None
    names = [index.companies[c].name for c in sorted(small, key=lambda c: (-small[c], c))]
    total = sum(small.values())
    exchange = _pooled_exchange(index, small_flows, unit, None)
    buyer_at = int(index.f_company[buyer]) if buyer is not None else None
    buyer_company = index.companies[buyer_at] if buyer_at is not None else None
    distance = _mean_distance(index, list(small), buyer_at)
    if distance is not None and (
        buyer_company is not None
        and buyer_company.rough
        or any(index.companies[c].rough for c in small)
    ):
        distance = rough_km(distance)
    buyer_flow = index.flows[buyer] if buyer is not None else None
    need = explain.amount(
        threshold,
        buyer_flow.band if buyer_flow and buyer_flow.quantity == threshold else None,
        unit,
    )
    reason = explain.Texts(
        f"each below the {need.en} a buyer needs",
        f"katram mazāk par {need.lv}, ko pieprasa pircējs",
    )
    text = explain.pooling_text(
        names, explain.Texts(label.en, label.lv), _total(exchange), reason, procurement=False
    )
    score = POOLING_WEIGHT * rule.strength * min(1.0, total / threshold if threshold else 1.0)
    return engine.build(
        rule,
        kind="pooling",
        source_company=names[0],
        source_flow=_pooled_ref(label.en, exchange, category),
        target_company=buyer_company.name if buyer_company else None,
        target_flow=explain.flow_ref(index.flows[buyer]) if buyer is not None else None,
        target_sectors=[]
        if buyer_company
        else explain.sectors(
            rule, index.taxonomy, exclude_sensitive=any(index.f_haz[i] for i in small_flows)
        ),
        companies=names,
        material=label.en,
        category=category,
        score=score,
        text=text,
        distance_km=distance,
        exchange=replace(
            exchange,
            distance_km=distance,
            category=category,
            route=_shared_route(index, small_flows),
            hazardous=any(bool(index.f_haz[i]) for i in small_flows),
        ),
    )


def _shared_route(index: ParkIndex, flows: list[int]) -> str | None:
    """The pool's route today: the one every member declares, else the typical one."""
    routes = {index.flows[i].route for i in flows}
    return routes.pop() if len(routes) == 1 else None


def _total(exchange: Exchange) -> explain.Texts:
    return explain.amount(exchange.quantity, exchange.band, exchange.unit)


def _pooled_ref(material: str, exchange: Exchange, category: str) -> FlowRef:
    return FlowRef(
        material=material,
        quantity=exchange.quantity,
        unit=exchange.unit,
        category=category,
        band=exchange.band,
    )


def _pooled_exchange(
    index: ParkIndex, flows: list[int], unit: str, distance: float | None
) -> Exchange:
    """The pooled quantity: exact, or a band when a share of it is hidden from the viewer."""
    return Exchange.of_band(
        combine_sum([index.flows[i].band_or_exact() for i in flows]), unit, distance
    )


def _mean_distance(index: ParkIndex, companies: list[int], buyer: int | None) -> float | None:
    if buyer is None:
        return None
    b = index.companies[buyer]
    found = [
        haversine_km(c.lat, c.lon, b.lat, b.lon)
        for c in (index.companies[i] for i in companies)
        if c.lat is not None and c.lon is not None and b.lat is not None and b.lon is not None
    ]
    return sum(found) / len(found) if found else None


def _procurement(
    engine: Builder, index: ParkIndex, category: str, unit: str, flows: list[int]
) -> Suggestion:
    label = index.taxonomy.category(category)
    assert label is not None
    amounts: dict[int, float] = defaultdict(float)
    for i in flows:
        amounts[int(index.f_company[i])] += index.flows[i].quantity
    names = [index.companies[c].name for c in sorted(amounts, key=lambda c: (-amounts[c], c))]
    exchange = _pooled_exchange(index, flows, unit, None)
    text = explain.pooling_text(
        names,
        explain.Texts(label.en, label.lv),
        _total(exchange),
        explain.Texts("", ""),
        procurement=True,
    )
    confidence = sum(float(index.f_conf[i]) for i in flows) / len(flows)
    note = Assumption(
        term="joint_procurement",
        value=0.0,
        unit="EUR/year",
        formula="volume discounts are not estimated: ask suppliers to quote "
        f"for the pooled {exchange.written} {unit}",
    )
    return Suggestion(
        kind="pooling",
        source_company=names[0],
        source_flow=_pooled_ref(label.en, exchange, category),
        companies=names,
        material=label.en,
        category=category,
        score=round(PROCUREMENT_WEIGHT * confidence, 4),
        rule_id=PROCUREMENT_RULE,
        family="pooling",
        title="Joint procurement",
        title_lv="Kopīgs iepirkums",
        explanation=text.en,
        explanation_lv=text.lv,
        benefit=Benefit(assumptions=[note]),
    )
