import pytest
from sqlmodel import Session

from assistant.composition import Services
from assistant.errors import InvalidInput
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hybrid import HybridRetriever, RetrievalParams, _query_concepts
from assistant.retrieval.store import bump_revision, current_revision, read_revision
from assistant.retrieval.vector_index import InMemoryVectorIndex
from assistant.text.normalize import tokenize

GLOSSARY = Glossary(
    [
        {"lv": ["zāģskaidas"], "en": ["sawdust"]},
        {"lv": ["apglabāšana", "poligons"], "en": ["landfill", "landfilling"]},
        {"lv": ["blakusprodukts"], "en": ["by-product"]},
    ]
)


# Small corpora are searched on vectors the snapshot holds; large ones through the vector
# index. Every behaviour below must hold on both paths.
DENSE_PATHS = {
    "snapshot-vectors": RetrievalParams(),
    "vector-index": RetrievalParams(in_memory_dense_limit=0),
}


@pytest.fixture(params=sorted(DENSE_PATHS))
def retriever(request, services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    return HybridRetriever(
        services.engine,
        services.embedder,
        services.vectors,
        GLOSSARY,
        DENSE_PATHS[request.param],
    )


def test_results_carry_citation_fields(retriever):
    hit = retriever.search("pellet maker sawdust", 3).hits[0]
    assert hit.doc_id == "sample-by-products-en"
    assert hit.section == "By-products in practice > Sawdust example"
    assert hit.sources == ["Directive 2008/98/EC, Article 5"]
    assert (hit.lang, hit.type, hit.jurisdiction) == ("en", "regulation", "EU")


def test_typing_without_diacritics_finds_latvian_text(retriever):
    hits = retriever.search("zagskaidas poligona izmaksas", 3, mode="keyword").hits
    assert hits and hits[0].doc_id == "sample-landfill-tax-lv"
    assert "Zāģskaidas" in hits[0].text


def test_inflected_latvian_query_matches_other_inflection(retriever):
    hits = retriever.search("apglabāšanas likmēm", 3, mode="keyword").hits
    assert hits and hits[0].section.endswith("Likmes")


def test_glossary_bridges_languages(retriever):
    hits = retriever.search("landfill tax per tonne", 5, filters={"lang": "lv"}).hits
    assert hits and {h.doc_id for h in hits} == {"sample-landfill-tax-lv"}
    trace = retriever.search("landfill tax", 5).trace
    assert "poligons" in trace.expansion


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"lang": "en"}, {"sample-by-products-en"}),
        ({"jurisdiction": "LV"}, {"sample-landfill-tax-lv"}),
        ({"type": "case"}, set()),
    ],
)
def test_filters_restrict_results(retriever, filters, expected):
    # cross_lingual=False: the `lang` filter restricts the evidence too (by default it names
    # the language of the passages given; tests/retrieval/test_cross_lingual.py)
    hits = retriever.search(
        "sawdust zāģskaidas by-product", 10, filters=filters, cross_lingual=False
    ).hits
    assert {h.doc_id for h in hits} == expected


def test_a_lang_filter_gives_a_passage_without_twin_in_its_own_language_marked(retriever):
    result = retriever.search("sawdust zāģskaidas by-product", 10, filters={"lang": "en"})
    assert {h.doc_id for h in result.hits} == {"sample-by-products-en", "sample-landfill-tax-lv"}
    marked = {c.chunk_id for c in result.trace.candidates if c.other_language}
    assert {h.chunk_id for h in result.hits if h.lang == "lv"} <= marked
    assert all(cid.startswith("sample-landfill-tax-lv") for cid in marked)


def test_relevance_floor_returns_nothing_for_unrelated_questions(retriever):
    result = retriever.search("best pizza recipe for the weekend", 5)
    assert result.hits == []
    assert result.trace.below_floor > 0


def test_without_floor_the_same_query_returns_candidates(retriever):
    assert retriever.search("best pizza recipe", 5, apply_floor=False).hits


def test_empty_query_and_unknown_filter_are_rejected(retriever):
    with pytest.raises(InvalidInput):
        retriever.search("   ", 5)
    with pytest.raises(InvalidInput):
        retriever.search("sawdust", 5, filters={"colour": "green"})


def test_new_documents_are_visible_without_restart(retriever, services, kb_dir):
    assert not retriever.search("Kalundborg gypsum", 5).hits
    (kb_dir / "k.md").write_text(
        "---\nid: k\nlang: en\ntype: case\n---\n# Kalundborg\n"
        "Gypsum from Kalundborg goes to plasterboard.",
        "utf-8",
    )
    services.ingestor.ingest_paths([kb_dir])
    assert retriever.search("Kalundborg gypsum", 5).hits[0].doc_id == "k"


def test_documents_from_another_process_show_in_dense_search(retriever, settings, services, kb_dir):
    """Another worker on the same database and vector index ingests, then deletes: the
    revision it bumps makes this retriever rebuild its snapshot (vectors included)."""
    assert all(h.doc_id != "k" for h in retriever.search("Kalundborg gypsum", 5).hits)
    other = Services(settings, embedder=HashEmbedder(), vectors=services.vectors)
    try:
        (kb_dir / "k.md").write_text(
            "---\nid: k\nlang: en\ntype: case\n---\n# Kalundborg\n"
            "Gypsum from Kalundborg goes to plasterboard.",
            "utf-8",
        )
        other.ingestor.ingest_paths([kb_dir])
        assert retriever.search("Kalundborg gypsum", 5, mode="dense").hits[0].doc_id == "k"
        other.ingestor.delete_document("k")
        hits = retriever.search("Kalundborg gypsum", 10, mode="dense", apply_floor=False).hits
        assert hits and all(h.doc_id != "k" for h in hits)
    finally:
        other.close()


def test_snapshot_holds_vectors_only_up_to_the_limit(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    chunks = len(
        HybridRetriever(services.engine, services.embedder, services.vectors, GLOSSARY)
        .snapshot()
        .records
    )

    def snapshot_vectors(limit: int):
        params = RetrievalParams(in_memory_dense_limit=limit)
        built = HybridRetriever(
            services.engine, services.embedder, services.vectors, GLOSSARY, params
        )
        return built.snapshot().vectors

    assert len(snapshot_vectors(chunks)) == chunks
    assert snapshot_vectors(chunks - 1) is None


@pytest.fixture(params=["memory", "chroma"])
def index_services(request, settings):
    vectors = InMemoryVectorIndex() if request.param == "memory" else None  # None: Chroma
    built = Services(settings, embedder=HashEmbedder(), vectors=vectors)
    built.init_db()
    yield built
    built.close()


@pytest.mark.parametrize("filters", [{}, {"lang": "lv"}, {"type": "regulation", "lang": "en"}])
def test_snapshot_vectors_rank_like_the_vector_index(index_services, kb_dir, filters):
    index_services.ingestor.ingest_paths([kb_dir])
    in_memory, via_index = (
        HybridRetriever(
            index_services.engine,
            index_services.embedder,
            index_services.vectors,
            GLOSSARY,
            RetrievalParams(in_memory_dense_limit=limit),
        )
        for limit in (10_000, 0)
    )
    assert in_memory.snapshot().vectors is not None and via_index.snapshot().vectors is None
    for query in ("sawdust pellet", "poligons likmes", "by-product conditions"):
        mine, theirs = (
            retriever.search(query, 10, mode="dense", filters=filters, apply_floor=False)
            for retriever in (in_memory, via_index)
        )
        sims = [c.dense_similarity for c in mine.trace.candidates]
        assert sims == sorted(sims, reverse=True)  # equal similarities may come in any order
        assert _similarities(mine) == pytest.approx(_similarities(theirs), abs=1e-5)


def _similarities(result) -> dict[str, float]:
    return {c.chunk_id: c.dense_similarity for c in result.trace.candidates}


def test_coverage_is_the_weighted_share_of_query_concepts_in_the_chunk(retriever):
    """The floor's coverage, worked out from the chunk text the slow, obvious way."""
    query = "landfill sawdust costs"
    result = retriever.search(query, 5, apply_floor=False)
    snap = retriever.snapshot()
    concepts = _query_concepts(query, GLOSSARY.expand(query), snap.keyword)
    total = sum(weight for _, weight in concepts)
    assert result.trace.candidates
    for candidate in result.trace.candidates:
        words = set(tokenize(snap.records[candidate.chunk_id].index_text, drop_stopwords=False))
        expected = sum(weight for forms, weight in concepts if forms & words) / total
        assert candidate.coverage == pytest.approx(expected)
    assert {c.coverage for c in result.trace.candidates} != {0.0}


def test_the_revision_read_before_each_search_is_the_stored_one(services):
    assert read_revision(services.engine) == 0
    for _ in range(2):
        with Session(services.engine) as session:
            bump_revision(session)
            session.commit()
        with Session(services.engine) as session:
            assert read_revision(services.engine) == current_revision(session) > 0


class _Counting:
    """The services' embedder, counting the queries it encodes."""

    def __init__(self, inner):
        self.inner, self.queries = inner, []
        self.dim = inner.dim

    def encode(self, texts):
        return self.inner.encode(texts)

    def encode_query(self, text):
        self.queries.append(text)
        return self.inner.encode_query(text)


def test_a_query_searched_again_is_encoded_once(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    counting = _Counting(services.embedder)
    retriever = HybridRetriever(services.engine, counting, services.vectors, GLOSSARY)
    first = retriever.search("pellet maker sawdust", 3, filters={"lang": "en"})
    again = retriever.search("pellet maker sawdust", 3, filters={"lang": "en"})
    retriever.search("landfill tax", 3)
    assert counting.queries == ["pellet maker sawdust", "landfill tax"]
    assert [h.chunk_id for h in first.hits] == [h.chunk_id for h in again.hits]
