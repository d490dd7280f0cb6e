"""The retrieval bars on the versioned question set, with the real offline model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.retrieval import evaluate, load_cases

CASES = Path(__file__).with_name("retrieval.yaml")


@pytest.fixture(scope="module")
def report(real_services):
    return evaluate(real_services.retriever, load_cases(CASES))


@pytest.mark.slow
def test_the_set_is_large_and_balanced():
    cases = load_cases(CASES)
    in_scope = [c for c in cases if c.expected]
    assert len(in_scope) >= 60
    by_lang = {lang: sum(c.lang == lang for c in in_scope) for lang in ("lv", "en")}
    assert abs(by_lang["lv"] - by_lang["en"]) <= len(in_scope) * 0.1


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_hybrid_meets_the_bars_in_each_language(report, lang):
    hybrid = report["methods"]["hybrid"][lang]
    assert hybrid["hit@5"] >= 0.90, report["misses"]
    assert hybrid["mrr"] >= 0.75, report["misses"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_hybrid_is_at_least_as_good_as_each_single_method(report, lang):
    methods = report["methods"]
    for single in ("keyword", "dense"):
        assert methods["hybrid"][lang]["hit@5"] >= methods[single][lang]["hit@5"]
        assert methods["hybrid"][lang]["mrr"] >= methods[single][lang]["mrr"] - 1e-9


@pytest.mark.slow
def test_relevance_floor_answers_in_scope_and_stays_silent_out_of_scope(report):
    assert report["floor"]["in_scope_answered"] >= 0.95
    assert report["floor"]["out_of_scope_cases"] >= 8
    assert report["floor"]["out_of_scope_silent"] >= 0.85
