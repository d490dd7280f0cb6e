"""The held-out Latvian retrieval set (issue 15), searched as the chat searches: hit@3 on doc
ids (twins count), with the plain BM25 baseline in the same run. Never used for tuning."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.retrieval import evaluate_heldout, load_cases

CASES = Path(__file__).with_name("retrieval_lv_heldout.yaml")


@pytest.fixture(scope="module")
def report(real_services):
    return evaluate_heldout(real_services.retriever, load_cases(CASES))


@pytest.mark.slow
def test_the_set_has_the_issue_misses_and_fifteen_more_latvian_questions():
    cases = load_cases(CASES)
    assert sum(c.source == "issue-15" for c in cases) == 5
    assert sum(c.lang == "lv" and c.source != "issue-15" for c in cases) >= 15


@pytest.mark.slow
def test_the_issue_misses_are_found(report):
    assert report["methods"]["hybrid"]["issue-15"] == 1.0, report["misses"]


@pytest.mark.slow
def test_latvian_hit_at_3(report):
    assert report["methods"]["hybrid"]["lv"] >= 0.9, report["misses"]


@pytest.mark.slow
def test_every_passage_is_in_the_askers_language_when_a_twin_exists(report):
    assert report["other_language_hits"] == 0
