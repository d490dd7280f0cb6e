"""Cross-lingual retrieval: with a `lang` filter both languages are searched and a passage found
in the other language is given as its twin passage (same section) in the asked language; a
passage without a twin is given as it is and marked in the trace."""

from __future__ import annotations

import pytest

from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hybrid import HybridRetriever, twin_passages
from assistant.retrieval.models import ChunkRecord

GLOSSARY = Glossary([{"lv": ["drabiņas", "alus drabiņas"], "en": ["spent grain"]}])

FEED_EN = """---
id: feed-en
title: "Residues as feed"
lang: en
type: regulation
jurisdiction: EU
---
# Residues as feed

## Catering waste
Kitchen leftovers must not be fed to pigs or poultry.

## Brewery residues
Brewers' spent grain can be given to cattle under EU feed law.
"""

FEED_LV = """---
id: feed-lv
title: "Atlikumi kā barība"
lang: lv
type: regulation
jurisdiction: EU
translation_of: feed-en
---
# Atlikumi kā barība

## Ēdināšanas atkritumi
Virtuves atliekas nedrīkst izbarot cūkām vai mājputniem.

## Alus darītavas atlikumi
Šos atlikumus var izbarot liellopiem saskaņā ar ES barības tiesību aktiem.
"""

ONLY_EN = """---
id: kalundborg-note-en
title: "Kalundborg note"
lang: en
type: case
jurisdiction: DK
---
# Kalundborg note

## Results
In 2018 Kalundborg partners saved about 240,000 t of CO2.
"""


@pytest.fixture
def retriever(services, settings):
    folder = settings.knowledge_dir
    folder.mkdir(parents=True)
    for name, text in (("feed-en", FEED_EN), ("feed-lv", FEED_LV), ("note-en", ONLY_EN)):
        (folder / f"{name}.md").write_text(text, "utf-8")
    assert not services.ingestor.ingest_paths([folder]).failed
    return HybridRetriever(services.engine, services.embedder, services.vectors, GLOSSARY)


def test_evidence_in_english_is_given_as_the_latvian_twin_passage(retriever):
    # "drabiņas" occurs only in the glossary; the Latvian passage never names it
    result = retriever.search("drabiņas", 3, filters={"lang": "lv"})
    assert result.hits, result.trace
    top = result.hits[0]
    assert (top.doc_id, top.lang) == ("feed-lv", "lv")
    assert top.section.endswith("Alus darītavas atlikumi")
    trace = next(c for c in result.trace.candidates if c.chunk_id == top.chunk_id)
    assert trace.evidence_chunk_id is not None and not trace.other_language
    assert result.trace.cross_lingual


def test_a_latvian_and_an_english_passage_of_the_same_section_are_not_both_given(retriever):
    hits = retriever.search("spent grain drabiņas cattle", 5, filters={"lang": "lv"}).hits
    assert hits and all(h.lang == "lv" for h in hits)
    assert len({h.chunk_id for h in hits}) == len(hits)


def test_without_a_twin_the_other_language_passage_is_given_and_marked(retriever):
    result = retriever.search("Kalundborg CO2 2018", 3, filters={"lang": "lv"})
    assert [h.doc_id for h in result.hits] == ["kalundborg-note-en"]
    trace = next(c for c in result.trace.candidates if c.chunk_id == result.hits[0].chunk_id)
    assert trace.other_language


def test_english_questions_get_english_passages_for_latvian_evidence(retriever):
    hits = retriever.search("izbarot liellopiem", 3, filters={"lang": "en"}).hits
    assert hits and hits[0].doc_id == "feed-en"
    assert hits[0].section.endswith("Brewery residues")


def test_without_a_lang_filter_nothing_is_moved(retriever):
    result = retriever.search("spent grain cattle", 3)
    assert result.hits[0].doc_id == "feed-en"
    assert not result.trace.cross_lingual
    assert all(c.evidence_chunk_id is None for c in result.trace.candidates)


def _record(doc_id: str, chunk_id: str, section: str, translation_of: str | None = None):
    return ChunkRecord(
        chunk_id=chunk_id,
        doc_id=doc_id,
        title="t",
        section=section,
        text="x",
        lang=doc_id[-2:],
        type="regulation",
        jurisdiction="EU",
        translation_of=translation_of,
    )


def test_twin_passages_pair_sections_by_position_and_clip_pieces():
    records = [
        _record("a-en", "e1", "A > One"),
        _record("a-en", "e2", "A > Two"),
        _record("a-en", "e3", "A > Two"),
        _record("a-lv", "l1", "A > Viens"),
        _record("a-lv", "l2", "A > Divi"),
    ]
    twins = twin_passages(records)
    assert twins == {"e1": "l1", "e2": "l2", "e3": "l2", "l1": "e1", "l2": "e2"}


def test_documents_whose_sections_differ_in_number_get_no_twins():
    records = [
        _record("b-en", "e1", "B > One"),
        _record("b-en", "e2", "B > Two"),
        _record("b-lv", "l1", "B > Viens"),
    ]
    assert twin_passages(records) == {}


def test_translation_of_links_documents_with_other_names():
    records = [
        _record("guide-en", "e1", "G > One"),
        _record("celvedis-lv", "l1", "G > Viens", translation_of="guide-en"),
    ]
    assert twin_passages(records) == {"e1": "l1", "l1": "e1"}
