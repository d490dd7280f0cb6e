"""Which sectors typically take a material: receiving NACE divisions ranked from documented
exchanges and the rules together, one division per slot (its likeliest classes inside), waste
treatment (38) only as a labelled fallback, each with a confidence and the cases behind it."""

from __future__ import annotations

import re
from collections import defaultdict

from pydantic import Field

from assistant.synergies.corpus import CaseRef
from assistant.synergies.index import is_sensitive
from assistant.synergies.models import SectorHit
from assistant.synergies.ranker import Ranker, default_ranker
from assistant.synergies.receivers import Query, Reading, blocked, is_fallback
from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy, default_taxonomy
from assistant.taxonomy.codes import normalize_ewc, normalize_nace

_CELSIUS = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*°\s*C", re.IGNORECASE)
RANK_DECAY = 0.04  # a rule lists its most typical receivers first
TEXT_WITH_CODE = 0.8  # the free text counts less when an EWC code is given
CASES_SHOWN = 3


class RankedSector(SectorHit):
    """A receiving sector: `nace` is the likeliest class of `division` (or the division),
    `confidence` its share of the evidence, `cases` the documented exchanges behind it,
    `fallback` marks waste collection and treatment offered for want of an industrial user."""

    division: str = ""
    classes: list[str] = Field(default_factory=list)
    confidence: float = 0.0
    fallback: bool = False
    cases: list[CaseRef] = Field(default_factory=list)


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


def rank_sectors(
    registry: Registry,
    taxonomy: Taxonomy,
    material: str,
    ewc: str | None = None,
    nace: str | None = None,
    k: int = 10,
    ranker: Ranker | None = None,
) -> list[SectorHit]:
    """Receiving sectors, best first; each a RankedSector (typed as its base for callers)."""
    query = build_query(registry, taxonomy, material, ewc, nace)
    ranker = ranker or default_ranker()
    ranked = ranker.divisions(query)
    total = sum(score for _d, score in ranked) or 1.0
    hits: list[SectorHit] = []
    for division, score in ranked[:k]:
        classes = _classes(ranker, query, division)
        code = classes[0] if classes else division
        rules = [query.rules[c] for c in query.rules if c[:2] == division]
        hits.append(
            RankedSector(
                nace=code,
                label=taxonomy.nace_label(code),
                label_lv=taxonomy.nace_label(code, "lv"),
                score=round(score, 4),
                rule_id=max(rules)[1] if rules else "",
                division=division,
                classes=classes,
                confidence=round(score / total, 4),
                fallback=is_fallback(division),
                cases=ranker.cases(query, division, CASES_SHOWN, code),
            )
        )
    return hits


def _classes(ranker: Ranker, query: Query, division: str) -> list[str]:
    """Classes of a division, likeliest first: documented matches, then the rules' order;
    never the donor's own class, never a blocked one."""
    score: dict[str, float] = defaultdict(float)
    for code, n in ranker.model.classes.get(division, {}).items():
        score[code] += 0.001 * n
    for row, strength in ranker.matches(query, division):
        if len(row.receiver_nace) == 5:  # the best documented match of each class counts
            score[row.receiver_nace] = max(score[row.receiver_nace], 0.01 + strength)
    top = max((s for s, _r in query.rules.values()), default=1.0) or 1.0
    for code, (s, _rule) in query.rules.items():
        if code[:2] == division and len(code) == 5:
            score[code] += 2.0 * s / top
    return [
        c
        for c in sorted(score, key=lambda c: (-score[c], c))
        if c != query.donor and not blocked(c, query.hazardous)
    ]


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
