"""The synergy engine: pairs, pooling and missing-partner suggestions for a park or a company."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import partial
from threading import Lock

import numpy as np

from assistant.errors import NotFound
from assistant.synergies import explain, pooling
from assistant.synergies.bands import combine_min, rough_km
from assistant.synergies.benefit import Exchange, estimate
from assistant.synergies.documented import park_support
from assistant.synergies.index import ParkIndex, Targets
from assistant.synergies.models import SectorHit, Suggestion
from assistant.synergies.park_data import CompanyData, FlowData, ParkData
from assistant.synergies.scoring import Candidate, Scored, score_rule
from assistant.synergies.sectors import rank_sectors
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Parameters, Registry
from assistant.taxonomy import Taxonomy

PER_FLOW = 5  # pair suggestions kept per output flow
MISSING_RULES = 2  # missing-partner suggestions per output nobody in the park takes
MISSING_WEIGHT = 0.5
INDEXES_KEPT = 4  # park indexes kept (park revisions × views); each is tens of MB at 2k companies
Work = tuple[str, np.ndarray, np.ndarray | None]
Pending = tuple[float, Callable[[], Suggestion]]
Content = tuple[str, tuple[CompanyData, ...], tuple[FlowData, ...]]


def _same_suggestion(suggestion: Suggestion) -> Suggestion:
    return suggestion


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, … within each run of equal values."""
    starts = np.ones(len(groups), dtype=bool)
    starts[1:] = groups[1:] != groups[:-1]
    index = np.arange(len(groups))
    return index - np.maximum.accumulate(np.where(starts, index, 0))


class SynergyEngine:
    def __init__(
        self,
        registry: Registry,
        parameters: Parameters,
        taxonomy: Taxonomy,
        year: int | None = None,
    ) -> None:
        self.registry, self.parameters, self.taxonomy = registry, parameters, taxonomy
        self.year = year or date.today().year
        self._indexes: OrderedDict[tuple[object, ...], tuple[Content, ParkIndex]] = OrderedDict()
        self._lock = Lock()

    def index(self, park: ParkData) -> ParkIndex:
        """The park's index, built once per content: a park revision as one viewer sees it.
        The key is the content itself (every company and flow field the view holds), so any
        write to the park, and any other view of it, gets an index of its own; a hit is
        checked field by field, never taken on the hash alone."""
        content = (park.name, tuple(park.companies), tuple(park.flows))
        key = (content[0], len(content[1]), len(content[2]), hash(content[1]), hash(content[2]))
        with self._lock:
            found = self._indexes.get(key)
            if found is not None and found[0] == content:
                self._indexes.move_to_end(key)
                return found[1]
        built = ParkIndex(park, self.registry, self.taxonomy)
        with self._lock:
            self._indexes[key] = (content, built)
            self._indexes.move_to_end(key)
            while len(self._indexes) > INDEXES_KEPT:
                self._indexes.popitem(last=False)
        return built

    def match(
        self,
        park: ParkData,
        company: str | int | None = None,
        index: ParkIndex | None = None,
        limit: int | None = None,
    ) -> list[Suggestion]:
        """Suggestions best first; with `limit`, only the best are built (scoring is cheap,
        building an explained, costed suggestion is not)."""
        index = index or self.index(park)
        whole_park = company is None and limit is None
        if whole_park and index.whole_park is not None:  # the same content, already matched
            return list(index.whole_park)
        focus = self._focus(index, company)
        pairs, taken = self._pairs(index, focus, limit)
        pending: list[Pending] = [
            (c.score, partial(self._pair, index, c, rule)) for c, rule in pairs
        ]
        pending.extend(self._missing(index, focus, taken))
        pending.extend(
            (s.score, partial(_same_suggestion, s)) for s in pooling.cached(self, index, focus)
        )
        pending.sort(key=lambda item: -item[0])
        found = [make() for _, make in pending[:limit]]
        ranked = sorted(
            found, key=lambda s: (-s.score, s.kind, s.source_company, s.target_company or "")
        )
        if whole_park:
            index.whole_park = tuple(ranked)
        return ranked

    def sectors(
        self, material: str, ewc: str | None = None, nace: str | None = None
    ) -> list[SectorHit]:
        return rank_sectors(self.registry, self.taxonomy, material, ewc, nace)

    @staticmethod
    def _focus(index: ParkIndex, company: str | int | None) -> int | None:
        if company is None:
            return None
        if isinstance(company, int) and company in index.position:
            return index.position[company]
        if isinstance(company, str) and company.casefold() in index.by_name:
            return index.by_name[company.casefold()]
        raise NotFound(f"no company {company!r} in the park")

    # ---- pairs -------------------------------------------------------------------------
    def _pairs(
        self, index: ParkIndex, focus: int | None, limit: int | None
    ) -> tuple[list[tuple[Candidate, Rule]], set[int]]:
        """The best rule per (output flow, receiving company), at most PER_FLOW receivers per
        output flow, best first (only the first `limit` become objects); and the output flows
        that found a receiver."""
        rules: list[Rule] = []  # the rule of every scored pair
        parts: list[Scored] = []
        owner_parts: list[np.ndarray] = []
        sector_parts: list[np.ndarray] = []
        code_parts: list[np.ndarray] = []
        for rule_id, outputs, cols in self._work(index, focus):
            rule = self.registry.get(rule_id)
            assert rule is not None
            scored = score_rule(index, rule, outputs, index.targets[rule_id], PER_FLOW, cols)
            parts.append(scored)
            owner_parts.append(index.targets[rule_id].company[scored.target])
            sector_parts.append(index.targets[rule_id].in_sector[scored.target])
            code_parts.append(index.code_listed(rule, scored.source))
            rules.extend([rule] * len(scored.score))
        allp = Scored.concat(parts)
        if not len(allp.score):
            return [], set()
        owners = np.concatenate(owner_parts)
        # of two rules for the same flow and company: the one that lists the flow's waste
        # code, then the one for the company's own sector where it declared the input (heat
        # to a fish farm is "to aquaculture", not "to greenhouses"), then the better
        in_sector, listed = np.concatenate(sector_parts), np.concatenate(code_parts)
        order = np.lexsort((-allp.score, ~in_sector, ~listed, owners, allp.source))
        key_source, key_owner = allp.source[order], owners[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (key_source[1:] != key_source[:-1]) | (key_owner[1:] != key_owner[:-1])
        best = order[first]
        best = best[np.lexsort((-allp.score[best], allp.source[best]))]  # by source, best
        rank = _rank_within(allp.source[best])
        kept = best[rank < PER_FLOW]
        kept = kept[np.argsort(-allp.score[kept], kind="stable")]
        taken = set(np.unique(allp.source[kept]).tolist())
        return [
            (
                Candidate(
                    int(allp.source[i]),
                    int(allp.target[i]),
                    float(allp.score[i]),
                    None if np.isnan(allp.distance[i]) else float(allp.distance[i]),
                ),
                rules[i],
            )
            for i in kept[:limit]
        ], taken

    def _work(self, index: ParkIndex, focus: int | None) -> list[Work]:
        """(rule, output flows, target rows) to score: everything, or what touches the focus
        company (its outputs to anyone, anyone's outputs to it)."""
        work: list[Work] = []
        for rule_id, outputs in index.outputs_by_rule.items():
            sources = np.array(outputs, dtype=np.int64)
            targets = index.targets[rule_id]
            if not len(targets.company):
                continue
            if focus is None:
                work.append((rule_id, sources, None))
                continue
            own = index.f_company[sources] == focus
            if own.any():
                work.append((rule_id, sources[own], None))
            if rule_id in index.rules_targeting[focus] and (~own).any():
                work.append((rule_id, sources[~own], np.flatnonzero(targets.company == focus)))
        return work

    def _pair(self, index: ParkIndex, cand: Candidate, rule: Rule) -> Suggestion:
        source = index.flows[cand.source]
        targets = index.targets[rule.id]
        company = index.companies[int(targets.company[cand.target])]
        flow_i = _same_kind_input(index, targets, cand, source)
        target_flow = index.flows[flow_i] if flow_i >= 0 else None
        owner = index.companies[int(index.f_company[cand.source])]
        band = source.band_or_exact()
        if target_flow is not None and target_flow.unit == source.unit and target_flow.quantity:
            band = combine_min(band, target_flow.band_or_exact())
        support = park_support(index)
        target_i = int(targets.company[cand.target])
        weight = support.weight(cand.source, target_i)
        cases = support.cases_of(cand.source, target_i) if weight > 0 else []
        rough = owner.rough or company.rough  # a hidden place: the way to it is rough too
        km = cand.distance_km
        if rough and km is not None:
            km = rough_km(km)
        text = explain.pair_text(
            rule,
            (owner.name, source),
            (company.name, company.nace, target_flow),
            (km, rough),
            self.taxonomy,
            cases,
        )
        return self.build(
            rule,
            kind="pair",
            source_company=owner.name,
            source_flow=explain.flow_ref(source),
            target_company=company.name,
            target_flow=explain.flow_ref(target_flow) if target_flow else None,
            material=source.material,
            category=source.category,
            ewc_code=index.source_code(source),
            score=cand.score,
            text=text,
            distance_km=km,
            documented_support=round(weight, 4),
            documented_cases=cases,
            exchange=Exchange.of_band(
                band,
                source.unit,
                km,
                need_known=target_flow is not None and target_flow.unit == source.unit,
                receiver_nace=company.nace,
                **source.benefit_fields(),
            ),
        )

    # ---- missing partners --------------------------------------------------------------
    def _missing(self, index: ParkIndex, focus: int | None, taken: set[int]) -> list[Pending]:
        flows = index.company_flows[focus] if focus is not None else range(len(index.flows))
        found: list[Pending] = []
        for i in flows:
            if i in taken or not index.rules_of_flow[i]:
                continue
            owner = int(index.f_company[i])
            rules = sorted(index.rules_of_flow[i], key=lambda r: -r.strength)[:MISSING_RULES]
            for rule in rules:
                score = MISSING_WEIGHT * rule.strength * float(index.f_conf[i])
                found.append((score, partial(self._missing_one, index, i, owner, rule, score)))
        return found

    def _missing_one(
        self, index: ParkIndex, i: int, owner: int, rule: Rule, score: float
    ) -> Suggestion:
        flow, company = index.flows[i], index.companies[owner]
        hazardous = bool(index.f_haz[i])
        target_sectors = explain.sectors(rule, self.taxonomy, exclude_sensitive=hazardous)
        text = explain.missing_text(rule, company.name, flow, target_sectors, self.taxonomy)
        return self.build(
            rule,
            kind="missing_partner",
            source_company=company.name,
            source_flow=explain.flow_ref(flow),
            target_sectors=target_sectors,
            material=flow.material,
            category=flow.category,
            ewc_code=index.source_code(flow),
            score=score,
            text=text,
            exchange=Exchange.of_band(
                flow.band_or_exact(), flow.unit, None, **flow.benefit_fields()
            ),
        )

    # ---- building ----------------------------------------------------------------------
    def build(
        self, rule: Rule, *, text: explain.Texts, exchange: Exchange, score: float, **fields: object
    ) -> Suggestion:
        benefit = estimate(rule, self.parameters, self.year, exchange)
        return Suggestion.model_validate(
            {
                **fields,
                "score": round(score, 4),
                "rule_id": rule.id,
                "family": rule.family,
                "title": rule.title.en,
                "title_lv": rule.title.lv,
                "explanation": text.en,
                "explanation_lv": text.lv,
                "legal_route": explain.legal(rule),
                "benefit": benefit,
                "next_checks": rule.next_checks.en,
                "next_checks_lv": rule.next_checks.lv,
                "citations": rule.citations,
            }
        )


def _same_kind_input(index: ParkIndex, targets: Targets, cand: Candidate, source: FlowData) -> int:
    """The receiver's input flow a pair is about: the scored one, unless that input is in
    another unit than the material and the receiver also declares an input of the material's
    own kind in its unit (a greenhouse matched for waste heat through its CO2 need in t, that
    also needs heat in MWh, is taking the heat)."""
    scored = int(targets.flow[cand.target])
    if scored < 0 or index.flows[scored].unit == source.unit:
        return scored
    family = _family(source.category)
    rows = targets.flow[targets.company == targets.company[cand.target]]
    same = [
        int(f)
        for f in rows
        if f >= 0
        and index.flows[int(f)].unit == source.unit
        and _family(index.flows[int(f)].category) == family
    ]
    return same[0] if same and family else scored


def _family(category: str | None) -> str:
    return (category or "").split(".")[0]
