"""The taxonomy entries' vectors, shipped with the package so that no data directory has to
encode them (~4,100 texts: 18 s of CPU with onnxruntime, over a minute of wall clock on two busy
cores, at the first demo-park import).

`data/entry_vectors.npz` holds, for one embedding model, the L2-normalised vector of every
distinct entry text (float16: cosine to the float32 vector ≥ 0.99999), keyed by a digest of the
text. A text's vector is taken from it only when the embedder is that model (by name) and
agrees with the file on a few of its texts (cosine ≥ 0.999, one small encode); texts the file
lacks (entries added since it was written) are encoded as before, and so is everything for
another model. `scripts/taxonomy_vectors.py` writes the file from the product's embedder;
`tests/taxonomy/test_shipped_vectors.py` fails when it no longer matches the taxonomy.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    """What the taxonomy needs of an embedder: L2-normalised vectors for texts."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


SHIPPED = Path(__file__).with_name("data") / "entry_vectors.npz"
REGENERATE = ".venv/bin/python scripts/taxonomy_vectors.py"
MIN_COSINE = 0.999
PROBES = 3  # texts encoded to check that the embedder is the one the file was made with

log = logging.getLogger(__name__)


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True)
class Shipped:
    model: str
    rows: dict[bytes, int]  # text digest -> row of `vectors`
    vectors: np.ndarray  # float16, one L2-normalised row per distinct text

    def get(self, text: str) -> np.ndarray | None:
        row = self.rows.get(digest(text))
        return None if row is None else self.vectors[row]


@lru_cache(maxsize=4)
def load_shipped(path: Path = SHIPPED) -> Shipped | None:
    try:
        with np.load(path, allow_pickle=False) as stored:
            model, keys, vectors = str(stored["model"]), stored["keys"], stored["vectors"]
    except (OSError, KeyError, ValueError):
        return None
    if keys.shape != (len(vectors), 16) or vectors.ndim != 2:
        return None
    return Shipped(model, {k.tobytes(): i for i, k in enumerate(keys)}, vectors)


def save_shipped(path: Path, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
    """One row per distinct text (the first of its vectors), written atomically."""
    rows = {t: i for i, t in reversed(list(enumerate(texts)))}
    unique = sorted(rows, key=digest)  # an order that does not depend on the taxonomy files'
    # uint8 rows, not numpy's "S16", which drops a digest's trailing zero bytes
    keys = np.frombuffer(b"".join(digest(t) for t in unique), dtype=np.uint8).reshape(-1, 16)
    half = np.asarray(vectors, dtype=np.float32)[[rows[t] for t in unique]].astype(np.float16)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
    np.savez_compressed(partial, model=np.array(model), keys=keys, vectors=half)
    partial.replace(path)
    load_shipped.cache_clear()


def entry_vectors(
    texts: Sequence[str], embedder: Encoder, shipped_file: Path | None = SHIPPED
) -> np.ndarray:
    """float32 vectors of `texts` (each distinct text encoded once), from the shipped file
    where it is the embedder's model, the rest from `embedder`."""
    unique = list(dict.fromkeys(texts))
    found = _shipped_for(unique, embedder, shipped_file)
    missing = [t for t in unique if t not in found]
    if missing:
        encoded = np.asarray(embedder.encode(missing), dtype=np.float32)
        found.update(zip(missing, encoded, strict=True))
    if not unique:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)


def _shipped_for(texts: list[str], embedder: Encoder, path: Path | None) -> dict[str, np.ndarray]:
    shipped = load_shipped(path) if path is not None else None
    if shipped is None or getattr(embedder, "name", None) != shipped.model:
        return {}
    found: dict[str, np.ndarray] = {}
    for text in texts:
        vector = shipped.get(text)
        if vector is not None:
            found[text] = vector.astype(np.float32)
    if not found:
        return {}
    for vector in found.values():  # float16 rounding moved the norm by ~1e-4
        vector /= np.linalg.norm(vector) or 1.0
    names = list(found)
    probes = [names[i * (len(names) - 1) // max(PROBES - 1, 1)] for i in range(PROBES)]
    probes = list(dict.fromkeys(probes))
    live = np.asarray(embedder.encode(probes), dtype=np.float32)
    expected = np.stack([found[t] for t in probes])
    cosines = np.sum(live * expected, axis=1) if live.shape == expected.shape else np.zeros(1)
    if float(np.min(cosines)) < MIN_COSINE:
        log.warning(
            "the shipped taxonomy vectors do not match the embedder %r (cosine %.4f): "
            "encoding the entries (regenerate with `%s`)",
            shipped.model,
            float(np.min(cosines)),
            REGENERATE,
        )
        return {}
    return found
