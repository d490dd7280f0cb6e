import numpy as np
import pytest

from assistant.retrieval.embedders import HashEmbedder, SentenceTransformerEmbedder

QUERIES = [
    "Kad zāģskaidas ir blakusprodukts, nevis atkritumi?",
    "What does the landfill tax cost per tonne in Latvia?",
]


def test_the_fake_encodes_a_query_like_a_document():
    fake = HashEmbedder()
    for query in QUERIES:
        assert np.array_equal(fake.encode_query(query), fake.encode([query])[0])


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
