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
from assistant.retrieval.embedders import HashEmbedder
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

    classifier._TRAINED.clear()  # a new process: only the file is left
    again = default_classifier(tmp_path)
    question = "Who could take our spent grain?"
    assert again.scores(question) == first.scores(question)


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def encode_query(self, text: str):
        self.queries.append(text)
        return super().encode_query(text)


def test_the_sentence_embedding_is_part_of_the_model_and_of_its_cache_key(tmp_path):
    embedder = CountingEmbedder()
    with_vectors = default_classifier(tmp_path, embedder)
    assert len(list(tmp_path.glob("intents-*.npz"))) == 1
    question = "Who could take our spent grain?"
    scores = with_vectors.scores(question)
    assert embedder.queries == [question]  # one vector per question, the fast route
    words_only = default_classifier(tmp_path)
    assert len(list(tmp_path.glob("intents-*.npz"))) == 2  # not the same weights
    assert words_only.scores(question) != scores


def test_a_paraphrase_with_no_shared_words_is_placed_through_the_embedding():
    """An embedder that knows two wordings mean the same: the model trained with it places a
    question whose words it never saw where its meaning belongs."""

    class Synonyms(HashEmbedder):
        def encode(self, texts):
            return super().encode([t.replace("zorblat", "help") for t in texts])

        def encode_query(self, text):
            return self.encode([text])[0]

    examples = [e for e in load_examples() if e.intents in (("help",), ("regulation",))]
    question = "zorblat zorblat zorblat zorblat"
    plain = IntentClassifier(examples).scores(question)
    semantic = IntentClassifier(examples, embedder=Synonyms()).scores(question)
    assert semantic["help"] - semantic["regulation"] > plain["help"] - plain["regulation"]


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
