"""The taxonomy entries' vectors shipped with the package: they cover exactly the current
taxonomy, are the default model's (checked against the model itself), and are used only for
that model and only while they agree with it; what the file lacks is encoded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.config import PACKAGED_MODEL, Settings
from assistant.retrieval.embedders import HashEmbedder, SentenceTransformerEmbedder
from assistant.taxonomy import Taxonomy
from assistant.taxonomy.suggest import Suggester
from assistant.taxonomy.vectors import (
    REGENERATE,
    SHIPPED,
    digest,
    entry_vectors,
    load_shipped,
    save_shipped,
)


def _texts() -> list[str]:
    return list(dict.fromkeys(e.text for e in Taxonomy().suggester.entries))


def test_the_shipped_file_covers_exactly_the_current_taxonomy():
    shipped = load_shipped(SHIPPED)
    assert shipped is not None, f"{SHIPPED} is missing or unreadable: run `{REGENERATE}`"
    assert shipped.model == PACKAGED_MODEL, f"made for {shipped.model!r}: run `{REGENERATE}`"
    assert Settings(_env_file=None).embedding_model == PACKAGED_MODEL  # type: ignore[call-arg]
    wanted = {digest(t): t for t in _texts()}
    lacking = [text for key, text in wanted.items() if key not in shipped.rows]
    stale = len(set(shipped.rows) - set(wanted))
    assert not lacking and not stale, (
        f"the taxonomy changed since {SHIPPED.name} was written: {len(lacking)} entry texts "
        f"without a vector (e.g. {lacking[:3]}), {stale} vectors of texts no longer there. "
        f"Regenerate it: `{REGENERATE}`"
    )
    assert shipped.vectors.dtype == np.float16
    norms = np.linalg.norm(shipped.vectors.astype(np.float32), axis=1)
    assert np.all(np.abs(norms - 1.0) < 1e-3)


@pytest.mark.slow
def test_the_shipped_vectors_are_the_models():
    """Every 97th text encoded by the model itself (torch, float32): cosine ≥ 0.999."""
    shipped = load_shipped(SHIPPED)
    assert shipped is not None
    sample = _texts()[::97]
    model = SentenceTransformerEmbedder(PACKAGED_MODEL, query_precision="float32")
    expected = model.encode(sample)
    got = np.stack([shipped.get(t) for t in sample]).astype(np.float32)  # type: ignore[misc]
    got /= np.linalg.norm(got, axis=1, keepdims=True)
    assert float(np.min(np.sum(got * expected, axis=1))) >= 0.999


class Recording:
    """The hashing fake under a chosen name, recording the texts it is asked to encode."""

    def __init__(self, name: str = "hash-256", flip: bool = False) -> None:
        self.inner, self.name, self.flip = HashEmbedder(), name, flip
        self.asked: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.asked.append(list(texts))
        vectors = self.inner.encode(texts)
        return -vectors if self.flip else vectors


TEXTS = ["zāģskaidas", "koksnes pelni", "waste heat", "brewery spent grain", "zāģskaidas"]


@pytest.fixture
def shipped_file(tmp_path: Path) -> Path:
    """A file with the first four texts' hashing vectors, as the generator would write it."""
    path = tmp_path / "vectors.npz"
    save_shipped(path, "hash-256", TEXTS[:4], HashEmbedder().encode(TEXTS[:4]))
    return path


def test_shipped_vectors_are_used_and_only_a_few_probes_are_encoded(shipped_file: Path):
    embedder = Recording()
    vectors = entry_vectors(TEXTS, embedder, shipped_file)
    assert len(embedder.asked) == 1 and len(embedder.asked[0]) <= 3  # the probes only
    assert set(embedder.asked[0]) <= set(TEXTS)
    expected = HashEmbedder().encode(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == expected.shape
    assert np.min(np.sum(vectors * expected, axis=1)) >= 0.9999  # float16 in the file
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_texts_the_file_lacks_are_encoded(shipped_file: Path):
    embedder = Recording()
    texts = [*TEXTS, "glass cullet", "used cooking oil"]
    vectors = entry_vectors(texts, embedder, shipped_file)
    assert embedder.asked[-1] == ["glass cullet", "used cooking oil"]
    assert np.allclose(vectors[-2:], HashEmbedder().encode(texts[-2:]))


def test_another_model_encodes_everything(shipped_file: Path):
    embedder = Recording(name="another-model")
    entry_vectors(TEXTS, embedder, shipped_file)
    assert embedder.asked == [list(dict.fromkeys(TEXTS))]


def test_a_file_that_disagrees_with_the_embedder_is_not_used(shipped_file: Path):
    embedder = Recording(flip=True)  # same name, other vectors (e.g. other weights)
    vectors = entry_vectors(TEXTS, embedder, shipped_file)
    assert embedder.asked[-1] == list(dict.fromkeys(TEXTS))
    assert np.allclose(vectors, -HashEmbedder().encode(TEXTS))


def test_the_suggester_reads_the_file_and_suggests_as_with_computed_vectors(tmp_path: Path):
    entries = Taxonomy().suggester.entries
    texts = list(dict.fromkeys(e.text for e in entries))
    path = tmp_path / "vectors.npz"
    save_shipped(path, "hash-256", texts, HashEmbedder().encode(texts))
    shipped, computed = Recording(), Recording()
    with_file = Suggester(entries, shipped, vectors_file=path)
    without = Suggester(entries, computed, vectors_file=None)
    query = "qqq sawdust zzz briquettes xxx"  # lexical readings weak: the embedder is asked
    got, expected = with_file.hits(query), without.hits(query)
    assert [len(a) for a in shipped.asked] == [3, 1]  # probes, the query
    assert [len(a) for a in computed.asked] == [len(texts), 1]
    assert any(h.method == "embedding" for h in expected)
    assert [(h.entry, h.method) for h in got] == [(h.entry, h.method) for h in expected]
    for a, b in zip(got, expected, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-3)
