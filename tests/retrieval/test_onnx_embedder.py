"""The onnxruntime embedder: exported once into the data directory, the same vectors as the
torch model, chosen only while its export is current."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.retrieval.embedders import (
    HashEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
    prepare_onnx,
)
from assistant.retrieval.onnx_embedder import OnnxEmbedder, onnx_file

pytestmark = pytest.mark.slow
TEXTS = [
    "Kad zāģskaidas ir blakusprodukts, nevis atkritumi?",
    "What does the landfill tax cost per tonne in Latvia?",
    "heat",
    # longer than the 128 tokens tokenizer.json cuts at (the model reads 256)
    "Atlikumu siltums no kompresoriem un dzesēšanas iekārtām, 45 °C, var sildīt siltumnīcas, "
    "žāvēt koksni vai uzsildīt ūdeni. " * 12,
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("onnx-data"), _env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="module")
def exported(settings: Settings) -> Iterator[OnnxEmbedder]:
    assert isinstance(make_embedder(settings), SentenceTransformerEmbedder)  # nothing exported
    assert prepare_onnx(settings) == onnx_file(settings.data_dir, settings.embedding_model)
    embedder = make_embedder(settings)
    assert isinstance(embedder, OnnxEmbedder)
    yield embedder


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return SentenceTransformerEmbedder(query_precision="float32").encode(TEXTS)


def test_documents_and_queries_match_the_torch_model(
    exported: OnnxEmbedder, torch_vectors: np.ndarray
) -> None:
    vectors = exported.encode(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == torch_vectors.shape
    assert np.min(np.sum(vectors * torch_vectors, axis=1)) >= 0.999
    for text, reference in zip(TEXTS, torch_vectors, strict=True):
        query = exported.encode_query(text)
        assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-5)
        assert float(query @ reference) >= 0.999
    many = exported.encode([TEXTS[0]] * 20)  # the multi-threaded batch session
    assert float(many[-1] @ torch_vectors[0]) >= 0.999


def test_it_keeps_the_model_name_so_nothing_is_re_embedded(exported: OnnxEmbedder) -> None:
    assert exported.name == SentenceTransformerEmbedder().name
    assert exported.dim == 384


def test_a_second_setup_keeps_the_export(settings: Settings, exported: OnnxEmbedder) -> None:
    target = onnx_file(settings.data_dir, settings.embedding_model)
    before = target.stat().st_mtime_ns
    assert prepare_onnx(settings) == target
    assert target.stat().st_mtime_ns == before


def test_an_export_of_other_weights_falls_back_to_torch(
    settings: Settings, exported: OnnxEmbedder, tmp_path: Path
) -> None:
    other = settings.model_copy(update={"data_dir": tmp_path})
    target = onnx_file(tmp_path, settings.embedding_model)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not a model")
    target.with_suffix(".json").write_text('{"model_dir": "elsewhere"}', "utf-8")
    assert isinstance(make_embedder(other), SentenceTransformerEmbedder)


def test_the_hashing_fake_needs_no_export(settings: Settings) -> None:
    fake = settings.model_copy(update={"embedding_backend": "hash"})
    assert isinstance(make_embedder(fake), HashEmbedder)
    assert prepare_onnx(fake) is None
