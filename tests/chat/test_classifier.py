"""The intent classifier: its training data, kept apart from the evaluation sets, and what
it returns (several intents, or "unsure")."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.chat.classifier import (
    INTENTS,
    IntentClassifier,
    default_classifier,
    load_examples,
)
from assistant.chat.replies import is_confirmation, is_plain_reply
from assistant.evaluation.chat import load_cases
from assistant.text.normalize import fold

SETS = Path(__file__).resolve().parent.parent / "eval" / "chat"


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def test_every_intent_has_at_least_35_paraphrases_in_each_language():
    counts = Counter((e.intents[0], e.lang) for e in load_examples() if len(e.intents) == 1)
    for intent in INTENTS:
        assert counts[(intent, "en")] >= 35 and counts[(intent, "lv")] >= 35, intent


def test_no_evaluation_question_is_in_the_training_data():
    trained = {_norm(e.text) for e in load_examples()}
    for name in sorted(p.stem for p in SETS.glob("*.yaml")):  # every set, also new ones
        asked = {_norm(t.q) for c in load_cases(SETS / f"{name}.yaml") for t in c.turns}
        assert not (asked & trained), (name, sorted(asked & trained)[:5])


def test_unknown_intents_in_training_data_are_refused():
    with pytest.raises(ValueError, match="unknown intents"):
        load_examples("intents:\n  gossip:\n    en: [hello]\n")


def test_two_questions_in_one_message_give_two_intents():
    found = default_classifier().predict(
        "Kas varētu izmantot mūsu koksnes pelnus un cik tas mums ietaupītu gadā?"
    )
    assert not found.unsure and len(found.intents) == 2


def test_a_message_with_no_domain_words_is_unsure_or_out_of_scope():
    found = default_classifier().predict("qwzx blorp fnord")
    assert found.unsure or found.intent == "out_of_scope"


def test_a_model_trained_on_one_intent_never_predicts_another():
    examples = [e for e in load_examples() if e.intents == ("help",)]
    model = IntentClassifier(examples)
    scores = model.scores("what can you do for me?")
    assert max(scores, key=lambda i: scores[i]) == "help"


def test_the_weights_are_cached_and_give_the_same_scores(tmp_path):
    first = default_classifier(tmp_path)
    assert list(tmp_path.glob("intents-*.npz"))
    from assistant.chat import classifier

    classifier._trained.cache_clear()
    again = default_classifier(tmp_path)
    question = "Who could take our spent grain?"
    assert again.scores(question) == first.scores(question)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Jā", True),
        ("jā, apstiprinu", True),
        ("ok", True),
        ("no", False),
        ("nē", False),
        ("ne, paldies", False),
        ("cancel", False),
        ("what do you mean?", None),
        ("we also produce a lot of bark every year, add it", None),
    ],
)
def test_confirmations(text, expected):
    assert is_confirmation(text) is expected


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("yes, go ahead", True),
        ("jā, lūdzu, pievienojiet", True),
        ("no, don't", True),
        ("ok, write them a letter", False),
        ("Labi, uzraksti fermai vēstuli", False),
        ("yes, and who takes bark?", False),
    ],
)
def test_a_plain_reply_carries_no_new_request(text, plain):
    assert is_plain_reply(text) is plain
