"""Narrow interfaces around the heavy parts, so fakes can stand in for them in tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> Vectors: ...

    def encode_query(self, text: str) -> Vectors:
        """One search query, on the latency-sensitive path: may take a faster route than
        `encode` as long as the vector is the same to within rounding (cosine ≥ 0.999)."""
        ...


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    similarity: float


Metadata = Mapping[str, str]


class VectorIndex(Protocol):
    """Stores chunk vectors with a little metadata; cosine similarity queries."""

    def upsert(
        self, ids: Sequence[str], vectors: Vectors, metadatas: Sequence[Metadata]
    ) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def ids(self) -> set[str]: ...

    def query(
        self, vector: Vectors, k: int, where: Mapping[str, str] | None = None
    ) -> list[VectorHit]: ...

    def reset(self) -> None: ...

    def ping(self) -> None: ...
