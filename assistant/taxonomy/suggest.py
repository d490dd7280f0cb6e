"""Free text -> EWC code / category suggestions.

Four methods, each scored in [0, 1], the best per (category, code) kept:
- `synonym`: the folded text equals a known synonym or category label;
- `stem`: IDF-weighted overlap of Latvian/English word forms (a word with a typo borrows the
  forms of its nearest vocabulary word, found with rapidfuzz);
- `fuzzy`: rapidfuzz similarity of the whole folded text;
- `embedding`: cosine similarity, only when an embedder is given and the words found no
  good lexical match (the model is English-centred; Latvian words are better served above).
EWC descriptions take part in `stem` and `embedding` at a discount (they are long and generic).
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from assistant.taxonomy.vectors import SHIPPED, Encoder, entry_vectors
from assistant.text.normalize import STOPWORDS, fold, forms, words

EWC_DISCOUNT = 0.8
FUZZY_DISCOUNT = 0.85
EMBED_DISCOUNT = 0.8
EMBED_FLOOR = 0.55
EMBED_WHEN_BELOW = 0.5
WORD_FUZZ_CUTOFF = 86
QUERY_VECTORS = 1024  # query texts whose vectors are kept
HEAD_WEIGHT = 1.6  # a Latvian nominative-singular noun phrase head ("siltums ... kamerām")
OBLIQUE_WEIGHT = 0.5  # dative and locative words name a purpose or place, not the material
ORIGIN_WEIGHT = 0.5
PREPOSITIONS = frozenset({"from", "for", "at", "after", "no", "prieks", "pec", "pie"})
OBLIQUE = ("ām", "ēm", "iem", "ā", "ē", "ī", "ū", "ei")
_NOMINATIVE = re.compile(r"(?:[^aeiouāēīū\W]s|ums|is|us|š)$")


@dataclass(frozen=True)
class Entry:
    text: str
    category: str | None
    ewc: str | None
    kind: str  # synonym | category | ewc


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    method: str


def _concepts(text: str) -> list[tuple[str, ...]]:
    return [
        forms(w)
        for w in words(text)
        if w not in STOPWORDS and fold(w) not in STOPWORDS and not w.isdigit()
    ]


class Suggester:
    def __init__(
        self,
        entries: Sequence[Entry],
        embedder: Encoder | None = None,
        vectors_file: Path | None = SHIPPED,
    ) -> None:
        self.entries = list(entries)
        self._embedder = embedder
        self._vectors_file = vectors_file  # the entries' vectors shipped with the package
        self._vectors: np.ndarray | None = None
        self._exact = {fold(e.text).strip(): i for i, e in reversed(list(enumerate(self.entries)))}
        self._concepts = [_concepts(e.text) for e in self.entries]
        self._postings: dict[str, set[int]] = defaultdict(set)
        vocabulary: dict[str, tuple[str, ...]] = {}
        for i, (entry, concepts) in enumerate(zip(self.entries, self._concepts, strict=True)):
            for concept in concepts:
                for form in concept:
                    self._postings[form].add(i)
            for word in words(entry.text):
                vocabulary.setdefault(fold(word), forms(word))
        self._vocabulary = vocabulary
        self._vocab_keys = list(vocabulary)
        self._folded = [fold(e.text) for e in self.entries]
        # IDF over categories: a word shared by many entries of one category is a strong cue
        groups = {e.category or e.ewc or e.text for e in self.entries}
        n = len(groups) or 1
        self._idf = {
            f: math.log(1 + n / len({self._group(i) for i in ids}))
            for f, ids in self._postings.items()
        }
        # Precomputed for the stem matching (a query reads hundreds of entries): each entry's
        # concept weights and their total, each form's (entry, concept) places, and the long
        # forms a compound may start with.
        self._weights = [[self._weight(c) for c in concepts] for concepts in self._concepts]
        self._totals = [sum(w) for w in self._weights]
        self._places: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, concepts in enumerate(self._concepts):
            for k, concept in enumerate(concepts):
                for form in set(concept):
                    self._places[form].append((i, k))
        self._long_forms = frozenset(f for f in self._postings if len(f) >= 5)
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _group(self, i: int) -> str:
        entry = self.entries[i]
        return entry.category or entry.ewc or entry.text

    def _weight(self, concept: tuple[str, ...]) -> float:
        found = max((self._idf.get(f, 0.0) for f in concept), default=0.0)
        return found or math.log(1 + len(self._postings))

    def _query_concepts(self, text: str) -> list[tuple[tuple[str, ...], float]]:
        """The query's concepts with a role weight (Latvian head noun up, oblique cases down)."""
        found = []
        head_seen = False
        after = _after_preposition(text)
        for concept, word in zip(_concepts(text), _content_words(text), strict=True):
            if not any(f in self._postings for f in concept) and len(word) >= 5:
                concept = tuple(sorted(set(concept) | set(self._nearest(word))))
            role = ORIGIN_WEIGHT if fold(word) in after else 1.0
            if word.endswith(OBLIQUE):
                role = OBLIQUE_WEIGHT
            elif not head_seen and _NOMINATIVE.search(word) and not fold(word).isascii():
                role, head_seen = HEAD_WEIGHT, True
            elif not head_seen and _NOMINATIVE.search(word):
                head_seen = True
            found.append((concept, role))
        return found

    def _nearest(self, word: str) -> tuple[str, ...]:
        """Forms of the closest vocabulary word (a typo), else of a compound's first part."""
        folded = fold(word)
        near = process.extractOne(
            folded, self._vocab_keys, scorer=fuzz.ratio, score_cutoff=WORD_FUZZ_CUTOFF
        )
        if near:
            return self._vocabulary[near[0]]
        for end in range(len(folded), 4, -1):  # the longest indexed form it starts with
            if folded[:end] in self._long_forms:
                return (folded[:end],)
        return ()

    def hits(self, text: str) -> list[Hit]:
        folded = fold(text).strip()
        found: list[Hit] = []
        if folded in self._exact:
            found.append(Hit(self.entries[self._exact[folded]], 1.0, "synonym"))
        found.extend(self._stem_hits(text))
        found.extend(self._fuzzy_hits(folded))
        if max((h.score for h in found), default=0.0) < EMBED_WHEN_BELOW:
            found.extend(self._embedding_hits(text))  # a fallback for words we do not know
        return found

    def _stem_hits(self, text: str) -> list[Hit]:
        """Each candidate entry scores by the query weight it covers and the entry weight the
        query covers; both read from the precomputed places of the query's forms."""
        weighted = self._query_concepts(text)
        if not weighted:
            return []
        query = [c for c, _ in weighted]
        q_weights = [self._weight(c) * role for c, role in weighted]
        candidates = {i for c in query for f in c for i in self._postings.get(f, ())}
        q_total = sum(q_weights)
        q_hit: dict[int, float] = defaultdict(int)  # summed in query order, as a plain sum
        for concept, w in zip(query, q_weights, strict=True):
            for i in {i for f in concept for i in self._postings.get(f, ())}:
                q_hit[i] += w
        e_hit: dict[int, set[int]] = defaultdict(set)
        for form in {f for c in query for f in c}:
            for i, k in self._places.get(form, ()):
                e_hit[i].add(k)
        found = []
        for i in candidates:
            weights = self._weights[i]
            covered = sum(weights[k] for k in sorted(e_hit[i]))
            cov_q, cov_e = q_hit[i] / q_total, covered / (self._totals[i] or 1.0)
            score = 0.95 * cov_q**0.6 * cov_e**0.4
            entry = self.entries[i]
            found.append(Hit(entry, score * (EWC_DISCOUNT if entry.kind == "ewc" else 1.0), "stem"))
        return found

    def _fuzzy_hits(self, folded: str) -> list[Hit]:
        if len(folded) < 4:
            return []
        matches = process.extract(folded, self._folded, scorer=fuzz.ratio, limit=5, score_cutoff=80)
        return [
            Hit(self.entries[i], FUZZY_DISCOUNT * score / 100.0, "fuzzy")
            for _, score, i in matches
            if self.entries[i].kind != "ewc"
        ]

    def prepare(self) -> None:
        """Read (from the shipped file, else the embedder's cache, else by encoding) the
        entries' vectors now rather than on the first query that needs them, and encode one text
        the size of a query, which sets up what queries run on (onnxruntime's one-thread
        session: ~0.5 s, once)."""
        if self._embedder is not None and self.entries:
            self._entry_vectors(self._embedder)
            self._embedder.encode([self.entries[0].text])

    def _entry_vectors(self, embedder: Encoder) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                texts = [e.text for e in self.entries]
                self._vectors = entry_vectors(texts, embedder, self._vectors_file)
            return self._vectors

    def _query_vector(self, embedder: Encoder, text: str) -> np.ndarray:
        """The query's vector; the last QUERY_VECTORS texts' are kept (the same material is
        asked about again: by the sector ranking, a park's flows, a chat follow-up)."""
        with self._lock:
            found = self._query_vectors.get(text)
            if found is not None:
                self._query_vectors.move_to_end(text)
                return found
        found = embedder.encode([text])[0]
        found.setflags(write=False)
        with self._lock:
            self._query_vectors[text] = found
            if len(self._query_vectors) > QUERY_VECTORS:
                self._query_vectors.popitem(last=False)
        return found

    def _embedding_hits(self, text: str) -> list[Hit]:
        embedder = self._embedder
        if embedder is None or not self.entries:
            return []
        vectors = self._entry_vectors(embedder)
        # Not `vectors @ query`: a matrix-vector product of this size goes to the BLAS thread
        # pool, whose threads wait on each other when the cores are busy (p95 8-11 ms, up to
        # 50 ms at load 4 on two cores, against 0.3-0.8 ms here); the cosines agree to 1e-6.
        sims = np.einsum("ij,j->i", vectors, self._query_vector(embedder, text))
        best = np.argsort(-sims, kind="stable")[:10]  # ties in entry order, on any numpy
        return [
            Hit(self.entries[i], EMBED_DISCOUNT * float(sims[i]), "embedding")
            for i in best
            if sims[i] >= EMBED_FLOOR
        ]


def _after_preposition(text: str) -> set[str]:
    """Folded words after 'from', 'for', 'no', … up to a comma or bracket: the origin or the
    purpose of a material ("treated effluent from a waste-water plant"), not the material."""
    found: set[str] = set()
    for clause in re.split(r"[,;()/]", text):
        tail = False
        for word in words(clause):
            if fold(word) in PREPOSITIONS:
                tail = True
            elif tail:
                found.add(fold(word))
    return found


def _content_words(text: str) -> list[str]:
    return [
        w
        for w in words(text)
        if w not in STOPWORDS and fold(w) not in STOPWORDS and not w.isdigit()
    ]
