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
SAME_DONOR = 0.5  # as in Ranker.matches: the same kind of donor documented


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
    donor = (normalize_nace(donor_nace or "") or "")[:2]
    weight, rows = support_table(material, ewc, category).support(receiver, donor, SHOWN)
    ranker = default_ranker()
    return Support(weight, [ranker.corpus.ref(row, lang) for row in rows])


class SupportTable:
    """Every documented exchange that matches one material, by receiving division, with its
    match strength before the donor bonus: the support of any (donor, receiver) is read off
    it without asking the ranker again."""

    def __init__(self, matches: dict[str, list[tuple[Exchange, float]]]) -> None:
        self.matches = matches
        self.donors = {row.donor_division for rows in matches.values() for row, _s in rows}

    def support(
        self, receiver: str, donor: str = "", n: int = SHOWN
    ) -> tuple[float, list[Exchange]]:
        """(weight, the `n` strongest supporting exchanges) for a receiver's NACE code and a
        donor's NACE division."""
        ranked = self.matches.get(receiver[:2])
        if not ranked:
            return 0.0, []
        scored = sorted(
            (
                (
                    row,
                    (s + (SAME_DONOR if donor and row.donor_division == donor else 0.0))
                    * _closeness(row.receiver_nace, receiver),
                )
                for row, s in ranked
            ),
            key=lambda x: (-x[1], x[0].id),
        )
        return round(min(1.0, scored[0][1] / FULL), 4), [row for row, _s in scored[:n]]


def support_table(
    material: str = "", ewc: str | None = None, category: str | None = None
) -> SupportTable:
    code = normalize_ewc(ewc or "") or None
    return _table(material.strip(), code, category or None)


def _closeness(documented: str, receiver: str) -> float:
    if len(receiver) <= 2 or documented.startswith(receiver) or receiver.startswith(documented):
        return 1.0
    return SAME_GROUP if documented[:4] == receiver[:4] else SAME_DIVISION


@lru_cache(maxsize=8192)
def _table(material: str, ewc: str | None, category: str | None) -> SupportTable:
    """The donor only adds a bonus to a match, so one table serves every donor."""
    ranker = default_ranker()
    query = _query(ranker, material, ewc, category, None)
    found = ranker.all_matches(query)
    return SupportTable({d: rows for d, rows in found.items() if not blocked(d, query.hazardous)})


def _query(
    ranker: Ranker, material: str, ewc: str | None, category: str | None, donor: str | None
) -> Query:
    taxonomy = ranker.taxonomy
    readings: list[Reading] = [(category, ewc, 1.0)] if category or ewc else []
    readings.extend((c, ewc, 0.85) for c in taxonomy.categories_for_ewc(ewc) if c != category)
    hazardous = taxonomy.is_hazardous(ewc, category) or bool(ewc and ewc.endswith("*"))
    return Query(text=material, ewc=ewc, donor=donor, readings=readings, hazardous=hazardous)
