"""Exact cosine search over a small corpus's vectors, held in memory with the snapshot.

For a few thousand chunks a brute-force scan takes well under a millisecond, where a round trip
to the vector index (embedded Chroma or a server) took about 2 ms per query. The vectors come
from the SQL chunk table (the source of truth), so they are as fresh as the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.retrieval.protocols import Vectors
from assistant.retrieval.store import from_blob


class ExactVectors:
    """Row i is the unit vector of chunk position i (zero rows for zero vectors)."""

    def __init__(self, matrix: np.ndarray) -> None:
        self._matrix = _unit_rows(np.asarray(matrix, dtype=np.float32))

    @classmethod
    def from_blobs(cls, blobs: Sequence[bytes]) -> ExactVectors | None:
        """None unless every stored embedding has the same, non-zero size (a model change
        half-way through a re-embed leaves mixed sizes: the vector index handles those)."""
        sizes = {len(blob) for blob in blobs}
        if len(sizes) != 1 or 0 in sizes:
            return None
        return cls(np.vstack([from_blob(blob) for blob in blobs]))

    def __len__(self) -> int:
        return int(self._matrix.shape[0])

    def top(
        self, vector: Vectors, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Positions and cosine similarities of the best `k` rows where `mask` is true."""
        query = _unit_rows(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        # einsum, not `@`: a threaded BLAS matrix-vector product stalled for 12-16 ms when
        # the cores were busy; numpy's own loop is single-threaded and steady.
        sims = np.einsum("ij,j->i", self._matrix, query)
        candidates = np.flatnonzero(mask) if mask is not None else np.arange(len(sims))
        k = min(k, len(candidates))
        if k <= 0:
            return []
        best = candidates[np.argpartition(-sims[candidates], k - 1)[:k]]
        best = best[np.argsort(-sims[best], kind="stable")]
        return [(int(i), float(sims[i])) for i in best]


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
