"""A question about a material, read once: its (category, EWC code, confidence) readings, its
hazard, and what the rules say about who receives it. Shared by the sector ranking and the
queries the cross-validation asks of each documented exchange."""

from __future__ import annotations

import re

from assistant.synergies.index import is_sensitive
from assistant.synergies.receivers import Query, Reading
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy, default_taxonomy
from assistant.taxonomy.codes import normalize_ewc, normalize_nace

_CELSIUS = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*°\s*C", re.IGNORECASE)
RANK_DECAY = 0.04  # a rule lists its most typical receivers first
TEXT_WITH_CODE = 0.8  # the free text counts less when an EWC code is given


def readings(taxonomy: Taxonomy, material: str, ewc: str | None) -> list[Reading]:
    """(category, EWC code, confidence) readings of the query. With an EWC code the text only
    refines it, so it is read lexically (no embedding: the code carries the meaning)."""
    found: list[Reading] = []
    code = normalize_ewc(ewc or "")
    entry = taxonomy.ewc(code) if code else None
    if entry:
        taxonomy = default_taxonomy()
        resolved = taxonomy.resolve_flow(material, entry.code).category
        found.append((resolved, entry.code, 1.0))
        found.extend(
            (c, entry.code, 0.85) for c in taxonomy.categories_for_ewc(entry.code) if c != resolved
        )
    weight = TEXT_WITH_CODE if entry else 1.0
    if material.strip():
        found.extend(
            (s.category, s.ewc_code, weight * s.score) for s in taxonomy.suggest(material, k=3)
        )
    return found


def rule_hits(
    registry: Registry, taxonomy: Taxonomy, material: str, found: list[Reading], nace: str | None
) -> dict[str, tuple[float, str]]:
    """The rules' receiving classes: code -> (score, rule id)."""
    source = normalize_nace(nace or "") if nace else None
    temperature = _temperature(material)
    best: dict[str, tuple[float, str]] = {}
    for category, code, confidence in found:
        hazardous = taxonomy.is_hazardous(code, category)
        for rule in registry.for_material(category, code):
            if (hazardous and rule.conditions.hazardous == "forbid") or not _warm_enough(
                rule, temperature
            ):
                continue
            for rank, receiver in enumerate(rule.feeds.nace):
                if hazardous and is_sensitive(receiver):
                    continue
                if (
                    source
                    and rank > 0
                    and (source.startswith(receiver) or receiver.startswith(source))
                ):
                    continue  # the source's own sector, unless the rule's typical receiver
                score = confidence * rule.strength * (1.0 - RANK_DECAY * min(rank, 10))
                if receiver not in best or score > best[receiver][0]:
                    best[receiver] = (score, rule.id)
    return best


def build_query(
    registry: Registry, taxonomy: Taxonomy, material: str, ewc: str | None, nace: str | None
) -> Query:
    found = readings(taxonomy, material, ewc)
    code = normalize_ewc(ewc or "")
    if code and taxonomy.ewc(code):
        hazardous = taxonomy.is_hazardous(code, None)
    elif code:
        hazardous = code.endswith("*")
    else:
        hazardous = bool(found) and taxonomy.is_hazardous(found[0][1], found[0][0])
    return Query(
        text=material,
        ewc=code if code and taxonomy.ewc(code) else None,
        donor=normalize_nace(nace or "") if nace else None,
        readings=found,
        hazardous=hazardous,
        rules=rule_hits(registry, taxonomy, material, found, nace),
    )


def _temperature(text: str) -> float | None:
    """A temperature written in the query ("30 °C")."""
    match = _CELSIUS.search(text)
    return float(match.group(1).replace(",", ".")) if match else None


def _warm_enough(rule: Rule, temperature: float | None) -> bool:
    c = rule.conditions
    if temperature is None:
        return True
    return not (
        (c.temperature_min_c is not None and temperature < c.temperature_min_c)
        or (c.temperature_max_c is not None and temperature > c.temperature_max_c)
    )
