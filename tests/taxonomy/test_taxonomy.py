from __future__ import annotations

import pytest

from assistant.retrieval.embedders import HashEmbedder
from assistant.taxonomy import Taxonomy, default_taxonomy
from assistant.taxonomy.codes import nace_matches, normalize_ewc, normalize_nace, normalize_unit


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("zāģskaidas", "wood.sawdust"),
        ("zagskaidas", "wood.sawdust"),  # typed without diacritics
        ("zāģskaidām", "wood.sawdust"),  # dative plural
        ("zāģskaidaas", "wood.sawdust"),  # a typo
        ("alus drabiņām", "food.spent_grain"),
        ("alus drabinas", "food.spent_grain"),
        ("koksnes pelnus", "ash.wood"),  # accusative plural
        ("sūkalas", "food.whey"),
        ("metāllūžņi", "metal.ferrous"),
        ("digestāts", "bio.digestate"),
        ("plastmasas plēvi", "plastics.film"),
        ("sawdust", "wood.sawdust"),
        ("brewers' spent grains", "food.spent_grain"),
        ("wood ashes", "ash.wood"),
        ("used cooking oil", "food.oils_fats"),
        ("waste heat from server cooling", "heat.low"),
    ],
)
def test_suggestions_for_latvian_and_english(text, category):
    found = default_taxonomy().suggest(text)
    assert found, text
    assert found[0].category == category, [(s.category, s.score) for s in found]
    assert len(found) <= 3
    assert found == sorted(found, key=lambda s: -s.score)


def test_a_suggestion_carries_code_labels_and_method():
    top = default_taxonomy().suggest("zāģskaidas")[0]
    assert top.ewc_code == "03 01 05"
    assert "Sawdust" in top.label_en
    assert top.label_lv and top.matched == "zāģskaidas" and top.method == "synonym"


def test_explicit_ewc_code_wins_over_the_text():
    resolved = default_taxonomy().resolve_flow("zāģskaidas", "10 01 03")
    assert (resolved.category, resolved.ewc_code) == ("ash.wood", "10 01 03")
    assert resolved.method == "ewc"


def test_ambiguous_code_is_settled_by_the_text():
    # 03 01 05 belongs to both sawdust and chips/offcuts
    taxonomy = default_taxonomy()
    assert taxonomy.resolve_flow("ēveļskaidas", "03 01 05").category == "wood.sawdust"
    assert taxonomy.resolve_flow("šķelda", "03 01 05").category == "wood.chips_offcuts"


@pytest.mark.parametrize(
    ("temperature", "band"), [(30, "heat.low"), (85, "heat.medium"), (160, "heat.high")]
)
def test_heat_is_banded_by_temperature(temperature, band):
    assert default_taxonomy().resolve_flow("atlikumsiltums", None, temperature).category == band


def test_embeddings_are_optional_and_used_when_given():
    with_vectors = Taxonomy(HashEmbedder())
    assert with_vectors.suggest("zāģskaidas")[0].category == "wood.sawdust"
    methods = {h.method for h in with_vectors.suggester.hits("qqq sawdust zzz briquettes xxx")}
    assert "embedding" in methods


def test_nothing_matches_nonsense():
    assert default_taxonomy().suggest("qqqq xyzzy") == []


def test_codes():
    assert normalize_ewc("030105") == "03 01 05"
    assert normalize_ewc("10 01 04*") == "10 01 04*"
    assert normalize_ewc("3 1 5") is None
    assert normalize_nace("C16.10") == "16.10"
    assert normalize_nace("1610") == "16.10"
    assert normalize_nace("16.1") == "16.1"
    assert normalize_unit("m³/gadā") == "m3/year" and normalize_unit("kg") is None
    assert nace_matches("16.29", "16.2") and nace_matches("16.29", "16")
    assert not nace_matches("16.29", "16.1")


def test_nace_labels():
    taxonomy = default_taxonomy()
    assert taxonomy.nace_label("16.10") == "Sawmilling and planing of wood"
    assert taxonomy.nace("99.99") is None
