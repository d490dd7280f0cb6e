import numpy as np
import pytest

from assistant.retrieval.dense import ExactVectors
from assistant.retrieval.store import to_blob

ROWS = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 0, 2], [0, 0, 0]], dtype=np.float32)


def test_top_ranks_by_cosine_and_respects_the_mask():
    vectors = ExactVectors(ROWS)
    best = vectors.top(np.array([1, 0, 0], dtype=np.float32), 3)
    assert [position for position, _ in best[:2]] == [0, 1]
    assert best[0][1] == pytest.approx(1.0) and best[2][1] == 0.0  # rows 2 and 3 tie at 0
    assert best[1][1] == pytest.approx(0.9 / np.hypot(0.9, 0.1))
    mask = np.array([False, True, True, False])
    assert [p for p, _ in vectors.top(np.array([0, 0, 1], dtype=np.float32), 5, mask)] == [2, 1]


def test_rows_and_query_are_normalised_and_zero_vectors_score_zero():
    vectors = ExactVectors(ROWS)
    scores = dict(vectors.top(np.array([0, 0, 5], dtype=np.float32), 4))
    assert scores[2] == pytest.approx(1.0) and scores[3] == 0.0


def test_nothing_is_returned_when_the_mask_keeps_nothing():
    vectors = ExactVectors(ROWS)
    assert vectors.top(np.ones(3, dtype=np.float32), 5, np.zeros(4, dtype=bool)) == []


def test_blobs_of_mixed_or_empty_sizes_are_left_to_the_vector_index():
    assert len(ExactVectors.from_blobs([to_blob(r) for r in ROWS]) or []) == 4
    assert ExactVectors.from_blobs([to_blob(ROWS[0]), to_blob(ROWS[0][:2])]) is None
    assert ExactVectors.from_blobs([b"", b""]) is None
    assert ExactVectors.from_blobs([]) is None
