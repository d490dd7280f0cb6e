"""Fitting the feature weights of the receiver ranker by grouped cross-validation: every
documented case (park or study) is held out whole, its exchanges are ranked by a model counted
from the other cases, and the weights that rank the true receiving division highest over all
held-out exchanges win. Nothing here is tuned by hand."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.synergies.corpus import Exchange
from assistant.synergies.receivers import FEATURES, Model, Query

GRID = (0.0, 1.0, 2.0, 4.0)  # candidate weights of each evidence feature
PRIOR_GRID = (0.0, 0.25, 1.0)  # and of overall popularity
TOPS = (1, 3, 5)

QueryOf = Callable[[Exchange], Query]
CategoryOf = Callable[[Exchange], str]


@dataclass
class Sample:
    """One held-out exchange: its candidates' feature matrix and the true division."""

    names: list[str]
    matrix: np.ndarray
    truth: str


@dataclass(frozen=True)
class Prediction:
    row: Exchange
    ranked: list[str]


def samples(
    rows: Sequence[Exchange], queries: Sequence[QueryOf], category_of: CategoryOf
) -> list[Sample]:
    """Leave-one-case-out samples over `rows`: each case ranked by the other cases' model."""
    found = []
    for case in sorted({r.case for r in rows}):
        model = Model([r for r in rows if r.case != case], category_of)
        for row in (r for r in rows if r.case == case):
            for query_of in queries:
                names, m = model.matrix(query_of(row))
                found.append(Sample(names, m, row.division))
    return found


def grid() -> np.ndarray:
    combos = [
        (*w, p) for w in itertools.product(GRID, repeat=len(FEATURES) - 1) for p in PRIOR_GRID
    ]
    return np.array([c for c in combos if any(c)], dtype=float).T  # features x combos


def ranks(sample: Sample, weights: np.ndarray) -> np.ndarray:
    """Rank (0 = first) of the true division under each weight column; len(names) if absent."""
    if sample.truth not in sample.names:
        return np.full(weights.shape[1], len(sample.names) + 99)
    scores = sample.matrix @ weights
    true = scores[sample.names.index(sample.truth)]
    ahead = (scores > true[None, :]).sum(axis=0)
    ties = ((scores == true[None, :]).sum(axis=0) - 1) / 2  # ties count half
    return ahead + ties


def fit(found: Sequence[Sample]) -> np.ndarray:
    """The weights (summing to 1) with the best hit@1 + hit@3 + hit@5 over the samples."""
    weights = grid()
    total = np.zeros(weights.shape[1])
    for sample in found:
        r = ranks(sample, weights)
        total += sum((r < top).astype(float) for top in TOPS)
    best = weights[:, int(np.argmax(total))]
    return best / best.sum()


def fit_weights(
    rows: Sequence[Exchange], queries: Sequence[QueryOf], category_of: CategoryOf
) -> dict[str, float]:
    fitted = fit(samples(rows, queries, category_of))
    return {name: round(float(w), 4) for name, w in zip(FEATURES, fitted, strict=True)}
