"""Who takes a material, learnt from documented exchanges: per receiving NACE division, one
evidence feature per source — smoothed frequencies by EWC code (6 → 4 digits → chapter), by
material category and by donor division, the nearest documented exchanges by material text
(BM25 over their English and Latvian names), the rules, and overall popularity. The features
are combined with weights fitted by grouped cross-validation (assistant/synergies/weights.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.synergies.corpus import Exchange, chapter, ewc_levels
from assistant.synergies.index import is_sensitive
from assistant.text.normalize import tokenize

FEATURES = ("ewc", "category", "donor", "text", "rules", "prior")
SMOOTHING = 1.0  # pseudo-count of the backoff distribution at each level
NEIGHBOURS = 10  # documented exchanges read by the text feature
BM25_K1, BM25_B = 1.2, 0.75
FALLBACK = ("38",)  # waste collection and treatment: suggested only as a fallback
FALLBACK_PENALTY = 0.5  # policy: a fallback sector needs twice the evidence of an industrial one
HAZARD_BLOCKED = ("01", "03.2", "10", "11", "35")  # food, feed, farms, greenhouses, biogas, fuel

Reading = tuple[str | None, str | None, float]  # (category, EWC code, confidence)


def blocked(nace: str, hazardous: bool) -> bool:
    """Hazardous materials never go to food, feed, farms, greenhouses, biogas or fuel users."""
    return hazardous and (is_sensitive(nace) or nace.startswith(HAZARD_BLOCKED))


def is_fallback(nace: str) -> bool:
    return nace.startswith(FALLBACK)


@dataclass
class Query:
    """A material as the ranker reads it: text, an explicit EWC code if any, the donor's NACE
    code, the taxonomy's readings (category, code, confidence) and the rules' class scores."""

    text: str
    ewc: str | None
    donor: str | None
    readings: list[Reading]
    hazardous: bool
    rules: dict[str, tuple[float, str]] = field(default_factory=dict)  # class -> (score, rule)

    @property
    def codes(self) -> list[tuple[str, float]]:
        """EWC codes to count by: the given code, else those the text suggests."""
        if self.ewc:
            return [(self.ewc, 1.0)]
        return [(code, conf) for _cat, code, conf in self.readings if code]

    @property
    def categories(self) -> list[tuple[str, float]]:
        return [(cat, conf) for cat, _code, conf in self.readings if cat]


class TextIndex:
    """BM25 over the exchanges' material names (English and Latvian, stemmed and folded)."""

    def __init__(self, rows: Sequence[Exchange]) -> None:
        self.docs = [Counter(tokenize(row.text)) for row in rows]
        lengths = [sum(doc.values()) for doc in self.docs]
        self.avg = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.lengths = lengths
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for term in doc:
                self.postings[term].append(i)
        n = len(self.docs) or 1
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }

    def search(self, text: str, k: int = NEIGHBOURS) -> list[tuple[int, float]]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(tokenize(text)):
            for i in self.postings.get(term, ()):
                tf = self.docs[i][term]
                norm = tf + BM25_K1 * (1 - BM25_B + BM25_B * self.lengths[i] / self.avg)
                scores[i] += self.idf[term] * tf * (BM25_K1 + 1) / norm
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]


def _smoothed(counts: Counter[str], backoff: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {d: (counts.get(d, 0) + SMOOTHING * p) / (total + SMOOTHING) for d, p in backoff.items()}


class Model:
    """Counts from a set of documented exchanges (a training fold, or the whole corpus)."""

    def __init__(self, rows: Sequence[Exchange], category_of: Callable[[Exchange], str]) -> None:
        self.rows = list(rows)
        self.category_of = category_of
        self.divisions = sorted({r.division for r in self.rows})
        total = Counter(r.division for r in self.rows)
        n = len(self.rows) + len(self.divisions)
        self.prior = {d: (total[d] + 1) / n for d in self.divisions}
        self.by_code: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_category: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_donor: dict[str, Counter[str]] = defaultdict(Counter)
        self.classes: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self.rows:
            for level in ewc_levels(r.ewc) or (r.chapter,):
                self.by_code[level][r.division] += 1
            self.by_category[category_of(r)][r.division] += 1
            self.by_donor[r.donor_division][r.division] += 1
            if len(r.receiver_nace) == 5:
                self.classes[r.division][r.receiver_nace] += 1
        self.text = TextIndex(self.rows)
        self.by_division: dict[str, list[Exchange]] = defaultdict(list)
        for r in self.rows:
            self.by_division[r.division].append(r)
        self._near: tuple[Query | None, list[tuple[Exchange, float]]] = (None, [])

    # ---- features: each a distribution over divisions ---------------------------------
    def ewc_feature(self, query: Query) -> dict[str, float]:
        found: dict[str, float] = defaultdict(float)
        codes: list[tuple[str | None, float]] = list(query.codes) or [(None, 1.0)]
        weight = sum(conf for _c, conf in codes) or 1.0
        for code, conf in codes:
            levels = ewc_levels(code)
            p = _smoothed(self.by_code.get(chapter(code, self._kind(query)), Counter()), self.prior)
            for level in reversed(levels[:2]):  # 4 digits, then 6
                p = _smoothed(self.by_code.get(level, Counter()), p)
            for d, v in p.items():
                found[d] += v * conf / weight
        return found

    def _kind(self, query: Query) -> str | None:
        return query.categories[0][0] if query.categories else None

    def category_feature(self, query: Query) -> dict[str, float]:
        return self._mixture(self.by_category, query.categories)

    def donor_feature(self, query: Query) -> dict[str, float]:
        donor = (query.donor or "")[:2]
        return _smoothed(self.by_donor.get(donor, Counter()), self.prior)

    def _mixture(
        self, table: dict[str, Counter[str]], keys: Iterable[tuple[str, float]]
    ) -> dict[str, float]:
        keys = [(k, w) for k, w in keys if w > 0]
        if not keys:
            return dict(self.prior)
        weight = sum(w for _k, w in keys)
        found: dict[str, float] = defaultdict(float)
        for key, w in keys:
            for d, v in _smoothed(table.get(key, Counter()), self.prior).items():
                found[d] += v * w / weight
        return found

    def neighbours(self, query: Query) -> list[tuple[Exchange, float]]:
        """The documented exchanges nearest by material name (the last query's are kept)."""
        if self._near[0] is not query:
            self._near = (query, [(self.rows[i], s) for i, s in self.text.search(query.text)])
        return self._near[1]

    def text_feature(self, query: Query) -> dict[str, float]:
        hits = self.neighbours(query)
        total = sum(s for _r, s in hits)
        found: dict[str, float] = defaultdict(float)
        for row, s in hits:
            found[row.division] += s / total
        return found

    @staticmethod
    def rules_feature(query: Query) -> dict[str, float]:
        best: dict[str, float] = {}
        for code, (score, _rule) in query.rules.items():
            best[code[:2]] = max(best.get(code[:2], 0.0), score)
        total = sum(best.values())
        return {d: v / total for d, v in best.items()} if total else {}

    def matrix(self, query: Query) -> tuple[list[str], np.ndarray]:
        """Candidate divisions (hazard-filtered) and their feature matrix (rows: divisions)."""
        parts = [
            self.ewc_feature(query),
            self.category_feature(query),
            self.donor_feature(query),
            self.text_feature(query),
            self.rules_feature(query),
            self.prior,
        ]
        names = sorted({d for part in parts for d in part if not blocked(d, query.hazardous)})
        m = np.array([[part.get(d, 0.0) for part in parts] for d in names], dtype=float)
        if len(names):
            m[[is_fallback(d) for d in names]] *= FALLBACK_PENALTY
        return names, m.reshape(len(names), len(FEATURES))


def rank(names: list[str], m: np.ndarray, weights: np.ndarray) -> list[tuple[str, float]]:
    scores = m @ weights if len(names) else np.zeros(0)
    order = sorted(range(len(names)), key=lambda i: (-scores[i], names[i]))
    return [(names[i], float(scores[i])) for i in order]
