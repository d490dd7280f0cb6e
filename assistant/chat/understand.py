"""Stage 1, understand: the answer language, the intents and the entities of one message,
from the message alone (the conversation is brought in by the rewrite stage)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.auth.viewer import Viewer
from assistant.chat.classifier import IntentClassifier, Prediction, describe
from assistant.chat.companies import RoleMention, Visible, find_roles, name_words
from assistant.chat.entities import Entities, EntityExtractor
from assistant.chat.replies import is_confirmation, is_plain_reply
from assistant.errors import NotFound
from assistant.text.language import detect_language
from assistant.text.normalize import fold, words


@dataclass(frozen=True)
class LanguageChoice:
    detected: str
    confidence: float
    requested: str | None
    chosen: str

    def as_trace(self) -> dict[str, Any]:
        return {
            "detected": self.detected,
            "confidence": self.confidence,
            "requested": self.requested,
            "chosen": self.chosen,
        }


@dataclass(frozen=True)
class Understanding:
    message: str
    language: LanguageChoice
    prediction: Prediction
    entities: Entities
    roles: list[RoleMention]
    companies: list[Visible]  # the companies the asker may see by name
    reply: bool | None  # yes / no to a pending proposal, else None

    def as_trace(self) -> dict[str, Any]:
        e = self.entities
        return {
            **describe(self.prediction),
            "entities": {
                "quantity": e.quantity.__dict__ if e.quantity else None,
                "materials": [m.__dict__ for m in e.materials],
                "companies": [c.__dict__ for c in e.companies],
                "roles": [{"phrase": r.phrase, "nace": list(r.nace)} for r in self.roles],
                "ewc_codes": e.ewc_codes,
                "nace_codes": e.nace_codes,
            },
            "reply": self.reply,
        }


def choose_language(message: str, requested: str | None, previous: str | None) -> LanguageChoice:
    """The requested language, else the message's; a short message in an unclear language
    keeps the conversation's language."""
    detected = detect_language(message)
    short = len(message.split()) <= 2
    confident = detected.confidence >= (0.9 if short else 0.6)
    chosen = requested or (detected.lang if confident or not previous else previous)
    return LanguageChoice(detected.lang, round(detected.confidence, 3), requested, chosen)


class Understander:
    def __init__(self, classifier: IntentClassifier) -> None:
        self._classifier = classifier

    def __call__(
        self,
        message: str,
        requested: str | None,
        previous_lang: str | None,
        companies: list[Visible],
        pending: bool,
    ) -> Understanding:
        language = choose_language(message, requested, previous_lang)
        entities = EntityExtractor([(c.id, c.name) for c in companies]).extract(
            message, language.chosen
        )
        prediction = self._classifier.predict(message)
        roles = find_roles(message)
        # "the pellet producer" names a company, not the material "pellets" — unless the
        # material is also said elsewhere ("we are a bakery with 85 t of unsold bread")
        entities.materials = [
            m
            for m in entities.materials
            if not any(_inside(m.text, r.phrase) for r in roles)
            or _said_outside(m.text, message, roles)
        ]
        # "no Granulām" names SIA Demo Granulas, not the material "granulas" — unless the
        # material is said again ("mēs esam maizes ceptuve … nepārdotas maizes")
        names = [" ".join(name_words(c.name)) for c in entities.companies]
        entities.materials = [
            m
            for m in entities.materials
            if not any(_inside(m.text, n) and not _said_again(m.text, message, n) for n in names)
        ]
        return Understanding(
            message=message,
            language=language,
            prediction=prediction,
            entities=entities,
            roles=roles,
            companies=companies,
            reply=_reply(message, prediction) if pending else None,
        )


def _inside(material: str, role: str) -> bool:
    """Every word of the material is (the start of) a word of the role phrase."""
    said = fold(material).split()
    phrase = role.split()
    return bool(said) and all(any(w[:5] == p[:5] for p in phrase) for w in said)


def _said_again(material: str, message: str, name: str) -> bool:
    """A word of the material occurs in the message more often than in the company's name."""
    said, named = words(fold(message)), name.split()
    for w in words(fold(material)):
        stem = w[:5]
        if sum(t.startswith(stem) for t in said) > sum(t.startswith(stem) for t in named):
            return True
    return False


def _said_outside(material: str, message: str, roles: list[RoleMention]) -> bool:
    """The material's words occur in the message outside every role phrase."""
    text = " ".join(words(fold(message)))
    for role in roles:
        text = text.replace(role.phrase, " ")
    said = [w[:5] for w in words(fold(material))]
    return bool(said) and all(any(t.startswith(w) for t in text.split()) for w in said)


def _reply(message: str, prediction: Prediction) -> bool | None:
    """Yes or no to the pending proposal; "OK, write them a letter" is a new request."""
    answer = is_confirmation(message)
    if answer is None or len(message.split()) <= 2 or is_plain_reply(message):
        return answer
    new_request = not prediction.unsure and prediction.intent not in ("update_profile", "help")
    return None if new_request else answer


def visible_companies(park: Any, viewer: Viewer) -> list[Visible]:
    """Only companies the viewer may see by name can be named (a confidential one is not
    recognised, so no answer confirms it exists)."""
    try:
        listed = park.list_companies(viewer=viewer)
    except NotFound:  # no park imported yet: nothing can be named
        return []
    return [
        Visible(c.id or 0, c.name, c.nace)
        for c in listed
        if not c.confidential or viewer.sees_confidential_of(c.id)
    ]
