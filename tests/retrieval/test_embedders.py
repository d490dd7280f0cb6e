import numpy as np
import pytest

from assistant.retrieval.embedders import HashEmbedder, SentenceTransformerEmbedder

QUERIES = [
    "Kad zāģskaidas ir blakusprodukts, nevis atkritumi?",
    "What does the landfill tax cost per tonne in Latvia?",
]


def test_the_fake_is_a_usable_stand_in_deterministic_normalised_and_discriminating():
    first, second = HashEmbedder(), HashEmbedder()
    vectors = first.encode(QUERIES)
    assert np.array_equal(vectors, second.encode(QUERIES))  # the same in every process
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) < 0.5  # different texts, different vectors
    assert float(first.encode_query("zāģskaidas blakusprodukts") @ vectors[0]) > float(
        first.encode_query("landfill tax per tonne") @ vectors[0]
    )  # shared words count


@pytest.mark.slow
@pytest.mark.parametrize("precision,min_cosine", [("float32", 0.99999), ("bfloat16", 0.999)])
def test_the_query_path_gives_the_vector_encode_gives(precision, min_cosine):
    """Queries take a shorter path (and bf16 weights where the CPU has them); documents are
    encoded in float32 by `encode`. Both must land on the same vector."""
    embedder = SentenceTransformerEmbedder(query_precision=precision)
    expected = embedder.encode(QUERIES)
    for query, reference in zip(QUERIES, expected, strict=True):
        vector = embedder.encode_query(query)
        assert vector.dtype == np.float32 and vector.shape == reference.shape
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
        assert float(vector @ reference) >= min_cosine
