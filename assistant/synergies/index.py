"""Per-park indexes, built once: which rules each output triggers, and for each rule the
companies (with or without a matching input flow) it could feed, as numpy columns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from assistant.synergies.bands import cell_slack_km
from assistant.synergies.models import Suggestion
from assistant.synergies.park_data import FlowData, ParkData
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy
from assistant.taxonomy.codes import UNITS, ewc_bare, nace_levels

SENSITIVE = ("01", "03.2", "10", "11")  # farms and greenhouses, aquaculture, food and feed, drinks
LICENSED = ("38.2", "38.3")  # licensed waste treatment and recovery operators
NACE_ONLY_CONFIDENCE = {5: 0.75, 4: 0.7, 2: 0.6}  # a sector match without a declared input
SECTOR_AND_FLOW = 1.0
FLOW_ONLY = 0.9


def unit_code(unit: str) -> int:
    return UNITS.index(unit) if unit in UNITS else -1


def is_sensitive(nace: str) -> bool:
    return nace.startswith(SENSITIVE)


def is_licensed(nace: str) -> bool:
    return nace.startswith(LICENSED)


@dataclass
class Targets:
    """The candidate receivers of one rule: one row per (company, input flow or none)."""

    company: np.ndarray
    flow: np.ndarray  # flow index, or -1 for a sector match without a declared input
    conf: np.ndarray
    in_sector: np.ndarray  # a declared input, and the company's sector is one the rule feeds
    # a declared input from a company outside the rule's sectors: it wants that material
    # itself ("whey for feed"), so only a source of the same kind (not fat sludge)
    same_only: np.ndarray

    @classmethod
    def empty(cls) -> Targets:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0, dtype=bool))


class ParkIndex:
    def __init__(self, park: ParkData, registry: Registry, taxonomy: Taxonomy) -> None:
        self.park, self.registry, self.taxonomy = park, registry, taxonomy
        # The whole park's suggestions, kept with the index they were built from (an index is
        # one content and one view, so a write or another viewer never reads them).
        self.whole_park: tuple[Suggestion, ...] | None = None
        self.companies = list(park.companies)  # copies: a kept index never sees a later edit
        self.flows = list(park.flows)
        self.position = {c.id: i for i, c in enumerate(self.companies)}
        self.by_name = {c.name.casefold(): i for i, c in enumerate(self.companies)}
        self._company_columns()
        self._flow_columns()
        self.rules_of_flow: list[list[Rule]] = [self._source_rules(f) for f in self.flows]
        self.outputs_by_rule: dict[str, list[int]] = defaultdict(list)
        for i, rules in enumerate(self.rules_of_flow):
            for rule in rules:
                self.outputs_by_rule[rule.id].append(i)
        self.targets = {rule.id: self._targets(rule) for rule in registry}
        self.pooling: list[Suggestion] | None = None  # filled by pooling.cached
        self.documented: object | None = None  # filled by documented.park_support
        self.company_flows: dict[int, list[int]] = defaultdict(list)
        for i, company in enumerate(self.f_company.tolist()):
            self.company_flows[company].append(i)
        self.rules_targeting: dict[int, set[str]] = defaultdict(set)
        for rule_id, targets in self.targets.items():
            for company in set(targets.company.tolist()):
                self.rules_targeting[company].add(rule_id)

    def _company_columns(self) -> None:
        cs = self.companies
        self.c_lat = np.array([np.nan if c.lat is None else c.lat for c in cs], dtype=float)
        self.c_lon = np.array([np.nan if c.lon is None else c.lon for c in cs], dtype=float)
        # A place known only as its cell may lie this far from the cell's centre.
        self.c_slack = np.array([cell_slack_km(c.lat) if c.rough else 0.0 for c in cs], dtype=float)
        self.c_sensitive = np.array([is_sensitive(c.nace) for c in cs], dtype=bool)
        self.c_licensed = np.array([is_licensed(c.nace) for c in cs], dtype=bool)
        self.nace_members: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(cs):
            for level in nace_levels(c.nace):
                self.nace_members[level].append(i)

    def _flow_columns(self) -> None:
        fs = self.flows
        self.f_company = np.array([self.position[f.company_id] for f in fs], dtype=np.int64)
        self.f_qty = np.array([f.quantity for f in fs], dtype=float)
        self.f_unit = np.array([unit_code(f.unit) for f in fs], dtype=np.int64)
        self.f_temp = np.array(
            [np.nan if f.temperature_c is None else f.temperature_c for f in fs], dtype=float
        )
        self.f_conf = np.array([1.0 if f.ewc_code else max(f.category_score, 0.05) for f in fs])
        self.f_haz = np.array(
            [f.hazardous or self.taxonomy.is_hazardous(f.ewc_code, f.category) for f in fs],
            dtype=bool,
        )
        self.f_output = np.array([f.direction == "output" for f in fs], dtype=bool)
        families = [(f.category or "").split(".")[0] for f in fs]
        self.family_ids = {c: n for n, c in enumerate(sorted(set(families)))}
        self.f_family = np.array([self.family_ids[c] for c in families], dtype=np.int64)
        bare = [ewc_bare(f.ewc_code) if f.ewc_code else "" for f in fs]
        self.code_ids = {c: n for n, c in enumerate(sorted(set(bare) - {""}))}
        self.f_code = np.array([self.code_ids.get(c, -1) for c in bare], dtype=np.int64)
        self.inputs_by_key: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(fs):
            if f.direction == "input":
                for key in self._material_keys(f):
                    self.inputs_by_key[key].append(i)

    def _material_keys(self, flow: FlowData) -> list[str]:
        keys = [f"cat:{flow.category}"] if flow.category else []
        if flow.ewc_code:
            bare = ewc_bare(flow.ewc_code)
            keys.extend(f"ewc:{p}" for p in dict.fromkeys((bare, bare[:5], bare[:2])))
        return keys

    def source_code(self, flow: FlowData) -> str | None:
        """The flow's own EWC code, or the usual code of its category."""
        if flow.ewc_code:
            return flow.ewc_code
        category = self.taxonomy.category(flow.category)
        return category.ewc[0] if category and category.ewc else None

    def _source_rules(self, flow: FlowData) -> list[Rule]:
        if flow.direction != "output":
            return []
        hazardous = flow.hazardous or self.taxonomy.is_hazardous(flow.ewc_code, flow.category)
        found = []
        for rule in self.registry.for_material(flow.category, self.source_code(flow)):
            if self._other_reading(rule, flow):
                continue
            c = rule.conditions
            if hazardous and c.hazardous == "forbid":
                continue
            if flow.temperature_c is not None and (
                (c.temperature_min_c is not None and flow.temperature_c < c.temperature_min_c)
                or (c.temperature_max_c is not None and flow.temperature_c > c.temperature_max_c)
            ):
                continue
            found.append(rule)
        return found

    def code_listed(self, rule: Rule, sources: np.ndarray) -> np.ndarray:
        """Per output flow: its declared waste code is one the rule lists by name (10 13 14
        concrete sludge is the aggregate rule's, not the brick-reuse rule's)."""
        listed = [self.code_ids[c] for c in map(ewc_bare, rule.takes.ewc) if c in self.code_ids]
        return np.isin(self.f_code[sources], listed)

    def _other_reading(self, rule: Rule, flow: FlowData) -> bool:
        """The rule matched only by a waste code that several graded materials share (12 01 03
        is aluminium or copper filings), and the flow's own material is another of them: a
        copper buyer and a copper price would be wrong for aluminium shavings."""
        category = self.taxonomy.category(flow.category)
        if category is None or not category.grade or not rule.takes.categories:
            return False
        if flow.category in (*rule.takes.categories, *rule.feeds.input_categories):
            return False
        readings = self.taxonomy.categories_for_ewc(self.source_code(flow))
        return flow.category in readings and any(c in readings for c in rule.takes.categories)

    def _targets(self, rule: Rule) -> Targets:
        rows: dict[tuple[int, int], float] = {}
        sector = self._sector_members(rule)
        keys = [f"cat:{c}" for c in (*rule.feeds.input_categories, *rule.takes.categories)]
        keys.extend(f"ewc:{p}" for p in rule.takes.ewc)
        for key in keys:
            for i in self.inputs_by_key.get(key, ()):
                company = int(self.f_company[i])
                conf = (SECTOR_AND_FLOW if company in sector else FLOW_ONLY) * self.f_conf[i]
                rows[(company, i)] = max(rows.get((company, i), 0.0), conf)
        with_flow = {company for company, _ in rows}
        for company, conf in sector.items():
            if company not in with_flow:
                rows[(company, -1)] = conf
        if not rows:
            return Targets.empty()
        pairs = list(rows)
        return Targets(
            np.array([p[0] for p in pairs], dtype=np.int64),
            np.array([p[1] for p in pairs], dtype=np.int64),
            np.array([rows[p] for p in pairs], dtype=float),
            np.array([p[0] in sector and p[1] >= 0 for p in pairs], dtype=bool),
            np.array([p[1] >= 0 and p[0] not in sector for p in pairs], dtype=bool),
        )

    def _sector_members(self, rule: Rule) -> dict[int, float]:
        found: dict[int, float] = {}
        for rank, code in enumerate(rule.feeds.nace):
            conf = NACE_ONLY_CONFIDENCE.get(len(code), 0.6) * (1.0 - 0.02 * min(rank, 10))
            for company in self.nace_members.get(code, ()):
                found[company] = max(found.get(company, 0.0), conf)
        return found
