"""Which sectors typically take a material: ranked receiving NACE codes from the rules."""

from __future__ import annotations

import re

from assistant.synergies.index import is_sensitive
from assistant.synergies.models import SectorHit
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy
from assistant.taxonomy.codes import normalize_ewc, normalize_nace

_CELSIUS = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*°\s*C", re.IGNORECASE)
RANK_DECAY = 0.04  # a rule lists its most typical receivers first
SAME_GROUP = 0.9  # a second sector of the same NACE group ranks a little lower
TEXT_WITH_CODE = 0.8  # the free text counts less when an EWC code is given


Reading = tuple[str | None, str | None, float]


def _materials(taxonomy: Taxonomy, material: str, ewc: str | None) -> list[Reading]:
    """(category, EWC code, confidence) readings of the query."""
    found: list[Reading] = []
    code = normalize_ewc(ewc or "")
    entry = taxonomy.ewc(code) if code else None
    if entry:
        resolved = taxonomy.resolve_flow(material, entry.code).category
        found.append((resolved, entry.code, 1.0))
        found.extend((c, entry.code, 0.85) for c in taxonomy.categories_for_ewc(entry.code)
                     if c != resolved)
    weight = TEXT_WITH_CODE if entry else 1.0
    if material.strip():
        found.extend((s.category, s.ewc_code, weight * s.score)
                     for s in taxonomy.suggest(material, k=3))
    return found


def rank_sectors(registry: Registry, taxonomy: Taxonomy, material: str, ewc: str | None = None,
                 nace: str | None = None, k: int = 10) -> list[SectorHit]:
    source = normalize_nace(nace or "") if nace else None
    temperature = _temperature(material)
    best: dict[str, tuple[float, str]] = {}
    for category, code, confidence in _materials(taxonomy, material, ewc):
        hazardous = taxonomy.is_hazardous(code, category)
        for rule in registry.for_material(category, code):
            if (hazardous and rule.conditions.hazardous == "forbid") or not _warm_enough(
                    rule, temperature):
                continue
            for rank, receiver in enumerate(rule.feeds.nace):
                if hazardous and is_sensitive(receiver):
                    continue
                if source and rank > 0 and (source.startswith(receiver) or
                                            receiver.startswith(source)):
                    continue  # the source's own sector, unless the rule's typical receiver
                score = confidence * rule.strength * (1.0 - RANK_DECAY * min(rank, 10))
                if receiver not in best or score > best[receiver][0]:
                    best[receiver] = (score, rule.id)
    return _diversify(best, taxonomy)[:k]


def _temperature(text: str) -> float | None:
    """A temperature written in the query ("30 °C")."""
    match = _CELSIUS.search(text)
    return float(match.group(1).replace(",", ".")) if match else None


def _warm_enough(rule: Rule, temperature: float | None) -> bool:
    c = rule.conditions
    if temperature is None:
        return True
    return not ((c.temperature_min_c is not None and temperature < c.temperature_min_c)
                or (c.temperature_max_c is not None and temperature > c.temperature_max_c))


def _diversify(best: dict[str, tuple[float, str]], taxonomy: Taxonomy) -> list[SectorHit]:
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    seen: dict[str, int] = {}
    hits = []
    for code, (score, rule_id) in ranked:
        group = code[:4]
        adjusted = score * SAME_GROUP ** seen.get(group, 0)
        seen[group] = seen.get(group, 0) + 1
        hits.append(SectorHit(nace=code, label=taxonomy.nace_label(code),
                              label_lv=taxonomy.nace_label(code, "lv"), score=round(adjusted, 4),
                              rule_id=rule_id))
    return sorted(hits, key=lambda h: -h.score)
