"""Hybrid retrieval: BM25 + dense vectors fused by reciprocal rank, with a relevance floor."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from sqlalchemy.engine import Engine

from assistant.errors import InvalidInput
from assistant.retrieval.dense import ExactVectors
from assistant.retrieval.glossary import Expansion, Glossary
from assistant.retrieval.keyword import KeywordIndex, cached_index
from assistant.retrieval.models import (
    ChunkRecord,
    HitTrace,
    SearchHit,
    SearchResult,
    SearchTrace,
)
from assistant.retrieval.protocols import Embedder, VectorIndex
from assistant.retrieval.store import iter_chunk_records, read_revision
from assistant.text.language import detect_language
from assistant.text.normalize import concepts, tokenize

Mode = Literal["hybrid", "keyword", "dense"]
FILTER_FIELDS = ("type", "lang", "jurisdiction", "doc_id")


@dataclass(frozen=True)
class RetrievalParams:
    """Fusion weights and dense floors depend on the query language: the offline MiniLM model
    is English-trained, so for Latvian it is weaker and scores unrelated Latvian texts high."""

    rrf_k: int = 60
    pool: int = 50
    keyword_floor: float = 0.4
    dense_floor: tuple[tuple[str, float], ...] = (("lv", 0.65), ("en", 0.5))
    weights: tuple[tuple[str, float, float], ...] = (("lv", 1.0, 0.3), ("en", 0.5, 1.0))
    # Up to this many chunks the dense search scans vectors held in memory (exact, < 1 ms);
    # larger corpora go to the vector index (approximate, and no per-process copy).
    in_memory_dense_limit: int = 10_000
    # Cross-lingual search: a passage found in both languages gets this share of its twin's
    # fused score on top of the better of the two (one found in one language only gets none).
    twin_agreement: float = 0.0  # 0.5 and 1.0 lowered hit@1 on tests/eval/retrieval.yaml

    def floor_for(self, lang: str) -> float:
        return dict(self.dense_floor).get(lang, 0.5)

    def weights_for(self, lang: str) -> tuple[float, float]:
        found = {w[0]: (w[1], w[2]) for w in self.weights}
        return found.get(lang, (1.0, 1.0))


class Snapshot:
    """Chunk records, the keyword index and (for a small corpus) the chunk vectors at one
    knowledge revision; all three in the same chunk order."""

    def __init__(
        self,
        revision: int,
        records: list[ChunkRecord],
        vectors: ExactVectors | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.revision = revision
        self.records = {r.chunk_id: r for r in records}
        ids, texts = [r.chunk_id for r in records], [r.index_text for r in records]
        self.keyword = cached_index(ids, texts, cache_dir)
        self.vectors = vectors if vectors is not None and len(vectors) == len(records) else None
        self._columns = {f: np.array([getattr(r, f) for r in records]) for f in FILTER_FIELDS}
        self.twins = twin_passages(records)

    def mask(self, filters: Mapping[str, str]) -> np.ndarray | None:
        if not filters:
            return None
        mask = np.ones(len(self.keyword), dtype=bool)
        for field, value in filters.items():
            mask &= self._columns[field] == value
        return mask

    def passes(self, chunk_id: str, filters: Mapping[str, str]) -> bool:
        record = self.records.get(chunk_id)
        return record is not None and all(getattr(record, f) == v for f, v in filters.items())


def twin_passages(records: list[ChunkRecord]) -> dict[str, str]:
    """Chunk id -> the same passage in the document's other-language twin: the chunk at the
    same section position, and the same piece within it (or that section's last piece).

    Twins are linked by `translation_of` in the front matter, or else named `x-en` / `x-lv`.
    They are translations with the same headings in the same order; a pair whose section
    counts differ is left out (no twin passage rather than a wrong one). `records` come
    ordered by document and chunk ordinal."""
    sections: dict[str, list[list[str]]] = {}  # doc id -> per section, its chunk ids
    last: dict[str, str] = {}
    pairs: dict[str, str] = {}
    for record in records:
        doc = sections.setdefault(record.doc_id, [])
        if not doc or last[record.doc_id] != record.section:
            doc.append([])
        doc[-1].append(record.chunk_id)
        last[record.doc_id] = record.section
        if record.translation_of:
            pairs[record.doc_id] = record.translation_of
            pairs[record.translation_of] = record.doc_id
    twins: dict[str, str] = {}
    for doc_id, own in sections.items():
        other = sections.get(pairs.get(doc_id) or _twin_doc(doc_id) or "")
        if other is None or other is own or len(other) != len(own):
            continue
        for own_chunks, other_chunks in zip(own, other, strict=True):
            for piece, chunk_id in enumerate(own_chunks):
                twins[chunk_id] = other_chunks[min(piece, len(other_chunks) - 1)]
    return twins


def _twin_doc(doc_id: str) -> str | None:
    if doc_id.endswith("-en"):
        return doc_id[:-3] + "-lv"
    if doc_id.endswith("-lv"):
        return doc_id[:-3] + "-en"
    return None


RECENT_QUERIES = 256


class HybridRetriever:
    def __init__(
        self,
        engine: Engine,
        embedder: Embedder,
        vectors: VectorIndex,
        glossary: Glossary,
        params: RetrievalParams | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """`cache_dir`: where the keyword index is kept between processes (none: rebuilt)."""
        self._engine = engine
        self._cache_dir = cache_dir
        self._embedder = embedder
        self._vectors = vectors
        self._glossary = glossary
        self.params = params or RetrievalParams()
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()  # query -> its vector

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's vector; the last RECENT_QUERIES are kept (one chat answer searches the
        same words several times: per document type, inside a named case, in both languages)."""
        with self._lock:
            if query in self._recent:
                self._recent.move_to_end(query)
                return self._recent[query]
        vector = self._embedder.encode_query(query)
        with self._lock:
            self._recent[query] = vector
            while len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return vector

    def snapshot(self) -> Snapshot:
        """Rebuilt when the revision in SQL moves, so another process's ingest is seen."""
        revision = read_revision(self._engine)
        with self._lock:
            if self._snapshot is None or self._snapshot.revision != revision:
                records, vectors = _load_chunks(self._engine, self.params.in_memory_dense_limit)
                self._snapshot = Snapshot(revision, records, vectors, self._cache_dir)
            return self._snapshot

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        filters: Mapping[str, str] | None = None,
        mode: Mode = "hybrid",
        apply_floor: bool = True,
        cross_lingual: bool = True,
    ) -> SearchResult:
        """Best `k` passages. A `lang` filter names the language of the passages to give, not
        of the evidence (with `cross_lingual`): both languages are searched and a passage found
        in the other one is given as its twin passage (same section) in the asked language,
        or as it is, marked `other_language` in the trace, when it has no twin."""
        query = query.strip()
        if not query:
            raise InvalidInput("the query is empty")
        filters = {f: v for f, v in (filters or {}).items() if v}
        unknown = set(filters) - set(FILTER_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown filter(s): {', '.join(sorted(unknown))}")
        snap = self.snapshot()
        expansion = self._glossary.expand(query)
        wanted = filters.get("lang") if cross_lingual else None
        pool_filters = {f: v for f, v in filters.items() if f != "lang"} if wanted else filters
        keyword = self._keyword(snap, query, expansion, pool_filters) if mode != "dense" else []
        dense = self._dense(snap, query, pool_filters) if mode != "keyword" else []
        ctx = _Query(query, detect_language(query).lang, mode, expansion, dict(filters), wanted)
        return self._fuse(snap, ctx, keyword, dense, k, apply_floor)

    def _keyword(
        self, snap: Snapshot, query: str, expansion: Expansion, filters: Mapping[str, str]
    ) -> list[tuple[str, float]]:
        extra = [tok for term in expansion.terms for tok in tokenize(term)]
        if detect_language(query).lang == "lv":
            # Each expansion form counts once, and not again when the query has it: entries
            # with several variants of a word ("blakusprodukts", "blakusprodukti", ...) would
            # otherwise weigh it several times over the words typed. Latvian queries only: on
            # the English half of tests/eval/retrieval.yaml it cost one question its first rank.
            own = set(tokenize(query))
            extra = [t for t in dict.fromkeys(extra) if t not in own]
        return snap.keyword.search(query, self.params.pool, snap.mask(filters), extra)

    def _dense(
        self, snap: Snapshot, query: str, filters: Mapping[str, str]
    ) -> list[tuple[str, float]]:
        # The glossary terms stay out of the encoded text: they tripled its length and the
        # encode time. In the eval, hybrid LV improved without them and EN moved by one rank.
        vector = self._query_vector(query)
        pool = self.params.pool
        if snap.vectors is not None:
            found = snap.vectors.top(vector, pool, snap.mask(filters))
            return [(snap.keyword.ids[position], sim) for position, sim in found]
        hits = self._vectors.query(vector, pool * 2 if filters else pool)
        kept = [(h.chunk_id, h.similarity) for h in hits if snap.passes(h.chunk_id, filters)]
        if filters and len(kept) < pool:
            hits = self._vectors.query(vector, pool, where=dict(filters))
            kept = [(h.chunk_id, h.similarity) for h in hits if snap.passes(h.chunk_id, filters)]
        return kept[:pool]

    def _fuse(
        self,
        snap: Snapshot,
        ctx: _Query,
        keyword: list[tuple[str, float]],
        dense: list[tuple[str, float]],
        k: int,
        apply_floor: bool,
    ) -> SearchResult:
        ranks = _Ranks.of(keyword, dense)
        fused = ranks.fused(self.params.weights_for(ctx.lang), self.params.rrf_k)
        evidence: dict[str, str] = {}
        if ctx.wanted:
            fused, evidence = _in_language(snap, fused, ctx.wanted, self.params.twin_agreement)
        traces, kept = self._judge(snap, ctx, ranks, fused, k, apply_floor, evidence)
        hits = [_hit(snap.records[t.chunk_id], fused[t.chunk_id]) for t in kept[:k]]
        trace = SearchTrace(
            query=ctx.query,
            query_lang=ctx.lang,
            mode=ctx.mode,
            expansion=list(ctx.expansion.terms),
            filters=ctx.filters,
            candidates=traces[: max(k, 10)],
            below_floor=len(traces) - len(kept),
            cross_lingual=ctx.wanted is not None,
        )
        return SearchResult(hits=hits, trace=trace)

    def _judge(
        self,
        snap: Snapshot,
        ctx: _Query,
        ranks: _Ranks,
        fused: dict[str, float],
        k: int,
        apply_floor: bool,
        evidence: Mapping[str, str] | None = None,
    ) -> tuple[list[HitTrace], list[HitTrace]]:
        """Each candidate, best first, with its relevance (word coverage or similarity above
        the floor); and those kept. Coverage needs the chunk's words, so it is computed only
        until k hits are found. A passage given for its other-language twin (`evidence`) is
        judged on the better of the two."""
        evidence = evidence or {}
        coverage_of = _coverage_check(
            _query_concepts(ctx.query, ctx.expansion, snap.keyword), snap.keyword
        )
        dense_floor = self.params.floor_for(ctx.lang)
        traces: list[HitTrace] = []
        kept: list[HitTrace] = []
        for cid in sorted(fused, key=lambda c: -fused[c]):
            if len(kept) >= k and len(traces) >= max(k, 10):
                break
            item = ranks.trace(cid, coverage_of(cid))
            source = evidence.get(cid)
            if source is not None:
                item = _with_evidence(item, ranks.trace(source, coverage_of(source)))
            item.other_language = ctx.wanted is not None and snap.records[cid].lang != ctx.wanted
            item.relevant = item.coverage >= self.params.keyword_floor or (
                item.dense_similarity is not None and item.dense_similarity >= dense_floor
            )
            traces.append(item)
            if item.relevant or not apply_floor:
                kept.append(item)
        return traces, kept


@dataclass(frozen=True)
class _Ranks:
    """Each chunk's (rank, score) in the keyword list and (rank, similarity) in the dense one."""

    keyword: dict[str, tuple[int, float]]
    dense: dict[str, tuple[int, float]]

    @classmethod
    def of(cls, keyword: list[tuple[str, float]], dense: list[tuple[str, float]]) -> _Ranks:
        return cls(
            {cid: (rank, score) for rank, (cid, score) in enumerate(keyword, 1)},
            {cid: (rank, sim) for rank, (cid, sim) in enumerate(dense, 1)},
        )

    def fused(self, weights: tuple[float, float], rrf_k: float) -> dict[str, float]:
        """Weighted reciprocal-rank fusion of the two lists."""
        fused: dict[str, float] = {}
        for weight, ranks in zip(weights, (self.keyword, self.dense), strict=True):
            for cid, (rank, _) in ranks.items():
                fused[cid] = fused.get(cid, 0.0) + weight / (rrf_k + rank)
        return fused

    def trace(self, cid: str, coverage: float) -> HitTrace:
        kw, de = self.keyword.get(cid), self.dense.get(cid)
        return HitTrace(
            chunk_id=cid,
            keyword_rank=kw[0] if kw else None,
            keyword_score=kw[1] if kw else None,
            dense_rank=de[0] if de else None,
            dense_similarity=de[1] if de else None,
            coverage=coverage,
            relevant=False,
        )


def _load_chunks(
    engine: Engine, vector_limit: int
) -> tuple[list[ChunkRecord], ExactVectors | None]:
    """Every chunk record; the stored vectors too while there are at most `vector_limit`."""
    records: list[ChunkRecord] = []
    blobs: list[bytes] | None = []
    for record, blob in iter_chunk_records(engine):
        records.append(record)
        if blobs is not None:
            blobs.append(blob)
            if len(blobs) > vector_limit:
                blobs = None  # a large corpus: its vectors stay in the vector index only
    return records, ExactVectors.from_blobs(blobs) if blobs else None


@dataclass(frozen=True)
class _Query:
    query: str
    lang: str
    mode: str
    expansion: Expansion
    filters: dict[str, str]
    wanted: str | None = None  # the language asked for: passages given in it where they exist


def _in_language(
    snap: Snapshot, fused: dict[str, float], wanted: str, agreement: float
) -> tuple[dict[str, float], dict[str, str]]:
    """Scores moved onto passages in the `wanted` language: an other-language chunk counts
    for its twin passage (the better of the two scores, plus a small share of the other as
    agreement); one without a twin stays as it is. Also: passage -> the other-language chunk
    whose score it carries, where that one scored higher."""
    moved: dict[str, float] = {}
    evidence: dict[str, str] = {}
    best_other: dict[str, float] = {}
    for cid, score in fused.items():
        if snap.records[cid].lang == wanted:
            moved[cid] = max(moved.get(cid, 0.0), score)
            continue
        twin = snap.twins.get(cid)
        if twin is None or snap.records[twin].lang != wanted:
            moved[cid] = max(moved.get(cid, 0.0), score)
            continue
        if score > best_other.get(twin, 0.0):
            best_other[twin] = score
            evidence[twin] = cid
        moved.setdefault(twin, 0.0)
    for twin, other in best_other.items():
        own = fused.get(twin, 0.0)
        moved[twin] = max(own, other) + agreement * min(own, other)
        if own >= other:
            evidence.pop(twin, None)
    return moved, evidence


def _with_evidence(own: HitTrace, other: HitTrace) -> HitTrace:
    """The passage's trace with the better relevance signals of its other-language twin."""
    dense = [d for d in (own.dense_similarity, other.dense_similarity) if d is not None]
    return own.model_copy(
        update={
            "coverage": max(own.coverage, other.coverage),
            "dense_similarity": max(dense) if dense else None,
            "evidence_chunk_id": other.chunk_id,
        }
    )


def _query_concepts(
    query: str, expansion: Expansion, keyword: KeywordIndex
) -> list[tuple[set[str], float]]:
    """Per content word: the forms that satisfy it (glossary translations included) and its
    weight, the word's rarity in the corpus (a rare term like "NISP" outweighs "works")."""
    by_form: dict[str, set[str]] = {}
    for concept in expansion.concepts:
        for form in concept:
            by_form.setdefault(form, set()).update(concept)
    result = []
    for concept in concepts(query):
        accepted = set(concept)
        for form in concept:
            accepted |= by_form.get(form, set())
        result.append((accepted, keyword.idf(concept)))
    return result


def _coverage_check(
    query_concepts: list[tuple[set[str], float]], keyword: KeywordIndex
) -> Callable[[str], float]:
    """The weighted share of the query's concepts that a chunk contains (any accepted form)."""
    total = sum(weight for _, weight in query_concepts)
    wanted = [(keyword.term_ids(accepted), weight) for accepted, weight in query_concepts]

    def coverage(chunk_id: str) -> float:
        if not total:
            return 0.0
        present = keyword.terms_of(chunk_id)
        return sum(weight for ids, weight in wanted if not ids.isdisjoint(present)) / total

    return coverage


def _hit(record: ChunkRecord, score: float) -> SearchHit:
    return SearchHit(
        doc_id=record.doc_id,
        title=record.title,
        section=record.section,
        text=record.text,
        score=round(score, 6),
        lang=record.lang,
        type=record.type,
        sources=record.sources,
        chunk_id=record.chunk_id,
        jurisdiction=record.jurisdiction,
    )
