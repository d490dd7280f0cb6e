from assistant.retrieval.keyword import KeywordIndex
from assistant.text.normalize import forms

INDEX = KeywordIndex(
    ["a#0", "b#0", "c#0"],
    ["Sawdust goes to the pellet maker", "Zāģskaidas poligonā", "End of waste status"],
)


def _ids(*words: str) -> frozenset[int]:
    return INDEX.term_ids(f for word in words for f in forms(word))


def test_each_chunk_knows_its_words_in_every_form():
    assert not _ids("sawdust").isdisjoint(INDEX.terms_of("a#0"))
    assert _ids("sawdust").isdisjoint(INDEX.terms_of("b#0"))
    assert not _ids("zagskaidas").isdisjoint(INDEX.terms_of("b#0"))  # typed without diacritics


def test_stopwords_count_for_coverage_but_not_for_bm25():
    assert not _ids("of").isdisjoint(INDEX.terms_of("c#0"))
    assert INDEX.search("of", 3) == []


def test_forms_the_corpus_never_uses_have_no_ids():
    assert INDEX.term_ids(["kalundborg", "gypsum"]) == frozenset()


def test_an_empty_index_is_fine():
    empty = KeywordIndex([], [])
    assert len(empty) == 0 and empty.term_ids(["waste"]) == frozenset()
    assert empty.search("waste", 5) == []
