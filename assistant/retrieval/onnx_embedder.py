"""The embedding model run by onnxruntime: a start without torch.

`assistant setup` exports the sentence-transformers model (transformer, mean pooling and L2
normalisation in one graph) to `<data_dir>/models/<model>.onnx` once; afterwards every process
encodes with onnxruntime and the model's own `tokenizer.json`, so it never imports torch or
sentence-transformers (seconds at start-up). The vectors are the torch model's to a cosine of
≥ 0.999: the export checks that on a few sentences before it keeps the file.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.protocols import Vectors

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "sentence_embedding"
SMALL_BATCH = 8
MIN_COSINE = 0.999
PROBES = (
    "Mums ir 2400 t zāģskaidu gadā. Kas tās var izmantot?",
    "When is a production residue a by-product rather than waste?",
    "Atlikumu siltums no kompresoriem, 45 °C, siltumnīcām un žāvēšanai.",
)


def onnx_file(data_dir: Path, model: str) -> Path:
    return data_dir / "models" / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', model)}.onnx"


def exported_from(model_dir: Path) -> dict[str, Any]:
    """What an export was made from (checked at start-up with one stat, no hashing)."""
    weights = model_dir / "model.safetensors"
    stat = weights.stat() if weights.exists() else None
    return {
        "model_dir": str(model_dir.resolve()),
        "weights_bytes": stat.st_size if stat else 0,
        "weights_mtime_ns": stat.st_mtime_ns if stat else 0,
    }


def is_current(target: Path, model_dir: Path) -> bool:
    """The exported file exists and was made from these weights."""
    try:
        made_from = json.loads(target.with_suffix(".json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return target.exists() and made_from == exported_from(model_dir)


class OnnxEmbedder:
    """Implements `Embedder`. A query runs on a one-thread session (several intra-op threads
    competing with other work slow a short encode down badly); batches on every core."""

    def __init__(
        self,
        name: str,
        model_file: Path,
        model_dir: Path,
        batch_size: int = 32,
        max_tokens: int | None = None,
    ) -> None:
        self._name = name
        self._file = model_file
        self._dir = model_dir
        self._batch_size = batch_size
        self._max_tokens = max_tokens or _max_tokens(model_dir)
        self._sessions: dict[int, Any] = {}
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        config = json.loads((self._dir / "config.json").read_text("utf-8"))
        return int(config["hidden_size"])

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        threads = 1 if len(texts) <= SMALL_BATCH else (os.cpu_count() or 1)
        # Longest first, so each batch pads to texts of about its own length.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        ordered = [texts[i] for i in order]
        parts = [
            self._run(ordered[i : i + self._batch_size], threads)
            for i in range(0, len(ordered), self._batch_size)
        ]
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.vstack(parts)
        return vectors

    def encode_query(self, text: str) -> Vectors:
        return self._run([text], 1)[0]

    def features(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The model's inputs, padded to the longest text and cut at `max_tokens`."""
        encoded = self._load_tokenizer().encode_batch(list(texts))
        return {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }

    def _run(self, texts: Sequence[str], threads: int) -> Vectors:
        (vectors,) = self._session(threads).run([OUTPUT], self.features(texts))
        return np.asarray(vectors, dtype=np.float32)

    def _load_tokenizer(self) -> Any:
        with self._lock:
            if self._tokenizer is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self._dir / "tokenizer.json"))
                tokenizer.enable_truncation(max_length=self._max_tokens)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest
                self._tokenizer = tokenizer
            return self._tokenizer

    def _session(self, threads: int) -> Any:
        with self._lock:
            if threads not in self._sessions:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.log_severity_level = 3  # no warnings on stderr
                self._sessions[threads] = ort.InferenceSession(
                    str(self._file), options, providers=["CPUExecutionProvider"]
                )
            return self._sessions[threads]


def _max_tokens(model_dir: Path) -> int:
    """sentence-transformers' `max_seq_length` (tokenizer.json says 128; the model uses 256)."""
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text("utf-8")).get("max_seq_length", 256))
    return 256


def exportable(model_dir: Path) -> bool:
    """A BERT-style transformer with mean pooling and normalisation, as the packaged model."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text("utf-8"))
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling = json.loads((model_dir / pooling_dir / "config.json").read_text("utf-8"))
    except (OSError, ValueError, StopIteration, KeyError):
        return False
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    return (
        kinds == ["Transformer", "Pooling", "Normalize"]
        and bool(pooling.get("pooling_mode_mean_tokens"))
        and (model_dir / "tokenizer.json").exists()
    )


def export(model_dir: Path, target: Path, name: str) -> OnnxEmbedder:
    """Export the model to `target` and check it against torch; raises if they differ."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in setup's output
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    sample = OnnxEmbedder(name, partial, model_dir)
    features = sample.features(PROBES)
    pooled = _pooled(model)
    with warnings.catch_warnings(), _without_onnx_package(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer and deprecation notes
        torch.onnx.export(
            pooled,
            tuple(torch.from_numpy(features[k]) for k in INPUTS),
            str(partial),
            input_names=list(INPUTS),
            output_names=[OUTPUT],
            opset_version=17,
            dynamo=False,
            dynamic_axes={**{k: {0: "batch", 1: "tokens"} for k in INPUTS}, OUTPUT: {0: "batch"}},
        )
        expected = pooled(*(torch.from_numpy(features[k]) for k in INPUTS)).numpy()
    got = sample.encode(list(PROBES))
    worst = float(np.min(np.sum(got * expected, axis=1)))
    if worst < MIN_COSINE:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"the ONNX export differs from torch (cosine {worst:.5f})")
    partial.replace(target)
    target.with_suffix(".json").write_text(json.dumps(exported_from(model_dir)), "utf-8")
    return OnnxEmbedder(name, target, model_dir)


def _pooled(model: Any) -> Any:
    """The transformer, mean pooling over real tokens and L2 normalisation, as one module."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    return Pooled().eval()


@contextlib.contextmanager
def _without_onnx_package() -> Iterator[None]:
    """torch's TorchScript exporter writes the model itself, then imports the `onnx` package
    only to merge in onnx-script custom functions, which this model has none of. Without
    that package (not a dependency) the merge step is skipped; torch is pinned (==2.13.0)."""
    if importlib.util.find_spec("onnx") is not None:
        yield
        return
    from torch.onnx._internal.torchscript_exporter import onnx_proto_utils

    original = onnx_proto_utils._add_onnxscript_fn
    onnx_proto_utils._add_onnxscript_fn = lambda model_bytes, custom_opsets: model_bytes
    try:
        yield
    finally:
        onnx_proto_utils._add_onnxscript_fn = original
