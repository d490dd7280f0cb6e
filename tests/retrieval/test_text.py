import pytest

from assistant.text.normalize import analyse, code_tokens, fold, forms, tokenize


@pytest.mark.parametrize(
    "inflections",
    [
        ["atkritumi", "atkritumu", "atkritumiem", "atkritumus"],
        ["blakusprodukts", "blakusproduktu", "blakusprodukti", "blakusproduktiem"],
        ["uzņēmumiem", "uzņēmums", "uzņēmuma"],
    ],
)
def test_latvian_inflections_share_a_form(inflections):
    shared = set.intersection(*(set(forms(w)) for w in inflections))
    assert shared


def test_diacritics_are_folded_both_ways():
    assert fold("Zāģskaidas ŠĶELDA") == "zagskaidas skelda"
    assert set(forms("zāģskaidas")) & set(forms("zagskaidas"))


def test_english_plurals_share_a_form():
    assert set(forms("by-products".replace("-", ""))) & set(forms("byproduct"))
    assert set(tokenize("by-products")) & set(tokenize("by-product"))


def test_stopwords_are_dropped_in_both_languages():
    assert tokenize("what is the") == []
    assert tokenize("kas ir un") == []


def test_ewc_codes_become_single_tokens_in_any_spelling():
    assert code_tokens("codes 03 01 05, 030104* and 10 01 03") == [
        "ewc030105",
        "ewc030104",
        "ewc100103",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "What is the end-of-waste status of sawdust? EWC 03 01 05",
        "Zāģskaidas, kas nonāk poligonā, palielina uzņēmuma izmaksas un tā ir",
        "",
    ],
)
def test_one_pass_analysis_matches_both_tokenizations(text):
    keyword_tokens, every_form = analyse(text)
    assert keyword_tokens == tokenize(text)
    assert every_form == set(tokenize(text, drop_stopwords=False))
