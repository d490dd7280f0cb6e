"""The chat evaluation set with the real offline model: a regression guard in CI.

The measured figures (and the ≥ 90 % bar) are recorded in docs/benchmarks.md; this guard
sits a little below the bar so that one wording change does not block every submission.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.composition import Services
from assistant.config import Settings
from assistant.evaluation.chat import evaluate, load_cases
from assistant.park import load_demo_park
from tests.conftest import KNOWLEDGE

CASES = Path(__file__).with_name("chat.yaml")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("chat-eval"), _env_file=None)
    services = Services(settings)
    services.init_db()
    services.ingestor.ingest_paths([KNOWLEDGE])
    load_demo_park(services.park, KNOWLEDGE / "parks" / "demo_park.json")
    yield evaluate(services.chat, load_cases(CASES))
    services.close()


@pytest.mark.slow
def test_the_set_covers_every_intent_in_both_languages():
    cases = load_cases(CASES)
    assert len(cases) >= 40
    turns = [t for c in cases for t in c.turns]
    for intent in (
        "byproduct_reuse",
        "find_input",
        "regulation",
        "good_practice",
        "outreach_request",
        "company_info",
        "park_overview",
        "update_profile",
        "help",
        "out_of_scope",
    ):
        assert {t.lang for t in turns if t.intent == intent} == {"lv", "en"}, intent


@pytest.mark.slow
def test_pass_rate_language_and_honesty(report):
    failures = [f for case in report["failed"] for f in case["failures"]]
    assert report["pass_rate"] >= 0.85, failures
    assert report["language_accuracy"] == 1.0, failures
    assert report["out_of_scope_honest"] == 1.0, failures


@pytest.mark.slow
def test_no_answer_has_a_number_outside_its_evidence(report):
    loose = [
        f
        for case in report["failed"]
        for f in case["failures"]
        if any("numbers not in the evidence" in p for p in f["problems"])
    ]
    assert loose == []
