"""The chat on its development and held-out sets (tests/eval/chat/FORMAT.md), strict scoring.

The held-out set was written before the chat was rebuilt, by a writer who did not read the
chat's code or training data; it is never tuned on. The guards below sit at the figures
recorded in docs/benchmarks.md (measured, not wished), so a regression fails CI; the issue's
bars are reported there next to them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.composition import Services
from assistant.config import Settings
from assistant.evaluation.chat import company_ids, evaluate, load_cases, render
from assistant.park import load_demo_park
from tests.conftest import KNOWLEDGE

SETS = Path(__file__).with_name("chat")


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("chat-eval"), _env_file=None)
    built = Services(settings)
    built.init_db()
    built.ingestor.ingest_paths([KNOWLEDGE])
    load_demo_park(built.park, KNOWLEDGE / "parks" / "demo_park.json")
    yield built
    built.close()


def _run(services: Services, name: str) -> dict:
    report = evaluate(services.chat, load_cases(SETS / f"{name}.yaml"), company_ids(services.park))
    print(render(report, name))
    return report


@pytest.mark.slow
def test_the_sets_cover_every_intent_in_both_languages():
    for name in ("dev", "dev_followups", "heldout"):
        turns = [t for c in load_cases(SETS / f"{name}.yaml") for t in c.turns]
        intents = {i for t in turns for i in t.intents}
        assert {"byproduct_reuse", "regulation", "outreach_request", "value"} <= intents
        assert {t.lang for t in turns} == {"lv", "en"}
        assert sum(1 for t in turns if t.followup) >= 10


def _meets(report: dict, guard: dict) -> None:
    """Rates at or above the guard, counts at or below it (no answer in the wrong language
    unless a held-out set's first measurement had one)."""
    assert report["wrong_language"] <= guard.get("wrong_language", 0)
    assert report["pass_rate"] >= guard["pass_rate"]
    assert report["followup_pass_rate"] >= guard.get("followups", 0.0)
    assert report["wrong_recipient"] <= guard.get("wrong_recipient", 0)
    assert report["self_matches"] <= guard.get("self_matches", 0)


@pytest.mark.slow
def test_held_out_set(services):
    _meets(_run(services, "heldout"), HELDOUT_GUARD)


@pytest.mark.slow
def test_development_set(services):
    _meets(_run(services, "dev"), DEV_GUARD)


@pytest.mark.slow
def test_development_follow_up_conversations(services):
    """30 multi-turn conversations written without reading the chat's code (development)."""
    _meets(_run(services, "dev_followups"), DEV_FOLLOWUPS_GUARD)


@pytest.mark.slow
def test_development_set_written_in_session_6(services):
    """34 conversations (100 turns, 68 follow-ups) written without reading the chat's code;
    first run 61/100 before any tuning on it (development)."""
    _meets(_run(services, "dev_s6"), DEV_S6_GUARD)


@pytest.mark.slow
def test_development_set_on_letters_written_in_session_8(services):
    """16 conversations (56 turns, 22 letters with a recipient) on who a letter goes to and
    self-matches, written without reading the chat's code; first run 42/56 with 8 wrong
    recipients before any tuning on it (development)."""
    _meets(_run(services, "dev_s8"), DEV_S8_GUARD)


@pytest.mark.slow
def test_held_out_set_written_in_session_7(services):
    """26 conversations (69 turns, 39 follow-ups) written without reading the chat's code, its
    training data or the other sets; run once per change, never tuned on. Its wrong
    recipients and self-matches are reported in docs/benchmarks.md, not yet guarded at 0."""
    _meets(_run(services, "heldout_s7"), HELDOUT_S7_GUARD)


@pytest.mark.slow
def test_development_set_written_in_session_9(services):
    """20 conversations (72 turns, 49 follow-ups) on follow-ups, intent near-ties, heat and
    exact citations, written without reading the chat's code; first run 44/72 (development)."""
    _meets(_run(services, "dev_s9"), DEV_S9_GUARD)


@pytest.mark.slow
def test_held_out_set_written_in_session_9(services):
    """24 conversations (76 turns, 38 follow-ups) written before any session-9 change, without
    reading the chat's code, its training data or the other sets; never read or tuned on."""
    _meets(_run(services, "heldout_s9"), HELDOUT_S9_GUARD)


@pytest.mark.slow
def test_development_set_written_in_session_10(services):
    """20 conversations (66 turns, 38 follow-ups) on pronoun follow-ups, heat temperatures and
    seasons, intent near-ties and citations, written without reading the chat's code; first
    run 36/66 (development)."""
    _meets(_run(services, "dev_s10"), DEV_S10_GUARD)


@pytest.mark.slow
def test_held_out_set_written_in_session_10(services):
    """22 conversations (70 turns, 36 follow-ups) written before any session-10 change,
    without reading the chat's code, its training data or the other sets; never read or
    tuned on."""
    _meets(_run(services, "heldout_s10"), HELDOUT_S10_GUARD)


@pytest.mark.slow
def test_held_out_set_written_in_session_11(services):
    """20 conversations (68 turns, 38 follow-ups) written in session 11 without reading the
    chat's code, its training data or the other sets; committed before its first run, never
    read or tuned on."""
    _meets(_run(services, "heldout_s11"), HELDOUT_S11_GUARD)


# Measured figures minus a small margin (docs/benchmarks.md); raise them as the chat improves.
# 2026-12-07 (session 5): held-out 102/132 = 77.3 %, 1 wrong recipient, 0 self-matches.
# 2026-12-07 (session 7): held-out 97/132 = 73.5 % at the first run (dev tuning did not carry
# over), 98/132 after the recipient fixes; dev 76/90 = 84.4 %; dev_followups 75/93 = 80.6 %,
# follow-ups 76.2 %; dev_s6 80/100, follow-ups 75.0 %.
# 2026-12-07 (session 8, aa77bc6): held-out 101/132 = 76.5 %, follow-ups 67.6 %, 1 wrong
# recipient; dev 77/90 = 85.6 %; dev_followups 78/93 = 83.9 %, follow-ups 79.4 %; dev_s6
# 83/100, follow-ups 79.4 %.
# 2026-12-07 (session 9, 0ed72a3): held-out 100/132 (unchanged); dev 77/90; dev_followups
# 81/93 = 87.1 %, follow-ups 82.5 %; dev_s6 86/100, follow-ups 83.8 %.
# 2026-12-08 (session 10, db9a281): held-out 101/132 = 76.5 %, follow-ups 67.6 %, 1 wrong
# recipient; dev 77/90; dev_followups 82/93 = 88.2 %, follow-ups 84.1 %; dev_s6 88/100,
# follow-ups 85.3 %.
# 2026-12-08 (session 11, 775cbe4): held-out 105/132 = 79.5 %, follow-ups 70.6 %, 1 wrong
# recipient; dev 78/90 = 86.7 %; dev_followups 81/93, follow-ups 82.5 %; dev_s6 87/100,
# follow-ups 83.8 %. After the ranking change (4c8bfdd): held-out 106/132 = 80.3 %; dev_s6
# 88/100, follow-ups 85.3 %.
HELDOUT_GUARD = {"pass_rate": 0.77, "wrong_recipient": 1}
DEV_GUARD = {"pass_rate": 0.84}
DEV_FOLLOWUPS_GUARD = {"pass_rate": 0.85, "followups": 0.81}
DEV_S6_GUARD = {"pass_rate": 0.85, "followups": 0.82}
# dev_s8 (session 8): first run 42/56, follow-ups 59.3 %, 8 wrong recipients; after tuning on
# it 50/56 = 89.3 %, follow-ups 77.8 %, 0 wrong recipients.
# Session 9 (0ed72a3): 51/56 = 91.1 %, follow-ups 81.5 %.
DEV_S8_GUARD = {"pass_rate": 0.87, "followups": 0.77}
# dev_s9 (session 9): first run 44/72 = 61.1 %, follow-ups 53.1 %, 1 wrong recipient, 2
# self-matches; after tuning on it (3b167c9) 57/72 = 79.2 %, follow-ups 77.6 %, 0 and 0.
# Session 10 (db9a281): 61/72 = 84.7 %, follow-ups 85.7 %.
DEV_S9_GUARD = {"pass_rate": 0.81, "followups": 0.81}
# dev_s10 (session 10): first run 36/66 = 54.5 %, follow-ups 44.7 %, 12 wrong intents, 4 wrong
# recipients, 1 self-match; after tuning on it (db9a281) 46/66 = 69.7 %, follow-ups 60.5 %,
# 6 wrong intents, 0 wrong recipients, 0 self-matches. Session 11 (775cbe4): 48/66 = 72.7 %,
# follow-ups 65.8 %, 4 wrong intents.
DEV_S10_GUARD = {"pass_rate": 0.70, "followups": 0.63}
# heldout_s7, first run (84f2c68): 45/69 = 65.2 %, follow-ups 56.4 %, 2 wrong recipients,
# 2 self-matches; the session-5 code (d51ffdc) scored 45/69, 53.8 %, 3 and 4 on it.
# Session 8, failures not read: aa77bc6 49/69 = 71.0 %, follow-ups 64.1 %, 2 and 2; 9ec1231
# 50/69 = 72.5 %, follow-ups 66.7 %, 2 and 2 (held-out 100/132).
# Session 9 (0ed72a3): 52/69 = 75.4 %, follow-ups 69.2 %, 2 and 2.
# Session 10 (db9a281): 53/69 = 76.8 %, follow-ups 69.2 %, 1 and 2.
# Session 11 (775cbe4): 54/69 = 78.3 %, follow-ups 71.8 %, 1 and 2; after the ranking change
# (4c8bfdd): 55/69 = 79.7 %, follow-ups 74.4 %, 1 and 0.
HELDOUT_S7_GUARD = {"pass_rate": 0.77, "followups": 0.71, "wrong_recipient": 1, "self_matches": 0}
# heldout_s9, first run before any change made from the session-9 sets (e1d8ea3):
# 49/76 = 64.5 %, follow-ups 50.0 %, 7 wrong intents, 1 wrong language, 2 wrong recipients,
# 3 self-matches, 1 ungrounded number. After session 9 (0ed72a3), failures not read: 52/76 =
# 68.4 %, follow-ups 57.9 %, 7, 1, 2, 3, 1; the same at 3b167c9.
# Session 10 (db9a281), failures not read: 55/76 = 72.4 %, follow-ups 65.8 %, 7 wrong intents,
# 1 wrong language, 2 wrong recipients, 0 self-matches, 1 ungrounded number.
HELDOUT_S9_GUARD = {
    "pass_rate": 0.70,
    "followups": 0.63,
    "wrong_recipient": 2,
    "self_matches": 0,
    "wrong_language": 1,
}
# heldout_s10, first run before any change made from the session-10 sets (939f6b8): 51/70 =
# 72.9 %, follow-ups 72.2 %, 9 wrong intents, 1 wrong language, 0 wrong recipients, 1
# self-match. After session 10 (db9a281), failures not read: the same 51/70, 72.2 %, 9, 1, 0, 1.
# Session 11 (775cbe4), failures not read: 55/70 = 78.6 %, follow-ups 80.6 %, 5, 1, 0, 1.
HELDOUT_S10_GUARD = {
    "pass_rate": 0.76,
    "followups": 0.77,
    "wrong_recipient": 0,
    "self_matches": 1,
    "wrong_language": 1,
}
# heldout_s11, first run (775cbe4, the session-11 chat; failures not read): 54/68 = 79.4 %,
# follow-ups 71.1 %, 8 wrong intents, 0 wrong language, 1 wrong recipient, 0 self-matches,
# 1 ungrounded number. The session-10 chat (b0aa30d) scored 56/68, follow-ups 73.7 %, 6, 0, 1,
# 0, 1 on it in the same session. After the ranking change (4c8bfdd): the same 54/68.
HELDOUT_S11_GUARD = {
    "pass_rate": 0.76,
    "followups": 0.68,
    "wrong_recipient": 1,
    "self_matches": 0,
    "wrong_language": 0,
}
