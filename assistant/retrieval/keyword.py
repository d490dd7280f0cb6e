"""BM25 keyword index over chunk texts (bm25s), with Latvian and English stemming."""

from __future__ import annotations

import hashlib
import math
import os
import pickle
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from assistant.text import normalize
from assistant.text.normalize import analyse, tokenize


class TermPresence:
    """Which index forms each chunk contains, stopwords included (for the relevance floor).

    Stored as one flat array of term ids with per-chunk offsets: for 100k chunks that is tens
    of MB, where a Python set per chunk would take gigabytes. Chunks are added in order.
    """

    def __init__(self) -> None:
        self._term_id: dict[str, int] = {}
        self._offsets = array("q", [0])
        self._ids = array("i")

    def add(self, chunk_forms: Iterable[str]) -> None:
        self._ids.extend(self._term_id.setdefault(f, len(self._term_id)) for f in chunk_forms)
        self._offsets.append(len(self._ids))

    def term_ids(self, forms: Iterable[str]) -> frozenset[int]:
        """Ids of the forms that occur somewhere in the corpus; unknown forms have none."""
        return frozenset(self._term_id[f] for f in forms if f in self._term_id)

    def terms_of(self, position: int) -> set[int]:
        return set(self._ids[self._offsets[position] : self._offsets[position + 1]])


class KeywordIndex:
    """Built in memory from the chunk table; rebuilt whenever the knowledge revision changes."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.ids = list(ids)
        self._position = {cid: i for i, cid in enumerate(self.ids)}
        self._bm25 = bm25s.BM25()
        self._presence = TermPresence()
        corpus: list[list[str]] = []
        for text in texts:
            tokens, forms = analyse(text)
            corpus.append(tokens or ["∅"])
            self._presence.add(forms)
        self._df: Counter[str] = Counter(t for tokens in corpus for t in set(tokens))
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def idf(self, forms: Iterable[str]) -> float:
        """The rarest of a word's forms; a word the corpus never uses weighs the most."""
        n = len(self.ids) or 1
        return max(
            (math.log(1 + n / (self._df.get(f, 0) + 0.5)) for f in forms),
            default=math.log(1 + 2 * n),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, chunk_id: str) -> int | None:
        return self._position.get(chunk_id)

    def term_ids(self, forms: Iterable[str]) -> frozenset[int]:
        return self._presence.term_ids(forms)

    def terms_of(self, chunk_id: str) -> set[int]:
        """Ids of every form in the chunk's title, section and text."""
        return self._presence.terms_of(self._position[chunk_id])

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


def cached_index(ids: Sequence[str], texts: Sequence[str], folder: Path | None) -> KeywordIndex:
    """The index, read from `folder` when one was built from the same chunks with the same
    analyser (keyed by a hash of both): stemming every chunk takes seconds in each process,
    reading the file a few milliseconds. The folder is the data directory's own cache."""
    if folder is None:
        return KeywordIndex(ids, texts)
    path = folder / f"keyword-{_key(ids, texts)}.pickle"
    try:
        with path.open("rb") as file:
            found = pickle.load(file)  # noqa: S301  (written by this process's code, below)
        if isinstance(found, KeywordIndex) and found.ids == list(ids):
            return found
    except (OSError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
        pass  # missing or written by other code: built again
    index = KeywordIndex(ids, texts)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("keyword-*.pickle"):
        old.unlink(missing_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as file:
        pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return index


def _key(ids: Sequence[str], texts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for module in (normalize.__file__, __file__):  # the analyser's and the index's code
        digest.update(Path(module).read_bytes())
    digest.update(bm25s.__version__.encode())
    for chunk_id, text in zip(ids, texts, strict=True):
        digest.update(f"{chunk_id}\0{text}\0".encode())
    return digest.hexdigest()[:40]
