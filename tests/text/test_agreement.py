"""Latvian number agreement (../shared/LATVIAN.md) and the English plural."""

from __future__ import annotations

import pytest

from assistant.text.agreement import NOUNS, count, none_of, noun_form, singular_agreement


@pytest.mark.parametrize("n", [1, 21, 31, 101, 121, 1001, -1])
def test_last_digit_one_but_not_eleven_takes_the_singular(n):
    assert singular_agreement(n)
    assert noun_form(n, "uzņēmums") == "uzņēmums"


@pytest.mark.parametrize("n", [0, 2, 5, 10, 11, 12, 19, 20, 22, 111, 211, 1011])
def test_every_other_count_takes_the_plural(n):
    assert not singular_agreement(n)
    assert noun_form(n, "uzņēmums") == "uzņēmumi"


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (1, "uzņēmums", "1\u00a0uzņēmums"),
        (21, "uzņēmums", "21\u00a0uzņēmums"),
        (2, "uzņēmums", "2\u00a0uzņēmumi"),
        (11, "uzņēmums", "11\u00a0uzņēmumi"),
        (21, "tonna", "21\u00a0tonna"),
        (22, "tonna", "22\u00a0tonnas"),
        (1, "sinerģija", "1\u00a0sinerģija"),
        (14, "sinerģija", "14\u00a0sinerģijas"),
        (2400, "tonna", "2\u00a0400\u00a0tonnas"),
        (3, "partneris", "3\u00a0partneri"),
        (5, "nozare", "5\u00a0nozares"),
    ],
)
def test_count_in_the_nominative(n, noun, expected):
    assert count(n, noun) == expected


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [
        (11, "gen", "uzņēmumu"),
        (21, "gen", "uzņēmuma"),
        (22, "dat", "uzņēmumiem"),
        (1, "dat", "uzņēmumam"),
        (5, "acc", "uzņēmumus"),
        (31, "loc", "uzņēmumā"),
    ],
)
def test_the_case_is_the_callers_choice(n, case, expected):
    assert noun_form(n, "uzņēmums", case=case) == expected


def test_a_decimal_count_takes_the_genitive_singular():
    assert count(2.5, "tonna") == "2,5\u00a0tonnas"
    assert count(1.5, "gads") == "1,5\u00a0gada"


def test_genitive_plural_with_consonant_change():
    assert noun_form(7, "vēstule", case="gen") == "vēstuļu"
    assert noun_form(7, "mēnesis", case="gen") == "mēnešu"


def test_none_of_uses_the_genitive_singular_and_the_right_gender():
    assert none_of("uzņēmums") == "nav neviena uzņēmuma"
    assert none_of("sinerģija") == "nav nevienas sinerģijas"
    assert none_of("nozare") == "nav nevienas nozares"
    assert none_of("uzņēmums", "en") == "no companies"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1\u00a0company"),
        (0, "0\u00a0companies"),
        (21, "21\u00a0companies"),
        (2400, "2,400\u00a0companies"),
    ],
)
def test_english_plural(n, expected):
    assert count(n, "uzņēmums", lang="en") == expected


def test_every_noun_has_ten_forms_and_two_english_ones():
    for noun, entry in NOUNS.items():
        assert entry.singular[0] == noun
        assert all(entry.singular) and all(entry.plural) and all(entry.en)
