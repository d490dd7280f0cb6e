"""How well documented exchanges support one pair suggestion: a donor's material going to a
receiver's NACE code. For the pair engine (a flow documented going to sector X ranks a partner
in X higher) and its explanation (the cases to cite).

    >>> from assistant.synergies.support import documented_support
    >>> weight, cases = documented_support("koksnes pelni", ewc="10 01 03",
    ...                                    donor_nace="35.11", receiver_nace="23.51")

`weight` is in [0, 1]: 0 when no documented exchange of this kind of material reaches the
receiver's division (or the hazard rule forbids the receiver), about 1 when the same EWC code
went from the same kind of donor to the same class. `cases` are the supporting exchanges,
strongest first, each with its publication (CaseRef). Cheap: no rules, no embeddings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from assistant.synergies.corpus import CaseRef, Exchange
from assistant.synergies.ranker import Ranker, default_ranker
from assistant.synergies.receivers import Query, Reading, blocked
from assistant.taxonomy.codes import normalize_ewc, normalize_nace

FULL = 4.0  # match strength worth a weight of 1 (same EWC code and category, say)
SAME_GROUP, SAME_DIVISION = 0.8, 0.6  # a documented receiver of another class counts less
SHOWN = 3


class Support(NamedTuple):
    weight: float
    cases: list[CaseRef]


def documented_support(
    material: str = "",
    ewc: str | None = None,
    category: str | None = None,
    donor_nace: str | None = None,
    receiver_nace: str = "",
    lang: str = "en",
) -> Support:
    receiver = normalize_nace(receiver_nace or "")
    if not receiver:
        return Support(0.0, [])
    code = normalize_ewc(ewc or "") or None
    donor = normalize_nace(donor_nace or "") or None
    ranked = _matches(material.strip(), code, category or None, donor, receiver[:2])
    if not ranked:
        return Support(0.0, [])
    scored = sorted(
        ((row, strength * _closeness(row.receiver_nace, receiver)) for row, strength in ranked),
        key=lambda x: (-x[1], x[0].id),
    )
    ranker = default_ranker()
    cases = [ranker.corpus.ref(row, lang) for row, _s in scored[:SHOWN]]
    return Support(round(min(1.0, scored[0][1] / FULL), 4), cases)


def _closeness(documented: str, receiver: str) -> float:
    if len(receiver) <= 2 or documented.startswith(receiver) or receiver.startswith(documented):
        return 1.0
    return SAME_GROUP if documented[:4] == receiver[:4] else SAME_DIVISION


@lru_cache(maxsize=4096)
def _matches(
    material: str, ewc: str | None, category: str | None, donor: str | None, division: str
) -> tuple[tuple[Exchange, float], ...]:
    ranker = default_ranker()
    query = _query(ranker, material, ewc, category, donor)
    if blocked(division, query.hazardous):
        return ()
    return tuple(ranker.matches(query, division))


def _query(
    ranker: Ranker, material: str, ewc: str | None, category: str | None, donor: str | None
) -> Query:
    taxonomy = ranker.taxonomy
    readings: list[Reading] = [(category, ewc, 1.0)] if category or ewc else []
    readings.extend((c, ewc, 0.85) for c in taxonomy.categories_for_ewc(ewc) if c != category)
    hazardous = taxonomy.is_hazardous(ewc, category) or bool(ewc and ewc.endswith("*"))
    return Query(text=material, ewc=ewc, donor=donor, readings=readings, hazardous=hazardous)
