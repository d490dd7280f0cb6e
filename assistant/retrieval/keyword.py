"""BM25 keyword index over chunk texts (bm25s), with Latvian and English stemming."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import bm25s
import numpy as np

from assistant.retrieval.text import tokenize


class KeywordIndex:
    """Built in memory from the chunk table; rebuilt whenever the knowledge revision changes."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.ids = list(ids)
        self._position = {cid: i for i, cid in enumerate(self.ids)}
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(text) or ["∅"] for text in texts]
        self._df: Counter[str] = Counter(t for tokens in corpus for t in set(tokens))
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def idf(self, forms: Iterable[str]) -> float:
        """The rarest of a word's forms; a word the corpus never uses weighs the most."""
        n = len(self.ids) or 1
        return max((math.log(1 + n / (self._df.get(f, 0) + 0.5)) for f in forms),
                   default=math.log(1 + 2 * n))

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, chunk_id: str) -> int | None:
        return self._position.get(chunk_id)

    def search(
        self, query: str, k: int, mask: np.ndarray | None = None, extra_tokens: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """Best `k` chunks for the query tokens (plus expansion tokens); `mask` keeps only 1s."""
        if not self.ids:
            return []
        tokens = [t for t in [*tokenize(query), *extra_tokens] if t in self._bm25.vocab_dict]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
