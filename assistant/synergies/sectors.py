"""Which sectors typically take a material: receiving NACE divisions ranked from documented
exchanges and the rules together, one division per slot (its likeliest classes inside), waste
treatment (38) only as a labelled fallback, each with a confidence and the cases behind it."""

from __future__ import annotations

from collections import defaultdict

from pydantic import Field

from assistant.synergies.corpus import CaseRef
from assistant.synergies.models import SectorHit
from assistant.synergies.ranker import Ranker, default_ranker
from assistant.synergies.readings import build_query
from assistant.synergies.receivers import Query, blocked, is_fallback
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy

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
