"""Documented exchanges in pair suggestions: how well published cases support each (output
flow, receiving company) pair of a park, as numpy matrices for the scorer, and the cases to
cite in a suggestion.

The support of a pair is `documented_support(material, EWC code, category, donor NACE,
receiver NACE)` (assistant/synergies/support.py); it reads only the material's name, codes and
category and the two companies' NACE codes, never a quantity or a place, so it adds nothing
about a confidential figure to what the viewer's view already holds. A pair's score becomes

    score + SUPPORT_BOOST × support × (1 − score)

so a documented pair ranks above an otherwise equal undocumented one, an undocumented pair keeps
its score, and no score exceeds 1.
"""

from __future__ import annotations

import numpy as np

from assistant.synergies.corpus import CaseRef
from assistant.synergies.index import ParkIndex
from assistant.synergies.ranker import default_ranker
from assistant.synergies.support import SHOWN, SupportTable, support_table

SUPPORT_BOOST = 0.3  # policy: a fully documented pair closes 30 % of the gap to a perfect score


def boosted(score: np.ndarray, support: np.ndarray) -> np.ndarray:
    return score + SUPPORT_BOOST * support * (1.0 - score)


class ParkSupport:
    """The documented support of a park index's pairs, computed once per material."""

    def __init__(self, index: ParkIndex) -> None:
        self.index = index
        naces = sorted({c.nace for c in index.companies})
        self.naces = naces
        nace_id = {n: i for i, n in enumerate(naces)}
        self.c_nace = np.array([nace_id[c.nace] for c in index.companies], dtype=np.int64)
        self.c_division = [c.nace[:2] for c in index.companies]
        self._by_division: dict[str, list[int]] = {}
        for i, n in enumerate(naces):
            self._by_division.setdefault(n[:2], []).append(i)
        self.tables: list[SupportTable] = []
        self._table_id: dict[tuple[str, str | None, str | None], int] = {}
        self._base: list[np.ndarray] = []
        self._stack = np.zeros((0, len(naces)))
        self._done = np.zeros(0, dtype=bool)  # per (table, donor): overrides computed
        self._has = np.zeros(0, dtype=bool)  # per (table, donor): has overrides
        self._ov_keys = np.zeros(0, dtype=np.int64)  # (table, donor, NACE) keys, sorted
        self._ov_weights = np.zeros(0)
        self.f_table = np.full(len(index.flows), -1, dtype=np.int64)
        self.donors = sorted({c.nace[:2] for c in index.companies})
        donor_id = {d: i for i, d in enumerate(self.donors)}
        c_donor = np.array([donor_id[c.nace[:2]] for c in index.companies], dtype=np.int64)
        self.f_donor = c_donor[index.f_company] if len(index.flows) else np.zeros(0, np.int64)

    def matrix(self, src: np.ndarray, t_company: np.ndarray) -> np.ndarray:
        """Support in [0, 1] of every (source flow, target company) pair."""
        tables = self._tables(src)
        cols = self.c_nace[t_company]
        if not len(src):
            return np.zeros((0, len(cols)))
        out = self._stacked()[tables[:, None], cols[None, :]]
        combo = tables * len(self.donors) + self.f_donor[src]
        self._learn(combo)
        special = self._has[combo]
        if not special.any():
            return out
        rows = np.flatnonzero(special)
        keys = combo[rows][:, None] * len(self.naces) + cols[None, :]
        at = np.minimum(np.searchsorted(self._ov_keys, keys), len(self._ov_keys) - 1)
        hit = self._ov_keys[at] == keys
        out[rows] = np.where(hit, self._ov_weights[at], out[rows])
        return out

    def weight(self, flow_i: int, company: int) -> float:
        """The support of one pair (what `matrix` gives it), without numpy."""
        table = self.tables[self._table_of(flow_i)]
        donor = self.donors[int(self.f_donor[flow_i])]
        return table.support(self.index.companies[company].nace, donor, 0)[0]

    def cases_of(self, flow_i: int, company: int, lang: str = "en") -> list[CaseRef]:
        """The documented exchanges behind a pair, strongest first."""
        table = self.tables[self._table_of(flow_i)]
        donor = self.donors[int(self.f_donor[flow_i])]
        _w, rows = table.support(self.index.companies[company].nace, donor, SHOWN)
        corpus = default_ranker().corpus
        return [corpus.ref(row, lang) for row in rows]

    # ---- tables ------------------------------------------------------------------------
    def _stacked(self) -> np.ndarray:
        if self._stack.shape[0] != len(self._base):
            self._stack = np.stack(self._base)
        return self._stack

    def _tables(self, src: np.ndarray) -> np.ndarray:
        found = self.f_table[src]
        if (found < 0).any():
            for i in np.unique(src[found < 0]).tolist():
                self._table_of(i)
            found = self.f_table[src]
        return found

    def _table_of(self, flow_i: int) -> int:
        found = int(self.f_table[flow_i])
        if found >= 0:
            return found
        flow = self.index.flows[flow_i]
        key = (flow.material.strip(), flow.ewc_code or None, flow.category or None)
        if key not in self._table_id:
            table = support_table(*key)
            self._table_id[key] = len(self.tables)
            self.tables.append(table)
            self._base.append(self._weights(table, ""))
        self.f_table[flow_i] = self._table_id[key]
        return self._table_id[key]

    def _weights(self, table: SupportTable, donor: str) -> np.ndarray:
        weights = np.zeros(len(self.naces))
        for division in table.matches:
            for i in self._by_division.get(division, ()):
                weights[i] = table.support(self.naces[i], donor, 0)[0]
        return weights

    def _learn(self, combos: np.ndarray) -> None:
        """Compute the donor overrides of (table, donor) combinations not seen yet."""
        size = len(self.tables) * len(self.donors)
        if len(self._done) < size:
            grown = size - len(self._done)
            self._done = np.concatenate([self._done, np.zeros(grown, dtype=bool)])
            self._has = np.concatenate([self._has, np.zeros(grown, dtype=bool)])
        new = np.unique(combos[~self._done[combos]])
        if not len(new):
            return
        keys, weights = [self._ov_keys], [self._ov_weights]
        for combo in new.tolist():
            self._done[combo] = True
            naces, found = self._overrides(*divmod(combo, len(self.donors)))
            if naces:
                self._has[combo] = True
                keys.append(np.array(naces, dtype=np.int64) + combo * len(self.naces))
                weights.append(np.array(found))
        all_keys, all_weights = np.concatenate(keys), np.concatenate(weights)
        order = np.argsort(all_keys, kind="stable")
        self._ov_keys, self._ov_weights = all_keys[order], all_weights[order]

    def _overrides(self, table_id: int, donor_id: int) -> tuple[list[int], list[float]]:
        """Where the donor's own division raises the support above the base: (NACE ids,
        weights)."""
        table, donor = self.tables[table_id], self.donors[donor_id]
        naces: list[int] = []
        weights: list[float] = []
        if donor in table.donors:
            base = self._base[table_id]
            for division, rows in table.matches.items():
                if any(row.donor_division == donor for row, _s in rows):
                    for i in self._by_division.get(division, ()):
                        w = table.support(self.naces[i], donor, 0)[0]
                        if w != base[i]:
                            naces.append(i)
                            weights.append(w)
        return naces, weights


def park_support(index: ParkIndex) -> ParkSupport:
    """The index's support, made on first use and kept with the index."""
    if index.documented is None:
        index.documented = ParkSupport(index)
    found = index.documented
    assert isinstance(found, ParkSupport)
    return found
