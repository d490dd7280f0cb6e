"""The reviewed LV/EN legal variants (assistant/retrieval/variants.yaml): each entry is used by
the knowledge base and documented; the variants the issue lists expand to the wording used."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from assistant.retrieval.glossary import default_glossary, load_entries
from assistant.text.normalize import analyse, forms, is_stopword, words

REPO = Path(__file__).resolve().parents[2]
VARIANTS = REPO / "assistant/retrieval/variants.yaml"


@cache
def knowledge_forms() -> frozenset[str]:
    found: set[str] = set()
    for path in (REPO / "knowledge").rglob("*.md"):
        found |= analyse(path.read_text("utf-8"))[1]
    return frozenset(found)


def used_in_knowledge(term: str) -> bool:
    """Every content word of the term occurs (in some inflection) in knowledge/*.md."""
    content = [w for w in words(term) if not is_stopword(w)] or words(term)
    return all(set(forms(w)) & knowledge_forms() for w in content)


def test_there_are_at_least_forty_entries_each_with_a_comment_and_both_languages():
    entries = load_entries("variants.yaml")
    assert len(entries) >= 40
    lines = VARIANTS.read_text("utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("- lv:")]
    assert len(starts) == len(entries)
    for i in starts:
        assert lines[i - 1].startswith("#"), f"no comment above: {lines[i]}"
        assert "knowledge" in lines[i - 1] or ".md" in lines[i - 1] or ".md" in lines[i - 2]
    for entry in entries:
        assert entry.get("lv") and entry.get("en"), entry


@pytest.mark.parametrize("entry", load_entries("variants.yaml"), ids=lambda e: e["lv"][0])
def test_each_entry_has_wording_the_knowledge_base_uses_in_each_language(entry):
    assert any(used_in_knowledge(t) for t in entry["lv"]), entry["lv"]
    assert any(used_in_knowledge(t) for t in entry["en"]), entry["en"]


@pytest.mark.parametrize(
    "query,expected_term",
    [
        ("atkritumu statusa beigas", "atkritumu statusa izbeigšana"),
        ("kad beidzas atkritumu statuss", "end-of-waste"),
        ("pārpašvaldību pieeja", "suprapašvaldību"),
        ("suprapašvaldību", "pārpašvaldību"),
        ("blakusproduktiem", "by-product"),
        ("vai vajag licenci", "atļauja"),
        ("atļaujām", "permit"),
        ("DRN likme", "dabas resursu nodoklis"),
        ("dabas resursu nodokļa", "DRN"),
        ("poligonā", "landfill"),
        ("alus drabiņām", "spent grain"),
        ("drabiņu", "alus drabiņas"),
        ("lidpelniem", "fly ash"),
        ("koksnes pelnus betonā", "concrete"),
        ("spent grain", "drabiņas"),
        ("fly ash", "lidpelni"),
        ("supramunicipal", "suprapašvaldību"),
    ],
)
def test_the_issue_variants_expand_to_the_wording_used(query, expected_term):
    assert expected_term in default_glossary().expand(query).terms


def test_an_unrelated_word_expands_to_nothing():
    assert default_glossary().expand("mēness ainava").terms == ()
