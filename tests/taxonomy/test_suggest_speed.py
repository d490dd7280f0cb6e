"""The suggester's precomputed stem matching and its embedding fallback give the documented
scores: checked against a plain re-computation of the formulas written here, not against the
suggester's own helpers."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
import pytest

from assistant.retrieval.embedders import HashEmbedder
from assistant.taxonomy import Taxonomy, default_taxonomy
from assistant.taxonomy.suggest import EMBED_DISCOUNT, EMBED_FLOOR, EWC_DISCOUNT, Suggester

suggest_module = sys.modules[Suggester.__module__]  # the package exports a `suggest` function

TEXTS = [
    "zāģskaidas",
    "alus drabiņām",
    "koksnes pelnus un miza",
    "waste heat from server cooling",
    "treated effluent from a waste-water plant",
    "used cooking oil and rendered animal fat",
    "tērauda ražošanas izdedži",
    "kartonsmaisījums",  # a compound: its first part is an indexed form
    "zāģskaidaas briketes",  # a typo borrows its nearest word's forms
    "CO2 saturošas krāšņu atgāzes",
    "attīrīti komunālie notekūdeņi",  # words meeting entries through a second form
    "biešu lapas un astes",
]


def _plain_stem_scores(suggester: Suggester, text: str) -> dict[int, float]:
    """score = 0.95 · (query weight covered)^0.6 · (entry weight covered)^0.4, a concept
    covered when it shares a form with any concept on the other side; EWC entries × 0.8."""
    weighted = suggester._query_concepts(text)
    query = [set(c) for c, _role in weighted]
    q_weights = [suggester._weight(c) * role for c, role in weighted]
    scores = {}
    for i, entry in enumerate(suggester.entries):
        e_concepts = [set(c) for c in suggest_module._concepts(entry.text)]
        e_weights = [suggester._weight(tuple(c)) for c in suggest_module._concepts(entry.text)]
        q_hit = sum(
            w for q, w in zip(query, q_weights, strict=True) if any(q & e for e in e_concepts)
        )
        if not q_hit:
            continue
        e_hit = sum(
            w for e, w in zip(e_concepts, e_weights, strict=True) if any(e & q for q in query)
        )
        score = 0.95 * (q_hit / sum(q_weights)) ** 0.6 * (e_hit / (sum(e_weights) or 1.0)) ** 0.4
        scores[i] = score * (EWC_DISCOUNT if entry.kind == "ewc" else 1.0)
    return scores


@pytest.mark.parametrize("text", TEXTS)
def test_stem_scores_match_the_formula(text):
    suggester = default_taxonomy().suggester
    index = {id(e): i for i, e in enumerate(suggester.entries)}
    got = {index[id(h.entry)]: h.score for h in suggester._stem_hits(text)}
    expected = _plain_stem_scores(suggester, text)
    assert expected, "the text should meet some entry"
    assert got.keys() == expected.keys()
    for i, score in expected.items():
        assert got[i] == pytest.approx(score, abs=1e-12)


@pytest.mark.parametrize("word", ["kartonsmaisījums", "notekūdeņudūņas", "wastewatersludge"])
def test_a_compound_borrows_its_longest_indexed_first_part(word):
    suggester = default_taxonomy().suggester
    folded = suggest_module.fold(word)
    indexed = [f for f in suggester._postings if len(f) >= 5 and folded.startswith(f)]
    assert indexed, "the example needs an indexed first part"
    assert suggester._nearest(word) == (max(indexed, key=len),)


class CountingEmbedder:
    """The hashing fake, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner = HashEmbedder()
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return self.inner.encode(texts)


UNKNOWN = "qqq sawdust zzz briquettes xxx"  # lexical readings weak: the embedder is asked


def test_embedding_hits_are_the_discounted_cosines():
    embedder = HashEmbedder()
    suggester = Taxonomy(embedder).suggester
    hits = suggester._embedding_hits(UNKNOWN)
    assert hits
    entries = embedder.encode([e.text for e in suggester.entries]).astype(np.float64)
    cosines = entries @ embedder.encode([UNKNOWN])[0].astype(np.float64)
    top = [i for i in np.argsort(-cosines, kind="stable")[:10] if cosines[i] >= EMBED_FLOOR]
    assert [h.entry for h in hits] == [suggester.entries[i] for i in top]
    for hit, i in zip(hits, top, strict=True):
        assert hit.score == pytest.approx(EMBED_DISCOUNT * cosines[i], abs=1e-6)


def test_entry_vectors_are_encoded_once_and_query_vectors_are_kept():
    embedder = CountingEmbedder()
    suggester = Taxonomy(embedder).suggester
    suggester.prepare()
    distinct = len({e.text for e in suggester.entries})  # a text several entries share: once
    assert distinct < len(suggester.entries)
    assert embedder.calls == [distinct, 1]  # the entries, one query-sized text
    first = suggester.hits(UNKNOWN)
    again = suggester.hits(UNKNOWN)
    assert embedder.calls == [distinct, 1, 1]  # the query encoded once
    assert [(h.entry, h.score, h.method) for h in again] == [
        (h.entry, h.score, h.method) for h in first
    ]
    assert any(h.method == "embedding" for h in first)


def test_the_kept_query_vectors_are_bounded(monkeypatch):
    monkeypatch.setattr(suggest_module, "QUERY_VECTORS", 2)
    embedder = CountingEmbedder()
    suggester = Taxonomy(embedder).suggester
    suggester.prepare()
    for text in ("qqq alpha", "qqq beta", "qqq gamma", "qqq alpha"):
        suggester._embedding_hits(text)
    assert embedder.calls[2:] == [1, 1, 1, 1]  # "alpha" was dropped, so it is encoded again
    assert len(suggester._query_vectors) == 2
