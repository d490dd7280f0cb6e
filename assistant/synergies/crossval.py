"""Grouped cross-validation of the receiver ranking on the documented-exchange corpus.

Leave one *case* out: every exchange of one park or study is held out together; the model is
counted from the other cases and its feature weights are fitted on them alone (an inner
leave-one-case-out over the training cases), so nothing about the held-out case reaches the
ranking. The baseline is computed on the same folds: the receiving divisions most often
documented for the exchange's EWC chapter (or kind of resource: heat, water, gas, …) in the
other cases, topped up with overall popularity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.synergies.corpus import Corpus, Exchange, chapter
from assistant.synergies.queries import QueryMaker
from assistant.synergies.receivers import FEATURES, Model, rank
from assistant.synergies.weights import fit_weights

TOPS = (1, 3, 5)
CategoryOf = Callable[[Exchange], str]


@dataclass
class Tally:
    hits: dict[int, int] = field(default_factory=lambda: dict.fromkeys(TOPS, 0))
    n: int = 0
    empty: int = 0

    def add(self, ranked: Sequence[str], truth: str) -> None:
        self.n += 1
        self.empty += not ranked
        for top in TOPS:
            self.hits[top] += truth in ranked[:top]

    def summary(self) -> dict[str, Any]:
        rates = {f"hit@{t}": round(self.hits[t] / (self.n or 1), 3) for t in TOPS}
        return {"n": self.n, **rates, "no_answer": self.empty}


def popularity(train: Sequence[Exchange], row: Exchange, category_of: CategoryOf) -> list[str]:
    """The baseline: divisions most documented for this chapter in the other cases."""
    kind = chapter(row.ewc, category_of(row))
    same = Counter(r.division for r in train if chapter(r.ewc, category_of(r)) == kind)
    overall = Counter(r.division for r in train)
    order = sorted(overall, key=lambda d: (-same[d], -overall[d], d))
    return order[: max(TOPS)]


def cross_validate(
    corpus: Corpus,
    maker: QueryMaker,
    category_of: CategoryOf,
    languages: Sequence[str] = ("en", "lv"),
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    model_tally: dict[str, Tally] = defaultdict(Tally)
    base_tally: dict[str, Tally] = defaultdict(Tally)
    per_case: dict[str, dict[str, float]] = {}
    fold_weights = []
    for case in corpus.cases:
        train = [r for r in corpus.rows if r.case != case]
        test = [r for r in corpus.rows if r.case == case]
        weights = fit_weights(train, [maker.for_row(lang) for lang in languages], category_of)
        fold_weights.append([weights[f] for f in FEATURES])
        w = np.array([weights[f] for f in FEATURES])
        model = Model(train, category_of)
        case_hits = Tally()
        for row in test:
            baseline = popularity(train, row, category_of)
            for lang in languages:
                names, m = model.matrix(maker.query(row, lang))
                ranked = [d for d, _s in rank(names, m, w)]
                subset = "with EWC code" if row.ewc else "heat, water, gas"
                for key in (lang, "all", subset):
                    model_tally[key].add(ranked, row.division)
                    base_tally[key].add(baseline, row.division)
                case_hits.add(ranked, row.division)
        per_case[case] = {"rows": len(test), "hit@3": case_hits.summary()["hit@3"]}
        if progress:
            progress(f"{case}: {len(test)} rows, hit@3 {per_case[case]['hit@3']:.2f}")
    spread = np.array(fold_weights)
    return {
        "rows": len(corpus),
        "cases": len(corpus.cases),
        "languages": list(languages),
        "model": {k: t.summary() for k, t in sorted(model_tally.items())},
        "baseline": {k: t.summary() for k, t in sorted(base_tally.items())},
        "weights": {
            f: {
                "mean": round(float(spread[:, i].mean()), 3),
                "min": round(float(spread[:, i].min()), 3),
                "max": round(float(spread[:, i].max()), 3),
            }
            for i, f in enumerate(FEATURES)
        },
        "per_case": per_case,
    }
