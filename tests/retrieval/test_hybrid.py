import pytest

from assistant.errors import InvalidInput
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hybrid import HybridRetriever, RetrievalParams

GLOSSARY = Glossary(
    [
        {"lv": ["zāģskaidas"], "en": ["sawdust"]},
        {"lv": ["apglabāšana", "poligons"], "en": ["landfill", "landfilling"]},
        {"lv": ["blakusprodukts"], "en": ["by-product"]},
    ]
)


@pytest.fixture
def retriever(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    return HybridRetriever(
        services.engine, services.embedder, services.vectors, GLOSSARY, RetrievalParams()
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
    hits = retriever.search("sawdust zāģskaidas by-product", 10, filters=filters).hits
    assert {h.doc_id for h in hits} == expected


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
