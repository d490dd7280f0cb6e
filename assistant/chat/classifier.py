"""The intent classifier: a linear model over character n-grams and words and, when an
embedder is given, the sentence's embedding (paraphrases with no word in common then land
near each other), trained on the paraphrases in `assistant/chat/data/intents.yaml` (written
apart from every evaluation set).

Multi-label: every intent gets its own score, so "who can take our bark and what is it worth?"
returns two intents; when no intent is clearly ahead the answer is "unsure" and the chat
answers from the knowledge base instead of guessing a template. Ridge regression in its dual
form (n examples ≪ n features) trains in about a second and needs only numpy.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.retrieval.protocols import Embedder
from assistant.text.normalize import fold

INTENTS = (
    "byproduct_reuse",
    "find_input",
    "value",
    "regulation",
    "good_practice",
    "outreach_request",
    "company_info",
    "park_overview",
    "park_gaps",
    "update_profile",
    "help",
    "out_of_scope",
)
DIMENSIONS = 1 << 14
RIDGE = 1.0
UNSURE_BELOW = 0.15  # the best score a question needs to be routed to a template (dev set)
SECOND_WITHIN = 0.7  # a second intent counts when its score is at least this share of the best
SECOND_ABOVE = 0.25
# how much the sentence embedding counts next to the (unit-length) n-gram vector; chosen by
# 5-fold cross-validation on the training paraphrases (0.75 → 0.80 at 0.7; 0.5–1.0 similar)
EMBEDDING_WEIGHT = 0.7


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    intents: tuple[str, ...]


@dataclass(frozen=True)
class Prediction:
    scores: dict[str, float]
    intents: tuple[str, ...]  # best first; empty when unsure
    unsure: bool

    @property
    def intent(self) -> str | None:
        return self.intents[0] if self.intents else None


def load_examples(text: str | None = None) -> list[Example]:
    raw = yaml.safe_load(text if text is not None else _packaged())
    found = [
        Example(q, lang, (intent,))
        for intent, by_lang in raw["intents"].items()
        for lang, questions in by_lang.items()
        for q in questions
    ]
    found += [Example(m["q"], m["lang"], tuple(m["intents"])) for m in raw.get("multi", [])]
    unknown = {i for e in found for i in e.intents} - set(INTENTS)
    if unknown:
        raise ValueError(f"unknown intents in the training data: {sorted(unknown)}")
    return found


def _packaged() -> str:
    return resources.files("assistant.chat").joinpath("data/intents.yaml").read_text("utf-8")


_TOKEN = re.compile(r"[a-z0-9€]+")


ENTITY_WEIGHT = 4  # an entity flag counts like this many n-grams


def entity_flags(text: str) -> list[str]:
    """What kinds of entity the text names (a material, a quantity, a waste code), from the
    same taxonomy the chat uses: the model learns how much each kind says about the intent,
    instead of hand-written cues. (Company roles are left out: park companies carry role
    words in their names, "SIA Demo Kokapstrāde", so a role said nothing reliable.)"""
    from assistant.chat.entities import EntityExtractor

    found = EntityExtractor([]).extract(text)
    flags = []
    if found.materials:
        flags.append("material")
    if found.quantity:
        flags.append("quantity")
    if found.ewc_codes:
        flags.append("ewc")
    return flags


def features(text: str) -> dict[int, float]:
    """Hashed word uni/bigrams and character 3–5-grams inside words (Latvian endings vary,
    stems stay), on folded text so typing without diacritics reads the same, plus the kinds
    of entity the text names."""
    words = _TOKEN.findall(fold(text))
    grams: list[str] = [f"e:{flag}" for flag in entity_flags(text) for _ in range(ENTITY_WEIGHT)]
    grams += [f"w:{w}" for w in words]
    grams += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            grams += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    vector: dict[int, float] = {}
    for gram in grams:
        slot = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest(), "little")
        vector[slot % DIMENSIONS] = vector.get(slot % DIMENSIONS, 0.0) + 1.0
    return vector


def _matrix(rows: Iterable[dict[int, float]]) -> np.ndarray:
    rows = list(rows)
    matrix = np.zeros((len(rows), DIMENSIONS), dtype=np.float32)
    for r, row in enumerate(rows):
        for slot, value in row.items():
            matrix[r, slot] = 1.0 + np.log(value)  # sublinear term frequency
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


class IntentClassifier:
    def __init__(
        self, examples: list[Example], ridge: float = RIDGE, embedder: Embedder | None = None
    ) -> None:
        if not examples:
            raise ValueError("no training examples")
        self._embedder = embedder
        x = self._inputs([e.text for e in examples])
        y = np.array(
            [[1.0 if i in e.intents else 0.0 for i in INTENTS] for e in examples], dtype=np.float32
        )
        gram = x @ x.T
        gram[np.diag_indices_from(gram)] += ridge
        centred = y - y.mean(axis=0)
        alpha = np.linalg.solve(gram, centred)
        self._weights = x.T @ alpha
        self._bias = y.mean(axis=0)
        self.size = len(examples)

    def _inputs(self, texts: list[str]) -> np.ndarray:
        grams = _matrix(features(t) for t in texts)
        if self._embedder is None:
            return grams
        if len(texts) == 1:  # the chat's path: one question, the embedder's fast route
            vectors = self._embedder.encode_query(texts[0]).reshape(1, -1)
        else:
            vectors = self._embedder.encode(texts)
        return np.hstack([grams, EMBEDDING_WEIGHT * vectors.astype(np.float32)])

    def scores(self, text: str) -> dict[str, float]:
        row = self._inputs([text])[0]
        values = row @ self._weights + self._bias
        return {intent: round(float(v), 4) for intent, v in zip(INTENTS, values, strict=True)}

    def predict(self, text: str) -> Prediction:
        scores = self.scores(text)
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        (best, top), (second, runner) = ranked[0], ranked[1]
        if top < UNSURE_BELOW:
            return Prediction(scores, (), True)
        chosen = [best]
        if runner >= SECOND_ABOVE and runner >= SECOND_WITHIN * top and best != "out_of_scope":
            chosen.append(second)
        return Prediction(scores, tuple(chosen), False)

    @classmethod
    def from_arrays(
        cls, weights: np.ndarray, bias: np.ndarray, size: int, embedder: Embedder | None = None
    ) -> IntentClassifier:
        found = cls.__new__(cls)
        found._weights, found._bias, found.size = weights, bias, size
        found._embedder = embedder
        return found


# bump when `features` (or the material matcher behind `entity_flags`) changes: cached
# weights are then retrained
FEATURES_VERSION = "5"


def default_classifier(
    cache_dir: Path | None = None, embedder: Embedder | None = None
) -> IntentClassifier:
    """Trained at first use (never at import time), once per process, training data and
    embedder; the weights are kept under `cache_dir` so the next process loads them in
    milliseconds (`assistant setup` trains them)."""
    text = _packaged()
    semantic = f"{embedder.name}/{embedder.dim}/{EMBEDDING_WEIGHT}" if embedder else "none"
    key = hashlib.sha256(
        f"{FEATURES_VERSION}|{DIMENSIONS}|{RIDGE}|{semantic}|{text}".encode()
    ).hexdigest()
    weights, bias, size = _weights(key[:16], cache_dir, embedder)
    return IntentClassifier.from_arrays(weights, bias, size, embedder)


Arrays = tuple[np.ndarray, np.ndarray, int]  # weights, bias, training size
_TRAINED: dict[str, Arrays] = {}
_TRAINING = threading.Lock()


def _weights(key: str, cache_dir: Path | None, embedder: Embedder | None) -> Arrays:
    """By key, not by embedder object: two instances of one embedder give the same vectors,
    so every service built in a process shares one training."""
    path = cache_dir / f"intents-{key}.npz" if cache_dir else None
    with _TRAINING:
        if key not in _TRAINED:
            _TRAINED[key] = _load(path) or _train(embedder)
        arrays = _TRAINED[key]
    if path is not None and not path.exists():
        _save(path, arrays)
    return arrays


def _load(path: Path | None) -> Arrays | None:
    if path is None or not path.exists():
        return None
    try:
        with np.load(path) as stored:
            return stored["weights"], stored["bias"], int(stored["size"])
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache is rebuilt


def _train(embedder: Embedder | None) -> Arrays:
    trained = IntentClassifier(load_examples(_packaged()), embedder=embedder)
    return trained._weights, trained._bias, trained.size


def _save(path: Path, arrays: Arrays) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a file."""
    weights, bias, size = arrays
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as tmp:
            np.savez(tmp, weights=weights, bias=bias, size=size)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only data folder only costs the training time next start


def describe(prediction: Prediction) -> dict[str, Any]:
    top = sorted(prediction.scores.items(), key=lambda item: -item[1])[:4]
    return {
        "intents": list(prediction.intents),
        "unsure": prediction.unsure,
        "scores": dict(top),
    }
